// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text;

namespace AiOpsPolicy.Reporting;

/// <summary>
/// Computes <c>primaryLocationLineHash</c> values: a hash of the source line's text with all
/// whitespace removed, plus <c>:N</c> where N counts the lines of the same file (up to and including
/// this one) with the same text. The hash depends on what the line says, not on its number, so an
/// alert follows its line when lines are inserted above it.
/// </summary>
internal sealed class SourceLineHasher
{
    private readonly Dictionary<string, string[]?> _files = new(StringComparer.Ordinal);

    /// <summary>The line hash, or a hash of the path and rule when the file cannot be read.</summary>
    /// <param name="path">The path as the engine reported it (resolved against the current directory).</param>
    /// <param name="line">The 1-based line, or 0 for no position.</param>
    /// <param name="fallback">Text to hash when the line cannot be read.</param>
    /// <returns>The hash with its occurrence suffix.</returns>
    public string Hash(string path, int line, string fallback)
    {
        var lines = Read(path);
        if (lines is null || line < 1 || line > lines.Length)
        {
            return ReportText.Sha256("aiops-policy:" + fallback)[..16] + ":1";
        }

        var target = Normalize(lines[line - 1]);
        var occurrence = 0;
        for (var i = 0; i < line; i++)
        {
            if (string.Equals(Normalize(lines[i]), target, StringComparison.Ordinal))
            {
                occurrence++;
            }
        }

        return ReportText.Sha256(target)[..16] + ":" + occurrence.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string Normalize(string line)
    {
        var builder = new StringBuilder(line.Length);
        foreach (var c in line)
        {
            if (!char.IsWhiteSpace(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private string[]? Read(string path)
    {
        if (path.Length == 0)
        {
            return null;
        }

        if (!_files.TryGetValue(path, out var lines))
        {
            try
            {
                lines = File.ReadAllLines(Path.GetFullPath(path));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                lines = null;
            }

            _files[path] = lines;
        }

        return lines;
    }
}
