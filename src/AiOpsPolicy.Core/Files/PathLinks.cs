// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Files;

/// <summary>
/// Paths as a file operation would reach them: symlinks followed, and whether a path stays inside a folder. Reading
/// policy and evidence folders, history stores and test folders all confine themselves with these.
/// </summary>
internal static class PathLinks
{
    /// <summary>The most symlinks followed while resolving one path: more is a loop.</summary>
    private const int MaxLinks = 40;

    /// <summary>Whether a full path is the folder itself or below it.</summary>
    /// <param name="path">A full path.</param>
    /// <param name="folder">A full folder path.</param>
    /// <returns>True when inside.</returns>
    public static bool IsInside(string path, string folder)
    {
        var root = folder.EndsWith(Path.DirectorySeparatorChar) ? folder : folder + Path.DirectorySeparatorChar;
        return path == folder || path.StartsWith(root, StringComparison.Ordinal);
    }

    /// <summary>
    /// The path with every symlink along it followed, component by component (the parts that do not exist yet are kept
    /// as written), or null for a symlink loop. The real path a file operation on it would reach.
    /// </summary>
    /// <param name="fullPath">A full path.</param>
    /// <returns>The resolved full path, or null.</returns>
    public static string? ResolveLinks(string fullPath)
    {
        var pending = new Stack<string>(Path.GetFullPath(fullPath).Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Reverse());
        var current = Path.GetPathRoot(fullPath) ?? "/";
        var links = 0;
        while (pending.TryPop(out var part))
        {
            var next = Path.Combine(current, part);
            FileSystemInfo info = new FileInfo(next);
            if (info.LinkTarget is null && Directory.Exists(next))
            {
                info = new DirectoryInfo(next);
            }

            if (info.LinkTarget is not { } target)
            {
                current = next;
                continue;
            }

            if (++links > MaxLinks)
            {
                return null;
            }

            // The link's target replaces this component; it may itself contain links, so its parts are walked too.
            var absolute = Path.GetFullPath(Path.IsPathRooted(target) ? target : Path.Combine(current, target));
            foreach (var targetPart in absolute.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Reverse())
            {
                pending.Push(targetPart);
            }

            current = Path.GetPathRoot(absolute) ?? "/";
        }

        return current;
    }
}
