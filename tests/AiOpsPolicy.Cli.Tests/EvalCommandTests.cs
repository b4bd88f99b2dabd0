// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using AiOpsPolicy.Cli.Commands;

namespace AiOpsPolicy.Cli.Tests;

/// <summary>End-to-end tests of <c>aiops-policy eval</c>.</summary>
public sealed class EvalCommandTests
{
    private static readonly string[] Context =
        ["--policies", Repository.HelpdeskPolicies, "--evidence", Repository.ExampleEvidence, "--as-of", "2026-11-28T12:00:00Z", "--no-cache"];

    [Fact]
    public void Run_WhenTheExpressionIsAMetric_ShouldPrintItsValueCountsAndFailingRecords()
    {
        // Given
        using var console = new TestConsole();

        // When
        var exitCode = Program.Run(["eval", "SlaAttainment(\"ticket-triage\", step: \"inference\")", .. Context], console, Clock);

        // Then
        Assert.True(exitCode == 0, console.ErrText + console.OutText);
        var lines = console.OutText.ReplaceLineEndings("\n").Split('\n');
        Assert.Equal("93.33%", lines[0]);
        Assert.Contains("= 93.33% (56/60) from 60 record(s)", console.OutText, StringComparison.Ordinal);
        Assert.Contains("failing records: tt-887384-inference", console.OutText, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_WhenASlaMetricIsPlacedByStart_ShouldNameThePlacementInItsNameAndExplanation()
    {
        // Given
        using var byStart = new TestConsole();
        using var byEnd = new TestConsole();

        // When
        var startExit = Program.Run(["eval", "SlaAttainment(\"ticket-triage\", placement: WindowPlacement.Start)", .. Context], byStart, Clock);
        var endExit = Program.Run(["eval", "SlaAttainment(\"ticket-triage\")", .. Context], byEnd, Clock);

        // Then: the metric line and its explanation say the runs were placed by their start; the default says nothing new.
        Assert.True(startExit == 0, byStart.ErrText + byStart.OutText);
        Assert.True(endExit == 0, byEnd.ErrText + byEnd.OutText);
        Assert.Contains("  SlaAttainment(ticket-triage, by-start) = ", byStart.OutText, StringComparison.Ordinal);
        Assert.Contains(" ticket-triage runs started in the last 7d met within ", byStart.OutText, StringComparison.Ordinal);
        Assert.Contains("  SlaAttainment(ticket-triage) = ", byEnd.OutText, StringComparison.Ordinal);
        Assert.DoesNotContain("started", byEnd.OutText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Evidence.Incidents.Any(i => i.RecoveredAt == null)", "false")]
    [InlineData("Days(1) + Hours(2)", "1d 2h")]
    [InlineData("Evidence.Incidents.Count", "10")]
    public void Run_WhenTheExpressionIsABoolADurationOrANumber_ShouldPrintTheValue(string expression, string expected)
    {
        // Given
        using var console = new TestConsole();

        // When
        var exitCode = Program.Run(["eval", expression, .. Context], console, Clock);

        // Then
        Assert.True(exitCode == 0, console.ErrText + console.OutText);
        Assert.Equal(expected, console.OutText.ReplaceLineEndings("\n").Split('\n')[0]);
    }

    [Fact]
    public void Run_WhenTheExpressionIsForbidden_ShouldPrintAOP3005AtItsColumnAndExit2()
    {
        // Given
        using var console = new TestConsole();

        // When
        var exitCode = Program.Run(["eval", "System.IO.File.Exists(\"/etc/passwd\")", .. Context], console, Clock);

        // Then
        Assert.Equal(2, exitCode);
        Assert.Contains("error AOP3005:", console.OutText, StringComparison.Ordinal);
        Assert.Matches(@"\(1,\d+\): error AOP3005: In the expression", console.OutText);
    }

    [Fact]
    public void Run_WhenReadingLines_ShouldKeepDefinitionsForLaterLinesAndLocateErrors()
    {
        // Given
        using var console = new TestConsole();
        using var input = new StringReader("""
            window = Days(2)
            Window + Hours(1)
              Evidence.Incidents.Coun()
            slow = Evidence.WorkflowRuns.Count(r => r.EndedAt - r.StartedAt > Window)
            Slow >= 0
            :quit
            Days(99)
            """);

        // When
        var exitCode = new EvalCommand(console, Clock, input).Run(Context);

        // Then
        Assert.True(exitCode == 0, console.ErrText);
        var output = console.OutText;
        Assert.Contains("Window defined\n2d\n", output, StringComparison.Ordinal);
        Assert.Contains("2d 1h\n", output, StringComparison.Ordinal);
        Assert.Contains("(1,22): error AOP3002:", output, StringComparison.Ordinal);
        Assert.Contains("Slow defined\n", output, StringComparison.Ordinal);
        Assert.Contains("true\n", output, StringComparison.Ordinal);
        Assert.DoesNotContain("99d", output, StringComparison.Ordinal);
    }

    private static DateTimeOffset Clock() => DateTimeOffset.Parse("2026-11-28T12:00:00Z", CultureInfo.InvariantCulture);
}
