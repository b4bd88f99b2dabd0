// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Text;

namespace AiOpsPolicy.Core.Diffing;

/// <summary>
/// Writes the policy files of a folder as they were at a git revision into another folder, with
/// read-only git commands only (<c>rev-parse</c>, <c>ls-tree</c>, <c>show</c>).
/// </summary>
public static class GitRevision
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    /// <summary>Materialises the policy folder at a revision.</summary>
    /// <param name="policies">The policy folder in the working tree.</param>
    /// <param name="revision">The revision: a branch, tag, commit or expression such as <c>origin/main</c> or <c>HEAD~1</c>.</param>
    /// <param name="target">The folder to write to; it must exist.</param>
    /// <returns>Null on success, or what went wrong.</returns>
    public static string? Materialize(string policies, string revision, string target)
    {
        if (revision.Length == 0 || revision.StartsWith('-') || revision.Contains(':', StringComparison.Ordinal))
        {
            return $"'{revision}' is not a git revision";
        }

        var folder = Path.GetFullPath(policies);
        if (!Directory.Exists(folder))
        {
            return $"The policy folder '{policies}' does not exist";
        }

        var (topCode, top, topError) = Git(folder, "rev-parse", "--show-toplevel");
        if (topCode != 0)
        {
            return $"'{policies}' is not in a git repository: {Text(topError).Trim()}";
        }

        var root = Text(top).Trim();
        var prefix = Text(Git(folder, "rev-parse", "--show-prefix").Output).Trim();
        var (listCode, list, listError) = Git(root, "ls-tree", "-r", "--name-only", "--full-tree", revision, "--", prefix.Length == 0 ? "." : prefix);
        if (listCode != 0)
        {
            return $"git could not list '{policies}' at '{revision}': {Text(listError).Trim()}";
        }

        var files = Text(list).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (files.Count == 0)
        {
            return $"There are no policy files in '{policies}' at '{revision}'";
        }

        foreach (var file in files)
        {
            var (showCode, content, showError) = Git(root, "show", $"{revision}:{file}");
            if (showCode != 0)
            {
                return $"git could not read '{file}' at '{revision}': {Text(showError).Trim()}";
            }

            var relative = file[prefix.Length..];
            var path = Path.GetFullPath(Path.Combine(target, relative));
            if (!path.StartsWith(Path.GetFullPath(target), StringComparison.Ordinal))
            {
                return $"git listed a path outside the policy folder: '{file}'";
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path) ?? target);
            File.WriteAllBytes(path, content);
        }

        return null;
    }

    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    private static (int Code, byte[] Output, byte[] Error) Git(string directory, params string[] args)
    {
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-C");
        start.ArgumentList.Add(directory);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        try
        {
            using var process = Process.Start(start) ?? throw new InvalidOperationException("git did not start");
            using var output = new MemoryStream();
            using var error = new MemoryStream();
            var errorTask = process.StandardError.BaseStream.CopyToAsync(error);
            process.StandardOutput.BaseStream.CopyTo(output);
            errorTask.Wait(Timeout);
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                return (-1, [], Encoding.UTF8.GetBytes("git timed out"));
            }

            return (process.ExitCode, output.ToArray(), error.ToArray());
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, [], Encoding.UTF8.GetBytes("git could not be started: " + ex.Message));
        }
    }
}
