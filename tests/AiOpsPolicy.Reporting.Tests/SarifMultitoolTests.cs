// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Text.Json;
using AiOpsPolicy.Cli;

namespace AiOpsPolicy.Reporting.Tests;

/// <summary>
/// The SARIF that <c>gate</c> and <c>validate</c> write, checked by the consumer's own validator:
/// Sarif.Multitool's <c>validate</c> (npm <c>@microsoft/sarif-multitool</c>, installed from
/// tools/sarif-multitool/package-lock.json by the Cake build and .ci/run), with zero errors and zero warnings.
/// </summary>
public sealed class SarifMultitoolTests
{
    private static readonly string Multitool = Repository.Combine("tools", "sarif-multitool", "node_modules", "@microsoft", "sarif-multitool-linux", "Sarif.Multitool");

    [Fact]
    public async Task Validate_WhenGivenTheGateSarifOfTheExample_ShouldReportNoErrorOrWarning()
    {
        // Given
        using var temp = new TempDirectory();
        using var console = new TestConsole();
        Program.Run(["gate", "--policies", Repository.HelpdeskPolicies, "--evidence", Repository.ExampleEvidence, "--as-of", "2026-11-28T12:00:00Z", "--repo-root", Repository.Root, "--no-cache", "--format", "sarif", "--output", temp.Path], console, () => DateTimeOffset.MinValue);

        // When
        var results = await MultitoolValidateAsync(temp.Combine("aiops-policy.sarif"), temp);

        // Then
        Assert.Empty(results);
    }

    [Fact]
    public async Task Validate_WhenGivenTheValidateSarifOfABrokenPolicy_ShouldReportNoErrorOrWarning()
    {
        // Given: a policy with a schema error and a malformed duration, so the SARIF has results and rules
        using var temp = new TempDirectory();
        using var console = new TestConsole();
        var policies = Directory.CreateDirectory(temp.Combine("policies")).FullName;
        File.WriteAllText(Path.Combine(policies, "workflow.yaml"), SamplePolicies.WorkflowWithBadDuration);
        var sarif = temp.Combine("validate.sarif");
        var exitCode = Program.Run(["validate", policies, "--no-cache", "--format", "sarif", "--output", sarif], console, () => DateTimeOffset.MinValue);

        // When
        var results = await MultitoolValidateAsync(sarif, temp);

        // Then
        Assert.Equal(2, exitCode);
        Assert.Empty(results);
    }

    [Fact]
    public void Write_WhenGateAndValidateBothUpload_ShouldTellTheRunsApartByAutomationDetailsAndFullName()
    {
        // Given
        using var temp = new TempDirectory();
        using var console = new TestConsole();
        Program.Run(["gate", "--policies", Repository.HelpdeskPolicies, "--evidence", Repository.ExampleEvidence, "--as-of", "2026-11-28T12:00:00Z", "--no-cache", "--format", "sarif", "--output", temp.Path], console, () => DateTimeOffset.MinValue);
        Program.Run(["validate", Repository.HelpdeskPolicies, "--no-cache", "--format", "sarif", "--output", temp.Combine("validate.sarif")], console, () => DateTimeOffset.MinValue);

        // When
        using var gate = JsonDocument.Parse(File.ReadAllText(temp.Combine("aiops-policy.sarif")));
        using var validate = JsonDocument.Parse(File.ReadAllText(temp.Combine("validate.sarif")));
        var gateRun = gate.RootElement.GetProperty("runs")[0];
        var validateRun = validate.RootElement.GetProperty("runs")[0];
        var rules = gateRun.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().ToList();

        // Then
        Assert.Equal("aiops-policy/gate/helpdesk-ai/", gateRun.GetProperty("automationDetails").GetProperty("id").GetString());
        Assert.Equal("aiops-policy/validate/", validateRun.GetProperty("automationDetails").GetProperty("id").GetString());
        Assert.EndsWith("(gate)", gateRun.GetProperty("tool").GetProperty("driver").GetProperty("fullName").GetString(), StringComparison.Ordinal);
        Assert.Contains(rules, r => r.GetProperty("id").GetString() == "triage-inference-sla" && r.GetProperty("name").GetString() == "TriageInferenceSla");
        Assert.All(rules, r => Assert.NotEqual(r.GetProperty("id").GetString(), r.TryGetProperty("name", out var n) ? n.GetString() : null));
    }

    /// <summary>Runs <c>Sarif.Multitool validate</c> and returns the results it reports (errors, warnings and notes).</summary>
    private static async Task<List<string>> MultitoolValidateAsync(string sarif, TempDirectory temp)
    {
        Assert.True(File.Exists(Multitool), $"Sarif.Multitool is not installed at {Multitool}: run 'npm ci --prefix tools/sarif-multitool' (the Cake build's TestTools task does).");
        if (!OperatingSystem.IsWindows() && !File.GetUnixFileMode(Multitool).HasFlag(UnixFileMode.UserExecute))
        {
            // npm 11 holds back the package's postinstall script, which only marks the binary executable.
            File.SetUnixFileMode(Multitool, File.GetUnixFileMode(Multitool) | UnixFileMode.UserExecute);
        }

        var log = temp.Combine("multitool-" + Guid.NewGuid().ToString("N") + ".sarif");
        var start = new ProcessStartInfo(Multitool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "validate", sarif, "--output", log })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        Assert.True(File.Exists(log), $"Sarif.Multitool wrote no log (exit {process.ExitCode}):\n{await stdout}\n{await stderr}");
        using var document = JsonDocument.Parse(File.ReadAllText(log));
        return [.. document.RootElement.GetProperty("runs").EnumerateArray()
            .SelectMany(r => r.TryGetProperty("results", out var results) ? results.EnumerateArray() : Enumerable.Empty<JsonElement>())
            .Select(r => $"{r.GetProperty("ruleId").GetString()}: {r.GetProperty("message")}")];
    }
}
