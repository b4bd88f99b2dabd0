// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.CommandLine;
using AiOpsPolicy.Cli.CommandLine;

namespace AiOpsPolicy.Cli.Arguments;

/// <summary>The arguments of <c>aiops-policy diff</c>.</summary>
internal sealed class DiffArguments
{
    private static readonly string[] _formats = ["text", "markdown", "json"];

    public string? BaseRevision { get; init; }

    public string? HeadRevision { get; init; }

    public string? BaseDirectory { get; init; }

    public string? HeadDirectory { get; init; }

    public string Policies { get; init; } = ".";

    public List<string> Evidence { get; } = [];

    public DateTimeOffset? AsOf { get; init; }

    public string Format { get; init; } = "text";

    public string? OutputPath { get; init; }

    public string? CacheDirectory { get; init; }

    public bool NoCache { get; init; }

    /// <summary>Declares <c>diff</c>.</summary>
    /// <param name="run">Runs the command with the parsed arguments.</param>
    /// <param name="fail">Reports a usage problem (AOP5001).</param>
    /// <returns>The command.</returns>
    public static Command Declare(Func<DiffArguments, int> run, Func<string, int> fail)
    {
        var baseRevision = CliOptions.Value("--base", "REF", "The base version: a git revision of the policy folder.");
        var headRevision = CliOptions.Value("--head", "REF", "The head version: a git revision (default: the working tree).");
        var baseDirectory = CliOptions.Value("--base-dir", "DIR", "The base version: a folder (instead of --base).");
        var headDirectory = CliOptions.Value("--head-dir", "DIR", "The head version: a folder (instead of --head).");
        var policies = CliOptions.Value("--policies", "DIR", "The policy folder inside the repository (default: .).");
        var evidence = CliOptions.Repeated("--evidence", "DIR", "Also evaluate both versions on this evidence and list every gate that flips (repeatable).");
        var asOf = CliOptions.Time("--as-of", "The evaluation time for --evidence (ISO 8601 with an offset); default: now.");
        var format = CliOptions.Parsed<string>("--format", "text|markdown|json", "text (default), markdown (for a pull-request comment) or json.", value =>
            _formats.Contains(value, StringComparer.Ordinal) ? (value, null) : (null, $"--format is text, markdown or json; got '{value}'"));
        var output = CliOptions.Value("--output", "FILE", "Write the report to FILE and print the headline.");
        var cacheDir = CliOptions.Value("--cache-dir", "DIR", "Where compiled policy sets are cached (default: $AIOPS_POLICY_CACHE or ~/.cache/aiops-policy).");
        var noCache = CliOptions.Flag("--no-cache", "Compile without reading or writing the cache.");
        var command = new Command("diff", """
            List what changed in meaning between two versions of a policy set: gates added or removed, bounds
            tightened or loosened (old -> new), severities, expressions, controls, workflows, connectors, rubrics
            and definitions. The git revisions of the policy folder are read with 'git ls-tree' and 'git show'.
            Give the base with --base REF or --base-dir DIR; the head defaults to the working tree.
            Exit 0 when the diff was produced, 2 on invalid policies, evidence or usage.
            """)
        {
            baseRevision, headRevision, baseDirectory, headDirectory, policies, evidence, asOf, format, output, cacheDir, noCache,
        };
        command.SetAction(parsed =>
        {
            var result = new DiffArguments
            {
                BaseRevision = parsed.GetValue(baseRevision),
                HeadRevision = parsed.GetValue(headRevision),
                BaseDirectory = parsed.GetValue(baseDirectory),
                HeadDirectory = parsed.GetValue(headDirectory),
                Policies = parsed.GetValue(policies) ?? ".",
                AsOf = parsed.GetValue(asOf),
                Format = parsed.GetValue(format) ?? "text",
                OutputPath = parsed.GetValue(output),
                CacheDirectory = parsed.GetValue(cacheDir),
                NoCache = parsed.GetValue(noCache),
            };
            result.Evidence.AddRange(parsed.GetValue(evidence) ?? []);
            if ((result.BaseRevision is null) == (result.BaseDirectory is null))
            {
                return fail("Give the base version with --base REF (a git revision) or --base-dir DIR, not both");
            }

            return result.HeadRevision is not null && result.HeadDirectory is not null
                ? fail("Give the head version with --head REF or --head-dir DIR, not both (default: the working tree)")
                : run(result);
        });
        return command;
    }
}
