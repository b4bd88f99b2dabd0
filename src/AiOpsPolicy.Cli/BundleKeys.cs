// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Compilation;
using AiOpsPolicy.Core.Configuration;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Text;

namespace AiOpsPolicy.Cli;

/// <summary>The bundle keys of a command: the keys it trusts (operator configuration and <c>--trusted-key</c>) and the key <c>build</c> signs with.</summary>
internal static class BundleKeys
{
    /// <summary>The environment variable that holds the signing key's PEM text when <c>--sign-key</c> is not given (a CI secret).</summary>
    public const string SigningKeyVariable = "AIOPS_POLICY_SIGNING_KEY";

    /// <summary>The trust of a run, or null after printing why a key cannot be used.</summary>
    public static BundleTrust? Trust(IConsole console, OperatorConfiguration configuration, IReadOnlyList<string> keyFiles, bool allowUnsigned)
    {
        var keys = configuration.TrustedKeys.Select(k => (k.Name, k.Pem)).ToList();
        var unreadable = false;
        foreach (var file in keyFiles)
        {
            try
            {
                keys.Add((file, File.ReadAllText(file)));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                console.Err.WriteLine(Diagnostic.Create(DiagnosticCatalog.KeyUnusable, SourceLocation.None, file, ex.Message.TrimEnd('.')).ToString());
                unreadable = true;
            }
        }

        var problems = new List<string>();
        var trust = BundleTrust.Create(keys, allowUnsigned, problems);
        foreach (var problem in problems)
        {
            console.Err.WriteLine(Diagnostic.Create(DiagnosticCatalog.KeyUnusable, SourceLocation.None, "trusted keys", problem).ToString());
        }

        return unreadable || problems.Count > 0 ? null : trust;
    }

    /// <summary>The signing key from <c>--sign-key FILE</c>, else <c>$AIOPS_POLICY_SIGNING_KEY</c>; (null, true) when neither is given.</summary>
    public static (BundleSigningKey? Key, bool Usable) SigningKey(IConsole console, string? path)
    {
        string pem;
        var source = path ?? "$" + SigningKeyVariable;
        if (path is not null)
        {
            try
            {
                pem = File.ReadAllText(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                console.Err.WriteLine(Diagnostic.Create(DiagnosticCatalog.KeyUnusable, SourceLocation.None, source, ex.Message.TrimEnd('.')).ToString());
                return (null, false);
            }
        }
        else if (Environment.GetEnvironmentVariable(SigningKeyVariable) is { Length: > 0 } fromEnvironment)
        {
            pem = fromEnvironment;
        }
        else
        {
            return (null, true);
        }

        var key = BundleSigningKey.FromPem(pem, out var problem);
        if (key is null)
        {
            console.Err.WriteLine(Diagnostic.Create(DiagnosticCatalog.KeyUnusable, SourceLocation.None, source, problem).ToString());
            return (null, false);
        }

        return (key, true);
    }
}
