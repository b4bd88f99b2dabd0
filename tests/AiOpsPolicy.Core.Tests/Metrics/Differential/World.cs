// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Evidence.Contract;

namespace AiOpsPolicy.Core.Tests.Metrics.Differential;

/// <summary>
/// The random inputs of one evidence set: the evaluation time, the declarations, and every evidence
/// file as written (valid records, planted invalid ones, duplicates). It also answers, from
/// docs/evidence.md and docs/metrics.md ("Rules every metric shares") alone, what every metric
/// starts from: the valid records of a kind, first-loaded of each key kept, as of the evaluation
/// time; whether a kind is absent, stale or incomplete; its invalid share against the tolerance.
/// </summary>
internal sealed class World
{
    /// <summary>The policy set's <c>evidence.maxAge</c> and <c>defaults.window</c> (both left at their defaults).</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(7);

    public static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(7);

    private readonly Dictionary<string, List<Rec>?> _records = new(StringComparer.Ordinal);

    public World(int seed, Declarations declarations, DateTimeOffset now)
    {
        Seed = seed;
        Random = new Random(seed);
        Declarations = declarations;
        Now = now;
        Today = DateOnly.FromDateTime(now.UtcDateTime);
    }

    public int Seed { get; }

    public Random Random { get; }

    public Declarations Declarations { get; }

    /// <summary>Gets the evaluation time (<c>--as-of</c>).</summary>
    public DateTimeOffset Now { get; }

    /// <summary>Gets the evaluation time's UTC day.</summary>
    public DateOnly Today { get; }

    /// <summary>Gets the files of each present kind, in load order (absent kinds have no entry).</summary>
    public Dictionary<string, List<DraftFile>> Files { get; } = new(StringComparer.Ordinal);

    /// <summary>The window <c>[start, end)</c> of a length, <paramref name="back"/> periods before the evaluation time.</summary>
    public (DateTimeOffset Start, DateTimeOffset End) Window(TimeSpan length, int back = 0)
    {
        var end = Now - (length * back);
        return (end - length, end);
    }

    public static bool In((DateTimeOffset Start, DateTimeOffset End) window, DateTimeOffset time) => time >= window.Start && time < window.End;

    /// <summary>
    /// A time that likes edges: the bounds of the 7-, 14- and 30-day windows and a tick either side,
    /// the evaluation time and just after it, and a little after it; otherwise anywhere in the last 32 days.
    /// </summary>
    public DateTimeOffset Edge() => Random.Next(24) switch
    {
        0 => Now,
        1 => Now.AddTicks(-1),
        2 => Now.AddTicks(1),
        3 => Now.AddMinutes(Random.Next(1, 600)),
        4 => Now.AddDays(-7),
        5 => Now.AddDays(-7).AddTicks(-1),
        6 => Now.AddDays(-7).AddTicks(1),
        7 => Now.AddDays(-14),
        8 => Now.AddDays(-30),
        9 => Now.AddDays(-30).AddTicks(-1),
        10 => Now.AddDays(-Random.Next(8, 40)),
        _ => Now.AddSeconds(-Random.Next(1, 7 * 24 * 3600)).AddTicks(Random.Next(3) == 0 ? Random.Next(1, 10_000_000) : 0),
    };

    /// <summary>A duration that likes a target's edges: exactly it, a tick over, zero, or up to three times it.</summary>
    public TimeSpan Span(TimeSpan target) => Random.Next(7) switch
    {
        0 => target,
        1 => target + TimeSpan.FromTicks(1),
        2 => target - TimeSpan.FromTicks(1) < TimeSpan.Zero ? TimeSpan.Zero : target - TimeSpan.FromTicks(1),
        3 => TimeSpan.Zero,
        _ => TimeSpan.FromSeconds(Random.Next(0, (int)Math.Max(1, target.TotalSeconds * 3))),
    };

    public T Pick<T>(params T[] values) => values[Random.Next(values.Length)];

    public bool Chance(int oneIn) => Random.Next(oneIn) == 0;

    /// <summary>
    /// The valid records of a kind as the metrics see them (docs/metrics.md, "Rules every metric
    /// shares"): invalid records left out; of records with the same key, the first loaded (files in
    /// path order) kept; then each projected as of the evaluation time. Null when the kind is absent.
    /// </summary>
    public List<Rec>? Records(string kind)
    {
        if (_records.TryGetValue(kind, out var cached))
        {
            return cached;
        }

        List<Rec>? result = null;
        if (Present(kind))
        {
            var spec = KindSpecs.Of(kind);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            result = [];
            foreach (var entry in Loaded(kind).Where(e => e.Valid))
            {
                if (seen.Add(spec.Key(entry.Record!)) && spec.AsOf(entry.Record!, Now) is { } record)
                {
                    result.Add(record);
                }
            }
        }

        _records[kind] = result;
        return result;
    }

    /// <summary>Gets a value indicating whether a kind has a file that is read (an empty file is ignored).</summary>
    public bool Present(string kind) => Files.TryGetValue(kind, out var files) && files.Any(f => !f.Empty);

    /// <summary>Why a kind cannot be used: absent, incomplete or stale; null when it is usable.</summary>
    public string? Unusable(string kind)
    {
        if (!Present(kind))
        {
            return $"no {kind} evidence was supplied";
        }

        var files = Files[kind].Where(f => !f.Empty).ToList();
        if (files.FirstOrDefault(f => f.Incomplete is not null) is { } incomplete)
        {
            return incomplete.Incomplete;
        }

        // A file's collection time is its own, or else its newest valid record's; a time after
        // --as-of is read as --as-of; the stalest file decides; exactly maxAge old is still fresh.
        var collected = files.Select(CollectedAt).Where(t => t is not null).Select(t => t!.Value > Now ? Now : t.Value).ToList();
        return collected.Count > 0 && Now - collected.Min() > MaxAge ? $"{kind} evidence is stale" : null;
    }

    /// <summary>The first reason any of the kinds cannot be used, or null.</summary>
    public string? Unusable(params string[] kinds) => kinds.Select(Unusable).FirstOrDefault(r => r is not null);

    public long ValidCount(string kind) => Loaded(kind).Count(e => e.Valid);

    public long InvalidCount(string kind) => Loaded(kind).Count(e => !e.Valid);

    /// <summary>Whether a kind's invalid share is over the policy set's tolerance for it (docs/evidence.md, "Quarantine").</summary>
    public bool OverTolerance(string kind)
    {
        var invalid = InvalidCount(kind);
        var total = invalid + ValidCount(kind);
        return invalid > 0 && (double)invalid / total > Declarations.Tolerance(kind);
    }

    private static DateTimeOffset? CollectedAt(DraftFile file) =>
        file.CollectedAt ?? file.Entries.Where(e => e.Valid).Select(e => e.Record!.OptTime("collectedAt")).Max();

    private IEnumerable<DraftEntry> Loaded(string kind) =>
        Files.TryGetValue(kind, out var files) ? files.Where(f => !f.Empty).SelectMany(f => f.Entries) : [];

    /// <summary>Drafts every kind's files (a kind is absent now and then).</summary>
    public void Draft(IEnumerable<KindSpec> kinds)
    {
        foreach (var spec in kinds)
        {
            if (Chance(14))
            {
                continue;
            }

            Files[spec.Name] = DraftKind(spec);
        }
    }

    private List<DraftFile> DraftKind(KindSpec spec)
    {
        var records = Chance(8) ? [] : spec.Make(this);
        var hasList = spec.HasLists;
        var fileCount = Random.Next(1, 4);
        var files = new List<DraftFile>();
        var index = 0;
        for (var f = 0; f < fileCount; f++)
        {
            var formats = new List<DraftFormat> { DraftFormat.Ndjson, DraftFormat.Ndjson, DraftFormat.NdjsonBare, DraftFormat.Json, DraftFormat.Json, DraftFormat.Yaml };
            if (!hasList)
            {
                formats.Add(DraftFormat.Csv);
            }

            var format = formats[Random.Next(formats.Count)];
            var fileTime = CollectionTime();
            var file = new DraftFile
            {
                Kind = spec.Name,
                Format = format,
                CollectedAt = format == DraftFormat.NdjsonBare ? null : fileTime,
                Incomplete = format is DraftFormat.Json or DraftFormat.Yaml && Chance(60) ? "source 'exporter' failed: timeout" : null,
            };
            var take = f == fileCount - 1 ? records.Count - index : Random.Next(0, records.Count - index + 1);
            foreach (var record in records.Skip(index).Take(take))
            {
                file.Entries.Add(new DraftEntry(record, Valid: true));
            }

            index += take;

            // Overlapping exports: records already written (in this file or an earlier one) again,
            // varied, so that keeping anything but the first loaded shows.
            if (Chance(3))
            {
                var earlier = files.SelectMany(x => x.Entries).Concat(file.Entries).Where(e => e.Valid).ToList();
                for (var d = Random.Next(1, 3); d > 0 && earlier.Count > 0; d--)
                {
                    var copy = earlier[Random.Next(earlier.Count)].Record!.Clone();
                    spec.Vary(copy, this);
                    file.Entries.Insert(Random.Next(file.Entries.Count + 1), new DraftEntry(copy, Valid: true));
                }
            }

            // Planted invalid records, each with one problem the contract refuses.
            if (Chance(3))
            {
                for (var b = Random.Next(1, 4); b > 0; b--)
                {
                    file.Entries.Insert(Random.Next(file.Entries.Count + 1), Break(spec, format));
                }
            }

            if (format == DraftFormat.NdjsonBare)
            {
                // Each record dates itself; the file is as fresh as its newest valid record.
                var dated = false;
                foreach (var entry in file.Entries.Where(e => e.Valid))
                {
                    entry.Record!["collectedAt"] = dated ? fileTime - TimeSpan.FromMinutes(Random.Next(0, 600)) : fileTime;
                    dated = true;
                }

                if (!dated)
                {
                    // A file that dates nothing says nothing about its age; keep the harness out of that case.
                    file.Entries.Add(new DraftEntry(Rec.Of(("collectedAt", fileTime)).Also(r => Fill(spec, r)), Valid: true));
                }
            }
            else if (Chance(25) && file.Entries.FirstOrDefault(e => e.Valid) is { } own)
            {
                // A record with its own collection time inside a file that has one.
                own.Record!["collectedAt"] = fileTime + TimeSpan.FromHours(Random.Next(-30, 30));
            }

            files.Add(file);
            if (Chance(60))
            {
                files.Add(new DraftFile { Kind = spec.Name, Format = DraftFormat.Ndjson, Empty = true });
            }
        }

        return files;
    }

    /// <summary>Makes one more valid record of the kind into <paramref name="target"/>.</summary>
    private void Fill(KindSpec spec, Rec target)
    {
        var made = spec.Make(this);
        var source = made.Count > 0 ? made[0] : spec.Make(this).FirstOrDefault();
        if (source is null)
        {
            throw new InvalidOperationException($"The {spec.Name} generator made no record twice in a row.");
        }

        foreach (var (name, value) in source.Fields)
        {
            target.Fields.TryAdd(name, value);
        }
    }

    /// <summary>When a file was collected: usually in the last two days; now and then exactly maxAge ago, a tick more, or after --as-of.</summary>
    private DateTimeOffset CollectionTime() => Random.Next(30) switch
    {
        0 => Now - MaxAge,
        1 => Now - MaxAge - TimeSpan.FromTicks(1),
        2 => Now + TimeSpan.FromHours(2),
        _ => Now - TimeSpan.FromMinutes(Random.Next(0, 48 * 60)),
    };

    /// <summary>A record the contract refuses, for one reason picked at random.</summary>
    private DraftEntry Break(KindSpec spec, DraftFormat format)
    {
        if (format is DraftFormat.Ndjson or DraftFormat.NdjsonBare && Chance(6))
        {
            return new DraftEntry(null, Valid: false, RawLine: "{\"id\": \"broken\", ");
        }

        var record = Rec.Of();
        Fill(spec, record);
        if (format == DraftFormat.NdjsonBare && Chance(4))
        {
            // No collection time of its own and none from the file: quarantined (AOP1105).
            return new DraftEntry(record, Valid: false);
        }

        Assert.True(EvidenceKinds.TryParse(spec.Name, out var kind), spec.Name);
        var fields = EvidenceContract.For(kind).Fields.Where(f => record.Has(f.Name)).ToList();
        var required = fields.Where(f => f.Required).ToList();
        var field = fields[Random.Next(fields.Count)];
        switch (Random.Next(9))
        {
            case 0:
                record["unexpected"] = 1L;
                break;
            case 1:
                record.Fields.Remove(required[Random.Next(required.Count)].Name);
                break;
            case 2:
                record[required[Random.Next(required.Count)].Name] = null;
                break;
            case 3 when spec.BreakOrder is not null:
                spec.BreakOrder(record);
                break;
            case 4 when fields.FirstOrDefault(f => f.Type == EvidenceFieldType.Time) is { } time:
                record[time.Name] = new Raw("\"2026-11-27T10:00:00\"", "2026-11-27T10:00:00");
                break;
            case 5 when fields.FirstOrDefault(f => f.Type == EvidenceFieldType.Choice) is { } choice:
                record[choice.Name] = new Raw("\"Unknown\"", "Unknown");
                break;
            case 6 when fields.FirstOrDefault(f => f.Type is EvidenceFieldType.Number or EvidenceFieldType.WholeNumber) is { } number:
                record[number.Name] = Pick(new Raw("-1", "-1"), new Raw("1e400", "1e400"), new Raw("\"NaN\"", "NaN"));
                break;
            case 7 when fields.FirstOrDefault(f => f.Type == EvidenceFieldType.Boolean) is { } flag:
                record[flag.Name] = new Raw("\"false\"", "maybe");
                break;
            default:
                record[field.Name] = field.Type == EvidenceFieldType.Text || field.Type == EvidenceFieldType.Choice ? new Raw("12", "  ") : new Raw("\"twelve\"", "twelve");
                if (field.Type == EvidenceFieldType.Text && format == DraftFormat.Csv)
                {
                    // A CSV cell is text whatever it holds; give it a value no text field accepts.
                    record["unexpected"] = 1L;
                }

                break;
        }

        return new DraftEntry(record, Valid: false);
    }
}

/// <summary>Small helpers for building records inline.</summary>
internal static class RecExtensions
{
    public static Rec Also(this Rec record, Action<Rec> action)
    {
        action(record);
        return record;
    }
}
