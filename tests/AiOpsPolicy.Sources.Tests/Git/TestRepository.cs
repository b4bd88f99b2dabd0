// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Globalization;

namespace AiOpsPolicy.Sources.Tests.Git;

/// <summary>A real Git repository the test builds with the git command line, every commit and tag at a fixed time.</summary>
public sealed class TestRepository : IDisposable
{
    private readonly TempDirectory _folder = new();

    public TestRepository()
    {
        Git(null, "init", "-q", "-b", "main");
        Git(null, "config", "user.email", "dev@example.com");
        Git(null, "config", "user.name", "Dev");
        Git(null, "config", "commit.gpgsign", "false");
        Git(null, "config", "tag.gpgsign", "false");
    }

    public string Path => _folder.Path;

    /// <summary>Writes a file and commits it on the current branch.</summary>
    public string Commit(string at, string file, string message)
    {
        var full = System.IO.Path.Combine(Path, file);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.AppendAllText(full, message + "\n");
        Git(at, "add", "--", file);
        Git(at, "commit", "-q", "-m", message);
        return Head();
    }

    /// <summary>A pull request merged with a merge commit: a branch with one commit, merged with --no-ff.</summary>
    public string MergePullRequest(int number, string at, string file, string title)
    {
        Git(at, "checkout", "-q", "-b", $"pr-{number}");
        Commit(at, file, title);
        Git(at, "checkout", "-q", "main");
        Git(at, "merge", "-q", "--no-ff", $"pr-{number}", "-m", $"Merge pull request #{number} from dev/pr-{number}\n\n{title}");
        return Head();
    }

    /// <summary>A pull request squashed into one commit titled "title (#n)".</summary>
    public string SquashPullRequest(int number, string at, string file, string title) => Commit(at, file, $"{title} (#{number})");

    /// <summary>An annotated tag: its tagger date is when it was deployed.</summary>
    public void AnnotatedTag(string name, string commit, string at) => Git(at, "tag", "-a", name, commit, "-m", "deploy");

    /// <summary>A lightweight tag (no date of its own).</summary>
    public void LightweightTag(string name, string commit) => Git(null, "tag", name, commit);

    public string Head() => Git(null, "rev-parse", "HEAD").Trim();

    public void Dispose() => _folder.Dispose();

    public string Git(string? at, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Path };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (at is not null)
        {
            var date = DateTimeOffset.Parse(at, CultureInfo.InvariantCulture).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + " +0000";
            start.Environment["GIT_AUTHOR_DATE"] = date;
            start.Environment["GIT_COMMITTER_DATE"] = date;
        }

        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["HOME"] = Path;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"git {string.Join(' ', arguments)}: {error}");
        return output.Result;
    }
}
