// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Cli;

/// <summary>The terminal, as commands see it. Tests substitute their own.</summary>
public interface IConsole
{
    /// <summary>Gets standard output.</summary>
    TextWriter Out { get; }

    /// <summary>Gets standard error.</summary>
    TextWriter Err { get; }

    /// <summary>Gets a value indicating whether output may be coloured (a terminal, and NO_COLOR unset).</summary>
    bool SupportsColor { get; }

    /// <summary>
    /// Writes the engine's own CI workflow commands (GitHub annotations) to standard output, already
    /// escaped by their writer. A guarded console lets them through its filter and, under GitHub
    /// Actions, outside the <c>::stop-commands::</c> block that holds every other line.
    /// </summary>
    /// <param name="commands">The commands, one per line.</param>
    void WriteWorkflowCommands(string commands) => Out.Write(commands);
}
