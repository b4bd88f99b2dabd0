// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text;
using System.Text.Json;
using AiOpsPolicy.Cli.Arguments;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Oscal;
using AiOpsPolicy.Core.Results;
using AiOpsPolicy.Core.Text;
using AiOpsPolicy.History;
using AiOpsPolicy.History.Trends;
using AiOpsPolicy.Reporting;
using AiOpsPolicy.Reporting.Coverage;

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
            WriteJson(writer => CoverageJson.WritePeriods(writer, arguments.Period, arguments.By, arguments.PolicySet, rows, teams));
            return ExitCodes.Success;
        }

        var grouped = arguments.By != CoverageGrouping.Week;
        List<string> headers = [arguments.Period == CoveragePeriod.Month ? "Month" : "Week", "Starts"];
        if (grouped)
        {
            headers.Add(arguments.By == CoverageGrouping.Team ? "Team" : "Enforcement point");
        }

        headers.AddRange(["Observations", "Automated+evidenced", "Declared only", "Not automated", "Automated share"]);
        var table = rows.Select(r => CoverageText.Row(r, arguments.Period, grouped)).ToList();
        TextTable.Write(_console.Out, arguments.Format == HistoryArguments.Markdown, headers, table, firstNumericColumn: grouped ? 3 : 2);
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
        _console.Out.WriteLine($"Over the range: the organisation is {CoverageText.Share(organisation)} automated and evidenced ({organisation.Observations} observations, {teams.Count} team(s)).");
        if (teams.Count == 1)
        {
            _console.Out.WriteLine($"Only one team: {lowest.Group} at {CoverageText.Share(lowest)}.");
            return;
        }

        // What the organisation's share would be without the lowest team: how far that team pulls it down.
        var rest = organisation.Observations - lowest.Observations;
        var without = rest == 0 ? 0 : (double)(organisation.AutomatedAndEvidenced - lowest.AutomatedAndEvidenced) / rest;
        var gap = (organisation.AutomatedShare - lowest.AutomatedShare) * 100;
        _console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Lowest team: {lowest.Group} at {CoverageText.Share(lowest)} ({lowest.Observations} observations), {gap:0.0} points below the organisation; without it the organisation would be at {CoverageText.Percent(without)}."));
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
            WriteJson(writer => CoverageJson.WriteFramework(writer, arguments.Catalog!, [.. runs.Select(r => (r.PolicySet, r.RunId, r.RecordedAt))], report));
            return ExitCodes.Success;
        }

        _console.Out.WriteLine($"Baseline: {report.Baseline} ({report.Controls.Length} controls)");
        foreach (var run in runs)
        {
            _console.Out.WriteLine($"Latest run of '{run.PolicySet}': {run.RunId} at {CoverageText.Time(run.RecordedAt)} ({run.Controls.Length} controls)");
        }

        _console.Out.WriteLine();
        TextTable.Write(
            _console.Out,
            arguments.Format == HistoryArguments.Markdown,
            ["Catalog controls", "Automated+evidenced", "Declared only", "Missing", "Automated share"],
            [[CoverageText.Count(report.Controls.Length), CoverageText.Count(report.Automated), CoverageText.Count(report.DeclaredOnly), CoverageText.Count(report.Missing), CoverageText.Percent(report.AutomatedShare)]],
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
}
