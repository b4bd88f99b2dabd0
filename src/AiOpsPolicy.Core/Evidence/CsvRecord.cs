// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json;

namespace AiOpsPolicy.Core.Evidence;

/// <summary>
/// Turns one CSV row into a JSON object for the record serializers. Dotted headers become nested
/// objects (<c>groups.en.accuracy</c>); empty cells are left out, so optional fields read as absent.
/// </summary>
internal static class CsvRecord
{
    public static void Write(string[] header, List<string> row, Utf8JsonWriter writer)
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

            writer.WriteString(parts[^1], row[i]);
        }

        for (var j = open.Count; j > 0; j--)
        {
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }
}
