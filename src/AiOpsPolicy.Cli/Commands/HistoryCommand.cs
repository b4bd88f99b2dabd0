// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using AiOpsPolicy.Cli.Arguments;
using AiOpsPolicy.History;
using AiOpsPolicy.History.Trends;
using AiOpsPolicy.Reporting;

namespace AiOpsPolicy.Cli.Commands;

/// <summary>
/// <c>aiops-policy history</c>: a gate's (with its status per run) or metric's trend, the gates that flip most
/// often, or the waivers that keep being renewed, from the history store. Exit 0, or 2 on a usage or store error.
/// </summary>
internal sealed class HistoryCommand
{
    private readonly IConsole _console;

    public HistoryCommand(IConsole console)
    {
        _console = console;
    }

    public int Run(HistoryArguments arguments)
    {
        return WithStore(_console, arguments.Store!, arguments.ConfigPath, store =>
            arguments.Flips ? Flips(store, arguments)
            : arguments.Waivers ? Waivers(store, arguments)
            : Trend(store, arguments));
    }

    /// <summary>
    /// Opens the store, says so plainly when it holds no run, and runs the query; a store that cannot be
    /// opened or read prints one line naming it and exits 2. Never inlined, so that the database drivers
    /// load only when a store is queried.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    internal static int WithStore(IConsole console, string given, string? configPath, Func<IHistoryStore, int> query)
    {
        var configuration = OperatorSettings.Load(console, configPath, []);
        if (configuration is null)
        {
            return ExitCodes.InvalidInput;
        }

        var (target, named) = HistoryTargets.Named(given, configuration);
        if (target is null)
        {
            console.Err.WriteLine(Reporting.ConsoleText.Inline($"error: the history store '{given}' is neither a file here nor a store the operator configuration declares ({HistoryTargets.Declared(configuration)}). Give a SQLite file, a PostgreSQL connection string, or a name declared under historyStores (--config FILE or $AIOPS_POLICY_CONFIG)."));
            return ExitCodes.InvalidInput;
        }

        // A declared store is shown by its name: its target may be a connection string with a password in it.
        var shown = named ? $"'{given}'" : HistoryTargets.LooksLikeConnectionString(target) ? "the PostgreSQL store" : $"'{target}'";
        try
        {
            if (!HistoryTargets.LooksLikeConnectionString(target) && !File.Exists(target))
            {
                console.Err.WriteLine(Reporting.ConsoleText.Inline($"error: the history store {shown} does not exist; record runs with 'aiops-policy gate --record {given}'."));
                return ExitCodes.InvalidInput;
            }

            var store = HistoryStoreFactory.OpenAsync(target).GetAwaiter().GetResult();
            try
            {
                if (store.CountRunsAsync().GetAwaiter().GetResult() == 0)
                {
                    console.Out.WriteLine($"The history store {shown} holds no runs yet; record some with 'aiops-policy gate --record'.");
                    return ExitCodes.Success;
                }

                return query(store);
            }
            finally
            {
                store.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            console.Err.WriteLine($"error: cannot read the history store {shown}: {ex.Message.TrimEnd('.')}.");
            return ExitCodes.InvalidInput;
        }
    }

    private static string Number(double? value) => value is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "-";

    private int Trend(IHistoryStore store, HistoryArguments arguments)
    {
        var name = arguments.Gate ?? arguments.Metric!;
        var points = store.MetricTrendAsync(name, arguments.Since, arguments.Until).GetAwaiter().GetResult()
            .Where(p => arguments.Gate is null ? string.Equals(p.Metric, name, StringComparison.Ordinal) : string.Equals(p.Gate, name, StringComparison.Ordinal))
            .ToList();
        if (points.Count == 0)
        {
            _console.Out.WriteLine(arguments.Gate is null
                ? $"No values of metric '{name}' were recorded in the range."
                : $"Gate '{name}' was not recorded in the range.");
            return ExitCodes.Success;
        }

        if (arguments.Gate is not null)
        {
            // One row per run: the gate's own observed value, with its metrics' ratios beside it.
            var runs = points
                .GroupBy(p => p.RunId, StringComparer.Ordinal)
                .Select(run =>
                {
                    var gateValue = run.FirstOrDefault(p => p.Metric is null);
                    var metrics = run.Where(p => p.Metric is not null).ToList();
                    return new[]
                    {
                        Time(run.First()),
                        gateValue?.Status ?? run.First().Status ?? "-",
                        metrics.Count == 0 ? "-" : string.Join(", ", metrics.Select(m => m.Metric)),
                        Number(gateValue?.Value ?? (metrics.Count == 1 ? ValueOf(metrics[0]) : null)),
                        metrics.Count == 0 ? "-" : string.Join(", ", metrics.Select(Ratio)),
                        metrics.Count == 0 ? "-" : string.Join(", ", metrics.Select(m => m.SampleSize.ToString(CultureInfo.InvariantCulture))),
                    };
                })
                .ToList();
            _console.Out.WriteLine($"Gate '{name}': {runs.Count} point(s)");
            TextTable.Write(_console.Out, arguments.Format == HistoryArguments.Markdown, ["Time", "Status", "Metric", "Value", "Numerator/Denominator", "Sample"], runs, firstNumericColumn: 3);
            return ExitCodes.Success;
        }

        var rows = points.Select(p => new[]
        {
            Time(p),
            p.Gate,
            Number(ValueOf(p)),
            Ratio(p),
            p.SampleSize.ToString(CultureInfo.InvariantCulture),
        }).ToList();
        _console.Out.WriteLine($"Metric '{name}': {rows.Count} point(s)");
        TextTable.Write(_console.Out, arguments.Format == HistoryArguments.Markdown, ["Time", "Gate", "Value", "Numerator/Denominator", "Sample"], rows, firstNumericColumn: 2);
        return ExitCodes.Success;
    }

    private static string Time(MetricPoint point) => point.RecordedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The point's value, or its ratio when the value was not recorded as a number.</summary>
    private static double? ValueOf(MetricPoint point) =>
        point.Value ?? (point is { Numerator: { } n, Denominator: { } d } && d != 0 ? n / d : null);

    private static string Ratio(MetricPoint point) =>
        point.Numerator is null && point.Denominator is null ? "-" : $"{Number(point.Numerator)}/{Number(point.Denominator)}";

    private int Flips(IHistoryStore store, HistoryArguments arguments)
    {
        var flips = store.FlippingGatesAsync(arguments.Since, arguments.Until, arguments.Top).GetAwaiter().GetResult();
        if (flips.Count == 0)
        {
            _console.Out.WriteLine("No gate changed status between runs in the range.");
            return ExitCodes.Success;
        }

        var rows = flips.Select(f => new[]
        {
            f.PolicySet,
            f.Gate,
            f.LastStatus,
            f.Flips.ToString(CultureInfo.InvariantCulture),
            f.Runs.ToString(CultureInfo.InvariantCulture),
        }).ToList();
        TextTable.Write(_console.Out, arguments.Format == HistoryArguments.Markdown, ["Policy set", "Gate", "Last status", "Flips", "Runs"], rows, firstNumericColumn: 3);
        return ExitCodes.Success;
    }

    private int Waivers(IHistoryStore store, HistoryArguments arguments)
    {
        var renewals = store.WaiverRenewalsAsync(arguments.Since, arguments.Until, arguments.PolicySet).GetAwaiter().GetResult();
        if (renewals.Count == 0)
        {
            _console.Out.WriteLine("No run in the range saw a waiver.");
            return ExitCodes.Success;
        }

        var shown = renewals.Take(arguments.Top).ToList();
        var rows = shown.Select(w => new[]
        {
            w.PolicySet,
            w.Gate,
            w.CurrentWaiver,
            w.Owner,
            w.Ticket,
            Day(w.FirstSeen),
            Day(w.CurrentExpiry),
            w.Waivers.ToString(CultureInfo.InvariantCulture),
            w.Renewals.ToString(CultureInfo.InvariantCulture),
        }).ToList();
        _console.Out.WriteLine(shown.Count < renewals.Count
            ? $"Waived gates, most renewed first: {shown.Count} of {renewals.Count}"
            : $"Waived gates, most renewed first: {renewals.Count}");
        TextTable.Write(_console.Out, arguments.Format == HistoryArguments.Markdown, ["Policy set", "Gate", "Current waiver", "Owner", "Ticket", "First seen", "Expires", "Waivers", "Renewals"], rows, firstNumericColumn: 7);
        return ExitCodes.Success;
    }

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
