// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.CommandLine;
using AiOpsPolicy.Cli.CommandLine;

namespace AiOpsPolicy.Cli.Arguments;

/// <summary>The arguments of <c>aiops-policy validate</c>.</summary>
internal sealed class ValidateArguments
{
    private static readonly string[] _formats = ["text", "sarif", "github"];

    public List<string> Paths { get; } = [];

    public string? CacheDirectory { get; init; }

    public bool NoCache { get; init; }

    /// <summary>Gets the time waivers are checked against (expired, too long); default: now.</summary>
    public DateTimeOffset? AsOf { get; init; }

    /// <summary>Gets the output format: text (the default), sarif or github.</summary>
    public string Format { get; init; } = "text";

    /// <summary>Gets the file the SARIF goes to; null for standard output.</summary>
    public string? OutputPath { get; init; }

    public string? RepositoryRoot { get; init; }

    /// <summary>Gets the operator configuration to check with the policies (<c>--config FILE</c>; else <c>$AIOPS_POLICY_CONFIG</c>).</summary>
    public string? ConfigPath { get; init; }

    /// <summary>Declares <c>validate</c>.</summary>
    /// <param name="run">Runs the command with the parsed arguments.</param>
    /// <param name="fail">Reports a usage problem (AOP5001).</param>
    /// <returns>The command.</returns>
    public static Command Declare(Func<ValidateArguments, int> run, Func<string, int> fail)
    {
        var policies = CliOptions.Repeated("--policies", "DIR", "A policy folder or file (repeatable; also given as arguments).");
        var format = CliOptions.Parsed("--format", "text|sarif|github", "text (default), sarif (SARIF 2.1.0, to --output FILE or standard output) or github (annotations).", ParseFormat);
        var output = CliOptions.Value("--output", "FILE", "The file the SARIF is written to (with --format sarif).");
        var repoRoot = CliOptions.Value("--repo-root", "DIR", "The folder SARIF paths are relative to (default: the current directory).");
        var asOf = CliOptions.Time("--as-of", "The time waivers are checked against (ISO 8601 with an offset); default: now.");
        var cacheDir = CliOptions.Value("--cache-dir", "DIR", "Where compiled policy sets are cached (default: $AIOPS_POLICY_CACHE or ~/.cache/aiops-policy).");
        var noCache = CliOptions.Flag("--no-cache", "Compile without reading or writing the cache.");
        var config = CliOptions.Value("--config", "FILE", "Also check the operator configuration and the store names policies use (default: $AIOPS_POLICY_CONFIG).");
        var paths = CliOptions.Arguments("PATH", "Policy folders or files (default: the current directory).");
        var command = new Command("validate", """
            Check policy files: YAML, schemas, references and every C# expression; with --config (or
            $AIOPS_POLICY_CONFIG) also the operator configuration and the store names policies use.
            Exit 0 when valid, 2 when not.
            """)
        {
            policies, format, output, repoRoot, asOf, cacheDir, noCache, config, paths,
        };
        command.SetAction(parsed =>
        {
            var result = new ValidateArguments
            {
                CacheDirectory = parsed.GetValue(cacheDir),
                NoCache = parsed.GetValue(noCache),
                AsOf = parsed.GetValue(asOf),
                Format = parsed.GetValue(format) ?? "text",
                OutputPath = parsed.GetValue(output),
                RepositoryRoot = parsed.GetValue(repoRoot),
                ConfigPath = parsed.GetValue(config),
            };
            result.Paths.AddRange(parsed.GetValue(policies) ?? []);
            result.Paths.AddRange(parsed.GetValue(paths) ?? []);
            if (result.Paths.Count == 0)
            {
                result.Paths.Add(".");
            }

            return result.OutputPath is not null && result.Format != "sarif" ? fail("--output FILE goes with --format sarif") : run(result);
        });
        return command;
    }

    private static (string?, string?) ParseFormat(string value)
    {
        var formats = new List<string>();
        if (CliOptions.AddFormats(formats, value, _formats) is { } problem)
        {
            return (null, problem);
        }

        return formats.Count == 1 ? (formats[0], null) : (null, $"'validate' takes one format: {string.Join(", ", _formats)}");
    }
}
