// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Evidence.Contract;
using AiOpsPolicy.Core.Results;
using AiOpsPolicy.Core.Tests.Metrics;

namespace AiOpsPolicy.Core.Tests.Evidence;

/// <summary>One bad record is reported and left out, never the end of every decision; messy but valid exports are read.</summary>
[Trait("Hostile", "evidence")]
public sealed class QuarantineTests
{
    private const string SlaGate = "  measure: SlaAttainment(\"ticket-triage\")\n  bound:\n    min: 50%";

    [Fact]
    public void Gate_WhenOneRunIsInvalid_ShouldDecideAndBeInsufficientEvidenceOverTheDefaultTolerance()
    {
        // Given: nine good runs and one whose outcome is a number.
        var runs = Runs(9).Append(Run("bad", 1, "\"outcome\": 7")).ToArray();

        // When
        var result = MetricFixtures.Evaluate(
            [MetricFixtures.TriageWorkflow, TestPolicies.Gate("sla", SlaGate), TestPolicies.Gate("roi", "  measure: Roi(\"ticket-triage\")\n  bound:\n    min: 0%")],
            [MetricFixtures.Envelope("workflow-runs", runs), ValueLines(ValueLine("v1", "benefit", 100), ValueLine("c1", "cost", 50))]);

        // Then: the run is decided; the gate that reads workflow-runs says why it cannot vouch for them; the other is untouched.
        var sla = result.Gates.Single(g => g.Gate == "sla");
        Assert.Equal(GateStatus.InsufficientEvidence, sla.Status);
        Assert.True(sla.Blocks);
        Assert.Contains("1 of 10 workflow-runs record(s) (10%) are invalid and were left out, over the tolerated 0%", sla.Explanation, StringComparison.Ordinal);
        Assert.Equal(GateStatus.Pass, result.Gates.Single(g => g.Gate == "roi").Status);
        var kind = Assert.Single(result.DataQuality.Kinds, k => k.Kind == EvidenceKind.WorkflowRuns);
        Assert.Equal((9L, 1L), (kind.Valid, kind.Invalid));
        var problem = Assert.Single(Assert.Single(kind.Listed).Problems);
        Assert.Equal("outcome", problem.Field);
        Assert.Equal("a kebab-case name such as ticket-triage", problem.Allowed);
    }

    [Theory]
    [InlineData("workflow", "'refund appro' is not a kebab-case name such as ticket-triage", "a kebab-case name such as ticket-triage", "field 'workflow': 'refund appro' is not a kebab-case name such as ticket-triage")]
    [InlineData("amount", "'4x' is not a number", "a finite number from 0 to 10^15", "field 'amount': '4x' is not a number (allowed: a finite number from 0 to 10^15)")]
    [InlineData("", "the row has 4 cells but the header has 3", "one cell per header column; quote cells that hold commas", "the row has 4 cells but the header has 3 (expected one cell per header column; quote cells that hold commas)")]
    public void Text_WhenTheReasonAlreadySaysWhatIsAllowed_ShouldNotSayItTwice(string field, string reason, string allowed, string expected)
    {
        // Given: what the data-quality warning and the report's listed record say
        var problem = new EvidenceFieldProblem(field, reason, allowed);

        // When / Then
        Assert.Equal(expected, problem.Text);
    }

    [Fact]
    public void Gate_WhenTheInvalidShareIsWithinThePolicySetsTolerance_ShouldDecideOnTheValidRecordsAndSaySo()
    {
        // Given: 1 invalid run in 10, and a tolerance of 10%.
        const string PolicySet = """
            apiVersion: aiops-policy/v1
            kind: PolicySet
            metadata:
              name: tolerant
            spec:
              evidence:
                tolerateInvalid:
                  workflow-runs: 10%
            """;
        var runs = Runs(9).Append(Run("bad", 1, "\"endedAt\": \"2026-11-27T10:00:00\"")).ToArray();

        // When
        var result = MetricFixtures.Evaluate([PolicySet, MetricFixtures.TriageWorkflow, TestPolicies.Gate("sla", SlaGate)], [MetricFixtures.Envelope("workflow-runs", runs)]);

        // Then
        var sla = Assert.Single(result.Gates);
        Assert.Equal(GateStatus.Pass, sla.Status);
        Assert.Contains("data quality: 1 of 10 workflow-runs record(s) (10%) are invalid and were left out, within the tolerated 10%", sla.Explanation, StringComparison.Ordinal);
        Assert.Contains("has no offset", Assert.Single(Assert.Single(result.DataQuality.Kinds).Listed).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WhenAPolicySetToleratesInvalidRecordsOfEveryEvidenceKind_ShouldAcceptEachKindAndKeepItsShare()
    {
        // Given: a tolerance for every kind the loader reads (workflow-run-counts was refused by the
        // policy set schema, found by the differential suite); a new kind must be accepted too.
        var tolerances = string.Concat(EvidenceKinds.Names.Select(k => $"      {k}: 5%\n"));
        var policySet = "apiVersion: aiops-policy/v1\nkind: PolicySet\nmetadata:\n  name: tolerant\nspec:\n  evidence:\n    tolerateInvalid:\n" + tolerances;

        // When
        var validated = TestPolicies.Validate(policySet, MetricFixtures.TriageWorkflow);

        // Then
        Assert.False(validated.HasErrors, string.Join("\n", validated.Diagnostics));
        Assert.All(Enum.GetValues<EvidenceKind>(), k => Assert.Equal(0.05, validated.PolicySet.TolerateInvalid(k)));
    }

    [Fact]
    public void Load_WhenAFileHasMoreInvalidRecordsThanAreListed_ShouldCountEveryOneExactly()
    {
        // Given: 1,170 invalid runs among 30 valid ones.
        using var folder = new TempDirectory();
        var lines = Enumerable.Range(0, 1200).Select(i => i % 40 < 39 ? $$"""{"id": "r{{i}}", "workflow": "ticket-triage", "startedAt": "2026-11-27T10:00:00Z", "endedAt": "2026-11-27T10:01:00Z", "outcome": "ok", "transactions": -1}""" : $$"""{"id": "r{{i}}", "workflow": "ticket-triage", "startedAt": "2026-11-27T10:00:00Z", "endedAt": "2026-11-27T10:01:00Z", "outcome": "ok"}""");
        File.WriteAllText(folder.Combine("workflow-runs.ndjson"), EvidenceSamples.Ndjson(EvidenceKind.WorkflowRuns, lines));

        // When
        var loaded = EvidenceLoader.Load([folder.Path]);

        // Then
        Assert.False(loaded.HasErrors);
        Assert.Equal(1170, loaded.Evidence.Quality.Invalid);
        Assert.Equal(30, loaded.Evidence.Get<WorkflowRun>(EvidenceKind.WorkflowRuns).Count);
        Assert.Equal(20, loaded.Diagnostics.Count(d => d.Id == "AOP1104"));
        var more = Assert.Single(loaded.Diagnostics, d => d.Id == "AOP1109");
        Assert.StartsWith("1150 more invalid record(s)", more.Message, StringComparison.Ordinal);
        Assert.Contains("(1170 invalid in all)", more.Message, StringComparison.Ordinal);
        Assert.Equal(EvidenceQuality.ListedPerKind, Assert.Single(loaded.Evidence.Quality.Kinds).Listed.Length);
    }

    [Fact]
    public void Load_WhenARecordOfAJsonEnvelopeIsInvalid_ShouldGiveItsLineAndColumn()
    {
        // Given: the third record, on line 7, has an unknown explainability.
        using var folder = new TempDirectory();
        var good = EvidenceSamples.Valid(EvidenceKind.ModelEvaluations);
        var bad = EvidenceSamples.Valid(EvidenceKind.ModelEvaluations);
        bad["explainability"] = "partial";
        bad["version"] = "2.0.0";
        File.WriteAllText(folder.Combine("evals.json"), $$"""
            {
              "kind": "model-evaluations",
              "collectedAt": "2026-11-27T00:00:00Z",
              "records": [
                {{good.ToJsonString()}},
                {"model": "m2", "version": "1", "evaluatedAt": "2026-11-20T10:00:00Z", "explainability": "none"},
                {{bad.ToJsonString()}}
              ]
            }
            """);

        // When
        var loaded = EvidenceLoader.Load([folder.Path]);

        // Then
        var diagnostic = Assert.Single(loaded.Diagnostics);
        Assert.Equal("AOP1104", diagnostic.Id);
        Assert.Equal((7, 5), (diagnostic.Location.StartLine, diagnostic.Location.StartColumn));
        Assert.Contains("Record #3: field 'explainability': 'partial' is not an allowed value (allowed: one of: none, global, local, full)", diagnostic.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ModelEvaluation", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(2, loaded.Evidence.Get<ModelEvaluation>(EvidenceKind.ModelEvaluations).Count);
    }

    [Fact]
    public void Load_WhenAJsonFileStartsWithAByteOrderMark_ShouldReadIt()
    {
        // Given
        using var folder = new TempDirectory();
        var text = "{\"kind\": \"agent-runs\", \"collectedAt\": \"2026-11-27T00:00:00Z\", \"records\": [" + EvidenceSamples.Valid(EvidenceKind.AgentRuns).ToJsonString() + "]}";
        File.WriteAllBytes(folder.Combine("agents.json"), [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)]);

        // When
        var loaded = EvidenceLoader.Load([folder.Path]);

        // Then
        Assert.Empty(loaded.Diagnostics);
        Assert.Single(loaded.Evidence.Get<AgentRun>(EvidenceKind.AgentRuns));
    }

    [Theory]
    [InlineData("NaN", "'NaN' is not a number")]
    [InlineData("Infinity", "'Infinity' is not a number")]
    [InlineData("1e400", "1e400 is beyond the range of a number")]
    [InlineData("-0.5", "-0.5 is negative")]
    public void Load_WhenACsvErrorRateIsNotAFiniteFraction_ShouldQuarantineTheRow(string errorRate, string reason)
    {
        // Given
        using var folder = new TempDirectory();
        File.WriteAllText(folder.Combine("connector-checks.csv"), $"# collectedAt: 2026-11-27T00:00:00Z\nconnector,day,authValid,latencyMs,errorRate,rowsExpected,rowsDelivered\nzendesk,2026-11-20,TRUE,120,0.01,10,10\nzendesk,2026-11-21,true,120,{errorRate},10,10\n");

        // When
        var loaded = EvidenceLoader.Load([folder.Path]);

        // Then
        var record = Assert.Single(Assert.Single(loaded.Evidence.Quality.Kinds).Listed);
        Assert.Equal((4, "line 4"), (record.Location.StartLine, record.Record));
        var problem = Assert.Single(record.Problems);
        Assert.Equal("errorRate", problem.Field);
        Assert.StartsWith(reason, problem.Reason, StringComparison.Ordinal);
        Assert.Equal("a fraction from 0 to 1 (0.01 is 1%)", problem.Allowed);
        Assert.Single(loaded.Evidence.Get<ConnectorCheck>(EvidenceKind.ConnectorChecks));
    }

    [Theory]
    [InlineData("authValid", "\"false\"", "'false' is not true or false")]
    [InlineData("errorRate", "1e400", "1e400 is beyond the range of a number")]
    [InlineData("latencyMs", "\"120\"", "'120' is not a number")]
    [InlineData("color", "\"red\"", "'color' is not a field of connector-checks")]
    [InlineData("rowsExpected", "10.5", "10.5 is not a whole number")]
    public void Load_WhenAJsonFieldBreaksTheContract_ShouldQuarantineTheRecordNamingFieldAndReason(string field, string raw, string reason)
    {
        // Given
        using var folder = new TempDirectory();
        var record = EvidenceSamples.Valid(EvidenceKind.ConnectorChecks);
        record[field] = "\u0001";
        File.WriteAllText(folder.Combine("connector-checks.ndjson"), EvidenceSamples.Ndjson(EvidenceKind.ConnectorChecks, [record.ToJsonString().Replace("\"\\u0001\"", raw, StringComparison.Ordinal)]));

        // When
        var loaded = EvidenceLoader.Load([folder.Path]);

        // Then
        Assert.False(loaded.HasErrors);
        var problem = Assert.Single(Assert.Single(Assert.Single(loaded.Evidence.Quality.Kinds).Listed).Problems);
        Assert.Equal(field, problem.Field);
        Assert.StartsWith(reason, problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Roi_WhenANegativeAmountIsExported_ShouldLeaveTheLineOutRatherThanSubtractIt()
    {
        // Given: a benefit of -1,000 would turn 100 - 50 into a loss.
        var lines = ValueLines(ValueLine("v1", "benefit", 100), ValueLine("v2", "benefit", -1000), ValueLine("c1", "cost", 50));

        // When
        var gate = MetricFixtures.Gate([MetricFixtures.TriageWorkflow], "  measure: Roi(\"ticket-triage\")\n  bound:\n    min: 0%", lines);

        // Then
        Assert.Equal(GateStatus.InsufficientEvidence, gate.Status);
        Assert.Contains("Computed on the valid records only: pass", gate.Explanation, StringComparison.Ordinal);
        Assert.Equal(1.0, gate.ObservedValue);
    }

    [Fact]
    public void Roi_WhenValueLinesHaveNoAssumptions_ShouldComputeRatherThanCrash()
    {
        // Given: assumptions are optional; these lines have none (and one writes null).
        var lines = MetricFixtures.Envelope(
            "value-lines",
            $$"""{"id": "b1", "workflow": "ticket-triage", "type": "benefit", "category": "labour", "amount": 300, "currency": "EUR", "periodStart": "{{TestClock.Ago(2)}}", "periodEnd": "{{TestClock.Ago(1)}}"}""",
            $$"""{"id": "c1", "workflow": "ticket-triage", "type": "cost", "category": "licences", "amount": 100, "currency": "EUR", "periodStart": "{{TestClock.Ago(2)}}", "periodEnd": "{{TestClock.Ago(1)}}", "assumptions": null}""");

        // When
        var gate = MetricFixtures.Gate([MetricFixtures.TriageWorkflow], "  measure: Roi(\"ticket-triage\")\n  bound:\n    min: 100%", lines);

        // Then
        Assert.Equal(GateStatus.Pass, gate.Status);
        Assert.Equal(2.0, gate.ObservedValue);
    }

    [Fact]
    public void Load_WhenNothingSaysWhenRecordsWereCollected_ShouldLeaveThemOutWithOneWarning()
    {
        // Given: no header, no collectedAt on either record.
        using var folder = new TempDirectory();
        File.WriteAllText(folder.Combine("agent-runs.ndjson"), string.Join("\n", Enumerable.Range(0, 2).Select(i => $$"""{"id": "a{{i}}", "workflow": "w", "completedAt": "2026-11-20T10:00:00Z", "correct": true, "humanIntervened": false}""")) + "\n");

        // When
        var loaded = EvidenceLoader.Load([folder.Path]);

        // Then
        Assert.False(loaded.HasErrors);
        Assert.Contains("2 undated record(s) are left out", Assert.Single(loaded.Diagnostics, d => d.Id == "AOP1105").Message, StringComparison.Ordinal);
        Assert.Equal(2, loaded.Evidence.Quality.Invalid);
        Assert.Empty(loaded.Evidence.Get<AgentRun>(EvidenceKind.AgentRuns));
    }

    [Fact]
    public void Load_WhenARunDoesNotSayHowManyTransactions_ShouldCountOne()
    {
        // Given
        using var folder = new TempDirectory();
        var run = EvidenceSamples.Valid(EvidenceKind.WorkflowRuns);
        run.Remove("transactions");
        File.WriteAllText(folder.Combine("workflow-runs.ndjson"), EvidenceSamples.Ndjson(EvidenceKind.WorkflowRuns, [run.ToJsonString()]));

        // When
        var loaded = EvidenceLoader.Load([folder.Path]);

        // Then
        Assert.Equal(1, Assert.Single(loaded.Evidence.Get<WorkflowRun>(EvidenceKind.WorkflowRuns)).Transactions);
    }

    [Fact]
    public void Load_WhenTheEnvelopeHasNoRecordsList_ShouldStillBeAnErrorForTheFile()
    {
        // Given: nothing in this file can be read, so nothing can be quarantined.
        using var folder = new TempDirectory();
        File.WriteAllText(folder.Combine("agent-runs.json"), """{"kind": "agent-runs", "collectedAt": "2026-11-27T00:00:00Z"}""");

        // When
        var loaded = EvidenceLoader.Load([folder.Path]);

        // Then
        Assert.True(loaded.HasErrors);
        Assert.Equal("AOP1108", Assert.Single(loaded.Diagnostics).Id);
    }

    private static IEnumerable<string> Runs(int count) => Enumerable.Range(0, count).Select(i => Run($"r{i}", 1));

    private static string Run(string id, double daysAgo, string? replace = null)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["id"] = $"\"{id}\"",
            ["workflow"] = "\"ticket-triage\"",
            ["startedAt"] = $"\"{TestClock.Ago(daysAgo)}\"",
            ["endedAt"] = $"\"{TestClock.Now.AddDays(-daysAgo).AddMinutes(1):O}\"",
            ["outcome"] = "\"ok\"",
        };
        if (replace is not null)
        {
            var colon = replace.IndexOf(':', StringComparison.Ordinal);
            fields[replace[..colon].Trim().Trim('"')] = replace[(colon + 1)..].Trim();
        }

        return "{" + string.Join(", ", fields.Select(f => $"\"{f.Key}\": {f.Value}")) + "}";
    }

    private static (string FileName, string Content) ValueLines(params string[] lines) => MetricFixtures.Envelope("value-lines", lines);

    private static string ValueLine(string id, string type, double amount) =>
        $$"""{"id": "{{id}}", "workflow": "ticket-triage", "type": "{{type}}", "category": "labour", "amount": {{amount.ToString(System.Globalization.CultureInfo.InvariantCulture)}}, "currency": "EUR", "periodStart": "{{TestClock.Ago(2)}}", "periodEnd": "{{TestClock.Ago(1)}}"}""";
}
