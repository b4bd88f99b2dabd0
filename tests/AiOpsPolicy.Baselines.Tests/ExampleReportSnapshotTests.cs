// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using AiOpsPolicy.Cli;
using Snapshooter.Xunit;

namespace AiOpsPolicy.Baselines.Tests;

/// <summary>
/// A snapshot of the JSON report for the help-desk example. The run uses the repository root as
/// its current directory so that every path in the report is relative and stable.
/// </summary>
[Collection(WorkingDirectoryGroup.Name)]
public sealed class ExampleReportSnapshotTests
{
    private static readonly JsonSerializerOptions _indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    [Fact]
    public void Gate_WhenRunOnTheHelpdeskExample_ShouldWriteTheSnapshottedJsonReport()
    {
        // Given
        var reportPath = Path.Combine(Path.GetTempPath(), "aiops-report-" + Guid.NewGuid().ToString("N") + ".json");
        var previous = Directory.GetCurrentDirectory();
        using var console = new TestConsole();
        string[] args =
        [
            "gate",
            "--policies", "policies/helpdesk",
            "--evidence", "examples/evidence",
            "--as-of", "2026-11-28T12:00:00Z",
            "--json", reportPath,
            "--no-cache",
        ];

        try
        {
            // When
            Directory.SetCurrentDirectory(Repository.Root);
            var exitCode = Program.Run(args, console, () => throw new InvalidOperationException("--as-of is given; the clock must not be read."));
            var report = JsonNode.Parse(File.ReadAllText(reportPath))!.AsObject();

            // Then
            Assert.Equal(1, exitCode);
            Assert.True(report.ContainsKey("engineVersion"), "The report has no engineVersion.");
            report["engineVersion"] = "<engine-version>";
            Snapshot.Match(report.ToJsonString(_indented));
        }
        finally
        {
            Directory.SetCurrentDirectory(previous);
            File.Delete(reportPath);
        }
    }
}
