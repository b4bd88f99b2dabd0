// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Buffers;
using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Evidence.Contract;
using AiOpsPolicy.Core.Files;
using AiOpsPolicy.Core.Syntax;
using AiOpsPolicy.Core.Text;

namespace AiOpsPolicy.Core.Evidence;

/// <summary>
/// Loads evidence files (JSON and YAML envelopes, NDJSON, CSV) into typed records, checking every
/// record and naming the file, the record and the field of each problem.
/// </summary>
public static partial class EvidenceLoader
{
    /// <summary>The most problems reported per file; past that, one line says how many more there were.</summary>
    public const int MaxProblemsPerFile = 20;

    /// <summary>The largest evidence file read (2 GiB is the most a .NET array holds).</summary>
    public const long MaxEvidenceFileBytes = int.MaxValue;

    /// <summary>
    /// The suffix of the provenance record <c>aiops-policy collect</c> writes beside each evidence file
    /// (docs/collect.md): it says where the records came from and is not evidence itself.
    /// </summary>
    public const string ProvenanceSuffix = ".provenance.json";

    private static readonly string[] Extensions = [".json", ".ndjson", ".jsonl", ".yaml", ".yml", ".csv"];

    /// <summary>Loads every evidence file under the given paths.</summary>
    /// <param name="paths">Evidence files or folders.</param>
    /// <returns>The evidence and every problem found.</returns>
    public static EvidenceLoadResult Load(IReadOnlyList<string> paths) => Load(paths, EvidenceFormats.Registered, EvidenceFormats.Warehouse);

    /// <summary>Loads every evidence file under the given paths, reading the given formats beside the built-in ones.</summary>
    /// <param name="paths">Evidence files or folders.</param>
    /// <param name="formats">The formats Core does not read itself (Parquet: <see cref="EvidenceFormats"/>).</param>
    /// <returns>The evidence and every problem found.</returns>
    public static EvidenceLoadResult Load(IReadOnlyList<string> paths, IReadOnlyList<IEvidenceFormat> formats) => Load(paths, formats, null);

    /// <summary>
    /// Loads every evidence file under the given paths, consulting a warehouse first: it may read a whole store
    /// (<c>.duckdb</c>) as parts, or keep a kind in its engine (<see cref="IPushedEvidence"/>). A kind is kept only
    /// while it is the first and only part of its kind: when another file of the kind follows, the kept part is read
    /// into memory through the contract, where it stood in file order, so duplicates across files resolve as always.
    /// </summary>
    /// <param name="paths">Evidence files or folders.</param>
    /// <param name="formats">The formats Core does not read itself.</param>
    /// <param name="warehouse">The warehouse, or null.</param>
    /// <returns>The evidence and every problem found.</returns>
    internal static EvidenceLoadResult Load(IReadOnlyList<string> paths, IReadOnlyList<IEvidenceFormat> formats, IEvidenceWarehouse? warehouse) =>
        Load(paths, formats, warehouse, pushDown: true);

    /// <summary>
    /// Loads every evidence file under the given paths, consulting a warehouse first; with <paramref name="pushDown"/>
    /// false the warehouse still reads its stores (<c>.duckdb</c>) but keeps no kind in its engine: every record is
    /// read into memory through the contract (the operator's <c>gate --no-push-down</c>).
    /// </summary>
    /// <param name="paths">Evidence files or folders.</param>
    /// <param name="formats">The formats Core does not read itself.</param>
    /// <param name="warehouse">The warehouse, or null.</param>
    /// <param name="pushDown">Whether the warehouse may keep a kind in its engine.</param>
    /// <returns>The evidence and every problem found.</returns>
    internal static EvidenceLoadResult Load(IReadOnlyList<string> paths, IReadOnlyList<IEvidenceFormat> formats, IEvidenceWarehouse? warehouse, bool pushDown) =>
        Load(paths, formats, warehouse, pushDown, []);

    /// <summary>
    /// Loads every evidence file under the given paths as <see cref="Load(IReadOnlyList{string}, IReadOnlyList{IEvidenceFormat}, IEvidenceWarehouse?, bool)"/>
    /// does, then the tables of each connection (the operator's <c>clickhouse://</c> locations), in order, as parts.
    /// </summary>
    /// <param name="paths">Evidence files or folders.</param>
    /// <param name="formats">The formats Core does not read itself.</param>
    /// <param name="warehouse">The warehouse, or null.</param>
    /// <param name="pushDown">Whether the warehouse and the connections may keep a kind in their engine.</param>
    /// <param name="connections">The connections, after the files.</param>
    /// <param name="plan">
    /// What the gate will ask of a kept kind (<see cref="PushDownPlan"/>), or null: called by the warehouse when it needs it, so a
    /// host may load the evidence while its policies compile and answer once they have.
    /// </param>
    /// <returns>The evidence and every problem found.</returns>
    internal static EvidenceLoadResult Load(IReadOnlyList<string> paths, IReadOnlyList<IEvidenceFormat> formats, IEvidenceWarehouse? warehouse, bool pushDown, IReadOnlyList<IEvidenceConnection> connections, Func<PushDownPlan?>? plan = null)
    {
        ArgumentNullException.ThrowIfNull(connections);
        ArgumentNullException.ThrowIfNull(formats);
        var diagnostics = new List<Diagnostic>();
        var extensions = formats.Count == 0 && warehouse is null ? Extensions : [.. Extensions, .. formats.SelectMany(f => f.Extensions), .. warehouse?.Extensions ?? []];
        var fullPaths = SourceFileReader.Enumerate(paths, extensions, relative => relative.EndsWith(ProvenanceSuffix, StringComparison.OrdinalIgnoreCase), diagnostics);
        if (fullPaths.Count == 0 && diagnostics.Count == 0 && connections.Count == 0)
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.NoEvidenceFiles, SourceLocation.None, string.Join(", ", paths)));
        }

        var lists = new List<EvidenceRecord>?[Enum.GetValues<EvidenceKind>().Length];
        var keys = new HashSet<string>?[lists.Length];
        var duplicates = new Duplicates?[lists.Length];
        var files = ImmutableArray.CreateBuilder<EvidenceFile>();
        var pushed = new (IPushedEvidence Source, int File)?[lists.Length];
        var quality = new EvidenceQuality.Builder();
        var root = fullPaths.Count > 0 ? SourceFileReader.CommonFolder(fullPaths) : string.Empty;
        using var digest = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        // Only the files the loader reads whole are read ahead: not NDJSON (streamed), nor a format's or a warehouse's file
        // (read by them), which the read-ahead would parse as JSON for nothing and then wait on, holding a pool thread.
        using var readAhead = ReadAhead.Start(fullPaths, path => IsNdjson(path) || FormatOf(path, formats) is not null || (warehouse is not null && warehouse.Extensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase)));
        using var warehouseAhead = WarehouseAhead.Start(warehouse, fullPaths, pushDown, plan);
        for (var i = 0; i < fullPaths.Count; i++)
        {
            var fullPath = fullPaths[i];
            var display = SourceFileReader.DisplayPath(fullPath);
            var relative = Path.GetRelativePath(root, fullPath).Replace('\\', '/');
            Batch? batch;
            try
            {
                // A file the warehouse may keep, or a format's, is digested whole whichever of them reads it. While the
                // warehouse is still deciding about it (at 100M runs its check takes seconds), this thread has nothing
                // else to do: it digests the file now (1.5 GB of Parquet: about a second), in file order as ever.
                var format = FormatOf(fullPath, formats);
                var early = warehouse is not null && warehouseAhead is not null && warehouseAhead.Pending(i) && (format is not null || warehouse.Extensions.Contains(Path.GetExtension(fullPath), StringComparer.OrdinalIgnoreCase));
                if (early)
                {
                    DigestWhole(fullPath, relative, digest);
                }

                if (warehouse is not null && OpenWarehouse(warehouse, warehouseAhead, i, fullPath, display, relative, pushDown, plan, early ? null : digest, diagnostics) is { } parts)
                {
                    AcceptParts(parts);
                    continue;
                }

                batch = format is not null
                    ? ReadFormat(format, fullPath, display, relative, early ? null : digest, diagnostics)
                    : IsNdjson(fullPath)
                    ? ReadStreaming(fullPath, display, relative, digest, diagnostics)
                    : readAhead.Take(i).Merge(relative, digest, diagnostics);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or OutOfMemoryException)
            {
                diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.FileUnreadable, SourceLocation.ForFile(display), display, ex.Message));
                continue;
            }

            Accept(batch, display);
        }

        foreach (var connection in connections)
        {
            IReadOnlyList<WarehousePart> parts;
            try
            {
                parts = connection.Open(pushDown, out var fingerprint);

                // A connection has no bytes to digest: its tables' counts and checksums stand for them.
                digest.AppendData(Encoding.UTF8.GetBytes(connection.Display + "\n" + fingerprint + "\n"));
            }
            catch (EvidenceFormatException ex)
            {
                diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.FileUnreadable, SourceLocation.ForFile(connection.Display), connection.Display, ex.Message.TrimEnd('.')));
                continue;
            }

            AcceptParts(parts);
        }

        var arrays = new Array?[lists.Length];
        var kept = new IPushedEvidence?[lists.Length];
        for (var i = 0; i < lists.Length; i++)
        {
            if (lists[i] is { } list)
            {
                duplicates[i]?.Report((EvidenceKind)i, diagnostics);
                arrays[i] = ToTypedArray((EvidenceKind)i, list);
                lists[i] = null;
                keys[i] = null;
            }
            else if (pushed[i] is { } only)
            {
                kept[i] = only.Source;
                quality.Valid((EvidenceKind)i, only.Source.Count);
            }
        }

        var set = new EvidenceSet(arrays, files.ToImmutable(), "sha256:" + Convert.ToHexStringLower(digest.GetHashAndReset()), quality.Build(), kept);
        return new EvidenceLoadResult(set, [.. DiagnosticOrder.Sort(diagnostics)]);

        void AcceptParts(IReadOnlyList<WarehousePart> parts)
        {
            foreach (var part in parts)
            {
                var reader = new FileReader(part.Display, [], diagnostics);
                Accept(part.Pushed is { } source ? reader.Read(source) : part.Rows is { } rows ? reader.Read(rows) : null, part.Display);
            }
        }

        void Accept(Batch? batch, string shown)
        {
            if (batch is null)
            {
                return;
            }

            var index = (int)batch.Kind;
            if (batch.Pushed is { } source)
            {
                if (lists[index] is null && pushed[index] is null)
                {
                    // The first part of its kind stays in the engine; its records are counted at the end.
                    pushed[index] = (source, files.Count);
                    files.Add(new EvidenceFile(source.Display, batch.Kind, checked((int)source.Count), batch.FileCollectedAt));
                    return;
                }

                // A second part of the kind: this one is read through the contract like any file.
                batch = new FileReader(source.Display, [], diagnostics).Read(source.Rows());
                if (batch is null)
                {
                    return;
                }
            }

            if (pushed[index] is { } earlier)
            {
                // The kept part came first: read it now, before this batch, so that file order decides duplicates.
                pushed[index] = null;
                if (new FileReader(earlier.Source.Display, [], diagnostics).Read(earlier.Source.Rows()) is { } first)
                {
                    Add(first, earlier.Source.Display, earlier.File);
                }
            }

            Add(batch, shown, null);
        }

        void Add(Batch batch, string shown, int? replacing)
        {
            // Records are deduplicated by key as each file is accepted, in file order: the first
            // record with a key stays, later ones are counted and reported once per kind.
            var index = (int)batch.Kind;
            var list = lists[index] ??= new List<EvidenceRecord>(batch.Records.Count);
            var seen = keys[index] ??= new HashSet<string>(batch.Records.Count, StringComparer.Ordinal);
            foreach (var record in batch.Records)
            {
                if (seen.Add(record.Key))
                {
                    list.Add(record);
                }
                else
                {
                    (duplicates[index] ??= new Duplicates()).Add(record.Key);
                }
            }

            // The file says when it was collected when it can (envelope, header, comment line);
            // otherwise its newest record does: the export is as fresh as its latest record.
            var file = new EvidenceFile(shown, batch.Kind, batch.Records.Count, batch.FileCollectedAt ?? (batch.Records.Count == 0 ? null : batch.Records.Max(r => r.CollectedAt))) { Invalid = batch.Invalid, Incomplete = batch.Incomplete };
            if (replacing is { } at)
            {
                files[at] = file;
            }
            else
            {
                files.Add(file);
            }

            quality.Valid(batch.Kind, batch.Records.Count);
            quality.Invalid(batch.Kind, batch.Invalid, batch.Listed);
        }
    }

    /// <summary>
    /// Asks the warehouse about a file (or takes the answer it gave on the asking thread, <paramref name="ahead"/>); when it
    /// takes the file, the file is digested whole, as a format's file is (unless <paramref name="digest"/> is null: the
    /// loader digested it while the warehouse decided).
    /// </summary>
    private static IReadOnlyList<WarehousePart>? OpenWarehouse(IEvidenceWarehouse warehouse, WarehouseAhead? ahead, int index, string fullPath, string display, string relative, bool keep, Func<PushDownPlan?>? plan, IncrementalHash? digest, List<Diagnostic> diagnostics)
    {
        IReadOnlyList<WarehousePart>? parts;
        try
        {
            parts = ahead is not null ? ahead.Take(index, () => warehouse.Open(fullPath, display, keep, plan)) : warehouse.Open(fullPath, display, keep, plan);
        }
        catch (EvidenceFormatException ex)
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.EvidenceSyntax, SourceLocation.ForFile(display), ex.Message.TrimEnd('.')));
            parts = [];
        }

        if (parts is not null && digest is not null)
        {
            DigestWhole(fullPath, relative, digest);
        }

        return parts;
    }

    private static void DigestWhole(string fullPath, string relative, IncrementalHash digest)
    {
        using var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, BufferBytes, FileOptions.SequentialScan);
        digest.AppendData(Encoding.UTF8.GetBytes(relative + "\n" + stream.Length + "\n"));
        var buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        try
        {
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                digest.AppendData(buffer, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The kind a file's name says it holds (<c>workflow-runs.parquet</c>, <c>2026-11.workflow-runs.csv</c>), or null.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The kind, or null.</returns>
    internal static EvidenceKind? KindFromFileName(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        var dot = name.LastIndexOf('.');
        var candidate = dot >= 0 ? name[(dot + 1)..] : name;
        return EvidenceKinds.TryParse(candidate, out var kind) ? kind : null;
    }

    private static IEvidenceFormat? FormatOf(string path, IReadOnlyList<IEvidenceFormat> formats)
    {
        var extension = Path.GetExtension(path);
        foreach (var format in formats)
        {
            foreach (var candidate in format.Extensions)
            {
                if (string.Equals(candidate, extension, StringComparison.OrdinalIgnoreCase))
                {
                    return format;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// A file of a registered format: digested whole (the evidence digest is of the files; a null
    /// <paramref name="digest"/> when it already was), then its rows are read as JSON objects through the
    /// same checks as every other format's records.
    /// </summary>
    private static Batch? ReadFormat(IEvidenceFormat format, string fullPath, string display, string relative, IncrementalHash? digest, List<Diagnostic> diagnostics)
    {
        if (digest is not null)
        {
            DigestWhole(fullPath, relative, digest);
        }

        return new FileReader(display, [], diagnostics).Read(format, fullPath);
    }

    private static bool IsNdjson(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".ndjson" or ".jsonl";

    /// <summary>NDJSON files: streamed line by line through a pooled buffer, never held whole.</summary>
    private static Batch? ReadStreaming(string fullPath, string display, string relative, IncrementalHash digest, List<Diagnostic> diagnostics)
    {
        using var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        digest.AppendData(Encoding.UTF8.GetBytes(relative + "\n" + stream.Length + "\n"));
        return new FileReader(display, [], diagnostics).Read(stream, digest);
    }

    /// <summary>The duplicate keys of one kind: how many, and the first few in order for the message.</summary>
    private sealed class Duplicates
    {
        private const int Shown = 5;
        private readonly SortedSet<string> _smallest = new(StringComparer.Ordinal);
        private int _count;

        public void Add(string key)
        {
            _count++;
            if (_smallest.Count < Shown || StringComparer.Ordinal.Compare(key, _smallest.Max) < 0)
            {
                _smallest.Add(key);
                if (_smallest.Count > Shown && _smallest.Max is { } largest)
                {
                    _smallest.Remove(largest);
                }
            }
        }

        public void Report(EvidenceKind kind, List<Diagnostic> diagnostics) =>
            diagnostics.Add(Diagnostic.Create(
                DiagnosticCatalog.EvidenceDuplicate,
                SourceLocation.None,
                _count,
                EvidenceKinds.Name(kind),
                string.Join(", ", _smallest)));
    }

    private static Array ToTypedArray(EvidenceKind kind, List<EvidenceRecord> records) => kind switch
    {
        EvidenceKind.WorkflowRuns => records.Cast<WorkflowRun>().ToArray(),
        EvidenceKind.Incidents => records.Cast<Incident>().ToArray(),
        EvidenceKind.Transactions => records.Cast<TransactionVolume>().ToArray(),
        EvidenceKind.ConnectorChecks => records.Cast<ConnectorCheck>().ToArray(),
        EvidenceKind.Freshness => records.Cast<FreshnessMeasurement>().ToArray(),
        EvidenceKind.ValueLines => records.Cast<ValueLine>().ToArray(),
        EvidenceKind.CaseEffort => records.Cast<CaseEffort>().ToArray(),
        EvidenceKind.Throughput => records.Cast<DailyThroughput>().ToArray(),
        EvidenceKind.ModelEvaluations => records.Cast<ModelEvaluation>().ToArray(),
        EvidenceKind.ControlExecutions => records.Cast<ControlExecution>().ToArray(),
        EvidenceKind.MonitoringChecks => records.Cast<MonitoringCheck>().ToArray(),
        EvidenceKind.Alerts => records.Cast<MonitoringAlert>().ToArray(),
        EvidenceKind.Pilots => records.Cast<Pilot>().ToArray(),
        EvidenceKind.Changes => records.Cast<Change>().ToArray(),
        EvidenceKind.AgentRuns => records.Cast<AgentRun>().ToArray(),
        EvidenceKind.WorkflowRunCounts => records.Cast<WorkflowRunCount>().ToArray(),
        EvidenceKind.Deployments => records.Cast<Deployment>().ToArray(),
        EvidenceKind.Costs => records.Cast<CostLine>().ToArray(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown evidence kind."),
    };

    /// <summary>The read buffer of a streamed file; it grows only for a line longer than this.</summary>
    private const int BufferBytes = 1 << 20;

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private static ReadOnlySpan<byte> JsonWhitespace => " \t\r\n\f\v"u8;

    private sealed record Batch(EvidenceKind Kind, List<EvidenceRecord> Records, DateTimeOffset? FileCollectedAt)
    {
        /// <summary>Gets how many records of the file were invalid (quarantined).</summary>
        public long Invalid { get; init; }

        /// <summary>Gets the first invalid records of the file.</summary>
        public IReadOnlyList<QuarantinedRecord> Listed { get; init; } = [];

        /// <summary>Gets why the file's records are incomplete (the envelope's <c>incomplete</c>), or null.</summary>
        public string? Incomplete { get; init; }

        /// <summary>Gets the kind kept in a query engine that the batch stands for (its records are not read), or null.</summary>
        public IPushedEvidence? Pushed { get; init; }
    }

    /// <summary>
    /// Splits a stream into lines ending in <c>\n</c> (a <c>\r</c> before it is trimmed with the
    /// other whitespace) through one pooled buffer, adding every byte read to the digest.
    /// </summary>
    private struct LineReader
    {
        private readonly Stream _stream;
        private readonly IncrementalHash _digest;
        private long _bufferOffset;
        private int _start;
        private int _end;
        private bool _eof;

        public LineReader(Stream stream, IncrementalHash digest, byte[] buffer)
        {
            _stream = stream;
            _digest = digest;
            Buffer = buffer;
        }

        /// <summary>Gets the buffer in use (a longer line replaces it with a larger one from the pool).</summary>
        public byte[] Buffer { get; private set; }

        /// <summary>The next line, without its <c>\n</c>, and the file offset where it starts.</summary>
        public bool Next(out ReadOnlySpan<byte> line, out long offset)
        {
            while (true)
            {
                var newline = Buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
                if (newline >= 0)
                {
                    line = Buffer.AsSpan(_start, newline);
                    offset = _bufferOffset + _start;
                    _start += newline + 1;
                    return true;
                }

                if (_eof)
                {
                    line = Buffer.AsSpan(_start, _end - _start);
                    offset = _bufferOffset + _start;
                    _start = _end;
                    return !line.IsEmpty;
                }

                Fill();
            }
        }

        /// <summary>Reads the rest of the stream into the digest only.</summary>
        public void Drain()
        {
            int read;
            while (!_eof && (read = _stream.Read(Buffer, 0, Buffer.Length)) > 0)
            {
                _digest.AppendData(Buffer, 0, read);
            }

            _eof = true;
        }

        private void Fill()
        {
            if (_start > 0)
            {
                Buffer.AsSpan(_start, _end - _start).CopyTo(Buffer);
                _bufferOffset += _start;
                _end -= _start;
                _start = 0;
            }

            if (_end == Buffer.Length)
            {
                var larger = ArrayPool<byte>.Shared.Rent(Buffer.Length * 2);
                Buffer.AsSpan(0, _end).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(Buffer);
                Buffer = larger;
            }

            var read = _stream.Read(Buffer, _end, Buffer.Length - _end);
            if (read == 0)
            {
                _eof = true;
                return;
            }

            _digest.AppendData(Buffer, _end, read);
            _end += read;
        }
    }

    /// <summary>
    /// Reads one file. A problem with the file as a whole (not JSON, YAML or CSV at all, an unknown
    /// kind, a bad envelope or header) is an error and the file contributes nothing; a problem with a
    /// record quarantines that record only: it is listed (file, line or index, field, reason, allowed
    /// values), counted exactly, and left out, and the file's other records are read.
    /// </summary>
    private sealed class FileReader
    {
        private readonly string _path;
        private readonly byte[] _bytes;
        private readonly List<Diagnostic> _diagnostics;
        private readonly List<EvidenceFieldProblem> _fieldProblems = [];
        private readonly List<QuarantinedRecord> _listed = [];
        private int _problems;
        private long _invalid;
        private long _undated;
        private long _unreported;
        private int _reported;
        private int _lineCountedTo;
        private int _linesBefore;

        /// <summary>What a record's number counts in its name (<c>line 12</c>; <c>row 12</c> for columnar formats).</summary>
        private string _unit = "line";

        public FileReader(string path, byte[] bytes, List<Diagnostic> diagnostics)
        {
            _path = path;
            _bytes = bytes;
            _diagnostics = diagnostics;
        }

        public Batch? Read() => Guarded(() => Path.GetExtension(_path).ToLowerInvariant() switch
        {
            ".json" => ReadJson(),
            ".yaml" or ".yml" => ReadYaml(),
            ".csv" => ReadCsv(),
            _ => null,
        });

        /// <summary>Reads an NDJSON file from a stream, adding every byte of it to the digest.</summary>
        public Batch? Read(Stream stream, IncrementalHash digest)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
            try
            {
                var lines = new LineReader(stream, digest, buffer);
                var batch = Guarded(() => ReadNdjson(ref lines));
                buffer = lines.Buffer;

                // A file whose reading stopped early (a bad header) is still digested whole: the
                // evidence digest is of the files, not of what was read.
                lines.Drain();
                return batch;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        /// <summary>Reads a file of a registered format row by row (<see cref="IEvidenceFormat"/>).</summary>
        public Batch? Read(IEvidenceFormat format, string fullPath) => Guarded(() =>
        {
            var pool = new StringPool();
            var outerPool = StringPool.Current;
            StringPool.Current = pool;
            try
            {
                using var rows = format.Open(fullPath);
                return ReadRows(rows);
            }
            catch (EvidenceFormatException ex)
            {
                Problem(DiagnosticCatalog.EvidenceSyntax, SourceLocation.ForFile(_path), ex.Message.TrimEnd('.'));
                return null;
            }
            finally
            {
                StringPool.Current = outerPool;
            }
        });

        /// <summary>Reads rows a warehouse opened (a table of a store, or a kept kind read into memory after all).</summary>
        public Batch? Read(IEvidenceRows rows) => Guarded(() =>
        {
            var pool = new StringPool();
            var outerPool = StringPool.Current;
            StringPool.Current = pool;
            try
            {
                using (rows)
                {
                    return ReadRows(rows);
                }
            }
            catch (EvidenceFormatException ex)
            {
                Problem(DiagnosticCatalog.EvidenceSyntax, SourceLocation.ForFile(_path), ex.Message.TrimEnd('.'));
                return null;
            }
            finally
            {
                StringPool.Current = outerPool;
            }
        });

        /// <summary>
        /// A kind a warehouse keeps in its engine: nothing is read but the source's own collection time, which is
        /// checked as a file's metadata is.
        /// </summary>
        public Batch? Read(IPushedEvidence source)
        {
            DateTimeOffset? collectedAt = null;
            if (source.CollectedAt is { } collectedText)
            {
                if (!TryParseTime(collectedText, out var time))
                {
                    Problem(DiagnosticCatalog.EvidenceEnvelope, SourceLocation.ForFile(_path), "file metadata", _path, $"'collectedAt' '{collectedText}' is not an ISO 8601 time with an offset, such as 2026-11-28T06:00:00Z");
                    return null;
                }

                collectedAt = time;
            }

            return new Batch(source.Kind, [], collectedAt) { Pushed = source };
        }

        private Batch? ReadRows(IEvidenceRows rows)
        {
            EvidenceKind kind;
            if (rows.Kind is { } named)
            {
                if (!EvidenceKinds.TryParse(named, out kind))
                {
                    Problem(DiagnosticCatalog.UnknownEvidenceKind, SourceLocation.ForFile(_path), $"'{named}' is not a kind of evidence", string.Join(", ", EvidenceKinds.Names));
                    return null;
                }
            }
            else if (KindFromFileName() is { } fromName)
            {
                kind = fromName;
            }
            else
            {
                Problem(DiagnosticCatalog.UnknownEvidenceKind, SourceLocation.ForFile(_path), $"'{_path}' does not say what kind of evidence it holds: add the file metadata 'kind' or name it <kind>{Path.GetExtension(_path)}", string.Join(", ", EvidenceKinds.Names));
                return null;
            }

            DateTimeOffset? collectedAt = null;
            if (rows.CollectedAt is { } collectedText)
            {
                if (!TryParseTime(collectedText, out var time))
                {
                    Problem(DiagnosticCatalog.EvidenceEnvelope, SourceLocation.ForFile(_path), "file metadata", _path, $"'collectedAt' '{collectedText}' is not an ISO 8601 time with an offset, such as 2026-11-28T06:00:00Z");
                    return null;
                }

                collectedAt = time;
            }

            var contract = EvidenceContract.For(kind);
            var list = new List<EvidenceRecord>();

            // A row has no line: a problem is located at the file and named "row N" with its field (column).
            _unit = "row";
            var fileLocation = SourceLocation.ForFile(_path);
            Func<SourceLocation> locateFile = () => fileLocation;
            var buffer = new ArrayBufferWriter<byte>();
            using var writer = new Utf8JsonWriter(buffer);
            while (true)
            {
                buffer.ResetWrittenCount();
                writer.Reset();
                if (!rows.WriteNext(writer, contract, out var row))
                {
                    break;
                }

                writer.Flush();
                Accept(buffer.WrittenSpan, kind, contract, list, collectedAt, locateFile, null, (int)Math.Min(row, int.MaxValue));
            }

            return new Batch(kind, list, collectedAt);
        }

        private Batch? Guarded(Func<Batch?> read)
        {
            Batch? batch;
            try
            {
                batch = read();
            }
            catch (Exception ex) when (ex is InvalidOperationException or OverflowException or FormatException or ArgumentException or DecoderFallbackException)
            {
                // Malformed text the JSON reader only notices when a value is read (invalid UTF-8 in a
                // string, a lone surrogate in a name): the file as a whole is refused, located.
                Problem(DiagnosticCatalog.EvidenceSyntax, SourceLocation.ForFile(_path), $"the file could not be read ({ex.Message.TrimEnd('.')})");
                batch = null;
            }

            if (_problems > MaxProblemsPerFile)
            {
                _diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.EvidenceSyntax, SourceLocation.ForFile(_path), $"{_problems - MaxProblemsPerFile} more problem(s) in '{_path}' were not listed"));
            }

            if (_problems > 0 || batch is null)
            {
                return null;
            }

            if (_unreported > 0)
            {
                _diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.EvidenceMoreInvalid, SourceLocation.ForFile(_path), _unreported, _path, _invalid));
            }

            if (_undated > 0)
            {
                _diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.EvidenceNotDated, SourceLocation.ForFile(_path), _path, _undated));
            }

            return batch with { Invalid = _invalid, Listed = _listed };
        }

        private Batch? ReadJson()
        {
            // A byte-order mark is not JSON, but editors on Windows write one: it is skipped, and
            // offsets (for record lines) stay those of the file.
            var body = _bytes.AsMemory();
            if (body.Span.StartsWith(Utf8Bom))
            {
                body = body[Utf8Bom.Length..];
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
            }
            catch (JsonException ex)
            {
                Problem(DiagnosticCatalog.EvidenceSyntax, Position(ex), JsonReaderText.Sentence(ex.Message));
                return null;
            }

            using (document)
            {
                return ReadEnvelope(document.RootElement, LocateInBytes);
            }
        }

        /// <summary>The line and column of a record of a JSON file, from where its text sits in the file's bytes.</summary>
        private SourceLocation LocateInBytes(ReadOnlySpan<byte> raw, int index)
        {
            if (!_bytes.AsSpan().Overlaps(raw, out var offset) || offset < _lineCountedTo)
            {
                return SourceLocation.ForFile(_path);
            }

            // Records come in file order: count lines from where the last located record was.
            _linesBefore += _bytes.AsSpan(_lineCountedTo, offset - _lineCountedTo).Count((byte)'\n');
            _lineCountedTo = offset;
            var lineStart = _bytes.AsSpan(0, offset).LastIndexOf((byte)'\n') + 1;
            return SourceLocation.At(_path, _linesBefore + 1, offset - lineStart + 1);
        }

        private Batch? ReadYaml()
        {
            var text = DecodeText();
            if (text is null)
            {
                return null;
            }

            var file = new SourceFile(_path, text);
            var yamlDiagnostics = new List<Diagnostic>();
            var roots = YamlDocumentReader.Read(file, yamlDiagnostics);
            foreach (var d in yamlDiagnostics)
            {
                Problem(d);
            }

            if (yamlDiagnostics.Count > 0)
            {
                return null;
            }

            if (roots.Length != 1)
            {
                return Empty(roots.Length == 0 ? null : "a YAML evidence file holds one document");
            }

            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                YamlToJson.Write(roots[0], writer);
            }

            using var document = JsonDocument.Parse(buffer.WrittenMemory);
            var records = (roots[0] as YamlMapping)?["records"] as YamlSequence
                ?? roots[0] as YamlSequence;
            return ReadEnvelope(document.RootElement, (_, index) => records is not null && index < records.Items.Length ? records.Items[index].Location : file.GetLocation(0, 0));
        }

        private delegate SourceLocation Locator(ReadOnlySpan<byte> raw, int index);

        private Batch? ReadEnvelope(JsonElement root, Locator locate)
        {
            JsonElement records;
            EvidenceKind kind;
            DateTimeOffset? collectedAt = null;
            string? incomplete = null;
            if (root.ValueKind == JsonValueKind.Object)
            {
                if (!root.TryGetProperty("kind", out var kindElement) || kindElement.ValueKind != JsonValueKind.String)
                {
                    if (KindFromFileName() is not { } fromName)
                    {
                        Problem(DiagnosticCatalog.UnknownEvidenceKind, SourceLocation.ForFile(_path), $"'{_path}' does not say what kind of evidence it holds: add \"kind\" to the envelope", string.Join(", ", EvidenceKinds.Names));
                        return null;
                    }

                    kind = fromName;
                }
                else if (!EvidenceKinds.TryParse(kindElement.GetString() ?? string.Empty, out kind))
                {
                    Problem(DiagnosticCatalog.UnknownEvidenceKind, SourceLocation.ForFile(_path), $"'{kindElement.GetString()}' is not a kind of evidence", string.Join(", ", EvidenceKinds.Names));
                    return null;
                }

                if (root.TryGetProperty("collectedAt", out var collected) && collected.ValueKind != JsonValueKind.Null)
                {
                    if (!TryReadTime(collected, out var time))
                    {
                        Problem(DiagnosticCatalog.EvidenceEnvelope, SourceLocation.ForFile(_path), "envelope", _path, "field 'collectedAt' is not an ISO 8601 time with an offset, such as \"2026-11-28T06:00:00Z\"");
                        return null;
                    }

                    collectedAt = time;
                }

                if (root.TryGetProperty("incomplete", out var incompleteElement))
                {
                    if (incompleteElement.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(incompleteElement.GetString()))
                    {
                        Problem(DiagnosticCatalog.EvidenceEnvelope, SourceLocation.ForFile(_path), "envelope", _path, "field 'incomplete' must be text saying why the records are incomplete");
                        return null;
                    }

                    incomplete = incompleteElement.GetString();
                }

                if (!root.TryGetProperty("records", out records) || records.ValueKind != JsonValueKind.Array)
                {
                    Problem(DiagnosticCatalog.EvidenceEnvelope, SourceLocation.ForFile(_path), "envelope", _path, "the envelope needs \"records\": a list of records (it may be empty)");
                    return null;
                }
            }
            else if (root.ValueKind == JsonValueKind.Array && KindFromFileName() is { } fromName)
            {
                kind = fromName;
                records = root;
            }
            else
            {
                Problem(DiagnosticCatalog.UnknownEvidenceKind, SourceLocation.ForFile(_path), $"'{_path}' is neither an evidence envelope nor a list named after its kind", string.Join(", ", EvidenceKinds.Names));
                return null;
            }

            var contract = EvidenceContract.For(kind);
            var list = new List<EvidenceRecord>(records.GetArrayLength());
            var index = 0;
            foreach (var element in records.EnumerateArray())
            {
                var raw = JsonMarshal.GetRawUtf8Value(element);
                var position = index;
                Accept(raw, kind, contract, list, collectedAt, () => locate(JsonMarshal.GetRawUtf8Value(element), position), $"#{index + 1}");
                index++;
            }

            return new Batch(kind, list, collectedAt) { Incomplete = incomplete };
        }

        private Batch? ReadNdjson(ref LineReader lines)
        {
            EvidenceKind? kind = null;
            DateTimeOffset? collectedAt = null;
            EvidenceKindContract? contract = null;
            var list = new List<EvidenceRecord>();
            var lineNumber = 0;
            var sawHeader = false;
            var firstDiagnostic = _diagnostics.Count;
            var pool = new StringPool();
            var outerPool = StringPool.Current;
            StringPool.Current = pool;
            try
            {
                while (lines.Next(out var line, out var offset))
                {
                    lineNumber++;
                    if (lineNumber == 1 && line.StartsWith(Utf8Bom))
                    {
                        line = line[Utf8Bom.Length..];
                        offset += Utf8Bom.Length;
                    }

                    if (!Utf8.IsValid(line))
                    {
                        // The whole file is refused, as when it was decoded whole: drop what its
                        // earlier lines reported and say where the text stops being UTF-8.
                        _diagnostics.RemoveRange(firstDiagnostic, _diagnostics.Count - firstDiagnostic);
                        _problems = 0;
                        Problem(DiagnosticCatalog.FileNotText, SourceLocation.ForFile(_path), _path, $"is not valid UTF-8 (byte offset {offset + InvalidUtf8Index(line)}). Re-export it as UTF-8");
                        return null;
                    }

                    var trimmed = line.Trim(JsonWhitespace);
                    if (trimmed.IsEmpty)
                    {
                        continue;
                    }

                    if (!sawHeader && list.Count == 0 && _invalid == 0 && trimmed.StartsWith("{\"$evidence\""u8))
                    {
                        sawHeader = true;
                        if (!ReadHeader(Encoding.UTF8.GetString(trimmed), SourceLocation.At(_path, lineNumber, 1), out kind, out collectedAt))
                        {
                            return null;
                        }

                        continue;
                    }

                    kind ??= KindFromFileName();
                    if (kind is null)
                    {
                        Problem(DiagnosticCatalog.UnknownEvidenceKind, SourceLocation.At(_path, lineNumber, 1), $"'{_path}' does not say what kind of evidence it holds: start it with a {{\"$evidence\": {{\"kind\": ...}}}} line or name it <kind>.ndjson", string.Join(", ", EvidenceKinds.Names));
                        return null;
                    }

                    contract ??= EvidenceContract.For(kind.Value);
                    Accept(trimmed, kind.Value, contract, list, collectedAt, null, null, lineNumber);
                }
            }
            finally
            {
                StringPool.Current = outerPool;
            }

            if (kind is null || (list.Count == 0 && _invalid == 0 && !sawHeader))
            {
                return Empty(null);
            }

            return new Batch(kind.Value, list, collectedAt);
        }

        private static int InvalidUtf8Index(ReadOnlySpan<byte> line)
        {
            Span<char> chars = stackalloc char[256];
            var index = 0;
            while (index < line.Length)
            {
                var status = Utf8.ToUtf16(line[index..], chars, out var read, out _, replaceInvalidSequences: false);
                index += read;
                if (status != OperationStatus.DestinationTooSmall)
                {
                    break;
                }
            }

            return index;
        }

        private bool ReadHeader(string line, SourceLocation at, out EvidenceKind? kind, out DateTimeOffset? collectedAt)
        {
            kind = null;
            collectedAt = null;
            try
            {
                using var header = JsonDocument.Parse(line);
                var meta = header.RootElement.GetProperty("$evidence");
                if (meta.TryGetProperty("kind", out var k))
                {
                    if (!EvidenceKinds.TryParse(k.GetString() ?? string.Empty, out var parsed))
                    {
                        Problem(DiagnosticCatalog.UnknownEvidenceKind, at, $"'{k.GetString()}' is not a kind of evidence", string.Join(", ", EvidenceKinds.Names));
                        return false;
                    }

                    kind = parsed;
                }

                if (meta.TryGetProperty("collectedAt", out var c))
                {
                    if (!TryReadTime(c, out var time))
                    {
                        Problem(DiagnosticCatalog.EvidenceEnvelope, at, "header line", _path, "field 'collectedAt' is not an ISO 8601 time with an offset");
                        return false;
                    }

                    collectedAt = time;
                }

                return true;
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException)
            {
                Problem(DiagnosticCatalog.EvidenceSyntax, at, "the header line is not {\"$evidence\": {\"kind\": ..., \"collectedAt\": ...}}");
                return false;
            }
        }

        private Batch? ReadCsv()
        {
            var text = DecodeText();
            if (text is null)
            {
                return null;
            }

            var csv = new CsvReader(text);
            DateTimeOffset? collectedAt = null;
            EvidenceKind? kind = null;
            string[]? header = null;
            var list = new List<EvidenceRecord>();
            while (csv.ReadRow(out var row, out var line, out var error))
            {
                var at = SourceLocation.At(_path, line, 1);
                if (error is not null)
                {
                    Problem(DiagnosticCatalog.EvidenceSyntax, at, error);
                    return null;
                }

                if (header is null && row.Count == 1 && row[0].StartsWith('#'))
                {
                    var comment = row[0].TrimStart('#').Trim();
                    var colon = comment.IndexOf(':', StringComparison.Ordinal);
                    if (colon > 0)
                    {
                        var key = comment[..colon].Trim();
                        var value = comment[(colon + 1)..].Trim();
                        if (key == "collectedAt")
                        {
                            if (!TryParseTime(value, out var time))
                            {
                                Problem(DiagnosticCatalog.EvidenceEnvelope, at, "'# collectedAt:' line", _path, $"'{value}' is not an ISO 8601 time with an offset, such as 2026-11-28T06:00:00Z");
                                return null;
                            }

                            collectedAt = time;
                        }
                        else if (key == "kind")
                        {
                            if (!EvidenceKinds.TryParse(value, out var parsed))
                            {
                                Problem(DiagnosticCatalog.UnknownEvidenceKind, at, $"'{value}' is not a kind of evidence", string.Join(", ", EvidenceKinds.Names));
                                return null;
                            }

                            kind = parsed;
                        }
                    }

                    continue;
                }

                if (header is null)
                {
                    header = [.. row.Select(h => h.Trim())];
                    kind ??= KindFromFileName();
                    if (kind is null)
                    {
                        Problem(DiagnosticCatalog.UnknownEvidenceKind, at, $"'{_path}' does not say what kind of evidence it holds: add a '# kind: ...' line or name it <kind>.csv", string.Join(", ", EvidenceKinds.Names));
                        return null;
                    }

                    continue;
                }

                if (row.Count == 1 && row[0].Length == 0)
                {
                    continue;
                }

                var rowKind = kind ?? default;
                var contract = EvidenceContract.For(rowKind);
                if (row.Count != header.Length)
                {
                    Quarantine(rowKind, at, $"line {line}", [new(string.Empty, $"the row has {row.Count} cells but the header has {header.Length}", "one cell per header column; quote cells that hold commas")]);
                    continue;
                }

                var buffer = new ArrayBufferWriter<byte>();
                using (var writer = new Utf8JsonWriter(buffer))
                {
                    CsvRecord.Write(header, row, writer, contract);
                }

                Accept(buffer.WrittenSpan, rowKind, contract, list, collectedAt, () => at, $"line {line}");
            }

            return kind is { } k && header is not null ? new Batch(k, list, collectedAt) : Empty(null);
        }

        /// <summary>
        /// Checks one record against the contract, then reads it; an invalid record is quarantined.
        /// The location and the record's name are built only when the record has a problem.
        /// </summary>
        private void Accept(ReadOnlySpan<byte> json, EvidenceKind kind, EvidenceKindContract contract, List<EvidenceRecord> list, DateTimeOffset? fileCollectedAt, Func<SourceLocation>? locate, string? which, int line = 0)
        {
            // NDJSON records pass their line rather than a locator: no closure on the million-record path.
            SourceLocation At() => locate?.Invoke() ?? SourceLocation.At(_path, line, 1);

            _fieldProblems.Clear();
            bool valid;
            try
            {
                valid = EvidenceRecordValidator.Validate(json, contract, _fieldProblems, out _);
            }
            catch (JsonException ex)
            {
                Quarantine(kind, Locate(At(), ex), which ?? $"{_unit} {line}", [new(string.Empty, $"the record is not well-formed JSON ({JsonReaderText.Sentence(ex.Message)})", "one JSON object")]);
                return;
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or DecoderFallbackException)
            {
                // Text JSON allows but .NET cannot hold (a lone surrogate such as \ud800 in a string):
                // this record's problem, not the file's.
                Quarantine(kind, At(), which ?? $"{_unit} {line}", [new(string.Empty, $"the record holds text that is not valid Unicode ({ex.Message.TrimEnd('.')})", "text of valid Unicode characters")]);
                return;
            }

            if (!valid)
            {
                Quarantine(kind, At(), which ?? $"{_unit} {line}", [.. _fieldProblems]);
                return;
            }

            EvidenceRecord? record;
            try
            {
                record = EvidenceRecordReader.Read(kind, json);
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or OverflowException or FormatException or ArgumentException)
            {
                // The contract accepted what the record type could not hold: a gap in the contract,
                // still reported as this record's problem rather than the end of the file.
                Quarantine(kind, At(), which ?? $"{_unit} {line}", [new(ex is JsonException j && j.Path is { Length: > 2 } p ? p.TrimStart('$', '.') : string.Empty, JsonReaderText.Sentence(ex.Message), "a value the record can hold")]);
                return;
            }

            if (record is null)
            {
                Quarantine(kind, At(), which ?? $"{_unit} {line}", [new(string.Empty, "the record is null", "an object")]);
                return;
            }

            if (record.Check() is { } problem)
            {
                Quarantine(kind, At(), which ?? $"{_unit} {line}", [FromCheck(problem)]);
                return;
            }

            record.CollectedAt ??= fileCollectedAt;
            if (record.CollectedAt is null)
            {
                _undated++;
                Quarantine(kind, At(), which ?? $"{_unit} {line}", [new("collectedAt", "neither the record nor its file says when it was collected", "collectedAt on the record, or on the envelope, header line or '# collectedAt:' line")], listDiagnostic: false);
                return;
            }

            list.Add(record);
        }

        private static SourceLocation Locate(SourceLocation location, JsonException ex)
        {
            return location.HasPosition && ex.BytePositionInLine is { } column && ex.LineNumber is 0
                ? SourceLocation.At(location.Path, location.StartLine, location.StartColumn + (int)column)
                : location;
        }

        private static EvidenceFieldProblem FromCheck(string problem)
        {
            const string Prefix = "field '";
            var end = problem.StartsWith(Prefix, StringComparison.Ordinal) ? problem.IndexOf('\'', Prefix.Length) : -1;
            var field = end > 0 ? problem[Prefix.Length..end] : string.Empty;
            // The record's own sentence names the field and both values: kept whole.
            return new(field, problem, "values consistent with the record's other fields (times in order)");
        }

        private void Quarantine(EvidenceKind kind, SourceLocation at, string which, ImmutableArray<EvidenceFieldProblem> problems, bool listDiagnostic = true)
        {
            _invalid++;
            var record = new QuarantinedRecord(kind, at, which, problems);
            if (_listed.Count < EvidenceQuality.ListedPerKind)
            {
                _listed.Add(record);
            }

            if (!listDiagnostic)
            {
                return;
            }

            if (_reported < MaxProblemsPerFile)
            {
                _reported++;
                _diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.EvidenceField, at, which, record.Text));
            }
            else
            {
                _unreported++;
            }
        }

        private Batch? Empty(string? why)
        {
            if (why is not null)
            {
                Problem(DiagnosticCatalog.EvidenceSyntax, SourceLocation.ForFile(_path), why);
                return null;
            }

            var kind = KindFromFileName();
            _diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.EvidenceEmpty, SourceLocation.ForFile(_path), _path, kind is { } k ? EvidenceKinds.Name(k) : "its"));
            return null;
        }

        private string? DecodeText()
        {
            try
            {
                var text = new UTF8Encoding(false, true).GetString(_bytes);
                return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
            }
            catch (DecoderFallbackException ex)
            {
                Problem(DiagnosticCatalog.FileNotText, SourceLocation.ForFile(_path), _path, $"is not valid UTF-8 (byte offset {ex.Index}). Re-export it as UTF-8");
                return null;
            }
        }

        private EvidenceKind? KindFromFileName() => EvidenceLoader.KindFromFileName(_path);

        private SourceLocation Position(JsonException ex) =>
            ex.LineNumber is { } line ? SourceLocation.At(_path, (int)line + 1, (int)(ex.BytePositionInLine ?? 0) + 1) : SourceLocation.ForFile(_path);

        private void Problem(DiagnosticDescriptor descriptor, SourceLocation location, params object?[] args) =>
            Problem(Diagnostic.Create(descriptor, location, args));

        private void Problem(Diagnostic diagnostic)
        {
            _problems++;
            if (_problems <= MaxProblemsPerFile)
            {
                _diagnostics.Add(diagnostic);
            }
        }

        /// <summary>Whether a line that failed to deserialize is not even well-formed JSON (checked only on failure).</summary>
        private static bool IsSyntaxError(ReadOnlySpan<byte> line)
        {
            try
            {
                var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = 64 });
                while (reader.Read())
                {
                }

                return false;
            }
            catch (JsonException)
            {
                return true;
            }
        }

        private static bool TryReadTime(JsonElement element, out DateTimeOffset time)
        {
            time = default;
            return element.ValueKind == JsonValueKind.String && TryParseTime(element.GetString() ?? string.Empty, out time);
        }

        private static bool TryParseTime(string text, out DateTimeOffset time)
        {
            time = default;
            var t = text.IndexOf('T', StringComparison.Ordinal);
            return t > 0 && (text.EndsWith('Z') || text.AsSpan(t).LastIndexOfAny('+', '-') > 0)
                && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
        }

        private static string Describe(JsonException ex)
        {
            var message = ex.Message;
            const string Missing = "missing required properties including: ";
            var missing = message.IndexOf(Missing, StringComparison.Ordinal);
            if (missing >= 0)
            {
                var names = message[(missing + Missing.Length)..].TrimEnd('.', ' ');
                return $"missing required field(s) {names}";
            }

            var field = ex.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : null;
            message = JsonReaderText.Sentence(message);

            if (message.StartsWith("The JSON value could not be converted to ", StringComparison.Ordinal))
            {
                var type = message["The JSON value could not be converted to ".Length..].TrimEnd('.');
                message = "the value is not a valid " + FriendlyType(type);
            }

            return field is null ? message.TrimEnd('.') : $"field '{field}': {message.TrimEnd('.')}";
        }

        private static string FriendlyType(string type) => type switch
        {
            _ when type.Contains("Int", StringComparison.Ordinal) => "whole number",
            _ when type.Contains("Double", StringComparison.Ordinal) => "number",
            _ when type.Contains("DateOnly", StringComparison.Ordinal) => "day (YYYY-MM-DD)",
            _ when type.Contains("Boolean", StringComparison.Ordinal) => "true or false",
            _ when type.Contains("String", StringComparison.Ordinal) => "text",
            _ => type[(type.LastIndexOf('.') + 1)..],
        };
    }
}
