// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using static AiOpsPolicy.Core.Tests.Properties.PropertyFixtures;

namespace AiOpsPolicy.Core.Tests.Properties;

/// <summary>
/// Generators of evidence records as JSON objects. Times fall from ten days before the evaluation time
/// to a day after it (so some are outside the default 7-day window) and are written in one of several
/// offsets, so the metrics must compare them as instants.
/// </summary>
internal static class EvidenceGen
{
    private static readonly TimeSpan[] Offsets = [TimeSpan.Zero, TimeSpan.FromHours(1), TimeSpan.FromHours(-5), new TimeSpan(5, 30, 0), TimeSpan.FromHours(14), TimeSpan.FromHours(-12)];

    /// <summary>Gets an offset to write a time in.</summary>
    public static Gen<TimeSpan> Offset { get; } = Gen.Elements(Offsets);

    /// <summary>Gets a time from ten days before <see cref="TestClock.Now"/> to a day after it, to the second.</summary>
    public static Gen<DateTimeOffset> Moment { get; } =
        Gen.Zip(Gen.Choose(-10 * 86400, 86400), Offset, (seconds, offset) => TestClock.Now.AddSeconds(seconds).ToOffset(offset));

    /// <summary>Gets a time inside the default window: the last 7 days, start included, end excluded.</summary>
    public static Gen<DateTimeOffset> InWindow { get; } =
        Gen.Zip(Gen.Choose(-7 * 86400, -1), Offset, (seconds, offset) => TestClock.Now.AddSeconds(seconds).ToOffset(offset));

    /// <summary>Gets a duration of up to two hours, to the second.</summary>
    public static Gen<int> Seconds { get; } = Gen.Choose(0, 7200);

    /// <summary>Gets a boolean.</summary>
    public static Gen<bool> Bool { get; } = Gen.Elements(true, false);

    /// <summary>A number, or (one time in three) none.</summary>
    /// <param name="gen">The number's generator.</param>
    /// <returns>The generator.</returns>
    public static Gen<int?> Maybe(Gen<int> gen) =>
        Gen.Frequency((2, gen.Select(x => (int?)x)), (1, Gen.Constant<int?>(null)));

    /// <summary>A list of up to <paramref name="max"/> records, each given its index for a unique id.</summary>
    /// <param name="max">The most records.</param>
    /// <param name="record">The record generator, given the index.</param>
    /// <returns>The generator.</returns>
    public static Gen<List<string>> Records(int max, Func<int, Gen<string>> record) =>
        Gen.Choose(0, max).SelectMany(count => Gen.CollectToList(Enumerable.Range(0, count), record));

    /// <summary>A workflow run of triage (whole run or the inference step).</summary>
    /// <param name="id">The id.</param>
    /// <returns>The generator.</returns>
    public static Gen<string> WorkflowRun(string id) =>
        from ended in Moment
        from duration in Seconds
        from step in Gen.Elements<string?>(null, null, "inference")
        from outcome in Gen.Elements("ok", "ok", "manual-review-needed", "routed-correctly")
        select Run(id, step, ended.AddSeconds(-duration), ended, outcome);

    /// <summary>A whole triage run as JSON.</summary>
    /// <param name="id">The id.</param>
    /// <param name="step">The step, or null.</param>
    /// <param name="started">The start.</param>
    /// <param name="ended">The end.</param>
    /// <param name="outcome">The quality outcome.</param>
    /// <returns>The JSON object.</returns>
    public static string Run(string id, string? step, DateTimeOffset started, DateTimeOffset ended, string outcome) =>
        $$"""{"id": "{{id}}", "workflow": "triage", {{Optional("step", step is null ? null : $"\"{step}\"")}}"startedAt": {{At(started)}}, "endedAt": {{At(ended)}}, "outcome": "{{outcome}}"}""";

    /// <summary>A daily check of one of the two critical connectors (or an undeclared one).</summary>
    /// <param name="index">The index, which picks the day so that (connector, day) keys stay unique.</param>
    /// <returns>The generator.</returns>
    public static Gen<string> ConnectorCheck(int index) =>
        from connector in Gen.Elements("alpha-api", "beta-api", "gamma-api")
        from auth in Gen.Frequency((9, Gen.Constant(true)), (1, Gen.Constant(false)))
        from hash in Gen.Elements<string?>("h1", "h1", "h2", null)
        from latency in Gen.Choose(0, 1000)
        from errorPerMille in Gen.Choose(0, 15)
        from expected in Gen.Choose(0, 1000)
        from missing in Gen.Elements(0, 0, 0, 5, 50)
        select $$"""{"connector": "{{connector}}", "day": "{{DateOnly.FromDateTime(TestClock.Now.UtcDateTime).AddDays(-(index % 11)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}}", "authValid": {{Json(auth)}}, {{Optional("schemaHash", hash is null ? null : $"\"{hash}\"")}}"latencyMs": {{latency}}, "errorRate": {{(errorPerMille / 1000.0).ToString(CultureInfo.InvariantCulture)}}, "rowsExpected": {{expected}}, "rowsDelivered": {{Math.Max(0, expected - missing)}}}""";

    /// <summary>A control execution of a declared or undeclared control.</summary>
    /// <param name="index">The index, for the id.</param>
    /// <returns>The generator.</returns>
    public static Gen<string> ControlExecution(int index) =>
        from control in Gen.Elements("nightly-scan", "weekly-review", "board-review", "unknown-control")
        from ran in Moment
        from mode in Gen.Elements("automated", "manual")
        from outcome in Gen.Elements("pass", "fail", "error")
        select $$"""{"id": "x{{index}}", "control": "{{control}}", "ranAt": {{At(ran)}}, "mode": "{{mode}}", "outcome": "{{outcome}}"}""";

    /// <summary>An agent run.</summary>
    /// <param name="index">The index, for the id.</param>
    /// <returns>The generator.</returns>
    public static Gen<string> AgentRun(int index) =>
        from workflow in Gen.Elements("triage", "refunds")
        from completed in Moment
        from correct in Bool
        from human in Bool
        select $$"""{"id": "a{{index}}", "workflow": "{{workflow}}", "completedAt": {{At(completed)}}, "correct": {{Json(correct)}}, "humanIntervened": {{Json(human)}}}""";

    /// <summary>A drift or bias alert, triaged after up to ten hours or not at all.</summary>
    /// <param name="index">The index, for the id.</param>
    /// <returns>The generator.</returns>
    public static Gen<string> Alert(int index) =>
        from model in Gen.Elements("m1", "m2")
        from type in Gen.Elements("drift", "bias")
        from raised in Moment
        from triageSeconds in Maybe(Gen.Choose(0, 36000))
        select $$"""{"id": "al{{index}}", "model": "{{model}}", "type": "{{type}}", "raisedAt": {{At(raised)}}, {{Optional("triagedAt", triageSeconds is { } s ? At(raised.AddSeconds(s)) : null)}}"resolvedAt": null}""";

    /// <summary>A pilot at any status, with or without what makes it an owned service.</summary>
    /// <param name="index">The index, for the id.</param>
    /// <returns>The generator.</returns>
    public static Gen<string> Pilot(int index) =>
        from started in Moment
        from status in Gen.Elements("exploring", "pilot", "production", "production", "retired")
        from monitoring in Bool
        from owner in Gen.Elements<string?>("team-a", null, " ")
        from promise in Gen.Elements<string?>("99.9% of tickets routed", null)
        select $$"""{"id": "p{{index}}", "startedAt": {{At(started)}}, "status": "{{status}}", "monitoring": {{Json(monitoring)}}, {{Optional("onCallOwner", owner is null ? null : $"\"{owner}\"")}}{{Optional("userPromise", promise is null ? null : $"\"{promise}\"")}}"productionAt": null}""";

    /// <summary>A lag measurement of tickets (or another dataset), at a distinct minute so keys stay unique.</summary>
    /// <param name="index">The index, which picks the minute.</param>
    /// <returns>The generator.</returns>
    public static Gen<string> Freshness(int index) =>
        from dataset in Gen.Elements("tickets", "tickets", "refunds")
        from stage in Gen.Elements("source-to-pipeline", "pipeline-to-feature-store", "feature-store-to-dashboard")
        from hoursAgo in Gen.Choose(-24, 240)
        from lag in Seconds
        select $$"""{"dataset": "{{dataset}}", "stage": "{{stage}}", "measuredAt": {{At(TestClock.Now.AddHours(-hoursAgo).AddMinutes(-index))}}, "lag": {{lag}}}""";

    /// <summary>An incident of triage, detected at a time; diagnosed and recovered after it, or still open.</summary>
    /// <param name="id">The id.</param>
    /// <returns>The generator.</returns>
    public static Gen<string> Incident(string id) =>
        from detected in Moment
        from diagnose in Maybe(Gen.Choose(0, 7200))
        from recover in Maybe(Gen.Choose(0, 86400))
        from cause in Gen.Elements("model", "data-pipeline", "prompt", "workflow-logic", "vendor-outage", "other")
        from change in Bool
        select IncidentJson(id, detected, diagnose, recover, cause, change);

    /// <summary>An incident as JSON; the diagnosis never comes after the recovery.</summary>
    /// <param name="id">The id.</param>
    /// <param name="detected">When it was detected.</param>
    /// <param name="diagnoseSeconds">Seconds from detection to diagnosis, or null.</param>
    /// <param name="recoverSeconds">Seconds from detection to recovery, or null when still open.</param>
    /// <param name="cause">The cause.</param>
    /// <param name="requiredChange">Whether it required a change.</param>
    /// <returns>The JSON object.</returns>
    public static string IncidentJson(string id, DateTimeOffset detected, int? diagnoseSeconds, int? recoverSeconds, string cause, bool requiredChange)
    {
        var diagnose = recoverSeconds is { } r && diagnoseSeconds is { } d ? Math.Min(d, r) : diagnoseSeconds;
        return $$"""{"id": "{{id}}", "workflow": "triage", "openedAt": {{At(detected.AddMinutes(-5))}}, "detectedAt": {{At(detected)}}, {{Optional("diagnosedAt", diagnose is { } dd ? At(detected.AddSeconds(dd)) : null)}}{{Optional("recoveredAt", recoverSeconds is { } rr ? At(detected.AddSeconds(rr)) : null)}}"cause": "{{cause}}", "requiredChange": {{Json(requiredChange)}}}""";
    }

    /// <summary>An hour of triage transactions, at a distinct hour so keys stay unique.</summary>
    /// <param name="hoursAgo">How many hours before <see cref="TestClock.Now"/> the period starts.</param>
    /// <param name="count">The number of transactions.</param>
    /// <returns>The JSON object.</returns>
    public static string Transactions(int hoursAgo, long count)
    {
        var start = TestClock.Now.AddHours(-hoursAgo);
        return $$"""{"workflow": "triage", "periodStart": {{At(start)}}, "periodEnd": {{At(start.AddHours(1))}}, "count": {{count}}}""";
    }
}
