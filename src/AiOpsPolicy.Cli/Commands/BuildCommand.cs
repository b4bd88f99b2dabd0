// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Security.Cryptography;
using AiOpsPolicy.Cli.Arguments;
using AiOpsPolicy.Core;
using AiOpsPolicy.Core.Compilation;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Files;
using AiOpsPolicy.Core.Text;

namespace AiOpsPolicy.Cli.Commands;

/// <summary>
/// <c>aiops-policy build --policies DIR [--output FILE]</c>: validates and compiles a policy set into
/// a prebuilt bundle that <c>gate --bundle</c> runs without the compiler. Without <c>--output</c> the
/// bundle is named after its own SHA-256, so the same policies and engine give the same file name.
/// Exit 0 built, 2 invalid policies or usage.
/// </summary>
internal sealed class BuildCommand
{
    private readonly IConsole _console;

    public BuildCommand(IConsole console)
    {
        _console = console;
    }

    public int Run(BuildArguments arguments)
    {
        var (signingKey, usable) = BundleKeys.SigningKey(_console, arguments.SignKeyPath);
        using var key = signingKey;
        if (!usable)
        {
            _console.Err.WriteLine("No bundle was built: fix the signing key above.");
            return ExitCodes.InvalidInput;
        }

        using var bundle = new MemoryStream();
        var diagnostics = PolicyEngine.Build(arguments.Policies, bundle, signingKey);
        foreach (var diagnostic in diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning))
        {
            _console.Err.WriteLine(Reporting.ConsoleText.Inline(diagnostic.ToString()));
        }

        if (diagnostics.Any(d => d.IsError))
        {
            _console.Err.WriteLine($"No bundle was built: fix the {diagnostics.Count(d => d.IsError)} error(s) above.");
            return ExitCodes.InvalidInput;
        }

        var bytes = bundle.ToArray();
        var digest = Convert.ToHexStringLower(SHA256.HashData(bytes));

        // Named after the manifest, not the file: signatures are randomized, the manifest is not.
        var manifestDigest = Convert.ToHexStringLower(SHA256.HashData(PolicyBundle.ManifestBytes(bytes)));
        var path = arguments.OutputPath ?? $"aiops-policy-{manifestDigest[..16]}.bundle";
        try
        {
            AtomicFile.Write(path, stream => stream.Write(bytes));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _console.Err.WriteLine(Reporting.ConsoleText.Inline(Diagnostic.Create(DiagnosticCatalog.ReportWriteFailed, SourceLocation.None, path, ex.Message).ToString()));
            return ExitCodes.InvalidInput;
        }

        if (signingKey is null)
        {
            _console.Err.WriteLine($"warning: {path} is NOT signed: 'gate --bundle' refuses it unless given --allow-unsigned. Sign it with --sign-key FILE (make one with 'aiops-policy keygen') or ${BundleKeys.SigningKeyVariable}.");
        }

        var signed = signingKey is null ? "unsigned" : $"signed by key {signingKey.KeyId}";
        _console.Out.WriteLine($"Built {path} (sha256:{digest}, {bytes.Length:N0} bytes, {signed}). Run it with: aiops-policy gate --bundle {path} --trusted-key KEY.pub --evidence DIR");
        return ExitCodes.Success;
    }
}
