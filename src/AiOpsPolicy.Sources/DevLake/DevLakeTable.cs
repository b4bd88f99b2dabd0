// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Security.Cryptography;
using AiOpsPolicy.Core.Evidence;

namespace AiOpsPolicy.Sources.DevLake;

/// <summary>One DevLake CSV table: its rows by column name, and the file's hash for provenance.</summary>
internal sealed class DevLakeTable
{
    private DevLakeTable(string path, string hash, List<Dictionary<string, string>> rows)
    {
        Path = path;
        Hash = hash;
        Rows = rows;
    }

    /// <summary>Gets the file read.</summary>
    public string Path { get; }

    /// <summary>Gets the SHA-256 of its bytes.</summary>
    public string Hash { get; }

    /// <summary>Gets the rows, each a column-to-cell map (absent columns read as empty).</summary>
    public List<Dictionary<string, string>> Rows { get; }

    /// <summary>Reads a table (RFC 4180: quoted cells, doubled quotes, line breaks inside quotes; a UTF-8 BOM is skipped).</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="required">Columns the table must have.</param>
    /// <returns>The table.</returns>
    /// <exception cref="DevLakeImportException">The file is not a table with those columns.</exception>
    public static DevLakeTable Read(string path, params string[] required)
    {
        var bytes = File.ReadAllBytes(path);
        var text = new System.Text.UTF8Encoding(false, true).GetString(bytes).TrimStart('\uFEFF');
        var reader = new CsvReader(text);
        if (!reader.ReadRow(out var header, out _, out var headerError) || headerError is not null)
        {
            throw new DevLakeImportException($"{path}: {headerError ?? "the file is empty"}");
        }

        var missing = required.Where(c => !header.Contains(c, StringComparer.Ordinal)).ToList();
        if (missing.Count > 0)
        {
            throw new DevLakeImportException($"{path}: column(s) {string.Join(", ", missing)} missing; the header is {string.Join(",", header)}");
        }

        var rows = new List<Dictionary<string, string>>();
        while (reader.ReadRow(out var row, out var line, out var error))
        {
            if (row.Count == 1 && row[0].Length == 0)
            {
                continue;
            }

            if (error is not null || row.Count != header.Count)
            {
                throw new DevLakeImportException($"{path}({line}): {error ?? $"{row.Count} cells where the header has {header.Count}"}");
            }

            var cells = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < header.Count; i++)
            {
                cells[header[i]] = row[i];
            }

            rows.Add(cells);
        }

        return new DevLakeTable(path, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)), rows);
    }

    /// <summary>
    /// A DevLake time: <c>2023-04-10T06:51:47.000+00:00</c> or, as its test tables write them, <c>2023-4-10 6:51:47</c>
    /// with no offset, which DevLake's tests read as UTC.
    /// </summary>
    /// <param name="cell">The cell.</param>
    /// <param name="where">The file and column, for the message.</param>
    /// <returns>The time, or null for an empty cell.</returns>
    public static DateTimeOffset? Time(string cell, string where)
    {
        if (string.IsNullOrWhiteSpace(cell))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(cell.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return time;
        }

        throw new DevLakeImportException($"{where}: '{cell}' is not a time");
    }
}

/// <summary>A DevLake table that cannot be imported; the message names the file and what is wrong.</summary>
public sealed class DevLakeImportException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="DevLakeImportException"/> class.</summary>
    public DevLakeImportException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="DevLakeImportException"/> class.</summary>
    /// <param name="message">What is wrong, naming the file.</param>
    public DevLakeImportException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="DevLakeImportException"/> class.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="inner">The cause.</param>
    public DevLakeImportException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
