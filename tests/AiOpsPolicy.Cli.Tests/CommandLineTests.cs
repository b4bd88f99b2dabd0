// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using AiOpsPolicy.Reporting;

namespace AiOpsPolicy.Cli.Tests;

/// <summary>
/// The command line as declared with System.CommandLine: help on every command (exit 0), the overview generated
/// from the declarations, usage errors as AOP5001 (exit 2), and shell completion through the [suggest] directive.
/// </summary>
public sealed class CommandLineTests
{
    /// <summary>Every verb, as a user types it; the overview must list exactly these, in this order.</summary>
    private static readonly string[] _verbs =
    [
        "validate", "gate", "collect", "import", "receive", "build", "keygen", "verify", "serve", "token", "test", "diff", "eval",
        "coverage", "history", "review",
    ];

    public static TheoryData<string> Verbs => new(_verbs);

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public void Run_WhenAskedForTheOverview_ShouldListEveryCommandAndExit0(string ask)
    {
        // Given
        using var console = new TestConsole();

        // When
        var exitCode = Run(console, ask);

        // Then
        Assert.Equal(0, exitCode);
        Assert.Equal(string.Empty, console.ErrText);
        var listed = console.OutText.Split('\n')
            .SkipWhile(l => l != "Commands:").Skip(1).TakeWhile(l => l.Length > 0)
            .Where(l => l.StartsWith("  ", StringComparison.Ordinal) && l[2] != ' ')
            .Select(l => l.Trim().Split(' ')[0])
            .ToList();
        Assert.Equal(_verbs, listed);
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public void Run_WhenACommandIsAskedForHelp_ShouldPrintItsUsageAndExit0(string verb)
    {
        // Given
        using var console = new TestConsole();
        using var shortForm = new TestConsole();

        // When
        var exitCode = Run(console, verb, "--help");
        var shortExitCode = Run(shortForm, verb, "-h");

        // Then
        Assert.Equal(0, exitCode);
        Assert.Equal(0, shortExitCode);
        Assert.Equal(string.Empty, console.ErrText);
        Assert.StartsWith($"Usage: aiops-policy {verb}", console.OutText, StringComparison.Ordinal);
        Assert.Contains("-h, --help", console.OutText, StringComparison.Ordinal);
        Assert.Equal(console.OutText, shortForm.OutText);
    }

    [Fact]
    public void Run_WhenASubcommandIsAskedForHelp_ShouldPrintItsOptionsAndExit0()
    {
        // Given
        using var console = new TestConsole();

        // When
        var exitCode = Run(console, "import", "devlake", "--help");

        // Then
        Assert.Equal(0, exitCode);
        Assert.StartsWith("Usage: aiops-policy import devlake [--from DIR] [--to EVIDENCE_DIR]", console.OutText, StringComparison.Ordinal);
        Assert.Contains("--scope-ids", console.OutText, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_WhenGateHelpIsShown_ShouldNameEveryReportFormat()
    {
        // Given
        using var console = new TestConsole();

        // When
        Run(console, "gate", "--help");

        // Then: the formats come from the same list --format accepts, so a new format cannot be left out.
        var format = string.Join(' ', console.OutText.Split('\n').SkipWhile(l => !l.TrimStart().StartsWith("--format", StringComparison.Ordinal)).Take(3).Select(l => l.Trim()));
        Assert.All(ReportFormats.Names, name => Assert.Contains(name, format, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public void Run_WhenACommandIsGivenAnUnknownOption_ShouldReportAOP5001AndExit2(string verb)
    {
        // Given
        using var console = new TestConsole();

        // When
        var exitCode = Run(console, verb, "--no-such-option");

        // Then
        Assert.Equal(2, exitCode);
        Assert.Equal(string.Empty, console.OutText);
        Assert.Contains($"error AOP5001: Unknown option '--no-such-option' for '{verb}'", console.ErrText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Option '--output' needs a value", "build", "--policies", "policies/helpdesk", "--output", "--no-such-flag")]
    [InlineData("Option '--evidence' needs a value", "gate", "--policies", "policies/helpdesk", "--evidence")]
    [InlineData("Unknown command 'gates'", "gates")]
    [InlineData("Unexpected argument 'extra' for 'history'", "history", "--store", "x.db", "--flips", "extra")]
    [InlineData("Unknown report format 'pdf'; known formats: json, junit, sarif, markdown, html, github, gitlab, oscal", "gate", "--policies", "p", "--evidence", "e", "--format", "json,pdf")]
    [InlineData("--window needs a duration of whole minutes up to a year, such as 30d or 7d; got '30s'", "collect", "--sources", "s.yaml", "--out", "o", "--window", "30s")]
    [InlineData("Give either --policies or --bundle, not both: a bundle holds its own policies", "gate", "policies/helpdesk", "--bundle", "b", "--evidence", "e")]
    public void Run_WhenTheCommandLineIsInvalid_ShouldSayWhatIsWrongAsAOP5001(string message, params string[] args)
    {
        // Given
        using var console = new TestConsole();

        // When
        var exitCode = Run(console, args);

        // Then
        Assert.Equal(2, exitCode);
        Assert.Contains($"error AOP5001: {message}.", console.ErrText, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_WhenAnArgumentStartsWithAt_ShouldNotReadItAsAResponseFile()
    {
        // Given: a file of arguments that would turn the gate into something else if it were read.
        using var temp = new TempDirectory();
        var file = temp.Combine("args.rsp");
        File.WriteAllText(file, "--help\n");
        using var console = new TestConsole();

        // When
        var exitCode = Run(console, "validate", "@" + file, "--no-cache");

        // Then: the argument is a (missing) policy path, reported as such, never expanded.
        Assert.Equal(2, exitCode);
        Assert.DoesNotContain("Usage:", console.OutText, StringComparison.Ordinal);
        Assert.Contains($"Cannot read '@{file}'", console.OutText + console.ErrText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ga", "gate")]
    [InlineData("gate --for", "--format")]
    [InlineData("coverage --pe", "--period")]
    public void Run_WhenCompletionIsAskedFor_ShouldSuggestFromTheDeclarations(string line, string expected)
    {
        // Given
        using var console = new TestConsole();

        // When: what the shell completion script in docs/commands.md runs.
        var exitCode = Run(console, string.Create(CultureInfo.InvariantCulture, $"[suggest:{line.Length}]"), line);

        // Then
        Assert.Equal(0, exitCode);
        Assert.Contains(expected, console.OutText.Split('\n', StringSplitOptions.TrimEntries));
    }

    [Fact]
    public void Run_WhenAskedForTheVersion_ShouldPrintTheEngineVersion()
    {
        // Given
        using var console = new TestConsole();

        // When
        var exitCode = Run(console, "--version");

        // Then
        Assert.Equal(0, exitCode);
        Assert.Equal(Core.EngineInfo.Version, console.OutText.Trim());
    }

    private static int Run(TestConsole console, params string[] args) =>
        Program.Run(args, console, () => DateTimeOffset.Parse("2026-11-28T12:00:00Z", CultureInfo.InvariantCulture));
}
