// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Cli.Arguments;
using AiOpsPolicy.Core.Compilation;
using AiOpsPolicy.Core.Diagnostics;

namespace AiOpsPolicy.Cli.Commands;

/// <summary>
/// <c>aiops-policy verify BUNDLE [--trusted-key FILE ...] [--config FILE] [--allow-unsigned]</c>: checks the bundle's
/// signature against the trusted keys and its digests, then rebuilds the assembly from the bundle's own policy files
/// and compares it byte for byte with the one it carries. Never loads the bundle's assembly. Exit 0 verified, 2 not.
/// </summary>
internal sealed class VerifyCommand
{
    private readonly IConsole _console;

    public VerifyCommand(IConsole console)
    {
        _console = console;
    }

    public int Run(VerifyArguments arguments)
    {
        var (bundle, config, keys, allowUnsigned) = (arguments.Bundle, arguments.ConfigPath, arguments.TrustedKeys, arguments.AllowUnsigned);
        var configuration = OperatorSettings.Load(_console, config, []);
        var trust = configuration is null ? null : BundleKeys.Trust(_console, configuration, keys, allowUnsigned);
        if (trust is null)
        {
            return ExitCodes.InvalidInput;
        }

        var result = PolicyBundle.Verify(bundle, trust);
        foreach (var diagnostic in result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning))
        {
            _console.Err.WriteLine(diagnostic.ToString());
        }

        if (!result.Verified)
        {
            _console.Err.WriteLine($"{bundle}: NOT verified. Do not run it.");
            return ExitCodes.InvalidInput;
        }

        var signer = result.Signer is { } key ? $"signed by trusted key '{key.Name}' ({key.KeyId})" : "UNSIGNED (allowed by --allow-unsigned)";
        _console.Out.WriteLine($"{bundle}: verified. {signer}; the assembly rebuilt from its own policy files is identical (sha256:{result.RebuiltSha256}).");
        return ExitCodes.Success;
    }
}
