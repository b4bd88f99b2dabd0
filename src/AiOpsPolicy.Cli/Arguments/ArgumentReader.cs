// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Cli.Arguments;

/// <summary>Reads <c>--name value</c>, <c>--name=value</c> and <c>--flag</c> options and positional arguments.</summary>
internal sealed class ArgumentReader
{
    private readonly Queue<string> _args;

    public ArgumentReader(IEnumerable<string> args)
    {
        _args = new Queue<string>(args);
    }

    /// <summary>Reads the arguments, calling <paramref name="option"/> for each option and <paramref name="positional"/> for the rest.</summary>
    /// <returns>The first problem, or null.</returns>
    public string? Read(Func<string, Func<string?>, string?> option, Action<string> positional)
    {
        while (_args.Count > 0)
        {
            var arg = _args.Dequeue();
            if (arg == "--")
            {
                while (_args.Count > 0)
                {
                    positional(_args.Dequeue());
                }

                break;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                positional(arg);
                continue;
            }

            string? inline = null;
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                inline = arg[(equals + 1)..];
                arg = arg[..equals];
            }

            string? Value() => inline ?? (_args.Count > 0 && !_args.Peek().StartsWith("--", StringComparison.Ordinal) ? _args.Dequeue() : null);
            if (option(arg, Value) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }
}
