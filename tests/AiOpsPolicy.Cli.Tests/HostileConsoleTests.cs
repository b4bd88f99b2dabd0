// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Diagnostics;

namespace AiOpsPolicy.Cli.Tests;

/// <summary>
/// Hostile text reaching the console through the real commands (issue 12, item 6): a policy version,
/// an evidence id and a file name that try to run GitHub workflow commands or drive the terminal, and
/// the GitHub Actions stop-commands wrapping around the engine's own annotations.
/// </summary>
[Trait("Hostile", "console")]
public sealed class HostileConsoleTests
{
    private const string AsOf = "2026-11-28T12:00:00Z";

    [Fact]
    public void WriteWorkflowCommands_WhenUnderGitHubActions_ShouldWrapFreeTextAndLeaveAnnotationsOutside()
    {
        // Given
        using var inner = new TestConsole();
        var tokens = new Queue<string>(["token1", "token2"]);
        using var console = new GuardedConsole(inner, githubActions: true, () => tokens.Dequeue());

        // When
        console.Out.WriteLine("summary line");
        ((IConsole)console).WriteWorkflowCommands("::error file=gates.yaml,line=3::gate failed\n");
        console.Out.WriteLine("::error::forged by evidence");
        console.Complete();

        // Then
        Assert.Equal(
            "::stop-commands::token1\nsummary line\n::token1::\n::error file=gates.yaml,line=3::gate failed\n"
            + "::stop-commands::token2\n:\\:error::forged by evidence\n::token2::\n",
            inner.OutText);
    }

    [Fact]
    public void Out_WhenNotUnderGitHubActions_ShouldFilterWithoutStopCommands()
    {
        // Given
        using var inner = new TestConsole();
        using var console = new GuardedConsole(inner, githubActions: false);

        // When
        console.Out.WriteLine("a\u001b]0;title\u0007b");
        console.Err.WriteLine("::set-output name=x::y");
        console.Complete();

        // Then
        Assert.Equal("ab\n", inner.OutText);
        Assert.Equal(":\\:set-output name=x::y\n", inner.ErrText);
    }

    [Fact]
    public void Complete_WhenNothingWasWrittenUnderGitHubActions_ShouldWriteNothing()
    {
        // Given
        using var inner = new TestConsole();
        using var console = new GuardedConsole(inner, githubActions: true, () => "unused");

        // When
        console.Complete();

        // Then
        Assert.Equal(string.Empty, inner.OutText);
    }

    [Fact]
    public void Run_WhenThePolicyVersionAndAnEvidenceIdAreHostile_ShouldPrintThemEscapedOnTheirOwnLines()
    {
        // Given: a PR that sets the version to a workflow command, and an exporter whose record id drives the terminal
        using var temp = new TempDirectory();
        var policies = temp.CopyFolder(Repository.HelpdeskPolicies, "policies");
        var evidence = temp.CopyFolder(Repository.ExampleEvidence, "evidence");
        var policySet = Path.Combine(policies, "policyset.yaml");
        File.WriteAllText(policySet, File.ReadAllText(policySet).Replace("  version: 1.0.0", "  version: \"1.0.0\\n::error::forged\\e]0;owned\\a\"", StringComparison.Ordinal));
        var runs = Path.Combine(evidence, "workflow-runs.ndjson");
        File.WriteAllText(runs, File.ReadAllText(runs).Replace("\"tt-887384-inference\"", "\"tt-887384\\u001b[2J\\n##[set-output name=x;]y\"", StringComparison.Ordinal));
        using var console = new TestConsole();

        // When
        var exitCode = Program.Run(["gate", "--policies", policies, "--evidence", evidence, "--as-of", AsOf, "--no-cache", "--no-color"], console, () => DateTimeOffset.MinValue);

        // Then
        Assert.Equal(1, exitCode);
        var lines = console.OutText.Split('\n');
        Assert.Equal("helpdesk-ai 1.0.0\\n::error::forged: 59 gate(s) as of 2026-11-28T12:00:00Z", lines[0]);
        Assert.Contains("      record: tt-887384\\n##\\[set-output name=x;]y", lines);
        Assert.DoesNotContain(lines, l => l.TrimStart().StartsWith("::", StringComparison.Ordinal));
        Assert.DoesNotContain('\u001b', console.OutText + console.ErrText);
    }

    [Fact]
    public void Run_WhenAnApiVersionHoldsAnInvisibleCharacter_ShouldShowItInTheDiagnostic()
    {
        // Given: a version that prints exactly like the one the engine reads, but for a zero-width no-break space
        using var temp = new TempDirectory();
        var policies = temp.CopyFolder(Repository.HelpdeskPolicies, "policies");
        var rubric = Path.Combine(policies, "rubric.yaml");
        File.WriteAllText(rubric, File.ReadAllText(rubric).Replace("apiVersion: aiops-policy/v1", "apiVersion: aiops-policy/v\uFEFF1", StringComparison.Ordinal));
        using var console = new TestConsole();

        // When
        var exitCode = Program.Run(["validate", policies], console, () => DateTimeOffset.MinValue);

        // Then: the message shows the difference instead of quoting two versions that look the same
        Assert.Equal(2, exitCode);
        Assert.Contains("apiVersion 'aiops-policy/v\\uFEFF1' is not known. This engine reads apiVersion 'aiops-policy/v1'", console.OutText + console.ErrText, StringComparison.Ordinal);
        Assert.DoesNotContain('\uFEFF', console.OutText + console.ErrText);
    }

    [Fact]
    public void Run_WhenAPolicyFileNameIsAWorkflowCommand_ShouldEscapeItInTheAnnotationsFileProperty()
    {
        // Given: the attacker chooses the file name that the annotation's file property carries
        using var temp = new TempDirectory();
        var policies = Directory.CreateDirectory(temp.Combine("p")).FullName;
        File.WriteAllText(Path.Combine(policies, "x,line=1::error::forged.yaml"), SamplePolicies.WorkflowWithBadDuration);
        using var console = new TestConsole();

        // When
        var exitCode = Program.Run(["validate", policies, "--no-cache", "--format", "github"], console, () => DateTimeOffset.MinValue);

        // Then
        Assert.Equal(2, exitCode);
        var line = console.OutText.Split('\n')[0];
        Assert.StartsWith("::error file=", line, StringComparison.Ordinal);
        Assert.EndsWith("x%2Cline=1%3A%3Aerror%3A%3Aforged.yaml,line=9,col=11,endLine=9,endColumn=18,title=AOP2004 Malformed unit::'5 hours' is not a valid duration", line[..line.IndexOf("duration", StringComparison.Ordinal)] + "duration", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Main_WhenRunUnderGitHubActions_ShouldWrapTheSummaryInStopCommandsAndResumeAtTheEnd()
    {
        // Given: the real process, with the variable the runner sets
        using var temp = new TempDirectory();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = temp.Path };
        start.Environment["GITHUB_ACTIONS"] = "true";
        start.Environment["NO_COLOR"] = "1";
        foreach (var arg in new[] { typeof(Program).Assembly.Location, "gate", "--policies", Repository.HelpdeskPolicies, "--evidence", Repository.ExampleEvidence, "--as-of", AsOf, "--no-cache", "--format", "github" })
        {
            start.ArgumentList.Add(arg);
        }

        // When
        using var process = Process.Start(start)!;
        var stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));

        // Then: annotations first (outside any block), then one block holding the summary, closed by its own token
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1, process.ExitCode);
        Assert.Matches("^::(error|warning|notice) file=", lines[0]);
        var stop = Array.FindIndex(lines, l => l.StartsWith("::stop-commands::", StringComparison.Ordinal));
        var token = lines[stop]["::stop-commands::".Length..];
        Assert.Matches("^[0-9a-f]{32}$", token);
        Assert.Equal("::" + token + "::", lines[^1]);
        Assert.Contains("Decision: BLOCKED", string.Join('\n', lines[stop..]), StringComparison.Ordinal);
        Assert.All(lines[..stop], l => Assert.StartsWith("::", l, StringComparison.Ordinal));
    }
}
