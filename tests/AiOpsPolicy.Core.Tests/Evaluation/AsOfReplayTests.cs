// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AiOpsPolicy.Core.Compilation;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Evidence.Contract;
using AiOpsPolicy.Core.Results;

namespace AiOpsPolicy.Core.Tests.Evaluation;

/// <summary>
/// Evidence from after --as-of does not change the past: replaying the helpdesk example's decision at
/// its --as-of with a later export of one kind (open things since closed, new records since made, all
/// collected later) gives exactly the decision the example evidence gives then.
/// </summary>
[Trait("Hostile", "evidence")]
public sealed class AsOfReplayTests : IClassFixture<AsOfReplayTests.Helpdesk>
{
    private static readonly DateTimeOffset AsOf = TestClock.Now;
    private readonly Helpdesk _helpdesk;

    public AsOfReplayTests(Helpdesk helpdesk)
    {
        _helpdesk = helpdesk;
    }

    public static TheoryData<EvidenceKind> Kinds() => [.. Enum.GetValues<EvidenceKind>()];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Gate_WhenALaterExportOfAKindIsReplayedAtAnEarlierAsOf_ShouldGiveTheDecisionOfThatTime(EvidenceKind kind)
    {
        // Given: the example evidence, and the same with this kind exported two days later.
        using var later = new TempDirectory();
        var original = EvidenceLoader.Load([Repository.ExampleEvidence]).Evidence;
        var laterEvidence = LaterExport(original, kind, later);

        // When
        var then = PolicyEngine.Evaluate(_helpdesk.Compiled, original, AsOf);
        var replayed = PolicyEngine.Evaluate(_helpdesk.Compiled, laterEvidence, AsOf);

        // Then
        Assert.True(laterEvidence.Get<EvidenceRecord>(kind).Count > original.Get<EvidenceRecord>(kind).Count || !original.Has(kind), "the later export has records made after --as-of");
        Assert.Equal(then.Decision, replayed.Decision);
        Assert.Equal(Describe(then), Describe(replayed));
    }

    [Fact]
    public void TimeToRecover_WhenAnIncidentRecoveredAfterAsOf_ShouldCountItAsStillOpen()
    {
        // Given: one incident recovered before --as-of (1h), one recovered a day after it.
        var evidence = Evidence(EvidenceKind.Incidents, """{"id":"a","openedAt":"2026-11-27T09:00:00Z","detectedAt":"2026-11-27T10:00:00Z","recoveredAt":"2026-11-27T11:00:00Z","cause":"model","requiredChange":false}""", """{"id":"b","openedAt":"2026-11-28T09:00:00Z","detectedAt":"2026-11-28T10:00:00Z","diagnosedAt":"2026-11-29T09:00:00Z","recoveredAt":"2026-11-29T10:00:00Z","cause":"model","requiredChange":false}""");

        // When
        var ttr = Metrics.MetricFixtures.Evaluate([Metrics.MetricFixtures.TriageWorkflow, TestPolicies.Gate("ttr", "  measure: 'TimeToRecover(aggregation: Aggregation.Max)'\n  bound:\n    max: 2h")], [evidence], AsOf);
        var ttd = Metrics.MetricFixtures.Evaluate([Metrics.MetricFixtures.TriageWorkflow, TestPolicies.Gate("ttd", "  measure: 'TimeToDiagnose(aggregation: Aggregation.Max)'\n  bound:\n    max: 2h")], [evidence], AsOf);

        // Then
        var gate = Assert.Single(ttr.Gates);
        Assert.Equal(GateStatus.Pass, gate.Status);
        Assert.Contains("1 still open (not counted)", gate.Explanation, StringComparison.Ordinal);
        Assert.Equal(GateStatus.InsufficientEvidence, Assert.Single(ttd.Gates).Status);
    }

    [Fact]
    public void AlertsTriagedWithin_WhenTriageCameAfterAsOf_ShouldNotCountItAsTriaged()
    {
        // Given: raised ten minutes before --as-of, triaged ten minutes after it (within the 30m SLA).
        var evidence = Evidence(EvidenceKind.Alerts, """{"id":"a","model":"m","type":"drift","raisedAt":"2026-11-28T11:50:00Z","triagedAt":"2026-11-28T12:10:00Z"}""");

        // When
        var result = Metrics.MetricFixtures.Evaluate([TestPolicies.Gate("triage", "  measure: AlertsTriagedWithin(Minutes(30))\n  bound:\n    min: 100%")], [evidence], AsOf);

        // Then: at --as-of the alert was untriaged and still within its SLA: nothing to count yet.
        var gate = Assert.Single(result.Gates);
        Assert.Equal(GateStatus.InsufficientEvidence, gate.Status);
        Assert.Contains("1 not yet triaged and still within the SLA", gate.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Freshness_WhenEvidenceWasCollectedAfterAsOf_ShouldNeverBeFresherThanAsOf()
    {
        // Given: the same records, collected a week after --as-of.
        var evidence = ("agent-runs.ndjson", """{"id":"a","workflow":"ticket-triage","completedAt":"2026-11-27T10:00:00Z","correct":true,"humanIntervened":false,"collectedAt":"2026-12-05T00:00:00Z"}""" + "\n");

        // When
        var result = Metrics.MetricFixtures.Evaluate([Metrics.MetricFixtures.TriageWorkflow, TestPolicies.Gate("agents", "  measure: AgentSuccess()\n  bound:\n    min: 90%")], [evidence], AsOf);

        // Then: read as of --as-of, the run had completed; the evidence is judged as of then.
        Assert.Equal(GateStatus.Pass, Assert.Single(result.Gates).Status);
    }

    private static (string FileName, string Content) Evidence(EvidenceKind kind, params string[] records) =>
        ($"{EvidenceKinds.Name(kind)}.ndjson", EvidenceSamples.Ndjson(kind, records).Replace("2026-11-27T00:00:00Z", "2026-11-28T11:00:00Z", StringComparison.Ordinal));

    private static List<string> Describe(GateRunResult run) =>
        [.. run.Gates.Select(g => $"{g.Gate}: {g.Status.ToText()} {g.Observed} {g.ObservedValue?.ToString("R", CultureInfo.InvariantCulture)} {g.Explanation}")];

    /// <summary>
    /// The example evidence with one kind replaced by a later export: every record that was open then
    /// is closed an hour after --as-of (recovered, triaged, deployed, rolled back, in production),
    /// every record is repeated with its times moved past --as-of, and all are collected two days later.
    /// </summary>
    private static EvidenceSet LaterExport(EvidenceSet original, EvidenceKind kind, TempDirectory folder)
    {
        foreach (var file in Directory.EnumerateFiles(Repository.ExampleEvidence))
        {
            var name = Path.GetFileName(file);
            if (original.Files.Single(f => Path.GetFileName(f.Path) == name).Kind != kind)
            {
                File.Copy(file, folder.Combine(name));
            }
        }

        var contract = EvidenceContract.For(kind);
        var typeInfo = EvidenceKinds.TypeInfo(kind);
        var lines = new List<string>();
        var records = original.Get<EvidenceRecord>(kind).Select(r => JsonNode.Parse(JsonSerializer.Serialize(r, typeInfo))!.AsObject()).ToList();
        var inExample = records.Count > 0;
        foreach (var json in inExample ? records : [EvidenceSamples.Valid(kind)])
        {
            foreach (var computed in json.Select(p => p.Key).Where(k => contract.Field(k) is null).ToList())
            {
                // Computed properties the serializer writes (the key, a run's duration) are not fields.
                json.Remove(computed);
            }

            if (inExample)
            {
                // A kind the example does not have gets only records made after --as-of.
                lines.Add(Closed(json, contract).ToJsonString());
            }

            lines.Add(Moved(json, contract).ToJsonString());
        }

        File.WriteAllText(folder.Combine($"later.{EvidenceKinds.Name(kind)}.ndjson"), EvidenceSamples.Ndjson(kind, lines).Replace("2026-11-27T00:00:00Z", "2026-11-30T12:00:00Z", StringComparison.Ordinal));
        var loaded = EvidenceLoader.Load([folder.Path]);
        Assert.False(loaded.HasErrors, string.Join("\n", loaded.Diagnostics));
        Assert.True(loaded.Evidence.Quality.IsClean, string.Join("\n", loaded.Diagnostics));
        return loaded.Evidence;
    }

    /// <summary>The record with every absent optional time set after --as-of, as a later export would have it.</summary>
    private static JsonObject Closed(JsonObject original, EvidenceKindContract contract)
    {
        var record = original.DeepClone().AsObject();
        var latest = AsOf;
        var times = contract.Fields.Where(f => f.Type == EvidenceFieldType.Time && f.Name != "collectedAt").ToList();
        for (var i = 0; i < times.Count; i++)
        {
            var field = times[i];
            if (record[field.Name] is { } value && value.GetValueKind() == JsonValueKind.String)
            {
                var time = DateTimeOffset.Parse(value.GetValue<string>(), CultureInfo.InvariantCulture);
                latest = time > latest ? time : latest;
            }
            else if (!field.Required && !times.Skip(i + 1).Any(later => record[later.Name] is JsonValue))
            {
                latest = latest.AddHours(1);
                record[field.Name] = latest.ToString("O", CultureInfo.InvariantCulture);
            }
        }

        if (record.ContainsKey("rolledBack") && record["rolledBackAt"] is not null)
        {
            record["rolledBack"] = true;
        }

        if (record.ContainsKey("productionAt") && record["status"] is not null)
        {
            record["status"] = "production";
        }

        record["collectedAt"] = "2026-11-30T12:00:00Z";
        return record;
    }

    /// <summary>The record made again three days later: every time and day moved past --as-of, ids renamed.</summary>
    private static JsonObject Moved(JsonObject original, EvidenceKindContract contract)
    {
        var record = original.DeepClone().AsObject();
        var earliest = contract.Fields.Where(f => f.Type == EvidenceFieldType.Time && f.Name != "collectedAt" && record[f.Name] is JsonValue)
            .Select(f => DateTimeOffset.Parse(record[f.Name]!.GetValue<string>(), CultureInfo.InvariantCulture))
            .Concat(contract.Fields.Where(f => f.Type == EvidenceFieldType.Day && record[f.Name] is JsonValue)
                .Select(f => new DateTimeOffset(DateOnly.ParseExact(record[f.Name]!.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture), TimeOnly.MinValue, TimeSpan.Zero)))
            .DefaultIfEmpty(AsOf)
            .Min();
        var shift = TimeSpan.FromDays(Math.Ceiling((AsOf - earliest).TotalDays) + 3);
        foreach (var field in contract.Fields.Where(f => f.Name != "collectedAt"))
        {
            if (record[field.Name] is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
            {
                continue;
            }

            var text = value.GetValue<string>();
            record[field.Name] = field.Type switch
            {
                EvidenceFieldType.Time => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture).Add(shift).ToString("O", CultureInfo.InvariantCulture),
                EvidenceFieldType.Day => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture).AddDays((int)shift.TotalDays).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                _ when field.Name is "id" or "version" => text + "-later",
                _ => text,
            };
        }

        record["collectedAt"] = "2026-11-30T12:00:00Z";
        return record;
    }

    /// <summary>The helpdesk example policies, compiled once for the class.</summary>
    public sealed class Helpdesk : IDisposable
    {
        public Helpdesk()
        {
            var prepared = new PolicyEngine(null).Prepare([Repository.HelpdeskPolicies]);
            Assert.False(prepared.HasErrors, string.Join("\n", prepared.Diagnostics));
            Compiled = prepared.Compiled!;
        }

        public CompiledPolicySet Compiled { get; }

        public void Dispose() => Compiled.Dispose();
    }
}
