// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using AiOpsPolicy.Cli;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Evidence;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace AiOpsPolicy.Warehouse.Tests;

/// <summary>Arrow IPC evidence (<c>.arrow</c>): the same contract, diagnostics, quarantine and decisions as JSON, NDJSON, CSV and Parquet.</summary>
public sealed class ArrowEvidenceTests
{
    private const string AsOf = "2026-11-28T12:00:00Z";

    private static readonly IEvidenceFormat[] Arrow = [ArrowEvidenceFormat.Instance];

    [Fact]
    public void Gate_WhenTheExampleEvidenceIsArrow_ShouldDecideEveryGateAsFromJson()
    {
        // Given: every example evidence file (every kind the examples hold) as Arrow IPC
        using var temp = new TempDirectory();
        var (folder, converted) = ArrowSamples.ExampleAsArrow(temp, "arrow");
        Assert.True(converted >= 8, $"only {converted} files converted");

        // When
        var fromJson = Gate(Repository.ExampleEvidence, temp.Combine("json.json"), out var jsonExit);
        var fromArrow = Gate(folder, temp.Combine("arrow.json"), out var arrowExit);
        var loaded = EvidenceLoader.Load([folder], Arrow);
        var loadedJson = EvidenceLoader.Load([Repository.ExampleEvidence], []);

        // Then: the same gates, the same records of every kind
        Assert.Equal(1, jsonExit);
        Assert.Equal(jsonExit, arrowExit);
        Assert.Equal(fromJson, fromArrow);
        Assert.Equal(
            string.Join("; ", loadedJson.Evidence.Quality.Kinds.Select(k => string.Create(CultureInfo.InvariantCulture, $"{k.Kind} {k.Valid} {k.Invalid}"))),
            string.Join("; ", loaded.Evidence.Quality.Kinds.Select(k => string.Create(CultureInfo.InvariantCulture, $"{k.Kind} {k.Valid} {k.Invalid}"))));
    }

    [Fact]
    public void Load_WhenTypedColumnsHoldTheRecords_ShouldReadWhatTheSameNdjsonGives()
    {
        // Given: agent runs with timestamps in UTC (microseconds and a zone other than UTC), a missing start, booleans
        using var temp = new TempDirectory();
        var path = temp.Combine("typed.arrow");
        var utc = new TimestampType(TimeUnit.Microsecond, "UTC");
        var paris = new TimestampType(TimeUnit.Millisecond, "Europe/Paris");
        var schema = new Schema(
            [new Field("id", StringType.Default, false), new Field("workflow", StringType.Default, false), new Field("startedAt", paris, true), new Field("completedAt", utc, false), new Field("correct", BooleanType.Default, false), new Field("humanIntervened", BooleanType.Default, false)],
            new Dictionary<string, string> { ["kind"] = "agent-runs", ["collectedAt"] = "2026-11-28T06:00:00Z" });
        var completed = new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);
        ArrowSamples.Write(
            path,
            schema,
            [
                new StringArray.Builder().Append("a").Append("b").Build(),
                new StringArray.Builder().Append("triage").Append("triage").Build(),
                new TimestampArray.Builder(paris).Append(completed.AddMinutes(-5)).AppendNull().Build(),
                new TimestampArray.Builder(utc).Append(completed).Append(completed.AddTicks(1234560)).Build(),
                new BooleanArray.Builder().Append(true).Append(false).Build(),
                new BooleanArray.Builder().Append(false).Append(true).Build(),
            ],
            2);
        var ndjson = temp.Combine("typed.agent-runs.ndjson");
        File.WriteAllLines(ndjson, [
            """{"$evidence": {"kind": "agent-runs", "collectedAt": "2026-11-28T06:00:00Z"}}""",
            """{"id": "a", "workflow": "triage", "startedAt": "2026-11-20T09:55:00Z", "completedAt": "2026-11-20T10:00:00Z", "correct": true, "humanIntervened": false}""",
            """{"id": "b", "workflow": "triage", "completedAt": "2026-11-20T10:00:00.123456Z", "correct": false, "humanIntervened": true}""",
        ]);

        // When
        var fromArrow = EvidenceLoader.Load([path], Arrow);
        var fromNdjson = EvidenceLoader.Load([ndjson], Arrow);

        // Then
        Assert.Empty(fromArrow.Diagnostics);
        Assert.Equal(Describe(fromNdjson.Evidence.Get<AgentRun>(EvidenceKind.AgentRuns)), Describe(fromArrow.Evidence.Get<AgentRun>(EvidenceKind.AgentRuns)));
    }

    [Fact]
    public void Load_WhenATimestampHasNoTimeZone_ShouldQuarantineTheRowAsATimeWithoutOffset()
    {
        // Given
        using var temp = new TempDirectory();
        var path = temp.Combine("local.agent-runs.arrow");
        var local = new TimestampType(TimeUnit.Microsecond, (string?)null);
        var schema = new Schema(
            [new Field("id", StringType.Default, false), new Field("workflow", StringType.Default, false), new Field("completedAt", local, false), new Field("correct", BooleanType.Default, false), new Field("humanIntervened", BooleanType.Default, false)],
            new Dictionary<string, string> { ["collectedAt"] = "2026-11-28T06:00:00Z" });
        ArrowSamples.Write(
            path,
            schema,
            [
                new StringArray.Builder().Append("a").Build(),
                new StringArray.Builder().Append("triage").Build(),
                new TimestampArray.Builder(local).Append(new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero)).Build(),
                new BooleanArray.Builder().Append(true).Build(),
                new BooleanArray.Builder().Append(false).Build(),
            ],
            1);

        // When
        var result = EvidenceLoader.Load([path], Arrow);

        // Then: the kind came from the file name; the row is refused naming the field and its value
        Assert.Empty(result.Evidence.Get<AgentRun>(EvidenceKind.AgentRuns));
        var problem = Assert.Single(result.Diagnostics, d => d.Descriptor == DiagnosticCatalog.EvidenceField).ToString();
        Assert.Contains("row 1", problem, StringComparison.Ordinal);
        Assert.Contains("completedAt", problem, StringComparison.Ordinal);
        Assert.Contains("2026-11-20T10:00:00", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WhenAFileIsNotArrow_ShouldReportThatFileAndStillReadTheOthers()
    {
        // Given: a truncated file and a text file named .arrow beside a good one
        using var temp = new TempDirectory();
        var folder = Directory.CreateDirectory(temp.Combine("evidence")).FullName;
        ArrowSamples.Write(
            Path.Combine(folder, "good.workflow-runs.arrow"),
            "workflow-runs",
            "2026-11-28T06:00:00Z",
            [JsonDocument.Parse("""{"id": "r1", "workflow": "wf", "startedAt": "2026-11-20T10:00:00Z", "endedAt": "2026-11-20T10:01:00Z", "outcome": "ok"}""").RootElement.Clone()]);
        var good = File.ReadAllBytes(Path.Combine(folder, "good.workflow-runs.arrow"));
        File.WriteAllBytes(Path.Combine(folder, "cut.workflow-runs.arrow"), good[..(good.Length / 2)]);
        File.WriteAllText(Path.Combine(folder, "text.workflow-runs.arrow"), "id,workflow\nr9,wf\n");

        // When
        var result = EvidenceLoader.Load([folder], Arrow);

        // Then
        var errors = result.Diagnostics.Where(d => d.IsError).ToList();
        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.Equal(DiagnosticCatalog.EvidenceSyntax, e.Descriptor));
        Assert.Contains(errors, e => e.Location.Path.EndsWith("cut.workflow-runs.arrow", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Location.Path.EndsWith("text.workflow-runs.arrow", StringComparison.Ordinal) && e.Message.Contains("Arrow", StringComparison.Ordinal));
        // Each says what to do once: the format's words and the diagnostic's advice do not repeat each other.
        Assert.All(errors, e => Assert.Single(Regex.Matches(e.Message, "re-export", RegexOptions.IgnoreCase)));
        Assert.Equal(["r1"], result.Evidence.Get<WorkflowRun>(EvidenceKind.WorkflowRuns).Select(r => r.Id));
    }

    private static string Describe(IEnumerable<AgentRun> runs) =>
        string.Join("\n", runs.Select(r => $"{r.Id}|{r.Workflow}|{r.StartedAt:O}|{r.CompletedAt:O}|{r.Correct}|{r.HumanIntervened}|{r.CollectedAt:O}"));

    private static string Gate(string evidence, string report, out int exitCode)
    {
        using var console = new TestConsole();
        exitCode = Program.Run(["gate", "--policies", Repository.HelpdeskPolicies, "--evidence", evidence, "--as-of", AsOf, "--no-cache", "--no-color", "--json", report], console, () => DateTimeOffset.Parse(AsOf, CultureInfo.InvariantCulture));
        using var document = JsonDocument.Parse(File.ReadAllBytes(report));
        // The gates name the evidence files they read: the folder and the extension are what differs.
        return Regex.Replace(document.RootElement.GetProperty("gates").GetRawText(), "\"path\": \"[^\"]*\"", "\"path\": \"\"");
    }
}
