// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.CommandLine;
using System.CommandLine.Invocation;
using System.Text;

namespace AiOpsPolicy.Cli.CommandLine;

/// <summary>
/// Writes <c>--help</c> from the declarations: the usage line (every option with its value name, then the
/// arguments), the command's description, and one line per option or subcommand. System.CommandLine's own
/// help layout cannot be changed (its builder is internal), and the project's usage lines read like the
/// docs (<c>aiops-policy test [--policies DIR] [--junit FILE]</c>), hence this writer.
/// </summary>
internal sealed class HelpWriter : SynchronousCommandLineAction
{
    /// <summary>Where lines are wrapped: wide enough for the usage lines, narrow enough for a CI log.</summary>
    private const int Width = 110;

    private readonly IConsole _console;

    public HelpWriter(IConsole console)
    {
        _console = console;
    }

    /// <inheritdoc/>
    public override bool ClearsParseErrors => true;

    /// <inheritdoc/>
    public override int Invoke(ParseResult parseResult)
    {
        _console.Out.Write(Text(parseResult.CommandResult.Command));
        return ExitCodes.Success;
    }

    /// <summary>The help of a command.</summary>
    /// <param name="command">The command (the root for the overview).</param>
    /// <returns>The text, ending with a line break.</returns>
    public static string Text(Command command)
    {
        var text = new StringBuilder();
        var path = Path(command);
        if (command.Parents.FirstOrDefault() is null)
        {
            text.Append(command.Description).Append("\n\n");
            text.Append("Usage: ").Append(path).Append(" COMMAND [OPTIONS]\n\nCommands:\n");
            Rows(text, command.Subcommands.Where(c => !c.Hidden).Select(c => (c.Name, CommandTree.Summary(c.Name) ?? FirstLine(c.Description))));
            text.Append("\nOptions:\n");
            Rows(text, OptionRows(command));
            text.Append("\nRun '").Append(path).Append(" COMMAND --help' for a command's options and exit codes.\n");
            text.Append("Shell completion (bash, zsh): see docs/commands.md, \"Shell completion\".\n");
            return text.ToString();
        }

        var usage = new List<string> { path };
        if (command.Subcommands.Count > 0)
        {
            usage.Add(string.Join('|', command.Subcommands.Select(c => c.Name)));
        }

        usage.AddRange(command.Options.Where(o => !o.Hidden).Select(o => "[" + Synopsis(o) + "]"));
        usage.AddRange(command.Arguments.Where(a => !a.Hidden).Select(a => a.Arity.MaximumNumberOfValues > 1 ? $"[{a.Name} ...]" : $"[{a.Name}]"));
        text.Append(Wrap("Usage: ", usage)).Append('\n');
        if (command.Description is { Length: > 0 } description)
        {
            text.Append('\n').Append(description.TrimEnd()).Append('\n');
        }

        if (command.Subcommands.Count > 0)
        {
            text.Append("\nCommands:\n");
            Rows(text, command.Subcommands.Select(c => (c.Name, FirstLine(c.Description))));
        }

        if (command.Arguments.Any(a => !a.Hidden))
        {
            text.Append("\nArguments:\n");
            Rows(text, command.Arguments.Where(a => !a.Hidden).Select(a => (a.Name, a.Description ?? string.Empty)));
        }

        text.Append("\nOptions:\n");
        Rows(text, OptionRows(command));
        return text.ToString();
    }

    private static IEnumerable<(string Name, string Description)> OptionRows(Command command)
    {
        // Recursive options (--help) are declared on the root only; every command has them.
        var options = command.Options.Where(o => !o.Hidden).ToList();
        for (var parent = command.Parents.OfType<Command>().FirstOrDefault(); parent is not null; parent = parent.Parents.OfType<Command>().FirstOrDefault())
        {
            options.AddRange(parent.Options.Where(o => o.Recursive && !o.Hidden));
        }

        return options.Select(o => (o.Name == "--help" ? "-h, --help" : Synopsis(o), o.Description ?? string.Empty));
    }

    private static string Synopsis(Option option) =>
        option.Arity.MaximumNumberOfValues == 0 ? option.Name : $"{option.Name} {option.HelpName ?? "VALUE"}";

    private static string Path(Command command)
    {
        var names = new List<string>();
        for (Command? c = command; c is not null; c = c.Parents.OfType<Command>().FirstOrDefault())
        {
            names.Add(c.Parents.FirstOrDefault() is null ? "aiops-policy" : c.Name);
        }

        names.Reverse();
        return string.Join(' ', names);
    }

    private static string FirstLine(string? description)
    {
        var text = description ?? string.Empty;
        var end = text.IndexOf('\n', StringComparison.Ordinal);
        return end < 0 ? text : text[..end];
    }

    private static string Wrap(string lead, List<string> words)
    {
        var text = new StringBuilder(lead);
        var indent = new string(' ', lead.Length + words[0].Length + 1);
        var column = lead.Length;
        for (var i = 0; i < words.Count; i++)
        {
            if (i > 0 && column + 1 + words[i].Length > Width)
            {
                text.Append('\n').Append(indent);
                column = indent.Length;
            }
            else if (i > 0)
            {
                text.Append(' ');
                column++;
            }

            text.Append(words[i]);
            column += words[i].Length;
        }

        return text.ToString();
    }

    private static void Rows(StringBuilder text, IEnumerable<(string Name, string Description)> rows)
    {
        var list = rows.ToList();
        var nameWidth = Math.Min(28, list.Count == 0 ? 0 : list.Max(r => r.Name.Length));
        foreach (var (name, description) in list)
        {
            var lead = "  " + name.PadRight(nameWidth) + "  ";
            var continuation = new string(' ', 2 + nameWidth + 2);
            if (name.Length > nameWidth)
            {
                text.Append("  ").Append(name).Append('\n');
                lead = continuation;
            }

            var line = new StringBuilder(lead);
            foreach (var word in description.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (line.Length > continuation.Length && line.Length + 1 + word.Length > Width)
                {
                    text.Append(line.ToString().TrimEnd()).Append('\n');
                    line.Clear().Append(continuation);
                }
                else if (line.Length > continuation.Length)
                {
                    line.Append(' ');
                }

                line.Append(word);
            }

            text.Append(line.ToString().TrimEnd()).Append('\n');
        }
    }
}
