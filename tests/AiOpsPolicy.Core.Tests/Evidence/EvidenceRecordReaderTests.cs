// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Buffers;
using System.Text;
using System.Text.Json;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Evidence.Contract;

namespace AiOpsPolicy.Core.Tests.Evidence;

/// <summary>
/// The hand-written record reader against the source-generated serializer it replaced in the loader, record by
/// record: every record the contract accepts (samples with every field, fields written as null, and the random
/// omissions and malformed values of <see cref="EvidencePropertyTests"/>) is read to the same record, or refused
/// with the same words for the same field. The serializer stays the reference: it is what evidence writers
/// (collectors, the Parquet writer, the decision service) serialize with.
/// </summary>
[Trait("Hostile", "evidence")]
public sealed class EvidenceRecordReaderTests
{
    private const int RecordsPerKind = 1500;

    public static TheoryData<EvidenceKind> Kinds() => [.. Enum.GetValues<EvidenceKind>()];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Read_WhenTheContractAcceptsARecord_ShouldBuildWhatTheSerializerBuilt(EvidenceKind kind)
    {
        // Given: the sample, the sample with each optional field null, and random mutations of it.
        var contract = EvidenceContract.For(kind);
        var random = new Random(7000 + (int)kind);
        var records = new List<string> { EvidenceSamples.Valid(kind).ToJsonString() };
        foreach (var field in contract.Fields.Where(f => !f.Required))
        {
            var record = EvidenceSamples.Valid(kind);
            record[field.Name] = null;
            records.Add(record.ToJsonString());
        }

        records.AddRange(Enumerable.Range(0, RecordsPerKind).Select(i => EvidencePropertyTests.Mutate(EvidenceSamples.Valid(kind), contract, random, i, brokenJson: false)));

        // When
        var compared = 0;
        var refused = 0;
        var mismatches = new List<string>();
        foreach (var json in records.Select(Encoding.UTF8.GetBytes))
        {
            if (!Accepted(json, contract))
            {
                continue;
            }

            compared++;
            var expected = Outcome(() => (EvidenceRecord)JsonSerializer.Deserialize(WithoutNulls(json), EvidenceKinds.TypeInfo(kind))!, kind);
            var actual = Outcome(() => EvidenceRecordReader.Read(kind, json), kind);
            refused += expected.StartsWith("refused", StringComparison.Ordinal) ? 1 : 0;
            if (expected != actual)
            {
                mismatches.Add($"{Encoding.UTF8.GetString(json)}\n  serializer: {expected}\n  reader:     {actual}");
            }
        }

        // Then
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {compared} records differ:\n" + string.Join("\n", mismatches.Take(5)));
        Assert.True(compared >= 100, $"only {compared} records were accepted by the contract");
        Assert.True(compared - refused >= 50, $"only {compared - refused} records were read");
    }

    [Fact]
    public void Read_WhenAWholeNumberIsPastItsTypesRange_ShouldRefuseItNamingTheFieldAsTheSerializerDid()
    {
        // Given: transactions is an int on the record; the contract allows larger whole numbers.
        var record = EvidenceSamples.Valid(EvidenceKind.WorkflowRuns);
        record["transactions"] = 3000000000L;
        var json = Encoding.UTF8.GetBytes(record.ToJsonString());

        // When
        var refusal = Assert.Throws<JsonException>(() => EvidenceRecordReader.Read(EvidenceKind.WorkflowRuns, json));

        // Then
        Assert.Equal("$.transactions", refusal.Path);
        Assert.StartsWith("The JSON value could not be converted to System.Nullable`1[System.Int32]", refusal.Message, StringComparison.Ordinal);
    }

    private static bool Accepted(byte[] json, EvidenceKindContract contract)
    {
        try
        {
            return EvidenceRecordValidator.Validate(json, contract, [], out _);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException or DecoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>The record as the serializer writes it, or what the loader would quarantine it with (field and words).</summary>
    private static string Outcome(Func<EvidenceRecord> read, EvidenceKind kind)
    {
        try
        {
            var record = read();
            return JsonSerializer.Serialize(record, EvidenceKinds.TypeInfo(kind)) + " collectedAt=" + record.CollectedAt?.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or OverflowException or FormatException or ArgumentException)
        {
            var field = ex is JsonException { Path: { Length: > 2 } path } ? path.TrimStart('$', '.') : string.Empty;
            return $"refused: {field}: {ex.Message.Split(" Path:")[0].TrimEnd('.')}";
        }
    }

    /// <summary>What the loader did before deserializing: a record with fields written as null, rewritten without them.</summary>
    private static byte[] WithoutNulls(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var property in document.RootElement.EnumerateObject().Where(p => p.Value.ValueKind != JsonValueKind.Null))
            {
                property.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
