// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json.Nodes;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Evidence.Contract;
using NJsonSchema;

namespace AiOpsPolicy.Core.Tests.Evidence;

/// <summary>
/// The evidence contract is the one source of truth: the schemas in schemas/evidence are generated
/// from it, the record types read exactly its fields, and the loader and the schemas agree on every
/// mutation of every field of every kind.
/// </summary>
[Trait("Hostile", "evidence")]
public sealed class EvidenceContractTests
{
    public static TheoryData<EvidenceKind> Kinds() => [.. Enum.GetValues<EvidenceKind>()];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void SchemaFile_ShouldBeWhatTheContractGenerates(EvidenceKind kind)
    {
        // Given
        var path = Repository.Combine("schemas", "evidence", EvidenceSchemaWriter.FileName(kind));
        var generated = EvidenceSchemaWriter.Write(EvidenceContract.For(kind));

        // When
        if (Environment.GetEnvironmentVariable("AIOPS_UPDATE_SCHEMAS") == "1")
        {
            File.WriteAllText(path, generated);
        }

        // Then
        Assert.True(
            generated == File.ReadAllText(path).ReplaceLineEndings("\n"),
            $"{path} is not what the evidence contract generates. Run the tests with AIOPS_UPDATE_SCHEMAS=1 to regenerate it, and commit it.");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Contract_ShouldListExactlyTheFieldsTheRecordTypeReads(EvidenceKind kind)
    {
        // Given
        var contract = EvidenceContract.For(kind);
        var typeInfo = EvidenceKinds.TypeInfo(kind);

        // When
        var inContract = contract.Fields.Select(f => f.Name).Order(StringComparer.Ordinal).ToArray();
        var inCode = typeInfo.Properties.Where(p => p.Set is not null).Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
        var requiredInContract = contract.Fields.Where(f => f.Required).Select(f => f.Name).Order(StringComparer.Ordinal).ToArray();
        var requiredInCode = typeInfo.Properties.Where(p => p.IsRequired).Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();

        // Then
        Assert.Equal(inCode, inContract);
        Assert.Equal(requiredInCode, requiredInContract);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task LoaderAndSchema_WhenEveryFieldIsMutated_ShouldAgreeOnEveryRecord(EvidenceKind kind)
    {
        // Given
        var schema = await JsonSchema.FromJsonAsync(await File.ReadAllTextAsync(Repository.Combine("schemas", "evidence", EvidenceSchemaWriter.FileName(kind))));
        var mutations = Mutations(kind).ToList();
        using var folder = new TempDirectory();
        var disagreements = new List<string>();
        var undecided = 0;

        // When
        foreach (var (what, json) in mutations)
        {
            bool schemaAccepts;
            try
            {
                schemaAccepts = schema.Validate(json).Count == 0;
            }
            catch (InvalidCastException)
            {
                // NJsonSchema cannot compare an integer past 64 bits (a BigInteger) with a bound: it
                // throws rather than decide, so there is no schema verdict to compare with.
                undecided++;
                continue;
            }

            var file = folder.Combine($"{Guid.NewGuid():N}.ndjson");
            File.WriteAllText(file, EvidenceSamples.Ndjson(kind, [json]));
            var loaded = EvidenceLoader.Load([file]);
            File.Delete(file);
            var loaderAccepts = !loaded.HasErrors && loaded.Evidence.Quality.IsClean && loaded.Evidence.FilesOf(kind).Sum(f => f.Records) == 1;

            // The loader also checks rules across fields that a per-field schema cannot state (times in
            // order, rolledBackAt when rolledBack): a record refused only by those is not a disagreement.
            var onlyCrossField = loaded.Evidence.Quality.Of(kind)?.Listed is [{ } one] && one.Problems.All(p => p.Allowed.StartsWith("values consistent", StringComparison.Ordinal));
            if (schemaAccepts != loaderAccepts && !(schemaAccepts && onlyCrossField))
            {
                disagreements.Add($"{what}: schema {(schemaAccepts ? "accepts" : "rejects")}, loader {(loaderAccepts ? "accepts" : "rejects")} {json} {string.Join(" | ", loaded.Diagnostics)}");
            }
        }

        // Then
        Assert.True(mutations.Count - undecided > 100, $"too few mutations decided ({mutations.Count - undecided})");
        Assert.True(disagreements.Count == 0, string.Join("\n", disagreements));
    }

    /// <summary>Every field of the kind omitted, nulled, and given values of the wrong type, out of range, or malformed; plus an unknown field.</summary>
    internal static IEnumerable<(string What, string Json)> Mutations(EvidenceKind kind)
    {
        var contract = EvidenceContract.For(kind);
        yield return ("valid", EvidenceSamples.Valid(kind).ToJsonString());
        yield return ("unknown field", With(kind, o => o["unexpected"] = 1));
        foreach (var field in contract.Fields)
        {
            var name = field.Name;
            yield return ($"{name} omitted", With(kind, o => o.Remove(name)));
            foreach (var (label, raw) in BadValues(field))
            {
                yield return ($"{name} = {label}", Raw(kind, name, raw));
            }

            if (field.Type == EvidenceFieldType.Map && field.Item is { } item)
            {
                foreach (var (label, raw) in BadValues(item))
                {
                    var inner = item.Type == EvidenceFieldType.Map ? $"{{\"x\":{{\"m\":{raw}}}}}" : $"{{\"x\":{raw}}}";
                    yield return ($"{name}.x = {label}", Raw(kind, name, inner));
                }
            }

            if (field.Type == EvidenceFieldType.List)
            {
                foreach (var sub in field.Fields)
                {
                    foreach (var (label, raw) in BadValues(sub))
                    {
                        var itemJson = string.Join(",", field.Fields.Select(f => $"\"{f.Name}\":" + (f.Name == sub.Name ? raw : f.Type == EvidenceFieldType.Number ? "1" : "\"x\"")));
                        yield return ($"{name}[0].{sub.Name} = {label}", Raw(kind, name, $"[{{{itemJson}}}]"));
                    }
                }
            }
        }
    }

    private static IEnumerable<(string Label, string Raw)> BadValues(EvidenceField field)
    {
        yield return ("null", "null");
        yield return ("string false", "\"false\"");
        yield return ("string number", "\"12\"");
        yield return ("true", "true");
        yield return ("object", "{}");
        yield return ("list", "[]");
        yield return ("empty text", "\"\"");
        yield return ("number 1", "1");
        yield return ("negative", "-1");
        yield return ("fraction 0.5", "0.5");
        yield return ("two", "2");
        yield return ("1e400", "1e400");
        yield return ("-1e400", "-1e400");
        yield return ("huge integer", "99999999999999999999");
        yield return ("1.5", "1.5");
        yield return ("1.0", "1.0");
        yield return ("1e3", "1e3");
        yield return ("NaN text", "\"NaN\"");
        yield return ("Infinity text", "\"Infinity\"");
        yield return ("partial", "\"partial\"");
        yield return ("Title Case name", "\"Ticket Triage\"");
        yield return ("lower-case currency", "\"eur\"");
        yield return ("time without offset", "\"2026-11-20T10:00:00\"");
        yield return ("time month 13", "\"2026-13-20T10:00:00Z\"");
        yield return ("time 31 November", "\"2026-11-31T10:00:00Z\"");
        yield return ("time 29 February 2027", "\"2027-02-29T10:00:00Z\"");
        yield return ("time 29 February 2028", "\"2028-02-29T10:00:00Z\"");
        yield return ("time 29 February 2100", "\"2100-02-29T10:00:00Z\"");
        yield return ("time 29 February 2000", "\"2000-02-29T10:00:00Z\"");
        yield return ("time year 0", "\"0000-01-01T10:00:00Z\"");
        yield return ("time offset +14:30", "\"2026-11-20T10:00:00+14:30\"");
        yield return ("time offset +14:00", "\"2026-11-20T10:00:00+14:00\"");
        yield return ("day 29 February 2027", "\"2027-02-29\"");
        yield return ("time hour 24", "\"2026-11-20T24:00:00Z\"");
        yield return ("time lower-case z", "\"2026-11-20T10:00:00z\"");
        yield return ("time with space", "\"2026-11-20 10:00:00Z\"");
        yield return ("time without seconds", "\"2026-11-20T10:00Z\"");
        yield return ("time with +01:00", "\"2026-11-20T10:00:00+01:00\"");
        yield return ("time with 9 fraction digits", "\"2026-11-20T10:00:00.123456789Z\"");
        yield return ("day 31 November", "\"2026-11-31\"");
        yield return ("day", "\"2026-11-20\"");
        yield return ("day without dashes", "\"20261120\"");
        yield return ("duration 15m", "\"15m\"");
        yield return ("duration 15 minutes", "\"15 minutes\"");
        if (field.Type == EvidenceFieldType.Choice)
        {
            yield return ("upper-case choice", $"\"{field.Values[0].ToUpperInvariant()}\"");
        }
    }

    private static string With(EvidenceKind kind, Action<JsonObject> change)
    {
        var record = EvidenceSamples.Valid(kind);
        change(record);
        return record.ToJsonString();
    }

    /// <summary>The sample with one field's value replaced by raw JSON text (so that 1e400 stays as written).</summary>
    private static string Raw(EvidenceKind kind, string field, string raw)
    {
        var record = EvidenceSamples.Valid(kind);
        record[field] = "\u0001PLACEHOLDER\u0001";
        return record.ToJsonString().Replace("\"\\u0001PLACEHOLDER\\u0001\"", raw, StringComparison.Ordinal);
    }
}
