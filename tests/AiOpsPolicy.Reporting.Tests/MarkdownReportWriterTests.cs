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
        Assert.Contains("| triage-inference-sla | fail | ops-lead@example.com | 2026-12-03 | OPS-1234 | Model v3 rolls out on Monday \\| see &lt;runbook&gt; |", markdown, StringComparison.Ordinal);
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
    public void Write_WhenTheRunIsHuge_ShouldStayUnderOneMebibyteAndSaySoAtTheEnd()
    {
        // Given
        var gates = Enumerable.Range(0, 6000)
            .Select(i => SampleResults.Gate("gate-" + i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture), i % 2 == 0 ? GateStatus.Fail : GateStatus.Pass, new string('x', 1500)))
            .ToArray();
        var writer = new MarkdownReportWriter(SampleResults.Options);

        // When
        var bytes = RenderBytes(writer, SampleResults.Run(gates));
        var markdown = System.Text.Encoding.UTF8.GetString(bytes);

        // Then
        Assert.True(bytes.Length < 1024 * 1024, $"The summary is {bytes.Length} bytes.");
        Assert.StartsWith("# :no_entry: BLOCKED by 3000 gate(s)", markdown, StringComparison.Ordinal);
        Assert.Contains("part(s) of this summary were left out", markdown, StringComparison.Ordinal);
        Assert.EndsWith("The JSON and HTML reports have every gate.\n", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_WhenTheCapIsSmall_ShouldDropWholeBlocksFromTheEndAndKeepTheVerdict()
    {
        // Given
        var full = Render(new MarkdownReportWriter(SampleResults.Options), SampleResults.Helpdesk);
        var writer = new MarkdownReportWriter(SampleResults.Options, maxBytes: 2500);

        // When
        var markdown = Render(writer, SampleResults.Helpdesk);

        // Then
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(markdown) <= 2500);
        Assert.StartsWith("# :no_entry: BLOCKED", markdown, StringComparison.Ordinal);
        var kept = markdown[..markdown.IndexOf("\n> [!NOTE]", StringComparison.Ordinal)];
        Assert.StartsWith(kept, full, StringComparison.Ordinal);
        Assert.DoesNotContain("<sub>aiops-policy", markdown, StringComparison.Ordinal);
    }
}
