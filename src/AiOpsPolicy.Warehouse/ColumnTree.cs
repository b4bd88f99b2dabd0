// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Evidence.Contract;

namespace AiOpsPolicy.Warehouse;

/// <summary>
/// The columns of a columnar file (Parquet, Arrow) arranged as the JSON object they make: a column per leaf, an object
/// per dotted prefix or struct; a null cell is an absent field, and an object all of whose cells are null is absent too.
/// </summary>
internal sealed class ColumnTree
{
    private readonly List<(string Name, EvidenceColumn? Column, ColumnTree? Child)> _entries = [];
    private readonly EvidenceColumn[] _all;

    private ColumnTree(EvidenceColumn[] all) => _all = all;

    public static ColumnTree Build(EvidenceColumn[] columns)
    {
        var root = new ColumnTree(columns);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var column in columns)
        {
            if (!seen.Add(string.Join('.', column.Parts)))
            {
                throw new EvidenceFormatException($"the column '{string.Join('.', column.Parts)}' appears twice: give each field one column");
            }

            var node = root;
            for (var i = 0; i < column.Parts.Length - 1; i++)
            {
                node = node.Child(column.Parts[i], column);
            }

            if (node._entries.Exists(e => e.Name == column.Parts[^1]))
            {
                throw new EvidenceFormatException($"the column '{string.Join('.', column.Parts)}' is both a value and an object: give each field one column");
            }

            node._entries.Add((column.Parts[^1], column, null));
        }

        return root;
    }

    public void Write(Utf8JsonWriter writer, EvidenceKindContract contract, int index) => Write(writer, contract.Fields, null, index);

    private void Write(Utf8JsonWriter writer, IReadOnlyList<EvidenceField>? fields, EvidenceField? map, int index)
    {
        writer.WriteStartObject();
        foreach (var (name, column, child) in _entries)
        {
            var field = map?.Item ?? Find(fields, name);
            if (column is not null)
            {
                if (!column.IsNull(index))
                {
                    writer.WritePropertyName(name);
                    column.Write(writer, index, field?.Type ?? EvidenceFieldType.Text);
                }
            }
            else if (child!.HasValue(index))
            {
                writer.WritePropertyName(name);
                var nestedMap = field is { Type: EvidenceFieldType.Map } ? field : null;
                child.Write(writer, field?.Fields, nestedMap, index);
            }
        }

        writer.WriteEndObject();
    }

    private static EvidenceField? Find(IReadOnlyList<EvidenceField>? fields, string name)
    {
        if (fields is null)
        {
            return null;
        }

        foreach (var field in fields)
        {
            if (field.Name == name)
            {
                return field;
            }
        }

        return null;
    }

    /// <summary>Whether any column under this object has a value in the row: an object of nulls is an absent field.</summary>
    private bool HasValue(int index)
    {
        foreach (var (_, column, child) in _entries)
        {
            if (column is not null ? !column.IsNull(index) : child!.HasValue(index))
            {
                return true;
            }
        }

        return false;
    }

    private ColumnTree Child(string name, EvidenceColumn column)
    {
        foreach (var entry in _entries)
        {
            if (entry.Name == name)
            {
                return entry.Child ?? throw new EvidenceFormatException($"the column '{string.Join('.', column.Parts)}' is inside '{name}', which is also a value: give each field one column");
            }
        }

        var child = new ColumnTree(_all);
        _entries.Add((name, null, child));
        return child;
    }
}
