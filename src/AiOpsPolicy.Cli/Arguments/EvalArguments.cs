// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.CommandLine;
using AiOpsPolicy.Cli.CommandLine;

namespace AiOpsPolicy.Cli.Arguments;

/// <summary>The arguments of <c>aiops-policy eval</c>.</summary>
internal sealed class EvalArguments
{
    public string? Expression { get; init; }

    public List<string> Policies { get; } = [];

    public List<string> Evidence { get; } = [];

    public DateTimeOffset? AsOf { get; init; }

    public string? CacheDirectory { get; init; }

    public bool NoCache { get; init; }

    /// <summary>Declares <c>eval</c>.</summary>
    /// <param name="run">Runs the command with the parsed arguments.</param>
    /// <param name="fail">Reports a usage problem (AOP5001).</param>
    /// <returns>The command.</returns>
    public static Command Declare(Func<EvalArguments, int> run, Func<string, int> fail)
    {
        var policies = CliOptions.Repeated("--policies", "DIR", "The policy folder whose context the expression sees (repeatable).");
        var evidence = CliOptions.Repeated("--evidence", "DIR", "The evidence folder (repeatable).");
        var asOf = CliOptions.Time("--as-of", "The evaluation time (ISO 8601 with an offset); default: now.");
        var cacheDir = CliOptions.Value("--cache-dir", "DIR", "Where compiled policy sets are cached (default: $AIOPS_POLICY_CACHE or ~/.cache/aiops-policy).");
        var noCache = CliOptions.Flag("--no-cache", "Compile without reading or writing the cache.");
        var expression = CliOptions.Arguments("EXPRESSION", "The C# expression, in quotes; without it, lines are read from the input.");
        var command = new Command("eval", """
            Evaluate one C# expression in the policy set's context, under the same checks and sandbox as
            policy files, and print its value: true or false, a number, a duration, or a metric with its
            counts, explanation and failing records.
            With no EXPRESSION, read lines from the input until end of input or :quit:
              name = expression   define 'name' (used as Name in later lines), as a Definition would
              expression          evaluate it
              :defs               list the definitions made so far
            Exit 0 when the expression has a value, 1 when it has none (insufficient evidence or an error),
            2 when it does not compile or the input is invalid.
            """)
        {
            policies, evidence, asOf, cacheDir, noCache, expression,
        };
        command.SetAction(parsed =>
        {
            var expressions = parsed.GetValue(expression) ?? [];
            var result = new EvalArguments
            {
                Expression = expressions.FirstOrDefault(),
                AsOf = parsed.GetValue(asOf),
                CacheDirectory = parsed.GetValue(cacheDir),
                NoCache = parsed.GetValue(noCache),
            };
            result.Policies.AddRange(parsed.GetValue(policies) ?? []);
            result.Evidence.AddRange(parsed.GetValue(evidence) ?? []);
            return expressions.Count > 1 ? fail("Give one expression, in quotes: aiops-policy eval 'SlaAttainment(\"ticket-triage\")' --policies DIR --evidence DIR")
                : result.Policies.Count == 0 ? fail("Give the policy folder with --policies DIR")
                : result.Evidence.Count == 0 ? fail("Give the evidence folder with --evidence DIR")
                : run(result);
        });
        return command;
    }
}
