// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Results;
using Snapshooter.Xunit;

namespace AiOpsPolicy.Reporting.Tests;

public sealed class MarkdownReportWriterTests : ReportWriterTestBase
{
    [Fact]
    public void Write_WhenGivenTheHelpdeskRun_ShouldMatchTheSnapshot()
    {
        // Given
        var writer = new MarkdownReportWriter(SampleResults.Options);

        // When
        var markdown = Render(writer, SampleResults.Helpdesk);

        // Then
        Snapshot.Match(markdown);
    }

    [Fact]
    public void Write_WhenGivenTheHelpdeskRun_ShouldPutTheVerdictFirstAndTheFailedGateBeforeThePassedOnes()
    {
        // Given
        var writer = new MarkdownReportWriter(SampleResults.Options);

        // When
        var markdown = Render(writer, SampleResults.Helpdesk);

        // Then
        Assert.StartsWith("# :no_entry: BLOCKED by 1 gate(s)", markdown, StringComparison.Ordinal);
        var failed = markdown.IndexOf("### :x: triage-inference-sla", StringComparison.Ordinal);
        Assert.True(failed > 0, "The failed gate has no section.");
        Assert.True(failed < markdown.IndexOf("## Gates that passed", StringComparison.Ordinal));
        Assert.Contains("Failing records: ", markdown, StringComparison.Ordinal);
        Assert.Contains("Declared at policies/helpdesk/gates.yaml:", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_WhenAGateIsWaived_ShouldSayWhoWaivedItUntilWhenAndListExpiringWaivers()
    {
        // Given
        var writer = new MarkdownReportWriter(SampleResults.Options);

        // When
        var markdown = Render(writer, SampleResults.HelpdeskWaived);

        // Then
        Assert.StartsWith("# :white_check_mark: ALLOWED", markdown, StringComparison.Ordinal);
        Assert.Contains("| triage-inference-sla | fail | ops-lead@&#8203;example.com | 2026-12-03 | OPS-1234 | Model v3 rolls out on Monday \\| see &lt;runbook&gt; |", markdown, StringComparison.Ordinal);
        Assert.Contains("## Waivers expired or expiring within 14 days", markdown, StringComparison.Ordinal);
        Assert.Contains("expires in 5 day(s)", markdown, StringComparison.Ordinal);
        Assert.Contains("**expired**", markdown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a|b", "a\\|b")]
    [InlineData("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;")]
    [InlineData("*bold* _it_ `code` [link](x)", "\\*bold\\* \\_it\\_ \\`code\\` \\[link\\](x)")]
    [InlineData("two\r\nlines", "two lines")]
    public void Escape_WhenTextHasMarkup_ShouldNeutraliseIt(string text, string expected)
    {
        // Given
        // (the text)

        // When
        var escaped = MarkdownReportWriter.Escape(text);

        // Then
        Assert.Equal(expected, escaped);
    }

    [Fact]
    public void Write_WhenFifteenHundredGatesAndManyFail_ShouldFitAGitHubCommentWithTheBlockingGatesFirst()
    {
        // Given: the case, 1,500 gates of which 120 fail (blocking) and 30 warn, with long explanations
        var gates = Enumerable.Range(0, 1500)
            .Select(i => SampleResults.Gate(
                "gate-" + i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture),
                i < 120 ? GateStatus.Fail : i < 150 ? GateStatus.Warn : GateStatus.Pass,
                "observed value far outside its bound " + new string('x', 600),
                i is >= 120 and < 150 ? AiOpsPolicy.Core.Model.GateSeverity.Warn : AiOpsPolicy.Core.Model.GateSeverity.Block))
            .ToArray();
        var writer = new MarkdownReportWriter(SampleResults.Options);

        // When
        var markdown = Render(writer, SampleResults.Run(gates));

        // Then: within GitHub's comment limit, verdict and counts first, blocking gates detailed before
        // anything else, and a note that names what was cut
        Assert.True(markdown.Length <= 65_536, $"The summary is {markdown.Length} characters.");
        Assert.StartsWith("# :no_entry: BLOCKED by 120 gate(s)", markdown, StringComparison.Ordinal);
        Assert.Contains("### :x: gate-0000: fail", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("gate-0120", markdown[..markdown.IndexOf("> [!NOTE]", StringComparison.Ordinal)], StringComparison.Ordinal);
        Assert.DoesNotContain("## Gates that passed", markdown, StringComparison.Ordinal);
        Assert.Contains("> Left out to stay within GitHub's 65,536-character comment limit: the details of ", markdown, StringComparison.Ordinal);
        Assert.Contains("1350 passed gate(s)", markdown, StringComparison.Ordinal);
        Assert.Contains("> Not detailed here: `gate-", markdown, StringComparison.Ordinal);
        Assert.Contains("<sub>aiops-policy", markdown, StringComparison.Ordinal);
        var html = Markdig.Markdown.ToHtml(markdown, Markdig.MarkdownExtensions.UseAdvancedExtensions(new Markdig.MarkdownPipelineBuilder()).Build());
        Assert.Contains("<h1", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_WhenTheCapIsSmall_ShouldCutThePassedGatesBeforeTheFailingOneAndKeepVerdictAndFooter()
    {
        // Given
        var writer = new MarkdownReportWriter(SampleResults.Options, maxCharacters: 4000);

        // When
        var markdown = Render(writer, SampleResults.Helpdesk);

        // Then
        Assert.True(markdown.Length <= 4000, $"The summary is {markdown.Length} characters.");
        Assert.StartsWith("# :no_entry: BLOCKED", markdown, StringComparison.Ordinal);
        Assert.Contains("triage-inference-sla: fail", markdown, StringComparison.Ordinal);
        Assert.Contains("### :warning: drift-monitoring-gap: warn", markdown, StringComparison.Ordinal);
        Assert.Contains("<sub>aiops-policy", markdown, StringComparison.Ordinal);
        Assert.Contains("passed gate(s). The JSON and HTML reports have every gate.", markdown, StringComparison.Ordinal);
    }
}
