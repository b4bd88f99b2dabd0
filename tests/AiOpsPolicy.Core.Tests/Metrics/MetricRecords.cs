// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;

namespace AiOpsPolicy.Core.Tests.Metrics;

/// <summary>
/// The evidence records the metric tests write, one builder per kind, so that a record's fields are spelled once. Each
/// returns a JSON object; times are relative to <see cref="TestClock.Now"/>.
/// </summary>
internal static class MetricRecords
{
    /// <summary>A <c>costs</c> line over <paramref name="days"/> days from <paramref name="startDaysAgo"/> days ago: money or labour hours.</summary>
    public static string CostLine(string id, string workflow, string category, string phase, double startDaysAgo, double days, double? amount = null, double? hours = null, string currency = "EUR")
    {
        var money = amount is { } a ? $", \"amount\": {Number(a)}, \"currency\": \"{currency}\"" : string.Empty;
        var work = hours is { } h ? $", \"hours\": {Number(h)}" : string.Empty;
        return $$"""{"id": "{{id}}", "workflow": "{{workflow}}", "category": "{{category}}", "phase": "{{phase}}"{{money}}{{work}}, "periodStart": "{{TestClock.Ago(startDaysAgo)}}", "periodEnd": "{{TestClock.Ago(startDaysAgo - days)}}"}""";
    }

    /// <summary>A <c>value-lines</c> labour line over the day from <paramref name="daysAgo"/> days ago.</summary>
    public static string ValueLine(string id, string workflow, string type, double amount, string currency, double daysAgo, string assumptions = "{}") =>
        $$"""{"id": "{{id}}", "workflow": "{{workflow}}", "type": "{{type}}", "category": "labour", "amount": {{Number(amount)}}, "currency": "{{currency}}", "periodStart": "{{TestClock.Ago(daysAgo)}}", "periodEnd": "{{TestClock.Ago(daysAgo - 1)}}", "assumptions": {{assumptions}}}""";

    /// <summary>A <c>case-effort</c> measurement taken <paramref name="daysAgo"/> days ago.</summary>
    public static string CaseEffort(string workflow, double before, double after, double volume, double daysAgo, string addedSteps = "[]") =>
        $$"""{"workflow": "{{workflow}}", "minutesBefore": {{Number(before)}}, "minutesAfter": {{Number(after)}}, "addedSteps": {{addedSteps}}, "monthlyVolume": {{Number(volume)}}, "measuredAt": "{{TestClock.Ago(daysAgo)}}"}""";

    /// <summary>A <c>monitoring-checks</c> record run <paramref name="hoursAgo"/> hours ago.</summary>
    public static string MonitoringCheck(string model, string type, double hoursAgo) =>
        $$"""{"model": "{{model}}", "type": "{{type}}", "ranAt": "{{HoursAgo(hoursAgo)}}"}""";

    /// <summary>A <c>pilots</c> record started <paramref name="startedDaysAgo"/> days ago.</summary>
    public static string Pilot(string id, double startedDaysAgo, string status, bool monitoring, string? owner, string? promise)
    {
        var optional = (owner is null ? string.Empty : $", \"onCallOwner\": \"{owner}\"") + (promise is null ? string.Empty : $", \"userPromise\": \"{promise}\"");
        return $$"""{"id": "{{id}}", "startedAt": "{{HoursAgo(startedDaysAgo * 24)}}", "status": "{{status}}", "monitoring": {{(monitoring ? "true" : "false")}}{{optional}}}""";
    }

    private static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static string HoursAgo(double hours) => TestClock.Now.AddHours(-hours).ToString("O", CultureInfo.InvariantCulture);
}
