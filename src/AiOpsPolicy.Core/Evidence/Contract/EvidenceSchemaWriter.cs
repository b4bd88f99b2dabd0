// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AiOpsPolicy.Core.Evidence.Contract;

/// <summary>
/// Writes the JSON Schema of each evidence kind from <see cref="EvidenceContract"/>. The files in
/// <c>schemas/evidence</c> are this writer's output; a test fails when they differ, and running the
/// tests with <c>AIOPS_UPDATE_SCHEMAS=1</c> rewrites them. An optional field may be written as null,
/// which reads as absent (exporters write null for "not yet": an open incident's recoveredAt).
/// </summary>
public static class EvidenceSchemaWriter
{
    /// <summary>The schema's file name for a kind: <c>workflow-runs.schema.json</c>.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The file name.</returns>
    public static string FileName(EvidenceKind kind) => EvidenceKinds.Name(kind) + ".schema.json";

    /// <summary>Writes a kind's schema.</summary>
    /// <param name="contract">The kind's contract.</param>
    /// <returns>The schema's JSON text, indented by two spaces, ending in a newline.</returns>
    public static string Write(EvidenceKindContract contract)
    {
        ArgumentNullException.ThrowIfNull(contract);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, NewLine = "\n", Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("$schema", "http://json-schema.org/draft-07/schema#");
            writer.WriteString("$id", $"https://aiops-policy.dev/schemas/evidence/{FileName(contract.Kind)}");
            writer.WriteString("title", $"AiOpsPolicy evidence record: {contract.Name} (aiops-evidence/v1)");
            writer.WriteString("description", $"{contract.Description} One record of kind {contract.Name}; see docs/evidence.md. Generated from the evidence contract (src/AiOpsPolicy.Core/Evidence/Contract/EvidenceContract.cs); do not edit by hand. Field names are camelCase; CSV files write nested fields as dotted columns.");
            WriteObjectBody(writer, contract.Fields);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void WriteObjectBody(Utf8JsonWriter writer, IReadOnlyList<EvidenceField> fields)
    {
        writer.WriteString("type", "object");
        writer.WriteBoolean("additionalProperties", false);
        writer.WriteStartArray("required");
        foreach (var field in fields.Where(f => f.Required))
        {
            writer.WriteStringValue(field.Name);
        }

        writer.WriteEndArray();
        writer.WriteStartObject("properties");
        foreach (var field in fields)
        {
            writer.WritePropertyName(field.Name);
            WriteField(writer, field);
        }

        writer.WriteEndObject();
    }

    private static void WriteField(Utf8JsonWriter writer, EvidenceField field)
    {
        writer.WriteStartObject();
        writer.WriteString("description", $"{field.Description}{(field.Required ? string.Empty : " Optional; null reads as absent.")} Allowed: {field.Allowed}.");
        var nullable = !field.Required;
        switch (field.Type)
        {
            case EvidenceFieldType.Text:
                Type(writer, "string", nullable);
                if (field.MinLength > 0)
                {
                    writer.WriteNumber("minLength", field.MinLength);
                }

                if (field.Pattern is { } pattern)
                {
                    writer.WriteString("pattern", pattern);
                }

                break;

            case EvidenceFieldType.Time:
                Type(writer, "string", nullable);
                writer.WriteString("format", "date-time");
                writer.WriteString("pattern", EvidenceTimes.TimePattern);
                break;

            case EvidenceFieldType.Day:
                Type(writer, "string", nullable);
                writer.WriteString("format", "date");
                writer.WriteString("pattern", EvidenceTimes.DayPattern);
                break;

            case EvidenceFieldType.Duration:
                writer.WriteStartArray("oneOf");
                writer.WriteStartObject();
                writer.WriteString("type", "number");
                writer.WriteNumber("minimum", 0);
                writer.WriteNumber("exclusiveMaximum", Math.Floor(EvidenceTimes.MaxDurationSeconds));
                writer.WriteEndObject();
                writer.WriteStartObject();
                writer.WriteString("type", "string");
                writer.WriteString("pattern", EvidenceTimes.DurationPattern);
                writer.WriteEndObject();
                if (nullable)
                {
                    writer.WriteStartObject();
                    writer.WriteString("type", "null");
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                break;

            case EvidenceFieldType.Number:
            case EvidenceFieldType.WholeNumber:
                Type(writer, field.Type == EvidenceFieldType.WholeNumber ? "integer" : "number", nullable);
                if (field.Type == EvidenceFieldType.WholeNumber)
                {
                    writer.WriteNumber("minimum", field.Minimum ?? long.MinValue);
                    writer.WritePropertyName("maximum");
                    writer.WriteRawValue(((long)Math.Min(field.Maximum ?? long.MaxValue, long.MaxValue)).ToString(CultureInfo.InvariantCulture));
                }
                else
                {
                    // Every number has both bounds (10^15 unless the field says less): 1e400 is valid JSON
                    // but would read as infinity, and the loader refuses it, so the schema must too.
                    writer.WriteNumber("minimum", field.EffectiveMinimum);
                    writer.WriteNumber("maximum", field.EffectiveMaximum);
                }

                break;

            case EvidenceFieldType.Boolean:
                Type(writer, "boolean", nullable);
                break;

            case EvidenceFieldType.Choice:
                Type(writer, "string", nullable);
                writer.WriteStartArray("enum");
                foreach (var value in field.Values)
                {
                    writer.WriteStringValue(value);
                }

                if (nullable)
                {
                    writer.WriteNullValue();
                }

                writer.WriteEndArray();
                break;

            case EvidenceFieldType.Map:
                Type(writer, "object", nullable);
                writer.WritePropertyName("additionalProperties");
                WriteField(writer, field.Item!);
                break;

            case EvidenceFieldType.List:
                Type(writer, "array", nullable);
                writer.WriteStartObject("items");
                writer.WriteString("description", "One item.");
                WriteObjectBody(writer, field.Fields);
                writer.WriteEndObject();
                break;

            default:
                writer.WriteStartArray("type");
                writer.WriteStringValue("string");
                writer.WriteStringValue("number");
                writer.WriteStringValue("boolean");
                writer.WriteEndArray();
                writer.WriteNumber("minimum", -EvidenceField.MaxMagnitude);
                writer.WriteNumber("maximum", EvidenceField.MaxMagnitude);
                break;
        }

        writer.WriteEndObject();
    }

    private static void Type(Utf8JsonWriter writer, string type, bool nullable)
    {
        if (!nullable)
        {
            writer.WriteString("type", type);
            return;
        }

        writer.WriteStartArray("type");
        writer.WriteStringValue(type);
        writer.WriteStringValue("null");
        writer.WriteEndArray();
    }
}
