// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.CommandLine;
using AiOpsPolicy.Cli.CommandLine;

namespace AiOpsPolicy.Cli.Arguments;

/// <summary>The arguments of <c>aiops-policy verify</c>.</summary>
internal sealed class VerifyArguments
{
    public required string Bundle { get; init; }

    public List<string> TrustedKeys { get; } = [];

    public string? ConfigPath { get; init; }

    public bool AllowUnsigned { get; init; }

    /// <summary>Declares <c>verify</c>.</summary>
    /// <param name="run">Runs the command with the parsed arguments.</param>
    /// <param name="fail">Reports a usage problem (AOP5001).</param>
    /// <returns>The command.</returns>
    public static Command Declare(Func<VerifyArguments, int> run, Func<string, int> fail)
    {
        var trustedKey = CliOptions.Repeated("--trusted-key", "FILE", "A public key (PEM) whose signatures are trusted; repeatable.");
        var config = CliOptions.Value("--config", "FILE", "The operator configuration, whose bundles.trustedKeys are trusted too (default: $AIOPS_POLICY_CONFIG).");
        var allowUnsigned = CliOptions.Flag("--allow-unsigned", "Accept a bundle that is unsigned or signed by an unknown key (with a warning).");
        var bundles = CliOptions.Arguments("BUNDLE", "The bundle to verify.");
        var command = new Command("verify", """
            Check a bundle's signature and digests, then rebuild its assembly from its own policy files and compare
            the bytes. It never runs the bundle's code. Exit 0 verified, 2 not.
            """)
        {
            trustedKey, config, allowUnsigned, bundles,
        };
        command.SetAction(parsed =>
        {
            var given = parsed.GetValue(bundles) ?? [];
            if (given.Count > 1)
            {
                return fail($"verify takes one bundle; got '{given[0]}' and '{given[1]}'");
            }

            if (given.Count == 0)
            {
                return fail("Give the bundle to verify: aiops-policy verify BUNDLE --trusted-key KEY.pub");
            }

            var result = new VerifyArguments { Bundle = given[0], ConfigPath = parsed.GetValue(config), AllowUnsigned = parsed.GetValue(allowUnsigned) };
            result.TrustedKeys.AddRange(parsed.GetValue(trustedKey) ?? []);
            return run(result);
        });
        return command;
    }
}
