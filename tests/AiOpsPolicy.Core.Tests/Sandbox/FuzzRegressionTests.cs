// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Loading;
using AiOpsPolicy.Core.Text;
using AiOpsPolicy.Core.Validation;

namespace AiOpsPolicy.Core.Tests.Sandbox;

/// <summary>
/// Inputs found by fuzz/AiOpsPolicy.Fuzz, kept once the engine handles them: each must load into
/// diagnostics, never an exception. A file named <c>*.policy.yaml</c> is a policy file; any other
/// file is evidence, named as the fuzzer saved it (<c>&lt;hash&gt;.&lt;original name&gt;</c>).
/// </summary>
public sealed class FuzzRegressionTests
{
    private static string Folder => Path.Combine(Repository.Root, "tests", "AiOpsPolicy.Core.Tests", "Sandbox", "FuzzRegressions");

    [Fact]
    public void Load_WhenGivenEachSavedFuzzInput_ShouldReportDiagnosticsWithoutThrowing()
    {
        // Given
        var inputs = Directory.GetFiles(Folder).Where(f => !f.EndsWith(".md", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        var failures = new List<string>();

        // When
        foreach (var input in inputs)
        {
            try
            {
                // A corrupted record is quarantined with a warning, a corrupted file refused with an
                // error: either way it is reported, never read silently.
                if (!Load(input).Any(d => d.Severity >= Core.Diagnostics.DiagnosticSeverity.Warning))
                {
                    failures.Add($"{Path.GetFileName(input)}: loaded without a diagnostic; a corrupted input must be reported");
                }
            }
            catch (Exception ex)
            {
                failures.Add($"{Path.GetFileName(input)}: {ex.GetType().Name}: {ex.Message}");
            }
        }

        // Then
        Assert.NotEmpty(inputs);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static System.Collections.Immutable.ImmutableArray<Core.Diagnostics.Diagnostic> Load(string input)
    {
        if (input.EndsWith(".policy.yaml", StringComparison.Ordinal))
        {
            var text = Encoding.UTF8.GetString(File.ReadAllBytes(input));
            return PolicyValidator.Validate(PolicyLoader.Load([new SourceFile(Path.GetFileName(input), text)])).Diagnostics;
        }

        // Evidence kinds may come from the file name: load a copy under its original name.
        var folder = Path.Combine(Path.GetTempPath(), "aiops-fuzz-regression-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var name = Path.GetFileName(input);
            File.Copy(input, Path.Combine(folder, name[(name.IndexOf('.', StringComparison.Ordinal) + 1)..]));
            return EvidenceLoader.Load([folder]).Diagnostics;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
