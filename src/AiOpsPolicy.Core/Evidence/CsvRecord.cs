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
        // Columns are grouped by their dotted path first: the columns of one object need not be
        // adjacent (an exporter adds groups.es.accuracy after privacy.pii when a later row has it).
        var root = new Node();
        for (var i = 0; i < header.Length; i++)
        {
            if (row[i].Length == 0)
            {
                continue;
            }

            var parts = header[i].Trim().Split('.');
            var node = root;
            for (var j = 0; j < parts.Length - 1; j++)
            {
                node = node.Child(parts[j]);
            }

            node.Entries.Add(new Entry(parts[^1], null, i, parts));
        }

        WriteNode(root, row, writer, contract);
    }

    private static void WriteNode(Node node, List<string> row, Utf8JsonWriter writer, EvidenceKindContract contract)
    {
        writer.WriteStartObject();
        foreach (var entry in node.Entries)
        {
            writer.WritePropertyName(entry.Name);
            if (entry.Child is { } child)
            {
                WriteNode(child, row, writer, contract);
            }
            else
            {
                WriteCell(row[entry.Column], TypeOf(contract, entry.Parts), writer);
            }
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

    /// <summary>A cell (<see cref="Column"/>) or a nested object (<see cref="Child"/>) of a row's JSON object.</summary>
    private sealed record Entry(string Name, Node? Child, int Column, string[] Parts);

    /// <summary>A JSON object being assembled from a row: its entries in order of first appearance.</summary>
    private sealed class Node
    {
        public List<Entry> Entries { get; } = [];

        public Node Child(string name)
        {
            foreach (var entry in Entries)
            {
                if (entry.Child is not null && entry.Name == name)
                {
                    return entry.Child;
                }
            }

            var child = new Node();
            Entries.Add(new Entry(name, child, -1, []));
            return child;
        }
    }
}
