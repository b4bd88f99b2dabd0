// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.CommandLine;
using AiOpsPolicy.Cli.CommandLine;

namespace AiOpsPolicy.Cli.Arguments;

/// <summary>The arguments of <c>aiops-policy test</c>.</summary>
internal sealed class TestArguments
{
    public List<string> Policies { get; } = [];

    public string? JUnitPath { get; init; }

    public string? CacheDirectory { get; init; }

    public bool NoCache { get; init; }

    /// <summary>Declares <c>test</c>.</summary>
    /// <param name="run">Runs the command with the parsed arguments.</param>
    /// <returns>The command.</returns>
    public static Command Declare(Func<TestArguments, int> run)
    {
        var policies = CliOptions.Repeated("--policies", "DIR", "The policy folder the tests are searched for under (default: .; repeatable).");
        var junit = CliOptions.Value("--junit", "FILE", "Also write the results as JUnit XML, for CI test reports.");
        var cacheDir = CliOptions.Value("--cache-dir", "DIR", "Where compiled policy sets are cached (default: $AIOPS_POLICY_CACHE or ~/.cache/aiops-policy).");
        var noCache = CliOptions.Flag("--no-cache", "Compile without reading or writing the cache.");
        var paths = CliOptions.Arguments("DIR", "Policy folders, as --policies gives them.");
        var command = new Command("test", """
            Run the policy unit tests: every *.test.yaml file under the policy folder (default: .).
            Each PolicyTest gives evidence (inline records or an evidencePath), an asOf time, and the
            status (and optionally the observed value) each named gate must come out with (docs/commands.md).
            Exit 0 when every expectation held, 1 when any did not, 2 on invalid policies, tests or usage.
            """)
        {
            policies, junit, cacheDir, noCache, paths,
        };
        command.SetAction(parsed =>
        {
            var result = new TestArguments { JUnitPath = parsed.GetValue(junit), CacheDirectory = parsed.GetValue(cacheDir), NoCache = parsed.GetValue(noCache) };
            result.Policies.AddRange(parsed.GetValue(policies) ?? []);
            result.Policies.AddRange(parsed.GetValue(paths) ?? []);
            if (result.Policies.Count == 0)
            {
                result.Policies.Add(".");
            }

            return run(result);
        });
        return command;
    }
}
