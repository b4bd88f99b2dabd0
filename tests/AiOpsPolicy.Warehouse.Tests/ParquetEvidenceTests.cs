// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json;
using System.Text.RegularExpressions;
using AiOpsPolicy.Cli;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Evidence;
using Parquet.Schema;

namespace AiOpsPolicy.Warehouse.Tests;

/// <summary>Parquet evidence: the same contract, diagnostics, quarantine and decisions as JSON, NDJSON and CSV.</summary>
public sealed class ParquetEvidenceTests
{
    private const string AsOf = "2026-11-28T12:00:00Z";

    private static readonly IEvidenceFormat[] Parquet = [ParquetEvidenceFormat.Instance];

    [Fact]
    public void Gate_WhenTheExampleEvidenceIsParquet_ShouldDecideEveryGateAsFromJson()
    {
        // Given
        using var temp = new TempDirectory();
        var (folder, converted) = ParquetSamples.ExampleAsParquet(temp, "parquet");
        Assert.True(converted >= 8, $"only {converted} files converted");

        // When
        var fromJson = Gate(Repository.ExampleEvidence, temp.Combine("json.json"), out var jsonExit);
        var fromParquet = Gate(folder, temp.Combine("parquet.json"), out var parquetExit);

        // Then
        Assert.Equal(1, jsonExit);
        Assert.Equal(jsonExit, parquetExit);
        Assert.Equal(fromJson, fromParquet);
    }

    [Fact]
    public void Eval_WhenRecordsLieAfterAsOf_ShouldLeaveThemOutAsForNdjson()
    {
        // Given: an as-of in the middle of the example's runs
        using var temp = new TempDirectory();
        var (folder, _) = ParquetSamples.ExampleAsParquet(temp, "parquet");
        const string Early = "2026-11-22T12:00:00Z";
        const string Expression = "SlaAttainment(\"ticket-triage\", step: \"inference\")";

        // When
        var fromJson = Eval(Expression, Repository.ExampleEvidence, Early);
        var fromParquet = Eval(Expression, folder, Early);
        var later = Eval(Expression, folder, AsOf);

        // Then
        Assert.Equal(fromJson, fromParquet);
        Assert.NotEqual(later, fromParquet);
    }

    [Fact]
    public void Load_WhenARowIsInvalid_ShouldQuarantineItNamingFileRowAndColumnAndKeepTheOthers()
    {
        // Given: row 2 has an outcome that is not kebab-case, row 3 a NaN transaction count
        using var temp = new TempDirectory();
        var path = temp.Combine("runs.workflow-runs.parquet");
        ParquetSamples.Write(
            path,
            "workflow-runs",
            "2026-11-28T06:00:00Z",
            """{"id": "r1", "workflow": "wf", "startedAt": "2026-11-20T10:00:00Z", "endedAt": "2026-11-20T10:01:00Z", "outcome": "ok", "transactions": 1.5}""",
            """{"id": "r2", "workflow": "wf", "startedAt": "2026-11-20T10:00:00Z", "endedAt": "2026-11-20T10:01:00Z", "outcome": "Not OK", "transactions": 1}""",
            """{"id": "r3", "workflow": "wf", "startedAt": "2026-11-20T10:00:00Z", "endedAt": "2026-11-20T10:01:00Z", "outcome": "ok", "transactions": 2}""");

        // When
        var result = EvidenceLoader.Load([path], Parquet);

        // Then
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        Assert.Equal(["r3"], result.Evidence.Get<WorkflowRun>(EvidenceKind.WorkflowRuns).Select(r => r.Id));
        var problems = result.Diagnostics.Where(d => d.Descriptor == DiagnosticCatalog.EvidenceField).Select(d => d.ToString()).ToList();
        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.Contains("runs.workflow-runs.parquet", StringComparison.Ordinal) && p.Contains("row 1", StringComparison.Ordinal) && p.Contains("transactions", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("row 2", StringComparison.Ordinal) && p.Contains("outcome", StringComparison.Ordinal) && p.Contains("Not OK", StringComparison.Ordinal));
        Assert.Equal(2, result.Evidence.Quality.Kinds.Single().Invalid);
    }

    [Fact]
    public void Load_WhenTypedColumnsHoldTheRecords_ShouldReadWhatTheSameNdjsonGives()
    {
        // Given: UTC timestamps, a nullable step, a whole-number column, a double NaN in a second file
        using var temp = new TempDirectory();
        var path = temp.Combine("typed.parquet");
        var started = new[] { new DateTime(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc), new DateTime(2026, 11, 20, 11, 0, 0, 500, DateTimeKind.Utc) };
        var id = new DataField<string>("id");
        var workflow = new DataField<string>("workflow");
        var step = new DataField<string>("step", nullable: true);
        var startedAt = new DateTimeDataField("startedAt", DateTimeFormat.Timestamp, isAdjustedToUTC: true, isNullable: true);
        var endedAt = new DateTimeDataField("endedAt", DateTimeFormat.Timestamp, isAdjustedToUTC: true, isNullable: true);
        var outcome = new DataField<string>("outcome");
        var transactions = new DataField<int?>("transactions");
        ParquetEvidenceWriter.Write(
            path,
            new ParquetSchema(id, workflow, step, startedAt, endedAt, outcome, transactions),
            ParquetEvidenceWriter.Metadata("workflow-runs", "2026-11-28T06:00:00Z"),
            [
                g => g.WriteAsync(id, ["a", "b"]),
                g => g.WriteAsync(workflow, ["wf", "wf"]),
                g => g.WriteAsync(step, [null, "inference"]),
                g => g.WriteAsync<DateTime>(startedAt, (ReadOnlyMemory<DateTime?>)started.Select(t => (DateTime?)t).ToArray()),
                g => g.WriteAsync<DateTime>(endedAt, (ReadOnlyMemory<DateTime?>)started.Select(t => (DateTime?)t.AddSeconds(90)).ToArray()),
                g => g.WriteAsync(outcome, ["ok", "routed-correctly"]),
                g => g.WriteAsync<int>(transactions, (ReadOnlyMemory<int?>)new int?[] { 3, null }),
            ]);
        var ndjson = temp.Combine("typed.workflow-runs.ndjson");
        File.WriteAllLines(ndjson, [
            """{"$evidence": {"kind": "workflow-runs", "collectedAt": "2026-11-28T06:00:00Z"}}""",
            """{"id": "a", "workflow": "wf", "startedAt": "2026-11-20T10:00:00Z", "endedAt": "2026-11-20T10:01:30Z", "outcome": "ok", "transactions": 3}""",
            """{"id": "b", "workflow": "wf", "step": "inference", "startedAt": "2026-11-20T11:00:00.5Z", "endedAt": "2026-11-20T11:01:30.5Z", "outcome": "routed-correctly"}""",
        ]);

        // When
        var fromParquet = EvidenceLoader.Load([path], Parquet);
        var fromNdjson = EvidenceLoader.Load([ndjson], Parquet);

        // Then
        Assert.Empty(fromParquet.Diagnostics);
        Assert.Equal(Describe(fromNdjson.Evidence.Get<WorkflowRun>(EvidenceKind.WorkflowRuns)), Describe(fromParquet.Evidence.Get<WorkflowRun>(EvidenceKind.WorkflowRuns)));
    }

    [Fact]
    public void Write_WhenTextRepeats_ShouldDictionaryEncodeItAndReadBackWhatTheNdjsonGives()
    {
        // Given: 200 runs over two workflows and three outcomes, each with its own id
        using var temp = new TempDirectory();
        var ndjson = temp.Combine("runs.workflow-runs.ndjson");
        string[] outcomes = ["ok", "routed-correctly", "failed"];
        var lines = Enumerable.Range(0, 200).Select(i =>
            $$"""{"id": "run-{{i}}", "workflow": "wf-{{i % 2}}", "startedAt": "2026-11-20T10:00:00Z", "endedAt": "2026-11-20T10:01:30Z", "outcome": "{{outcomes[i % 3]}}"}""").ToList();
        File.WriteAllLines(ndjson, ["""{"$evidence": {"kind": "workflow-runs", "collectedAt": "2026-11-28T06:00:00Z"}}""", .. lines]);
        var path = temp.Combine("runs.parquet");

        // When
        ParquetEvidenceWriter.Write(path, "workflow-runs", "2026-11-28T06:00:00Z", [.. lines.Select(l => JsonDocument.Parse(l).RootElement.Clone())]);

        // Then: the names are stored once per row group (as Arrow, Spark and DuckDB write them), the ids whole; the records are the NDJSON's
        var encodings = Encodings(path);
        Assert.Contains(encodings["workflow"], IsDictionary);
        Assert.Contains(encodings["outcome"], IsDictionary);
        Assert.DoesNotContain(encodings["id"], IsDictionary);
        var fromParquet = EvidenceLoader.Load([path], Parquet);
        Assert.Empty(fromParquet.Diagnostics);
        Assert.Equal(Describe(EvidenceLoader.Load([ndjson], Parquet).Evidence.Get<WorkflowRun>(EvidenceKind.WorkflowRuns)), Describe(fromParquet.Evidence.Get<WorkflowRun>(EvidenceKind.WorkflowRuns)));
    }

    [Theory]
    [InlineData(64, 4)]
    [InlineData(ParquetEvidenceWriter.RowGroupRows, 1)]
    public void Write_WhenThereAreMoreRowsThanARowGroupHolds_ShouldWriteSeveralAndReadBackWhatTheNdjsonGives(int rowGroupRows, int groups)
    {
        // Given: 200 runs, a null transaction count and a missing step among them
        using var temp = new TempDirectory();
        var ndjson = temp.Combine("runs.workflow-runs.ndjson");
        var lines = Enumerable.Range(0, 200).Select(i =>
            $$"""{"id": "run-{{i}}", "workflow": "wf-{{i % 2}}", {{(i % 7 == 0 ? string.Empty : $"\"step\": \"s-{i % 3}\", ")}}"startedAt": "2026-11-20T10:00:00Z", "endedAt": "2026-11-20T10:01:30Z", "outcome": "ok", "transactions": {{(i % 5 == 0 ? "null" : i.ToString(System.Globalization.CultureInfo.InvariantCulture))}}}""").ToList();
        File.WriteAllLines(ndjson, ["""{"$evidence": {"kind": "workflow-runs", "collectedAt": "2026-11-28T06:00:00Z"}}""", .. lines]);
        var path = temp.Combine("runs.parquet");

        // When
        ParquetEvidenceWriter.Write(path, "workflow-runs", "2026-11-28T06:00:00Z", [.. lines.Select(l => JsonDocument.Parse(l).RootElement.Clone())], rowGroupRows);

        // Then: row groups of at most the given rows, which the reader joins back into the NDJSON's records, in order
        Assert.Equal(groups, RowGroups(path));
        var fromParquet = EvidenceLoader.Load([path], Parquet);
        Assert.Empty(fromParquet.Diagnostics);
        Assert.Equal(Describe(EvidenceLoader.Load([ndjson], Parquet).Evidence.Get<WorkflowRun>(EvidenceKind.WorkflowRuns)), Describe(fromParquet.Evidence.Get<WorkflowRun>(EvidenceKind.WorkflowRuns)));
    }

    [Fact]
    public void Load_WhenTheWarehouseIsSlowToAnswer_ShouldDigestTheFilesAsWithoutIt()
    {
        // Given: the example as Parquet, and a warehouse that takes its time over every file before leaving it to the
        // Parquet reader, so that the loader meets files the other thread is still deciding about and digests them while
        // it waits (the others it asks about itself)
        using var temp = new TempDirectory();
        var (folder, _) = ParquetSamples.ExampleAsParquet(temp, "parquet");

        // When
        var alone = EvidenceLoader.Load([folder], Parquet, warehouse: null, pushDown: true, connections: []);
        var waited = EvidenceLoader.Load([folder], Parquet, new SlowWarehouse(), pushDown: true, connections: []);

        // Then
        Assert.Equal(alone.Evidence.Digest, waited.Evidence.Digest);
        Assert.Equal(alone.Evidence.Files.Select(f => (f.Path, f.Records)), waited.Evidence.Files.Select(f => (f.Path, f.Records)));
    }

    [Fact]
    public void Load_WhenTheWarehouseIsAskedAhead_ShouldAskAboutTheLargestFileFirstAndEveryFileOnce()
    {
        // Given: the example as Parquet, and a warehouse that notes which thread asks about what, and holds the first
        // thread to ask until another one asks too: the loader (going in file order) and the thread that asks ahead
        // (largest file first) then each show their first choice, whatever the machine's timing
        using var temp = new TempDirectory();
        var (folder, _) = ParquetSamples.ExampleAsParquet(temp, "parquet");
        var parquet = Directory.GetFiles(folder, "*.parquet");
        var alone = EvidenceLoader.Load([folder], Parquet, warehouse: null, pushDown: true, connections: []);
        using var warehouse = new RecordingWarehouse();

        // When
        var asked = EvidenceLoader.Load([folder], Parquet, warehouse, pushDown: true, connections: []);

        // Then: the largest file is one of the two first choices; every file is asked about once (every Parquet file among
        // them); the load is the same as without the warehouse
        var all = warehouse.Asked.Select(a => a.Path).ToList();
        var largest = all.OrderByDescending(p => new FileInfo(p).Length).ThenBy(p => p, StringComparer.Ordinal).First();
        var firstChoices = warehouse.Asked.GroupBy(a => a.Thread).Select(g => g.First().Path).ToList();
        Assert.True(parquet.Length > 2, "the example has several Parquet files");
        Assert.Equal(2, firstChoices.Count);
        Assert.Contains(largest, firstChoices);
        Assert.Equal(all.Count, all.Distinct(StringComparer.Ordinal).Count());
        Assert.Subset(all.ToHashSet(StringComparer.Ordinal), parquet.ToHashSet(StringComparer.Ordinal));
        Assert.Equal(alone.Evidence.Digest, asked.Evidence.Digest);
        Assert.Equal(alone.Evidence.Files.Select(f => (f.Path, f.Records)), asked.Evidence.Files.Select(f => (f.Path, f.Records)));
    }

    [Fact]
    public void Load_WhenATimestampIsNotAdjustedToUtc_ShouldQuarantineTheRowAsATimeWithoutOffset()
    {
        // Given
        using var temp = new TempDirectory();
        var path = temp.Combine("local.workflow-runs.parquet");
        var id = new DataField<string>("id");
        var workflow = new DataField<string>("workflow");
        var startedAt = new DateTimeDataField("startedAt", DateTimeFormat.Timestamp, isAdjustedToUTC: false, isNullable: true);
        var endedAt = new DataField<string>("endedAt");
        var outcome = new DataField<string>("outcome");
        ParquetEvidenceWriter.Write(
            path,
            new ParquetSchema(id, workflow, startedAt, endedAt, outcome),
            ParquetEvidenceWriter.Metadata("workflow-runs", "2026-11-28T06:00:00Z"),
            [
                g => g.WriteAsync(id, ["a"]),
                g => g.WriteAsync(workflow, ["wf"]),
                g => g.WriteAsync<DateTime>(startedAt, (ReadOnlyMemory<DateTime?>)new DateTime?[] { new DateTime(2026, 11, 20, 10, 0, 0, DateTimeKind.Unspecified) }),
                g => g.WriteAsync(endedAt, ["2026-11-20T10:01:00Z"]),
                g => g.WriteAsync(outcome, ["ok"]),
            ]);

        // When
        var result = EvidenceLoader.Load([path], Parquet);

        // Then
        Assert.Empty(result.Evidence.Get<WorkflowRun>(EvidenceKind.WorkflowRuns));
        var problem = Assert.Single(result.Diagnostics, d => d.Descriptor == DiagnosticCatalog.EvidenceField).ToString();
        Assert.Contains("row 1", problem, StringComparison.Ordinal);
        Assert.Contains("startedAt", problem, StringComparison.Ordinal);
        Assert.Contains("2026-11-20T10:00:00", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WhenAFileIsNotParquet_ShouldReportThatFileAndStillReadTheOthers()
    {
        // Given: a truncated file and a text file named .parquet beside a good one
        using var temp = new TempDirectory();
        var folder = Directory.CreateDirectory(temp.Combine("evidence")).FullName;
        ParquetSamples.Write(
            Path.Combine(folder, "good.workflow-runs.parquet"),
            "workflow-runs",
            "2026-11-28T06:00:00Z",
            """{"id": "r1", "workflow": "wf", "startedAt": "2026-11-20T10:00:00Z", "endedAt": "2026-11-20T10:01:00Z", "outcome": "ok"}""");
        var good = File.ReadAllBytes(Path.Combine(folder, "good.workflow-runs.parquet"));
        File.WriteAllBytes(Path.Combine(folder, "cut.workflow-runs.parquet"), good[..(good.Length / 2)]);
        File.WriteAllText(Path.Combine(folder, "text.workflow-runs.parquet"), "id,workflow\nr9,wf\n");

        // When
        var result = EvidenceLoader.Load([folder], Parquet);

        // Then
        var errors = result.Diagnostics.Where(d => d.IsError).ToList();
        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.Equal(DiagnosticCatalog.EvidenceSyntax, e.Descriptor));
        Assert.Contains(errors, e => e.Location.Path.EndsWith("cut.workflow-runs.parquet", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Location.Path.EndsWith("text.workflow-runs.parquet", StringComparison.Ordinal) && e.Message.Contains("Parquet", StringComparison.Ordinal));
        // Each says what to do once: the format's words and the diagnostic's advice do not repeat each other.
        Assert.All(errors, e => Assert.Single(Regex.Matches(e.Message, "re-export", RegexOptions.IgnoreCase)));
        Assert.Equal(["r1"], result.Evidence.Get<WorkflowRun>(EvidenceKind.WorkflowRuns).Select(r => r.Id));
    }

    [Fact]
    public void Load_WhenTheMetadataNamesAnUnknownKind_ShouldRefuseTheFileListingTheKinds()
    {
        // Given
        using var temp = new TempDirectory();
        var path = temp.Combine("runs.parquet");
        ParquetSamples.Write(path, "workflow-run", "2026-11-28T06:00:00Z", """{"id": "r1"}""");

        // When
        var result = EvidenceLoader.Load([path], Parquet);

        // Then
        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.Equal(DiagnosticCatalog.UnknownEvidenceKind, error.Descriptor);
        Assert.Contains("'workflow-run'", error.Message, StringComparison.Ordinal);
        Assert.Contains("workflow-runs", error.Message, StringComparison.Ordinal);
    }

    private static string Describe(IEnumerable<WorkflowRun> runs) =>
        string.Join("\n", runs.Select(r => $"{r.Id}|{r.Workflow}|{r.Step}|{r.StartedAt:O}|{r.EndedAt:O}|{r.Outcome}|{r.Transactions}|{r.CollectedAt:O}"));

    private static string Gate(string evidence, string report, out int exitCode)
    {
        using var console = new TestConsole();
        exitCode = Program.Run(["gate", "--policies", Repository.HelpdeskPolicies, "--evidence", evidence, "--as-of", AsOf, "--no-cache", "--no-color", "--json", report], console, () => DateTimeOffset.Parse(AsOf, System.Globalization.CultureInfo.InvariantCulture));
        using var document = JsonDocument.Parse(File.ReadAllBytes(report));
        // The gates name the evidence files they read: the folder and the extension are what differs.
        return Regex.Replace(document.RootElement.GetProperty("gates").GetRawText(), "\"path\": \"[^\"]*\"", "\"path\": \"\"");
    }

    private static string Eval(string expression, string evidence, string asOf)
    {
        using var console = new TestConsole();
        var exitCode = Program.Run(["eval", expression, "--policies", Repository.HelpdeskPolicies, "--evidence", evidence, "--as-of", asOf, "--no-cache"], console, () => DateTimeOffset.Parse(asOf, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(exitCode == 0, console.ErrText + console.OutText);
        return console.OutText;
    }

    private static bool IsDictionary(global::Parquet.Meta.Encoding encoding) => encoding is global::Parquet.Meta.Encoding.PLAIN_DICTIONARY or global::Parquet.Meta.Encoding.RLE_DICTIONARY;

    private static int RowGroups(string path)
    {
        using var stream = File.OpenRead(path);
        var reader = global::Parquet.ParquetReader.CreateAsync(stream).GetAwaiter().GetResult();
        try
        {
            return reader.RowGroupCount;
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static Dictionary<string, List<global::Parquet.Meta.Encoding>> Encodings(string path)
    {
        using var stream = File.OpenRead(path);
        var reader = global::Parquet.ParquetReader.CreateAsync(stream).GetAwaiter().GetResult();
        try
        {
            return reader.Metadata!.RowGroups[0].Columns.ToDictionary(c => string.Join('.', c.MetaData!.PathInSchema), c => c.MetaData!.Encodings, StringComparer.Ordinal);
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>
    /// A warehouse that keeps nothing and notes, in order, each file it is asked about and the thread that asked; the first
    /// thread to ask waits, at every question, until another thread has asked one.
    /// </summary>
    private sealed class RecordingWarehouse : IEvidenceWarehouse, IDisposable
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<(string Path, int Thread)> _asked = new();
        private readonly ManualResetEventSlim _secondAsked = new();
        private int _firstThread;

        public IReadOnlyList<string> Extensions { get; } = [".parquet"];

        public IReadOnlyList<(string Path, int Thread)> Asked => [.. _asked];

        public IReadOnlyList<WarehousePart>? Open(string fullPath, string display, bool keep, Func<PushDownPlan?>? plan = null)
        {
            var thread = Environment.CurrentManagedThreadId;
            _asked.Enqueue((fullPath, thread));
            var first = Interlocked.CompareExchange(ref _firstThread, thread, 0);
            if (first == 0 || first == thread)
            {
                Assert.True(_secondAsked.Wait(TimeSpan.FromSeconds(30)), "no second thread asked about a file");
            }
            else
            {
                _secondAsked.Set();
            }

            return null;
        }

        public void Dispose() => _secondAsked.Dispose();
    }

    /// <summary>A warehouse that keeps nothing, and answers about each file only after 50 ms.</summary>
    private sealed class SlowWarehouse : IEvidenceWarehouse
    {
        public IReadOnlyList<string> Extensions { get; } = [".parquet"];

        public IReadOnlyList<WarehousePart>? Open(string fullPath, string display, bool keep, Func<PushDownPlan?>? plan = null)
        {
            Thread.Sleep(50);
            return null;
        }
    }
}
