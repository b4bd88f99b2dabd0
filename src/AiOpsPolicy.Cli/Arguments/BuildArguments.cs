// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.CommandLine;
using AiOpsPolicy.Cli.CommandLine;

namespace AiOpsPolicy.Cli.Arguments;

/// <summary>The arguments of <c>aiops-policy build</c>.</summary>
internal sealed class BuildArguments
{
    public List<string> Policies { get; } = [];

    public string? OutputPath { get; init; }

    /// <summary>Gets the PEM private key file the bundle is signed with (<c>--sign-key</c>); else <c>$AIOPS_POLICY_SIGNING_KEY</c> holds the PEM.</summary>
    public string? SignKeyPath { get; init; }

    /// <summary>Declares <c>build</c>.</summary>
    /// <param name="run">Runs the command with the parsed arguments.</param>
    /// <param name="fail">Reports a usage problem (AOP5001).</param>
    /// <returns>The command.</returns>
    public static Command Declare(Func<BuildArguments, int> run, Func<string, int> fail)
    {
        var policies = CliOptions.Repeated("--policies", "DIR", "The policy folder (repeatable; also given as arguments).");
        var output = CliOptions.Value("--output", "FILE", "The bundle file (default: named after the manifest's SHA-256).");
        var signKey = CliOptions.Value("--sign-key", "FILE", "The private key (PEM) the bundle is signed with (else $AIOPS_POLICY_SIGNING_KEY holds the PEM).");
        var paths = CliOptions.Arguments("POLICIES", "Policy folders, as --policies gives them.");
        var command = new Command("build", """
            Validate and compile a policy set into a bundle that 'gate --bundle' runs without the compiler, signed
            with --sign-key (or $AIOPS_POLICY_SIGNING_KEY). 'gate --bundle' refuses an unsigned bundle, an unknown
            key, a different engine build or an altered bundle. Exit 0 built, 2 invalid.
            """)
        {
            policies, output, signKey, paths,
        };
        command.SetAction(parsed =>
        {
            var result = new BuildArguments { OutputPath = parsed.GetValue(output), SignKeyPath = parsed.GetValue(signKey) };
            result.Policies.AddRange(parsed.GetValue(policies) ?? []);
            result.Policies.AddRange(parsed.GetValue(paths) ?? []);
            return result.Policies.Count == 0 ? fail("Give the policy folder with --policies DIR") : run(result);
        });
        return command;
    }
}
