// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Text;

namespace AiOpsPolicy.Core.Files;

/// <summary>Finds and reads the files of a policy set: strict UTF-8, bounded size, stable order.</summary>
public static class SourceFileReader
{
    /// <summary>The largest policy file read. Real policy files are a few kilobytes.</summary>
    public const long MaxPolicyFileBytes = 4 * 1024 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Lists the files under the given paths (files are taken as they are; folders are searched
    /// recursively) whose extension is one of <paramref name="extensions"/>, sorted by path with an
    /// ordinal comparison so that every run sees them in the same order. A symbolic link inside a
    /// folder (to a file or a folder) is followed only when its target, with every link resolved,
    /// stays inside that folder; one that leads out is refused with AOP1020 and its target is never
    /// read nor named. Paths given directly are the operator's and are taken as given.
    /// </summary>
    /// <param name="paths">Files or folders.</param>
    /// <param name="extensions">Extensions with their dot, lower case.</param>
    /// <param name="skip">Returns true for a file that is not part of the set.</param>
    /// <param name="diagnostics">Receives a diagnostic for each path that does not exist, and each link out of its folder.</param>
    /// <returns>The files' full paths.</returns>
    public static IReadOnlyList<string> Enumerate(IEnumerable<string> paths, IReadOnlyCollection<string> extensions, Func<string, bool> skip, ICollection<Diagnostic> diagnostics)
    {
        var files = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            var full = Path.GetFullPath(path);
            if (File.Exists(full))
            {
                files.Add(full);
            }
            else if (Directory.Exists(full))
            {
                foreach (var file in ContainedFiles(full, file => extensions.Contains(Path.GetExtension(file).ToLowerInvariant()) && !skip(Path.GetRelativePath(full, file)), diagnostics))
                {
                    files.Add(file);
                }
            }
            else
            {
                diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.FileUnreadable, SourceLocation.None, path, "no such file or folder"));
            }
        }

        return [.. files];
    }

    /// <summary>
    /// Every file under a folder that <paramref name="wanted"/> accepts, hidden entries skipped, following only the
    /// symbolic links that resolve inside the folder (each real folder is walked once, so a link to a parent cannot
    /// loop). A link to a file that would not be read anyway is left alone; a link to a folder outside is refused,
    /// since walking it is reading outside.
    /// </summary>
    private static IEnumerable<string> ContainedFiles(string folder, Func<string, bool> wanted, ICollection<Diagnostic> diagnostics)
    {
        var realRoot = PathLinks.ResolveLinks(folder) ?? folder;
        var visited = new HashSet<string>(StringComparer.Ordinal) { realRoot };
        var pending = new Stack<string>();
        pending.Push(folder);
        var options = new EnumerationOptions { RecurseSubdirectories = false, IgnoreInaccessible = false, AttributesToSkip = FileAttributes.Hidden };
        while (pending.TryPop(out var current))
        {
            foreach (var entry in new DirectoryInfo(current).EnumerateFileSystemInfos("*", options))
            {
                var isDirectory = entry is DirectoryInfo;
                if (!isDirectory && !wanted(entry.FullName))
                {
                    continue;
                }

                if (entry.LinkTarget is not null)
                {
                    var real = PathLinks.ResolveLinks(entry.FullName);
                    if (real is null || !PathLinks.IsInside(real, realRoot))
                    {
                        var display = DisplayPath(entry.FullName);
                        diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.SymlinkOutsideFolder, SourceLocation.ForFile(display), display, DisplayPath(folder)));
                        continue;
                    }

                    isDirectory = Directory.Exists(real);
                    if (isDirectory && !visited.Add(real))
                    {
                        continue;
                    }
                }
                else if (isDirectory)
                {
                    visited.Add(entry.FullName);
                }

                if (isDirectory)
                {
                    pending.Push(entry.FullName);
                }
                else if (wanted(entry.FullName))
                {
                    yield return entry.FullName;
                }
            }
        }
    }

    /// <summary>Reads a file as strict UTF-8 text, or reports why it cannot be used.</summary>
    /// <param name="fullPath">The file's full path.</param>
    /// <param name="maxBytes">The largest size accepted.</param>
    /// <param name="diagnostics">Receives the problem, if any.</param>
    /// <returns>The file, or null.</returns>
    public static SourceFile? Read(string fullPath, long maxBytes, ICollection<Diagnostic> diagnostics)
    {
        var display = DisplayPath(fullPath);
        try
        {
            var info = new FileInfo(fullPath);
            if (info.Length > maxBytes)
            {
                diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.FileNotText, SourceLocation.ForFile(display), display, $"is {info.Length:N0} bytes; the limit is {maxBytes:N0}. Split it into smaller files"));
                return null;
            }

            var bytes = File.ReadAllBytes(fullPath);
            var text = StrictUtf8.GetString(bytes);
            if (text.Length > 0 && text[0] == '\uFEFF')
            {
                text = text[1..];
            }

            var nul = text.IndexOf('\0', StringComparison.Ordinal);
            if (nul >= 0)
            {
                var file = new SourceFile(display, text);
                diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.FileNotText, file.GetLocation(nul, nul + 1), display, "contains a NUL character: it is a binary file, not YAML. Remove it from the policy folder"));
                return null;
            }

            return new SourceFile(display, text.ReplaceLineEndings("\n"));
        }
        catch (DecoderFallbackException ex)
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.FileNotText, InvalidByteLocation(display, fullPath, ex.Index), display, $"is not valid UTF-8 (byte offset {ex.Index}). Save it as UTF-8"));
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.FileUnreadable, SourceLocation.ForFile(display), display, ex.Message));
            return null;
        }
    }

    /// <summary>
    /// The deepest folder that holds every one of the given files: the root that relative paths in
    /// digests and bundles are taken from, so that moving a folder does not change them.
    /// </summary>
    /// <param name="fullPaths">Full file paths; at least one.</param>
    /// <returns>The folder.</returns>
    public static string CommonFolder(IReadOnlyList<string> fullPaths)
    {
        var common = Path.GetDirectoryName(fullPaths[0]) ?? string.Empty;
        foreach (var path in fullPaths)
        {
            while (common.Length > 0 && !path.StartsWith(common + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                common = Path.GetDirectoryName(common) ?? string.Empty;
            }
        }

        return common.Length == 0 ? Path.GetPathRoot(fullPaths[0]) ?? "/" : common;
    }

    /// <summary>The line and column of an invalid byte, counting the valid text before it.</summary>
    /// <param name="display">The display path.</param>
    /// <param name="fullPath">The file's full path.</param>
    /// <param name="byteIndex">The offset of the invalid byte, as the decoder reported it.</param>
    /// <returns>The location.</returns>
    internal static SourceLocation InvalidByteLocation(string display, string fullPath, int byteIndex)
    {
        try
        {
            var bytes = File.ReadAllBytes(fullPath);
            var before = Encoding.UTF8.GetString(bytes, 0, Math.Clamp(byteIndex, 0, bytes.Length));
            var lines = new LineMap(before);
            var (line, column) = lines.GetPosition(before.Length);
            return SourceLocation.At(display, line, column);
        }
        catch (IOException)
        {
            return SourceLocation.ForFile(display);
        }
    }

    /// <summary>
    /// The path shown to people: relative to the working directory when the file is under it, with
    /// forward slashes on every platform so that reports are the same everywhere.
    /// </summary>
    /// <param name="fullPath">The file's full path.</param>
    /// <returns>The display path.</returns>
    public static string DisplayPath(string fullPath)
    {
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), fullPath);
        var shown = relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? fullPath : relative;
        return shown.Replace('\\', '/');
    }
}
