// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text;
using System.Text.RegularExpressions;
using AiOpsPolicy.Core;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Files;

namespace AiOpsPolicy.Baselines.Tests;

/// <summary>
/// The broken-policy corpus: every folder under Cases/ holds a policy.yaml and the diagnostics the
/// engine reports for it (policy.diagnostics.txt). Set AIOPS_UPDATE_BASELINES=1 to rewrite the
/// expected files in the source tree instead of comparing; then review the diff.
/// </summary>
[Collection(WorkingDirectoryGroup.Name)]
public sealed partial class CorpusTests
{
    private const string ExpectedFileName = "policy.diagnostics.txt";

    /// <summary>
    /// Load, schema and compile codes that no case folder can produce, with the reason. Each is
    /// covered by its own test below or is not an error at all.
    /// </summary>
    private static readonly Dictionary<string, string> _notInCorpus = new(StringComparer.Ordinal)
    {
        ["AOP1002"] = "needs a path that does not exist; see Prepare_WhenPathDoesNotExist_ShouldReportFileUnreadable",
        ["AOP1003"] = "needs a folder with no policy files; see Prepare_WhenFolderHasNoPolicyFiles_ShouldReportNoPolicyFiles",
        ["AOP3006"] = "an info message from the compilation cache, which the corpus does not use",
        ["AOP3010"] = "a warning from the compilation cache, which the corpus does not use; see Hostile/CacheTrustTests",
        ["AOP3011"] = "a warning from the compilation cache's key, which the corpus does not use; see Hostile/CacheTrustTests",
        ["AOP1020"] = "needs a symbolic link, which a case folder cannot hold portably; see Cli.Tests Hostile/SymlinkTests",
        ["AOP2030"] = "resolved by gate against the operator configuration, not by Prepare; see Cli.Tests Hostile/StoreTrustTests",
        ["AOP2010"] = "checked against the evaluation time by validate and gate, not by Prepare; see WaiverTests and ValidateCommandTests",
        ["AOP2011"] = "checked against the evaluation time by validate and gate, not by Prepare; see WaiverTests",
    };

    /// <summary>Gets the name of every case folder.</summary>
    public static TheoryData<string> Cases
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var directory in Directory.GetDirectories(Path.Combine(AppContext.BaseDirectory, "Cases")).Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetFileName(directory));
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Prepare_WhenPolicyIsBroken_ShouldReportTheBaselinedDiagnostics(string caseName)
    {
        // Given
        var caseDirectory = Path.Combine(AppContext.BaseDirectory, "Cases", caseName);
        var expectedPath = Path.Combine(RepositoryPaths.ProjectSource, "Cases", caseName, ExpectedFileName);

        // When
        var prepared = new PolicyEngine(null).Prepare([caseDirectory]);
        var actual = Render(prepared.Diagnostics, caseDirectory);

        // Then
        Assert.Null(prepared.Compiled);
        Assert.True(prepared.HasErrors, $"Case '{caseName}' produced no error.");
        if (Environment.GetEnvironmentVariable("AIOPS_UPDATE_BASELINES") == "1")
        {
            File.WriteAllText(expectedPath, actual, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            return;
        }

        Assert.True(File.Exists(expectedPath), $"No baseline at '{expectedPath}'. Run the tests with AIOPS_UPDATE_BASELINES=1 and review the new file.");
        var expected = File.ReadAllText(expectedPath).ReplaceLineEndings("\n");
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Baselines_WhenTakenTogether_ShouldCoverEveryLoadSchemaAndCompileCode()
    {
        // Given
        var expected = DiagnosticCatalog.All
            .Where(d => d.Category is DiagnosticCategory.Load or DiagnosticCategory.Schema or DiagnosticCategory.Compile)
            .Where(d => string.CompareOrdinal(d.Id, "AOP1100") < 0 || string.CompareOrdinal(d.Id, "AOP2000") > 0)
            .Select(d => d.Id)
            .Except(_notInCorpus.Keys)
            .ToHashSet(StringComparer.Ordinal);

        // When
        var covered = Directory.GetFiles(Path.Combine(RepositoryPaths.ProjectSource, "Cases"), ExpectedFileName, SearchOption.AllDirectories)
            .SelectMany(File.ReadAllLines)
            .Select(line => CodePattern().Match(line))
            .Where(match => match.Success)
            .Select(match => match.Groups["code"].Value)
            .ToHashSet(StringComparer.Ordinal);

        // Then
        Assert.Empty(expected.Except(covered).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Prepare_WhenFolderHasNoPolicyFiles_ShouldReportNoPolicyFiles()
    {
        // Given
        var folder = Path.Combine(Path.GetTempPath(), "aiops-empty-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "not a policy");
        try
        {
            // When
            var prepared = new PolicyEngine(null).Prepare([folder]);

            // Then
            var diagnostic = Assert.Single(prepared.Diagnostics);
            Assert.Equal("AOP1003", diagnostic.Id);
            Assert.Contains(folder, diagnostic.Message, StringComparison.Ordinal);
            Assert.Null(prepared.Compiled);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Prepare_WhenPathDoesNotExist_ShouldReportFileUnreadable()
    {
        // Given
        var missing = Path.Combine(Path.GetTempPath(), "aiops-missing-" + Guid.NewGuid().ToString("N"));

        // When
        var prepared = new PolicyEngine(null).Prepare([missing]);

        // Then
        Assert.Contains(prepared.Diagnostics, d => d.Id == "AOP1002" && d.Message.Contains(missing, StringComparison.Ordinal));
        Assert.Null(prepared.Compiled);
    }

    /// <summary>
    /// Renders diagnostics the way <see cref="Diagnostic.ToString"/> does, with every path made
    /// relative to the case folder so that the baseline does not depend on where the tests run.
    /// </summary>
    private static string Render(IEnumerable<Diagnostic> diagnostics, string caseDirectory)
    {
        var full = Path.GetFullPath(caseDirectory).Replace('\\', '/') + "/";
        var display = SourceFileReader.DisplayPath(Path.Combine(Path.GetFullPath(caseDirectory), "policy.yaml"))[..^"policy.yaml".Length];
        var builder = new StringBuilder();
        foreach (var diagnostic in diagnostics)
        {
            var line = diagnostic.ToString().Replace(full, string.Empty, StringComparison.Ordinal);
            if (display.Length > 0)
            {
                line = line.Replace(display, string.Empty, StringComparison.Ordinal);
            }

            builder.Append(line).Append('\n');
        }

        return builder.ToString();
    }

    [GeneratedRegex(@": (error|warning|info) (?<code>AOP\d{4}): ")]
    private static partial Regex CodePattern();
}
