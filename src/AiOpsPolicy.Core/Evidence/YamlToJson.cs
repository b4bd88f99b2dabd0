// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text.Json;
using AiOpsPolicy.Core.Loading;

namespace AiOpsPolicy.Core.Evidence;

/// <summary>Writes a YAML node as JSON, typing plain scalars by the YAML 1.2 core schema.</summary>
internal static class YamlToJson
{
    public static void Write(YamlNode node, Utf8JsonWriter writer)
    {
        switch (node)
        {
            case YamlMapping mapping:
                writer.WriteStartObject();
                foreach (var (key, value) in mapping.Entries)
                {
                    writer.WritePropertyName(key.Value);
                    Write(value, writer);
                }

                writer.WriteEndObject();
                break;

            case YamlSequence sequence:
                writer.WriteStartArray();
                foreach (var item in sequence.Items)
                {
                    Write(item, writer);
                }

                writer.WriteEndArray();
                break;

            case YamlScalar scalar:
                WriteScalar(scalar, writer);
                break;
        }
    }

    private static void WriteScalar(YamlScalar scalar, Utf8JsonWriter writer)
    {
        if (scalar.Style != YamlScalarStyle.Plain)
        {
            writer.WriteStringValue(scalar.Value);
            return;
        }

        if (scalar.IsNull)
        {
            writer.WriteNullValue();
        }
        else if (scalar.Value is "true" or "True" or "TRUE")
        {
            writer.WriteBooleanValue(true);
        }
        else if (scalar.Value is "false" or "False" or "FALSE")
        {
            writer.WriteBooleanValue(false);
        }
        else if (double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) && !scalar.Value.Contains(':', StringComparison.Ordinal))
        {
            writer.WriteNumberValue(number);
        }
        else
        {
            writer.WriteStringValue(scalar.Value);
        }
    }
}
