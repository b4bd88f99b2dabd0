// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json;

using AiOpsPolicy.Core.Evidence.Contract;

namespace AiOpsPolicy.Core.Evidence;

/// <summary>
/// Turns one CSV row into a JSON object for the record serializers. Dotted headers become nested
/// objects (<c>groups.en.accuracy</c>); empty cells are left out, so optional fields read as absent.
/// Cells are typed by the evidence contract: a number field's cell is written as a JSON number when
/// it is one (<c>NaN</c>, <c>Infinity</c> or <c>1,5</c> stay text, which the contract then refuses
/// with the cell's value), a boolean field's cell <c>true</c>/<c>false</c> (any case) as a boolean.
/// </summary>
internal static class CsvRecord
{
    public static void Write(string[] header, List<string> row, Utf8JsonWriter writer, EvidenceKindContract contract)
    {
        writer.WriteStartObject();
        var open = new List<string>();
        for (var i = 0; i < header.Length; i++)
        {
            if (row[i].Length == 0)
            {
                continue;
            }

            var parts = header[i].Trim().Split('.');
            var common = 0;
            while (common < open.Count && common < parts.Length - 1 && open[common] == parts[common])
            {
                common++;
            }

            for (var j = open.Count; j > common; j--)
            {
                writer.WriteEndObject();
            }

            open.RemoveRange(common, open.Count - common);
            for (var j = common; j < parts.Length - 1; j++)
            {
                writer.WriteStartObject(parts[j]);
                open.Add(parts[j]);
            }

            writer.WritePropertyName(parts[^1]);
            WriteCell(row[i], TypeOf(contract, parts), writer);
        }

        for (var j = open.Count; j > 0; j--)
        {
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    /// <summary>The type of the field a dotted column names; text when the contract does not know it (it then refuses the field by name).</summary>
    private static EvidenceFieldType TypeOf(EvidenceKindContract contract, string[] parts)
    {
        var field = contract.Field(parts[0]);
        for (var i = 1; i < parts.Length && field is not null; i++)
        {
            field = field.Type == EvidenceFieldType.Map ? field.Item : null;
        }

        return field?.Type ?? EvidenceFieldType.Text;
    }

    private static void WriteCell(string cell, EvidenceFieldType type, Utf8JsonWriter writer)
    {
        switch (type)
        {
            case EvidenceFieldType.Number or EvidenceFieldType.WholeNumber or EvidenceFieldType.Duration or EvidenceFieldType.Scalar when IsJsonNumber(cell):
                writer.WriteRawValue(cell, skipInputValidation: true);
                return;
            case EvidenceFieldType.Boolean or EvidenceFieldType.Scalar when cell.Equals("true", StringComparison.OrdinalIgnoreCase):
                writer.WriteBooleanValue(true);
                return;
            case EvidenceFieldType.Boolean or EvidenceFieldType.Scalar when cell.Equals("false", StringComparison.OrdinalIgnoreCase):
                writer.WriteBooleanValue(false);
                return;
            default:
                writer.WriteStringValue(cell);
                return;
        }
    }

    /// <summary>Whether text is a number by JSON's grammar: <c>-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?</c>.</summary>
    internal static bool IsJsonNumber(string text)
    {
        var i = 0;
        if (i < text.Length && text[i] == '-')
        {
            i++;
        }

        if (i >= text.Length || !char.IsAsciiDigit(text[i]))
        {
            return false;
        }

        if (text[i] == '0')
        {
            i++;
        }
        else
        {
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
        }

        if (i < text.Length && text[i] == '.')
        {
            var start = ++i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i == start)
            {
                return false;
            }
        }

        if (i < text.Length && text[i] is 'e' or 'E')
        {
            i++;
            if (i < text.Length && text[i] is '+' or '-')
            {
                i++;
            }

            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i == start)
            {
                return false;
            }
        }

        return i == text.Length;
    }
}
