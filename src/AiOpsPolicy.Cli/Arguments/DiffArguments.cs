// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Cli.Arguments;

/// <summary>The arguments of <c>aiops-policy diff</c>.</summary>
internal sealed class DiffArguments
{
    public string? BaseRevision { get; private set; }

    public string? HeadRevision { get; private set; }

    public string? BaseDirectory { get; private set; }

    public string? HeadDirectory { get; private set; }

    public string Policies { get; private set; } = ".";

    public List<string> Evidence { get; } = [];

    public DateTimeOffset? AsOf { get; private set; }

    public string Format { get; private set; } = "text";

    public string? OutputPath { get; private set; }

    public string? CacheDirectory { get; private set; }

    public bool NoCache { get; private set; }

    public bool Help { get; private set; }

    public static (DiffArguments Arguments, string? Problem) Parse(IEnumerable<string> args)
    {
        var result = new DiffArguments();
        var problem = new ArgumentReader(args).Read(
            (name, value) => name switch
            {
                "--base" => GateArguments.Set(name, value(), v => result.BaseRevision = v),
                "--head" => GateArguments.Set(name, value(), v => result.HeadRevision = v),
                "--base-dir" => GateArguments.Set(name, value(), v => result.BaseDirectory = v),
                "--head-dir" => GateArguments.Set(name, value(), v => result.HeadDirectory = v),
                "--policies" => GateArguments.Set(name, value(), v => result.Policies = v),
                "--evidence" => GateArguments.Add(result.Evidence, name, value()),
                "--as-of" => EvalArguments.ParseTime(value(), t => result.AsOf = t),
                "--format" => GateArguments.Set(name, value(), v => result.Format = v),
                "--output" => GateArguments.Set(name, value(), v => result.OutputPath = v),
                "--cache-dir" => GateArguments.Set(name, value(), v => result.CacheDirectory = v),
                "--no-cache" => GateArguments.Flag(() => result.NoCache = true),
                "--help" => GateArguments.Flag(() => result.Help = true),
                _ => $"Unknown option '{name}' for 'diff'",
            },
            arg => result.Help |= arg == "-h");
        if (problem is not null || result.Help)
        {
            return (result, problem);
        }

        if (result.Format is not ("text" or "markdown" or "json"))
        {
            problem = $"--format is text, markdown or json; got '{result.Format}'";
        }
        else if ((result.BaseRevision is null) == (result.BaseDirectory is null))
        {
            problem = "Give the base version with --base REF (a git revision) or --base-dir DIR, not both";
        }
        else if (result.HeadRevision is not null && result.HeadDirectory is not null)
        {
            problem = "Give the head version with --head REF or --head-dir DIR, not both (default: the working tree)";
        }

        return (result, problem);
    }
}
