// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Reporting;

/// <summary>
/// Turns the paths the engine reports (as the user gave them) into repository-relative paths with
/// forward slashes, the form GitHub, GitLab and Azure resolve against a checkout.
/// </summary>
public static class RepositoryPath
{
    /// <summary>
    /// Makes a path relative to the repository root. A relative path is taken as relative to the
    /// current directory; a leading <c>./</c> is dropped.
    /// </summary>
    /// <param name="path">The path as the engine reported it.</param>
    /// <param name="repositoryRoot">The repository root; null for the current directory.</param>
    /// <returns>The relative path with forward slashes, or null when the path lies outside the root.</returns>
    public static string? Relative(string path, string? repositoryRoot)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0)
        {
            return null;
        }

        if (repositoryRoot is null && !Path.IsPathRooted(path))
        {
            return Normalize(path);
        }

        var root = Path.GetFullPath(repositoryRoot ?? Directory.GetCurrentDirectory());
        var relative = Path.GetRelativePath(root, Path.GetFullPath(path));
        if (relative == "." || Path.IsPathRooted(relative) || relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return null;
        }

        return Normalize(relative);
    }

    /// <summary>The path to show in a report: repository-relative when possible, otherwise as given with forward slashes.</summary>
    /// <param name="path">The path as the engine reported it.</param>
    /// <param name="repositoryRoot">The repository root; null for the current directory.</param>
    /// <returns>The path to show.</returns>
    public static string Display(string path, string? repositoryRoot) =>
        Relative(path, repositoryRoot) ?? path.Replace('\\', '/');

    private static string Normalize(string path)
    {
        var normalized = path.Replace('\\', '/');
        while (normalized.StartsWith("./", StringComparison.Ordinal))
        {
            normalized = normalized[2..];
        }

        return normalized;
    }
}
