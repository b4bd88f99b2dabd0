// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using AiOpsPolicy.Cli.Arguments;
using AiOpsPolicy.History;

namespace AiOpsPolicy.Cli.Commands;

/// <summary>
/// <c>aiops-policy coverage</c>: control coverage per ISO week (optionally per enforcement point) from the
/// history store, oldest week first. Exit 0, or 2 on a usage or store error.
/// </summary>
internal sealed class CoverageCommand
{
    private readonly IConsole _console;

    public CoverageCommand(IConsole console)
    {
        _console = console;
    }

    public int Run(IEnumerable<string> args)
    {
        var (arguments, problem) = CoverageArguments.Parse(args, Environment.GetEnvironmentVariable("AIOPS_POLICY_HISTORY"));
        if (problem is not null)
        {
            return Usage.Fail(_console, problem);
        }

        return HistoryCommand.WithStore(_console, arguments.Store!, store =>
        {
            var points = store.CoverageByWeekAsync(arguments.Since, arguments.Until, arguments.By).GetAwaiter().GetResult();
            if (points.Count == 0)
            {
                _console.Out.WriteLine("No control coverage was recorded in the range.");
                return ExitCodes.Success;
            }

            var byPoint = arguments.By == CoverageGrouping.EnforcementPoint;
            List<string> headers = ["Week", "Starts"];
            if (byPoint)
            {
                headers.Add("Enforcement point");
            }

            headers.AddRange(["Observations", "Automated+evidenced", "Declared only", "Not automated", "Automated share"]);
            var rows = points
                .OrderBy(p => p.WeekStart)
                .ThenBy(p => p.EnforcementPoint, StringComparer.Ordinal)
                .Select(p => Row(p, byPoint))
                .ToList();
            HistoryCommand.WriteTable(_console.Out, arguments.Format, headers, rows, firstNumericColumn: byPoint ? 3 : 2);
            return ExitCodes.Success;
        });
    }

    private static string[] Row(CoveragePoint point, bool byPoint)
    {
        var monday = point.WeekStart.ToDateTime(TimeOnly.MinValue);
        List<string> row =
        [
            string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(monday)}-W{ISOWeek.GetWeekOfYear(monday):00}"),
            point.WeekStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ];
        if (byPoint)
        {
            row.Add(point.EnforcementPoint ?? "unspecified");
        }

        var share = point.Observations == 0 ? "-" : ((double)point.AutomatedAndEvidenced / point.Observations).ToString("P1", CultureInfo.InvariantCulture);
        row.AddRange(
        [
            point.Observations.ToString(CultureInfo.InvariantCulture),
            point.AutomatedAndEvidenced.ToString(CultureInfo.InvariantCulture),
            point.DeclaredOnly.ToString(CultureInfo.InvariantCulture),
            point.NotAutomated.ToString(CultureInfo.InvariantCulture),
            share,
        ]);
        return [.. row];
    }
}
