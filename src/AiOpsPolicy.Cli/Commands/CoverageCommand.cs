// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text;
using System.Text.Json;
using AiOpsPolicy.Cli.Arguments;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Oscal;
using AiOpsPolicy.Core.Text;
using AiOpsPolicy.History;

namespace AiOpsPolicy.Cli.Commands;

/// <summary>
/// <c>aiops-policy coverage</c>: control coverage per ISO week or calendar month (optionally per team or enforcement
/// point, for one policy set) from the history store, oldest period first; or, with <c>--catalog</c>, the coverage of
/// a framework baseline by the latest recorded run of each policy set. Exit 0, or 2 on a usage, catalog or store error.
/// </summary>
internal sealed class CoverageCommand
{
    private readonly IConsole _console;

    public CoverageCommand(IConsole console)
    {
        _console = console;
    }

    public int Run(CoverageArguments arguments)
    {
        if (arguments.Catalog is { } catalogPath)
        {
            // The catalog is read before the store is opened: a wrong file is reported whatever the store holds.
            if (LoadBaseline(catalogPath) is not { } baseline)
            {
                return ExitCodes.InvalidInput;
            }

            return HistoryCommand.WithStore(_console, arguments.Store!, arguments.ConfigPath, store => Framework(store, arguments, baseline));
        }

        return HistoryCommand.WithStore(_console, arguments.Store!, arguments.ConfigPath, store => Periods(store, arguments));
    }

    /// <summary>Reads an OSCAL catalog or profile, whichever the file holds; prints AOP5009 and returns null when it cannot.</summary>
    private OscalControlSet? LoadBaseline(string path)
    {
        try
        {
            string kind;
            using (var stream = File.OpenRead(path))
            using (var document = JsonDocument.Parse(stream))
            {
                var root = document.RootElement;
                kind = root.ValueKind != JsonValueKind.Object ? string.Empty
                    : root.TryGetProperty("catalog", out _) ? "catalog"
                    : root.TryGetProperty("profile", out _) ? "profile"
                    : string.Empty;
            }

            return kind switch
            {
                "catalog" => OscalControlSet.LoadCatalog(path),
                "profile" => OscalControlSet.LoadProfile(path),
                _ => Fail(SourceLocation.ForFile(path), "it is neither an OSCAL catalog (no top-level 'catalog') nor an OSCAL profile (no top-level 'profile')"),
            };
        }
        catch (JsonException e)
        {
            var location = e.LineNumber is { } line
                ? SourceLocation.At(path, (int)line + 1, (int)(e.BytePositionInLine ?? 0) + 1)
                : SourceLocation.ForFile(path);
            return Fail(location, "it is not valid JSON");
        }
        catch (InvalidDataException e)
        {
            // OscalControlSet's messages start with the quoted path, which the location already gives.
            var prefix = $"'{path}': ";
            var message = e.Message.StartsWith(prefix, StringComparison.Ordinal) ? e.Message[prefix.Length..] : e.Message;
            return Fail(SourceLocation.ForFile(path), message.TrimEnd('.'));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var reason = e is FileNotFoundException or DirectoryNotFoundException ? "the file does not exist" : e.Message.TrimEnd('.');
            return Fail(SourceLocation.ForFile(path), reason);
        }
    }

    private OscalControlSet? Fail(SourceLocation location, string reason)
    {
        _console.Err.WriteLine(Reporting.ConsoleText.Inline(Diagnostic.Create(DiagnosticCatalog.CatalogUnreadable, location, reason).ToString()));
        return null;
    }

    private int Periods(IHistoryStore store, CoverageArguments arguments)
    {
        var query = new CoverageQuery(arguments.Since, arguments.Until, arguments.Period, arguments.By, arguments.PolicySet);
        var rows = store.CoverageAsync(query).GetAwaiter().GetResult();
        if (rows.Count == 0)
        {
            _console.Out.WriteLine(arguments.PolicySet is null
                ? "No control coverage was recorded in the range."
                : $"No control coverage of policy set '{arguments.PolicySet}' was recorded in the range.");
            return ExitCodes.Success;
        }

        (IReadOnlyList<CoverageRow> Teams, CoverageRow Organisation)? teams = arguments.By == CoverageGrouping.Team ? TeamTotals(rows) : null;
        if (arguments.Format == CoverageArguments.Json)
        {
            WriteJson(writer => PeriodsJson(writer, arguments, rows, teams));
            return ExitCodes.Success;
        }

        var grouped = arguments.By != CoverageGrouping.Week;
        List<string> headers = [arguments.Period == CoveragePeriod.Month ? "Month" : "Week", "Starts"];
        if (grouped)
        {
            headers.Add(arguments.By == CoverageGrouping.Team ? "Team" : "Enforcement point");
        }

        headers.AddRange(["Observations", "Automated+evidenced", "Declared only", "Not automated", "Automated share"]);
        var table = rows.Select(r => Row(r, arguments.Period, grouped)).ToList();
        HistoryCommand.WriteTable(_console.Out, arguments.Format, headers, table, firstNumericColumn: grouped ? 3 : 2);
        if (teams is not null)
        {
            WriteTeamSummary(teams.Value);
        }

        return ExitCodes.Success;
    }

    /// <summary>Each team's counts over the whole range, lowest automated share first, and the organisation's.</summary>
    private static (IReadOnlyList<CoverageRow> Teams, CoverageRow Organisation) TeamTotals(IReadOnlyList<CoverageRow> rows)
    {
        static CoverageRow Sum(IEnumerable<CoverageRow> rows, string? group)
        {
            var list = rows.ToList();
            return new CoverageRow(list.Min(r => r.PeriodStart), group, list.Sum(r => r.Observations), list.Sum(r => r.AutomatedAndEvidenced),
                list.Sum(r => r.DeclaredOnly), list.Sum(r => r.NotAutomated));
        }

        var teams = rows
            .GroupBy(r => r.Group ?? CoverageQuery.Unowned, StringComparer.Ordinal)
            .Select(g => Sum(g, g.Key))
            .OrderBy(t => t.AutomatedShare)
            .ThenByDescending(t => t.Observations)
            .ThenBy(t => t.Group, StringComparer.Ordinal)
            .ToList();
        return (teams, Sum(rows, null));
    }

    private void WriteTeamSummary((IReadOnlyList<CoverageRow> Teams, CoverageRow Organisation) totals)
    {
        var (teams, organisation) = totals;
        var lowest = teams[0];
        _console.Out.WriteLine();
        _console.Out.WriteLine($"Over the range: the organisation is {Share(organisation)} automated and evidenced ({organisation.Observations} observations, {teams.Count} team(s)).");
        if (teams.Count == 1)
        {
            _console.Out.WriteLine($"Only one team: {lowest.Group} at {Share(lowest)}.");
            return;
        }

        // What the organisation's share would be without the lowest team: how far that team pulls it down.
        var rest = organisation.Observations - lowest.Observations;
        var without = rest == 0 ? 0 : (double)(organisation.AutomatedAndEvidenced - lowest.AutomatedAndEvidenced) / rest;
        var gap = (organisation.AutomatedShare - lowest.AutomatedShare) * 100;
        _console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Lowest team: {lowest.Group} at {Share(lowest)} ({lowest.Observations} observations), {gap:0.0} points below the organisation; without it the organisation would be at {Percent(without)}."));
    }

    private int Framework(IHistoryStore store, CoverageArguments arguments, OscalControlSet baseline)
    {
        var runs = store.LatestRunsAsync(arguments.PolicySet, arguments.Since, arguments.Until).GetAwaiter().GetResult();
        if (runs.Count == 0)
        {
            _console.Out.WriteLine(arguments.PolicySet is null
                ? "No run was recorded in the range."
                : $"No run of policy set '{arguments.PolicySet}' was recorded in the range.");
            return ExitCodes.Success;
        }

        // Controls of several policy sets are named "set/control", so the per-control list says whose they are.
        var qualify = runs.Count > 1;
        var controls = runs
            .SelectMany(run => run.Controls.Select(c => c.ToControlCoverage(qualify ? run.PolicySet + "/" + c.Name : null)))
            .ToList();
        var report = CatalogCoverage.Compute(controls, baseline);
        if (arguments.Format == CoverageArguments.Json)
        {
            WriteJson(writer => FrameworkJson(writer, arguments.Catalog!, runs, report));
            return ExitCodes.Success;
        }

        _console.Out.WriteLine($"Baseline: {report.Baseline} ({report.Controls.Length} controls)");
        foreach (var run in runs)
        {
            _console.Out.WriteLine($"Latest run of '{run.PolicySet}': {run.RunId} at {Time(run.RecordedAt)} ({run.Controls.Length} controls)");
        }

        _console.Out.WriteLine();
        HistoryCommand.WriteTable(
            _console.Out,
            arguments.Format,
            ["Catalog controls", "Automated+evidenced", "Declared only", "Missing", "Automated share"],
            [[Count(report.Controls.Length), Count(report.Automated), Count(report.DeclaredOnly), Count(report.Missing), Percent(report.AutomatedShare)]],
            firstNumericColumn: 0);
        if (report.UnknownIds.Length > 0)
        {
            _console.Out.WriteLine();
            _console.Out.WriteLine($"Catalog ids not in the baseline (counted nowhere): {string.Join(", ", report.UnknownIds)}");
        }

        return ExitCodes.Success;
    }

    private void WriteJson(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            write(writer);
        }

        _console.Out.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void PeriodsJson(Utf8JsonWriter writer, CoverageArguments arguments, IReadOnlyList<CoverageRow> rows, (IReadOnlyList<CoverageRow> Teams, CoverageRow Organisation)? teams)
    {
        writer.WriteStartObject();
        writer.WriteString("period", arguments.Period == CoveragePeriod.Month ? "month" : "week");
        writer.WriteString("by", arguments.By switch
        {
            CoverageGrouping.Team => "team",
            CoverageGrouping.EnforcementPoint => "enforcement-point",
            _ => "none",
        });
        if (arguments.PolicySet is { } policySet)
        {
            writer.WriteString("policySet", policySet);
        }

        writer.WriteStartArray("rows");
        foreach (var row in rows)
        {
            writer.WriteStartObject();
            writer.WriteString("period", Label(row.PeriodStart, arguments.Period));
            writer.WriteString("starts", row.PeriodStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            if (row.Group is { } group)
            {
                writer.WriteString(arguments.By == CoverageGrouping.Team ? "team" : "enforcementPoint", group);
            }

            WriteCounts(writer, row);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        if (teams is var (teamTotals, organisation))
        {
            writer.WriteStartObject("organisation");
            WriteCounts(writer, organisation);
            writer.WriteEndObject();
            writer.WriteStartArray("teams");
            foreach (var team in teamTotals)
            {
                writer.WriteStartObject();
                writer.WriteString("team", team.Group);
                WriteCounts(writer, team);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteString("lowestTeam", teamTotals[0].Group);
        }

        writer.WriteEndObject();
    }

    private static void WriteCounts(Utf8JsonWriter writer, CoverageRow row)
    {
        writer.WriteNumber("observations", row.Observations);
        writer.WriteNumber("automatedAndEvidenced", row.AutomatedAndEvidenced);
        writer.WriteNumber("declaredOnly", row.DeclaredOnly);
        writer.WriteNumber("notAutomated", row.NotAutomated);
        writer.WriteNumber("automatedShare", Math.Round(row.AutomatedShare, 4));
    }

    private static void FrameworkJson(Utf8JsonWriter writer, string catalogPath, IReadOnlyList<RunRecord> runs, CatalogCoverageReport report)
    {
        writer.WriteStartObject();
        writer.WriteString("baseline", report.Baseline);
        writer.WriteString("catalogFile", catalogPath);
        writer.WriteStartArray("runs");
        foreach (var run in runs)
        {
            writer.WriteStartObject();
            writer.WriteString("policySet", run.PolicySet);
            writer.WriteString("runId", run.RunId);
            writer.WriteString("recordedAt", Time(run.RecordedAt));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteNumber("catalogControls", report.Controls.Length);
        writer.WriteNumber("automatedAndEvidenced", report.Automated);
        writer.WriteNumber("declaredOnly", report.DeclaredOnly);
        writer.WriteNumber("missing", report.Missing);
        writer.WriteNumber("automatedShare", Math.Round(report.AutomatedShare, 4));
        writer.WriteStartArray("unknownIds");
        foreach (var id in report.UnknownIds)
        {
            writer.WriteStringValue(id);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("controls");
        foreach (var control in report.Controls)
        {
            writer.WriteStartObject();
            writer.WriteString("id", control.Id);
            if (control.Title is { } title)
            {
                writer.WriteString("title", title);
            }

            writer.WriteString("status", control.Status switch
            {
                CatalogControlStatus.Automated => "automated",
                CatalogControlStatus.DeclaredOnly => "declared-only",
                _ => "missing",
            });
            writer.WriteStartArray("declaredBy");
            foreach (var name in control.DeclaredBy)
            {
                writer.WriteStringValue(name);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static string[] Row(CoverageRow row, CoveragePeriod period, bool grouped)
    {
        List<string> cells = [Label(row.PeriodStart, period), row.PeriodStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)];
        if (grouped)
        {
            cells.Add(row.Group ?? string.Empty);
        }

        cells.AddRange(
        [
            Count(row.Observations),
            Count(row.AutomatedAndEvidenced),
            Count(row.DeclaredOnly),
            Count(row.NotAutomated),
            row.Observations == 0 ? "-" : Share(row),
        ]);
        return [.. cells];
    }

    private static string Label(DateOnly start, CoveragePeriod period)
    {
        if (period == CoveragePeriod.Month)
        {
            return start.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        }

        var monday = start.ToDateTime(TimeOnly.MinValue);
        return string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(monday)}-W{ISOWeek.GetWeekOfYear(monday):00}");
    }

    private static string Share(CoverageRow row) => Percent(row.AutomatedShare);

    private static string Percent(double share) => share.ToString("P1", CultureInfo.InvariantCulture);

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
