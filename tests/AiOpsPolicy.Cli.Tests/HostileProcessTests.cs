// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Cli.Tests;

/// <summary>
/// Issue 12's 20 KB policy files that killed the process (stack overflow, exit 134, no diagnostic, no report), run
/// through the built CLI: each now exits 2 with a located AOP3012 and writes no report.
/// </summary>
public sealed class HostileProcessTests
{
    /// <summary>Each hostile condition, with the column (1-based, in its line) the diagnostic must point at.</summary>
    public static TheoryData<string, string, int> TooDeep => new()
    {
        { "validate", new string('(', 10_000) + "true" + new string(')', 10_000), 5 + 10_000 },
        { "gate", new string('(', 10_000) + "true" + new string(')', 10_000), 5 + 10_000 },
        { "validate", string.Join(" && ", Enumerable.Repeat("true", 100_000)), 5 + 10_000 },
        { "gate", string.Join(" && ", Enumerable.Repeat("true", 100_000)), 5 + 10_000 },
        { "gate", string.Join(" && ", Enumerable.Repeat("true", 20_000)), 5 + 10_000 },
        { "gate", new string('(', 200) + "true" + new string(')', 200), 5 + 64 },
    };

    [Theory]
    [Trait("Hostile", "expression")]
    [MemberData(nameof(TooDeep))]
    public async Task Run_WhenAConditionIsTooDeepOrTooLong_ShouldExit2WithALocatedDiagnosticAndNoReport(string command, string condition, int column)
    {
        // Given: the example policies plus one gate whose condition is the hostile text, on the line after "condition: |-".
        using var temp = new TempDirectory();
        var policies = temp.CopyFolder(Repository.HelpdeskPolicies, "policies");
        if (Directory.Exists(Path.Combine(policies, "tests")))
        {
            Directory.Delete(Path.Combine(policies, "tests"), recursive: true);
        }

        File.WriteAllText(
            Path.Combine(policies, "zz-hostile.yaml"),
            "apiVersion: aiops-policy/v1\nkind: Gate\nmetadata:\n  name: zz-hostile\nspec:\n  condition: |-\n    " + condition + "\n");
        var report = Path.Combine(temp.Path, "report.json");
        string[] args = command == "validate"
            ? ["validate", policies, "--no-cache"]
            : ["gate", "--policies", policies, "--evidence", Repository.ExampleEvidence, "--as-of", "2026-11-28T12:00:00Z", "--no-cache", "--json", report];

        // When
        var result = await CliProcess.RunAsync(temp.Path, new Dictionary<string, string>(), [], args, TimeSpan.FromMinutes(3));

        // Then
        var output = result.Stdout + result.Stderr;
        Assert.True(result.ExitCode == 2, $"exit code {result.ExitCode}\n{output[..Math.Min(output.Length, 2000)]}");
        Assert.Contains($"zz-hostile.yaml(7,{column}): error AOP3012: The condition of gate 'zz-hostile' ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.False(File.Exists(report));
    }
}
