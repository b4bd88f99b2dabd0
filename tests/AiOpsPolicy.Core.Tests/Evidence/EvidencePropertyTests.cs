// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Evidence.Contract;

namespace AiOpsPolicy.Core.Tests.Evidence;

/// <summary>
/// Records of every kind with random omissions and malformed values, in NDJSON and JSON envelopes:
/// each is either read with exactly the values written, or quarantined with a located diagnostic that
/// names the field and what is allowed. Never an exception, never a record lost without a word.
/// </summary>
[Trait("Hostile", "evidence")]
public sealed class EvidencePropertyTests
{
    /// <summary>Records per kind; files hold at most 100, the most the quarantine lists per kind.</summary>
    private const int RecordsPerKind = 600;

    private static readonly string[] Malformed =
    [
        "null", "\"false\"", "\"12\"", "true", "{}", "[]", "\"\"", "1", "-1", "0.5", "2", "1e400", "-1e400",
        "99999999999999999999", "1.5", "\"NaN\"", "\"partial\"", "\"Ticket Triage\"", "\"2026-11-20T10:00:00\"", "\"2026-02-30T10:00:00Z\"",
        "\"2026-11-20\"", "\"15m\"", "\"\\u0000\"", "\"\\ud800\"", "\"" + new string('x', 5000) + "\"", "{\"a\":{\"b\":[1,{\"c\":null}]}}",
    ];

    /// <summary>Values that break the JSON itself: in NDJSON they cost one line; in an envelope, the whole file (an error, tested elsewhere).</summary>
    private static readonly string[] NotJson = ["NaN", "tru", "'x'", "\"unterminated"];

    public static TheoryData<EvidenceKind> Kinds() => [.. Enum.GetValues<EvidenceKind>()];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Load_WhenRecordsHaveRandomOmissionsAndMalformedValues_ShouldReadEachCorrectlyOrQuarantineItLocated(EvidenceKind kind)
    {
        // Given
        var random = new Random(1000 + (int)kind);
        var contract = EvidenceContract.For(kind);
        var records = Enumerable.Range(0, RecordsPerKind).Select(i => Mutate(EvidenceSamples.Valid(kind), contract, random, i, brokenJson: (i / 100) % 2 == 0)).ToList();
        using var folder = new TempDirectory();
        var files = new List<(string Path, List<string> Records, bool Envelope)>();
        foreach (var chunk in records.Chunk(100).Select((c, i) => (Records: c.ToList(), Index: i)))
        {
            var envelope = chunk.Index % 2 == 1;
            var path = folder.Combine($"part{chunk.Index}.{EvidenceKinds.Name(kind)}.{(envelope ? "json" : "ndjson")}");
            File.WriteAllText(path, envelope
                ? "{\"kind\": \"" + EvidenceKinds.Name(kind) + "\", \"collectedAt\": \"2026-11-27T00:00:00Z\", \"records\": [\n" + string.Join(",\n", chunk.Records) + "\n]}\n"
                : EvidenceSamples.Ndjson(kind, chunk.Records));
            files.Add((path, chunk.Records, envelope));
        }

        // When
        var problems = new List<string>();
        foreach (var (path, written, envelope) in files)
        {
            var loaded = EvidenceLoader.Load([path]);

            // Then: the file is usable as a whole; every record is accounted for.
            Assert.False(loaded.HasErrors, string.Join("\n", loaded.Diagnostics));
            var quality = loaded.Evidence.Quality.Of(kind);
            var read = loaded.Evidence.Get<EvidenceRecord>(kind);
            Assert.NotNull(quality);
            Assert.Equal(written.Count, quality!.Valid + quality.Invalid);
            Assert.Equal(quality.Invalid, quality.Listed.Length);
            var invalidLines = new HashSet<int>();
            foreach (var record in quality.Listed)
            {
                // Located: the file, the record's line (the envelope puts record n on line n + 1), the field and what is allowed.
                var line = record.Location.StartLine;
                Assert.Equal(Path.GetFullPath(path), Path.GetFullPath(record.Location.Path));
                Assert.InRange(line, 2, written.Count + 1);
                Assert.True(invalidLines.Add(line));
                Assert.NotEmpty(record.Problems);
                Assert.All(record.Problems, p => Assert.False(string.IsNullOrWhiteSpace(p.Reason + p.Allowed)));
                Assert.Equal(envelope ? $"#{line - 1}" : $"line {line}", record.Record);
            }

            // Correct values: every record read holds exactly what was written, in order; a valid
            // record not read is a repeat of an earlier key (a malformed value can happen to be a
            // valid, repeated one), and the repeats are exactly those AOP1107 counts.
            var valid = written.Where((_, i) => !invalidLines.Contains(i + 2)).ToList();
            var next = 0;
            var repeats = 0;
            foreach (var record in valid)
            {
                if (next < read.Count && Mismatch(JsonNode.Parse(record)!.AsObject(), read[next], contract) is null)
                {
                    next++;
                }
                else
                {
                    repeats++;
                }
            }

            var reported = loaded.Diagnostics.Where(d => d.Id == "AOP1107").Select(d => int.Parse(d.Message.Split(' ')[0], CultureInfo.InvariantCulture)).Sum();
            if (next != read.Count || repeats != reported)
            {
                problems.Add($"{Path.GetFileName(path)}: {read.Count} records read, {next} matched what was written, {repeats} unmatched but {reported} repeats reported");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(10)));
    }

    /// <summary>The sample with each field kept, omitted or replaced by a malformed value at random; some records get an unknown field or a broken line.</summary>
    internal static string Mutate(JsonObject record, EvidenceKindContract contract, Random random, int index, bool brokenJson)
    {
        var raw = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in contract.Fields)
        {
            var roll = random.NextDouble();
            if (roll < 0.12)
            {
                record.Remove(field.Name);
            }
            else if (roll < 0.2)
            {
                var placeholder = $"\u0001{raw.Count}\u0001";
                record[field.Name] = placeholder;
                raw[JsonSerializer.Serialize(placeholder)] = brokenJson && random.NextDouble() < 0.1 ? NotJson[random.Next(NotJson.Length)] : Malformed[random.Next(Malformed.Length)];
            }
        }

        if (random.NextDouble() < 0.03)
        {
            record["unexpected" + index.ToString(CultureInfo.InvariantCulture)] = 1;
        }

        if (IsText(record["id"]))
        {
            // Unique ids, so that valid records are not repeats of each other.
            record["id"] = $"r{index}";
        }

        // Natural keys: a unique minute per record where the kind is keyed by a time.
        foreach (var keyTime in new[] { "periodStart", "measuredAt", "ranAt" })
        {
            if (IsText(record[keyTime]) && contract.Field("id") is null && DateTimeOffset.TryParse(record[keyTime]!.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            {
                record[keyTime] = time.AddMinutes(-index).ToString("O", CultureInfo.InvariantCulture);
            }
        }

        if (IsText(record["version"]))
        {
            record["version"] = $"1.{index}.0";
        }

        if (record["day"] is JsonValue day && day.GetValueKind() == JsonValueKind.String && DateOnly.TryParseExact(day.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            record["day"] = d.AddDays(-index).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        var text = record.ToJsonString();
        foreach (var (placeholder, value) in raw)
        {
            text = text.Replace(placeholder, value, StringComparison.Ordinal);
        }

        return brokenJson && random.NextDouble() < 0.02 ? text[..(text.Length / 2)] : text;
    }

    private static bool IsText(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String && !value.GetValue<string>().StartsWith('\u0001');

    /// <summary>What differs between a record as written and as read, or null.</summary>
    private static string? Mismatch(JsonObject written, EvidenceRecord read, EvidenceKindContract contract)
    {
        var asRead = JsonNode.Parse(JsonSerializer.Serialize(read, EvidenceKinds.TypeInfo(contract.Kind)))!.AsObject();
        foreach (var field in contract.Fields)
        {
            var expected = written[field.Name];
            var actual = asRead[field.Name];
            if (expected is null)
            {
                continue;
            }

            var same = field.Type switch
            {
                EvidenceFieldType.Time => DateTimeOffset.Parse(expected.GetValue<string>(), CultureInfo.InvariantCulture) == DateTimeOffset.Parse(actual!.GetValue<string>(), CultureInfo.InvariantCulture),
                EvidenceFieldType.Number => expected.GetValue<double>() == actual!.GetValue<double>(),
                EvidenceFieldType.WholeNumber => expected.GetValue<long>() == actual!.GetValue<long>(),
                EvidenceFieldType.Duration => expected.GetValueKind() == JsonValueKind.Number
                    ? expected.GetValue<double>() == actual!.GetValue<double>()
                    : Core.Units.UnitParser.TryParseDuration(expected.GetValue<string>(), out var duration) && duration.TotalSeconds == actual!.GetValue<double>(),
                EvidenceFieldType.Map or EvidenceFieldType.List => JsonNode.DeepEquals(Normalise(expected), Normalise(actual)),
                _ => JsonNode.DeepEquals(expected, actual),
            };
            if (!same)
            {
                return $"{field.Name}: wrote {expected.ToJsonString()}, read {actual?.ToJsonString() ?? "nothing"}";
            }
        }

        return null;
    }

    /// <summary>Maps compared by content: assumptions are kept as text, so numbers and booleans compare by their text.</summary>
    private static JsonNode? Normalise(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Normalise(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Normalise)]),
        JsonValue v when v.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => JsonValue.Create(v.ToJsonString()),
        JsonValue v => JsonValue.Create(v.GetValue<string>()),
        _ => null,
    };
}
