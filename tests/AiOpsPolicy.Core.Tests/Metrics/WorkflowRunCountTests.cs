// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Results;
using static AiOpsPolicy.Core.Tests.Metrics.MetricFixtures;
using static AiOpsPolicy.Core.Tests.TestClock;

namespace AiOpsPolicy.Core.Tests.Metrics;

/// <summary>SLA attainment from counted runs (workflow-run-counts, what a latency histogram gives), and incomplete evidence.</summary>
public sealed class WorkflowRunCountTests
{
    private const string Gate = "  measure: SlaAttainment(\"ticket-triage\", \"inference\")\n  bound:\n    min: 90%\n  severity: block";

    private const string Workflow = """
        apiVersion: aiops-policy/v1
        kind: Workflow
        metadata:
          name: ticket-triage
        spec:
          systems: [zendesk, model]
          sla:
            time: 1h
            quality: ok
          steps:
            - name: inference
              system: model
              sla:
                time: 30s
                quality: routed-correctly
        """;

    [Fact]
    public void SlaAttainment_WhenRunsAreCounted_ShouldPoolTheCountsOfThePeriodsInsideTheWindow()
    {
        // Given: two hourly periods inside the last 7d (57 of 60 met), one that straddles the window's start and one after now.
        var evidence = Envelope(
            "workflow-run-counts",
            Count(Ago(1), 1.0 / 24, total: 40, met: 38),
            Count(Ago(2), 1.0 / 24, total: 20, met: 19),
            Count(Ago(6.9), 0, total: 1000, met: 0, startDaysAgo: 7.5),
            Count(Ago(0), -1.0 / 24, total: 1000, met: 0));

        // When
        var gate = TriageGate(evidence);

        // Then
        Assert.Equal(GateStatus.Pass, gate.Status);
        Assert.Equal(57.0 / 60, gate.ObservedValue);
        var metric = Assert.Single(gate.Metrics);
        Assert.Equal((57d, 60d, 60L), (metric.Numerator, metric.Denominator, metric.SampleSize));
        Assert.Contains("95% of 60 ticket-triage/inference runs in the last 7d met within 30s and routed-correctly (57/60), counted over 2 period(s)", metric.Explanation, StringComparison.Ordinal);
        Assert.Equal(2, metric.FailingRecords.Length);
        Assert.Equal(["workflow-run-counts"], gate.EvidenceKinds.ToArray());
    }

    [Fact]
    public void SlaAttainment_WhenCountsWereTakenAgainstAnotherTarget_ShouldBeInsufficientNotAShare()
    {
        // Given: counted within 20s, while the step's SLA is 30s.
        var evidence = Envelope("workflow-run-counts", Count(Ago(1), 1.0 / 24, total: 40, met: 40, within: "20s"));

        // When
        var gate = TriageGate(evidence);

        // Then
        Assert.Equal(GateStatus.InsufficientEvidence, gate.Status);
        Assert.Null(gate.ObservedValue);
        Assert.Contains("counted against other targets than the SLA's (within 30s and routed-correctly)", gate.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void SlaAttainment_WhenTheSameStepIsListedAndCounted_ShouldRefuseToCountRunsTwice()
    {
        // Given
        var counts = Envelope("workflow-run-counts", Count(Ago(1), 1.0 / 24, total: 40, met: 40));
        var runs = Envelope("workflow-runs", $$"""{"id": "s1", "workflow": "ticket-triage", "step": "inference", "startedAt": "{{Ago(1)}}", "endedAt": "{{Now.AddDays(-1).AddSeconds(5):O}}", "outcome": "routed-correctly"}""");

        // When
        var gate = TriageGate(counts, runs);

        // Then
        Assert.Equal(GateStatus.InsufficientEvidence, gate.Status);
        Assert.Contains("both listed (workflow-runs) and counted (workflow-run-counts)", gate.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void SlaAttainment_WhenNeitherFormIsSupplied_ShouldNameBothForms()
    {
        // Given: evidence of another kind only.
        var other = Envelope("agent-runs");

        // When
        var gate = TriageGate(other);

        // Then
        Assert.Equal(GateStatus.InsufficientEvidence, gate.Status);
        Assert.Contains("no workflow-runs evidence was supplied (nor workflow-run-counts)", gate.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Gate_WhenAFileOfTheKindSaysItIsIncomplete_ShouldBeInsufficientNamingWhy()
    {
        // Given: complete counts in one file, and a second file of the kind from a source that failed.
        var counts = Envelope("workflow-run-counts", Count(Ago(1), 1.0 / 24, total: 40, met: 40));
        var failed = ("prometheus.workflow-run-counts.json", $$"""
            {"apiVersion": "aiops-evidence/v1", "kind": "workflow-run-counts", "collectedAt": "{{Now:O}}",
             "incomplete": "source 'prod-prometheus' failed: connection refused", "records": []}
            """);

        // When
        var gate = TriageGate(counts, failed);

        // Then
        Assert.Equal(GateStatus.InsufficientEvidence, gate.Status);
        Assert.Contains("workflow-run-counts evidence is incomplete: source 'prod-prometheus' failed: connection refused", gate.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WhenAProvenanceRecordSitsBesideTheEvidence_ShouldNotReadItAsEvidence()
    {
        // Given
        var folder = Directory.CreateTempSubdirectory("aiops-provenance-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "a.workflow-run-counts.json"), Envelope("workflow-run-counts", Count(Ago(1), 1.0 / 24, total: 1, met: 1)).Content);
            File.WriteAllText(Path.Combine(folder.FullName, "a.workflow-run-counts.provenance.json"), """{"source": "x"}""");

            // When
            var result = EvidenceLoader.Load([folder.FullName]);

            // Then
            Assert.Empty(result.Diagnostics);
            Assert.Equal(["a.workflow-run-counts.json"], result.Evidence.Files.Select(f => Path.GetFileName(f.Path)).ToArray());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Load_WhenACountHasMoreMetThanTotal_ShouldReportTheRecord()
    {
        // Given
        var folder = Directory.CreateTempSubdirectory("aiops-counts-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "counts.json"), Envelope("workflow-run-counts", Count(Ago(1), 1.0 / 24, total: 1, met: 2)).Content);

            // When
            var result = EvidenceLoader.Load([folder.FullName]);

            // Then
            var diagnostic = Assert.Single(result.Diagnostics);
            Assert.Equal("AOP1104", diagnostic.Id);
            Assert.Contains("field 'met' (2) is more than 'total' (1)", diagnostic.Message, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static GateResult TriageGate(params (string FileName, string Content)[] evidence) => MetricFixtures.Gate([Workflow], Gate, evidence);

    private static string Count(string endIso, double lengthDays, long total, long met, string within = "30s", double? startDaysAgo = null)
    {
        var end = DateTimeOffset.Parse(endIso, System.Globalization.CultureInfo.InvariantCulture);
        var start = startDaysAgo is { } s ? Now.AddDays(-s) : end.AddDays(-Math.Abs(lengthDays));
        if (lengthDays < 0)
        {
            (start, end) = (end, end.AddDays(-lengthDays));
        }

        return $$"""{"workflow": "ticket-triage", "step": "inference", "periodStart": "{{start:O}}", "periodEnd": "{{end:O}}", "total": {{total}}, "met": {{met}}, "within": "{{within}}", "outcome": "routed-correctly"}""";
    }
}
