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
}
