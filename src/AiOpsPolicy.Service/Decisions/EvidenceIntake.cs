// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AiOpsPolicy.History.Decisions;
using AiOpsPolicy.Service.Api;

namespace AiOpsPolicy.Service.Decisions;

/// <summary>
/// Turns a request's evidence into files the engine's evidence loader reads, so that inline evidence goes through the
/// very loader (formats, checks, quarantine and diagnostics) that <c>gate --evidence</c> uses. Inline files are written
/// to a private folder for the request; a reference is resolved below the tenant's own evidence folder and must stay
/// inside it, links included.
/// </summary>
internal static partial class EvidenceIntake
{
    /// <summary>The extensions the evidence loader reads (docs/evidence.md).</summary>
    public static readonly ImmutableArray<string> Extensions = [".json", ".ndjson", ".jsonl", ".yaml", ".yml", ".csv"];

    /// <summary>The longest evidence reference accepted.</summary>
    public const int MaxReferenceLength = 400;

    /// <summary>Writes inline evidence files into <paramref name="folder"/>.</summary>
    /// <param name="files">The files as sent.</param>
    /// <param name="folder">A fresh folder private to the request.</param>
    /// <param name="maxFiles">The most files one request may send.</param>
    /// <param name="problems">Receives one message per problem (AOP5201).</param>
    /// <returns>The digest of each file, in the order sent.</returns>
    public static ImmutableArray<EvidenceDigest> WriteInline(IReadOnlyList<InlineEvidenceFile> files, string folder, int maxFiles, List<string> problems)
    {
        if (files.Count == 0)
        {
            problems.Add("'evidence' is empty: send at least one evidence file, or use evidenceRef");
            return [];
        }

        if (files.Count > maxFiles)
        {
            problems.Add($"'evidence' has {files.Count} files; the limit is {maxFiles} (service.limits.maxEvidenceFiles). Merge files of one kind, or collect the evidence and use evidenceRef");
            return [];
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var digests = ImmutableArray.CreateBuilder<EvidenceDigest>(files.Count);
        for (var i = 0; i < files.Count; i++)
        {
            var file = files[i];
            var where = $"evidence[{i}]";
            if (file is null || file.Name is null)
            {
                problems.Add($"{where} needs a 'name' and a 'content'");
                continue;
            }

            var extension = Path.GetExtension(file.Name).ToLowerInvariant();
            if (!FileName().IsMatch(file.Name) || !Extensions.Contains(extension))
            {
                problems.Add($"{where}: '{Shown(file.Name)}' is not an evidence file name: a plain name (letters, digits, '.', '-', '_'; no folder) ending in {string.Join(", ", Extensions)}");
                continue;
            }

            if (!seen.Add(file.Name))
            {
                problems.Add($"{where}: '{file.Name}' is sent twice; each file name may appear once");
                continue;
            }

            var bytes = Content(file, extension, where, problems);
            if (bytes is null)
            {
                continue;
            }

            File.WriteAllBytes(Path.Combine(folder, file.Name), bytes);
            digests.Add(new EvidenceDigest(file.Name, Sha256(bytes), bytes.LongLength));
        }

        return digests.ToImmutable();
    }

    /// <summary>Resolves an evidence reference below the tenant's evidence folder.</summary>
    /// <param name="root">The operator's evidence root, or null when references are not configured.</param>
    /// <param name="tenant">The caller's tenant.</param>
    /// <param name="reference">The reference as sent.</param>
    /// <param name="problems">Receives the problem, if any (AOP5201).</param>
    /// <returns>The folder or file to load, or null.</returns>
    public static string? Resolve(string? root, string tenant, string reference, List<string> problems)
    {
        if (root is null)
        {
            problems.Add("'evidenceRef' is not available: the operator configured no evidence folder (service.evidenceRoot). Send the evidence inline");
            return null;
        }

        if (reference.Length == 0 || reference.Length > MaxReferenceLength || !reference.Split('/').All(s => Segment().IsMatch(s)))
        {
            problems.Add($"'evidenceRef' '{Shown(reference)}' is not a reference: relative folder or file names separated by '/', each starting with a letter or digit (no '..', no absolute path, no backslash)");
            return null;
        }

        var tenantFolder = Path.GetFullPath(Path.Combine(root, tenant));
        var path = Path.GetFullPath(Path.Combine(tenantFolder, reference));
        var real = RealPath(path);
        var realTenant = RealPath(tenantFolder);
        if (real is null || realTenant is null || !(File.Exists(real) || Directory.Exists(real)))
        {
            problems.Add($"'evidenceRef' '{reference}' names no collected evidence of this tenant");
            return null;
        }

        if (!IsInside(real, realTenant))
        {
            // A link that leads out of the tenant's folder: answered like a missing reference, so that a token cannot
            // probe what lies elsewhere on the server.
            problems.Add($"'evidenceRef' '{reference}' names no collected evidence of this tenant");
            return null;
        }

        return real;
    }

    /// <summary>The digest of every evidence file below a resolved reference, named relative to it, in ordinal order.</summary>
    /// <param name="path">The resolved folder or file.</param>
    /// <returns>The digests.</returns>
    public static ImmutableArray<EvidenceDigest> DigestReferenced(string path)
    {
        if (File.Exists(path))
        {
            var bytes = File.ReadAllBytes(path);
            return [new EvidenceDigest(Path.GetFileName(path), Sha256(bytes), bytes.LongLength)];
        }

        return [.. Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
            .Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Select(f => (Name: Path.GetRelativePath(path, f).Replace('\\', '/'), Path: f))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .Select(f =>
            {
                var bytes = File.ReadAllBytes(f.Path);
                return new EvidenceDigest(f.Name, Sha256(bytes), bytes.LongLength);
            })];
    }

    /// <summary>The SHA-256 of bytes as the decision log spells it.</summary>
    /// <param name="bytes">The bytes.</param>
    /// <returns><c>sha256:</c> and hex.</returns>
    public static string Sha256(ReadOnlySpan<byte> bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>The path with every link along it resolved, or null when a part does not exist or a link cannot be read.</summary>
    internal static string? RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full) ?? "/";
        var current = root;
        var parts = new Queue<string>(full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries));
        for (var hops = 0; parts.Count > 0; hops++)
        {
            if (hops > 256)
            {
                return null;
            }

            var next = Path.Combine(current, parts.Dequeue());
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (!info.Exists)
            {
                return null;
            }

            if (info.LinkTarget is { } target)
            {
                // Resolve the link's target and walk what is left below it.
                var resolved = Path.GetFullPath(Path.IsPathRooted(target) ? target : Path.Combine(current, target));
                var rest = parts.ToArray();
                parts.Clear();
                foreach (var part in resolved[(Path.GetPathRoot(resolved) ?? "/").Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Concat(rest))
                {
                    parts.Enqueue(part);
                }

                current = Path.GetPathRoot(resolved) ?? "/";
                continue;
            }

            current = next;
        }

        return current;
    }

    private static bool IsInside(string path, string folder) =>
        path == folder || path.StartsWith(folder.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>The bytes of an inline file: a string is the file's text; an object is a JSON (or YAML) envelope; an array is NDJSON lines.</summary>
    private static byte[]? Content(InlineEvidenceFile file, string extension, string where, List<string> problems)
    {
        switch (file.Content.ValueKind)
        {
            case JsonValueKind.String:
                return Encoding.UTF8.GetBytes(file.Content.GetString() ?? string.Empty);
            case JsonValueKind.Object when extension is ".json" or ".yaml" or ".yml":
                return Encoding.UTF8.GetBytes(file.Content.GetRawText());
            case JsonValueKind.Array when extension is ".ndjson" or ".jsonl":
                var lines = new StringBuilder();
                foreach (var record in file.Content.EnumerateArray())
                {
                    lines.Append(record.GetRawText().ReplaceLineEndings(" ")).Append('\n');
                }

                return Encoding.UTF8.GetBytes(lines.ToString());
            default:
                problems.Add($"{where} ('{file.Name}'): 'content' must be the file's text as a JSON string"
                    + (extension is ".json" or ".yaml" or ".yml" ? ", or the envelope as a JSON object" : extension is ".ndjson" or ".jsonl" ? ", or the records as a JSON array" : string.Empty));
                return null;
        }
    }

    /// <summary>A name as messages show it: at most 80 characters, control characters escaped.</summary>
    private static string Shown(string text)
    {
        var cut = text.Length > 80 ? text[..80] + "..." : text;
        var shown = new StringBuilder(cut.Length);
        foreach (var c in cut)
        {
            shown.Append(char.IsControl(c) || c is '\u2028' or '\u2029' ? $"\\u{(int)c:x4}" : c);
        }

        return shown.ToString();
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}\z")]
    private static partial Regex FileName();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}\z")]
    private static partial Regex Segment();
}
