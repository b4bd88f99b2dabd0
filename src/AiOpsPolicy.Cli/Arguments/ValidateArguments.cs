// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Cli.Arguments;

/// <summary>The arguments of <c>aiops-policy validate</c>.</summary>
internal sealed class ValidateArguments
{
    public List<string> Paths { get; } = [];

    public string? CacheDirectory { get; private set; }

    public bool NoCache { get; private set; }

    /// <summary>Gets the time waivers are checked against (expired, too long); default: now.</summary>
    public DateTimeOffset? AsOf { get; private set; }

    /// <summary>Gets the output format: text (the default), sarif or github.</summary>
    public string Format { get; private set; } = "text";

    /// <summary>Gets the file the SARIF goes to; null for standard output.</summary>
    public string? OutputPath { get; private set; }

    public string? RepositoryRoot { get; private set; }

    /// <summary>Gets the operator configuration to check with the policies (<c>--config FILE</c>; else <c>$AIOPS_POLICY_CONFIG</c>).</summary>
    public string? ConfigPath { get; private set; }

    public static (ValidateArguments Arguments, string? Problem) Parse(IEnumerable<string> args)
    {
        var result = new ValidateArguments();
        var problem = new ArgumentReader(args).Read(
            (name, value) => name switch
            {
                "--policies" => GateArguments.Add(result.Paths, name, value()),
                "--cache-dir" => GateArguments.Set(name, value(), v => result.CacheDirectory = v),
                "--no-cache" => GateArguments.Flag(() => result.NoCache = true),
                "--format" => SetFormat(name, value(), result),
                "--output" => GateArguments.Set(name, value(), v => result.OutputPath = v),
                "--repo-root" => GateArguments.Set(name, value(), v => result.RepositoryRoot = v),
                "--config" => GateArguments.Set(name, value(), v => result.ConfigPath = v),
                "--as-of" => GateArguments.ParseTime(value(), asOf => result.AsOf = asOf),
                _ => $"Unknown option '{name}' for 'validate'",
            },
            result.Paths.Add);
        if (problem is null && result.Paths.Count == 0)
        {
            result.Paths.Add(".");
        }

        if (problem is null && result.OutputPath is not null && result.Format != "sarif")
        {
            problem = "--output FILE goes with --format sarif";
        }

        return (result, problem);
    }

    private static string? SetFormat(string name, string? value, ValidateArguments result)
    {
        string[] known = ["text", "sarif", "github"];
        var formats = new List<string>();
        if (GateArguments.AddFormats(formats, name, value, known) is { } problem)
        {
            return problem;
        }

        if (formats.Count != 1)
        {
            return $"'validate' takes one format: {string.Join(", ", known)}";
        }

        result.Format = formats[0];
        return null;
    }
}
