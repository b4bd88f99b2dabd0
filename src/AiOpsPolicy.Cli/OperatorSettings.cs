// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Configuration;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Files;
using AiOpsPolicy.Core.Text;

namespace AiOpsPolicy.Cli;

/// <summary>Loads the operator configuration a command was given (<c>--config FILE</c>, else <c>$AIOPS_POLICY_CONFIG</c>).</summary>
internal static class OperatorSettings
{
    /// <summary>
    /// Loads the configuration, printing every problem. A configuration inside one of the policy folders is refused:
    /// a pull request controls those folders, and the configuration is what policy text may not choose.
    /// </summary>
    /// <param name="console">Where problems go.</param>
    /// <param name="flag">The <c>--config</c> value, if given.</param>
    /// <param name="policyPaths">The policy files and folders of the run (none for a bundle).</param>
    /// <returns>The configuration (<see cref="OperatorConfiguration.Empty"/> when none was named), or null after a problem.</returns>
    public static OperatorConfiguration? Load(IConsole console, string? flag, IReadOnlyCollection<string> policyPaths)
    {
        var diagnostics = new List<Diagnostic>();
        var configuration = Load(flag, policyPaths, diagnostics);
        Print(console, diagnostics);
        return configuration;
    }

    /// <summary>Loads the configuration, adding every problem to <paramref name="diagnostics"/> (for validate, which reports them with the policies' own).</summary>
    /// <param name="flag">The <c>--config</c> value, if given.</param>
    /// <param name="policyPaths">The policy files and folders of the run.</param>
    /// <param name="diagnostics">Where problems go.</param>
    /// <returns>The configuration (<see cref="OperatorConfiguration.Empty"/> when none was named), or null after a problem.</returns>
    public static OperatorConfiguration? Load(string? flag, IReadOnlyCollection<string> policyPaths, List<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        var path = flag ?? (Environment.GetEnvironmentVariable(OperatorConfiguration.EnvironmentVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null);
        if (path is null)
        {
            return OperatorConfiguration.Empty;
        }

        var full = Path.GetFullPath(path);
        var real = HistoryStoreReference.ResolveLinks(full) ?? full;
        foreach (var policies in policyPaths.Select(Path.GetFullPath))
        {
            var folder = Directory.Exists(policies) ? policies : Path.GetDirectoryName(policies) ?? policies;
            if (HistoryStoreReference.IsInside(full, folder) || HistoryStoreReference.IsInside(real, HistoryStoreReference.ResolveLinks(folder) ?? folder))
            {
                diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.OperatorConfigurationInvalid, SourceLocation.ForFile(SourceFileReader.DisplayPath(full)), $"the file lies inside the policy folder '{SourceFileReader.DisplayPath(folder)}', which a pull request can change. Keep it outside the repository's policy folders (for example in the pipeline's own configuration)"));
                return null;
            }
        }

        return OperatorConfigurationLoader.Load(path, diagnostics);
    }

    private static void Print(IConsole console, IReadOnlyCollection<Diagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            console.Err.WriteLine(diagnostic.ToString());
        }

        if (diagnostics.Any(d => d.IsError))
        {
            console.Err.WriteLine("Nothing was run: fix the operator configuration above.");
        }
    }
}
