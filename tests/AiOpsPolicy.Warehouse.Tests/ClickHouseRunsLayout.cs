// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text;

namespace AiOpsPolicy.Warehouse.Tests;

/// <summary>
/// Generated runs (<see cref="RunsWarehouse"/>) loaded into ClickHouse twice: whole, into one server's
/// <c>MergeTree</c> table, and split between the two servers' local tables behind a <c>Distributed</c> table. Times are
/// Int64 Unix microseconds (ClickHouse 18.16 has no sub-second time type). Every table is an evidence database as
/// docs/evidence.md lays it out: <c>workflow_runs</c> and <c>aiops_evidence</c>; the shards' local tables live in a
/// database of their own.
/// </summary>
internal static class ClickHouseRunsLayout
{
    private const string Columns = "(id String, workflow Nullable(String), step Nullable(String), startedAt Int64, endedAt Int64, outcome Nullable(String), transactions Nullable(Int64))";

    private static readonly long EpochTicks = DateTimeOffset.UnixEpoch.UtcTicks;

    /// <summary>
    /// Orders runs as ClickHouse reads them (by every column in turn, text by its bytes, NULL last), so that the files
    /// the other sources are written from list them in the same order: an expression that takes the first run, and
    /// the loader's first-wins choice between duplicates, then see the same runs everywhere.
    /// </summary>
    public static List<RunsWarehouse.Run> InClickHouseOrder(IEnumerable<RunsWarehouse.Run> runs) =>
        [.. runs.Order(Comparer<RunsWarehouse.Run>.Create(Compare))];

    /// <summary>Loads the runs into databases <c>{name}_one</c> (server 1) and <c>{name}_two</c> (Distributed over both).</summary>
    /// <returns>The two databases' URLs.</returns>
    public static (string One, string Two) Load(ClickHouseCluster cluster, string name, IReadOnlyList<RunsWarehouse.Run> runs)
    {
        var one = name + "_one";
        var two = name + "_two";
        var local = name + "_local";
        cluster.Execute(0, $"CREATE DATABASE {one}", $"CREATE TABLE {one}.workflow_runs {Columns} ENGINE = MergeTree ORDER BY id");
        cluster.Insert(0, $"{one}.workflow_runs", Tsv(runs));
        for (var server = 0; server < 2; server++)
        {
            cluster.Execute(server, $"CREATE DATABASE {local}", $"CREATE TABLE {local}.workflow_runs {Columns} ENGINE = MergeTree ORDER BY id");
            var shard = server;
            cluster.Insert(server, $"{local}.workflow_runs", Tsv(runs.Where((_, i) => i % 2 == shard)));
        }

        cluster.Execute(0, $"CREATE DATABASE {two}", $"CREATE TABLE {two}.workflow_runs AS {local}.workflow_runs ENGINE = Distributed(two, {local}, workflow_runs)");
        foreach (var database in new[] { one, two })
        {
            cluster.Execute(0, $"CREATE TABLE {database}.aiops_evidence (kind String, collectedAt String) ENGINE = TinyLog");
            cluster.Insert(0, $"{database}.aiops_evidence", $"workflow-runs\t{RunsWarehouse.CollectedAt}\n");
        }

        return (cluster.Url(0, one), cluster.Url(0, two));
    }

    /// <summary>Runs as ClickHouse's <c>TabSeparated</c> input.</summary>
    public static string Tsv(IEnumerable<RunsWarehouse.Run> runs)
    {
        var text = new StringBuilder();
        foreach (var run in runs)
        {
            text.Append(Field(run.Id)).Append('\t').Append(Field(run.Workflow)).Append('\t').Append(Field(run.Step)).Append('\t')
                .Append(Micros(run.Started)).Append('\t').Append(Micros(run.Ended)).Append('\t').Append(Field(run.Outcome)).Append('\t')
                .Append(run.Transactions is { } t ? t.ToString(CultureInfo.InvariantCulture) : @"\N").Append('\n');
        }

        return text.ToString();
    }

    private static string Micros(DateTimeOffset time) => ((time.UtcTicks - EpochTicks) / 10).ToString(CultureInfo.InvariantCulture);

    private static string Field(string? text) =>
        text is null ? @"\N" : text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("\t", @"\t", StringComparison.Ordinal).Replace("\n", @"\n", StringComparison.Ordinal);

    private static int Compare(RunsWarehouse.Run a, RunsWarehouse.Run b)
    {
        var order = Text(a.Id, b.Id);
        order = order != 0 ? order : Text(a.Workflow, b.Workflow);
        order = order != 0 ? order : Text(a.Step, b.Step);
        order = order != 0 ? order : a.Started.UtcTicks.CompareTo(b.Started.UtcTicks);
        order = order != 0 ? order : a.Ended.UtcTicks.CompareTo(b.Ended.UtcTicks);
        order = order != 0 ? order : Text(a.Outcome, b.Outcome);
        return order != 0 ? order : (a.Transactions, b.Transactions) switch
        {
            (null, null) => 0,
            (null, _) => 1,
            (_, null) => -1,
            var (x, y) => x.GetValueOrDefault().CompareTo(y.GetValueOrDefault()),
        };
    }

    private static int Text(string? a, string? b) => (a, b) switch
    {
        (null, null) => 0,
        (null, _) => 1,
        (_, null) => -1,
        _ => Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b)),
    };
}
