// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.RegularExpressions;
using AiOpsPolicy.Reporting.Html;

namespace AiOpsPolicy.Html.Tests;

public sealed partial class HtmlReportWriterTests
{
    private const string Markup = "<script>alert(1)</script>";
    private const string EscapedMarkup = "&lt;script&gt;alert(1)&lt;/script&gt;";

    [Fact]
    public void Format_WhenAsked_ShouldBeHtmlWithItsDefaultFileName()
    {
        // Given
        var writer = new HtmlReportWriter();

        // When
        var format = writer.Format;
        var fileName = writer.DefaultFileName;

        // Then
        Assert.Equal("html", format);
        Assert.Equal("aiops-policy-report.html", fileName);
    }

    [Fact]
    public void Write_WhenUserStringsContainMarkup_ShouldEscapeEveryOne()
    {
        // Given
        var result = SyntheticResults.WithText(Markup);

        // When
        var html = ExampleReport.Render(result);

        // Then
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("alert(1)</", html, StringComparison.Ordinal);
        foreach (var escaped in new[]
        {
            "description " + EscapedMarkup,
            "explanation " + EscapedMarkup,
            "owner " + EscapedMarkup,
            "reason " + EscapedMarkup,
            "title " + EscapedMarkup,
            "clause " + EscapedMarkup,
            "problem " + EscapedMarkup,
            "set " + EscapedMarkup,
            "evidence/<wbr>&lt;script&gt;alert(1)&lt;/<wbr>script&gt;.jsonl",
        })
        {
            Assert.Contains(escaped, html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Write_WhenUserStringsContainQuotes_ShouldNotBreakOutOfAttributes()
    {
        // Given
        var result = SyntheticResults.WithText("x\" onmouseover=\"alert(1)");

        // When
        var html = ExampleReport.Render(result);

        // Then
        Assert.DoesNotContain("\" onmouseover=\"", html, StringComparison.Ordinal);
        Assert.Contains("x&quot; onmouseover=&quot;alert(1)", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_WhenWrittenTwice_ShouldWriteIdenticalBytes()
    {
        // Given
        var result = ExampleReport.Result;

        // When
        var first = ExampleReport.Render(result);
        var second = ExampleReport.Render(result);

        // Then
        Assert.Equal(first, second);
    }

    [Fact]
    public void Write_WhenRendered_ShouldReferenceNoRemoteResourceOrScript()
    {
        // Given
        var result = ExampleReport.Result;

        // When
        var html = ExampleReport.Render(result);

        // Then
        Assert.Empty(RemoteReference().Matches(html));
        Assert.DoesNotContain("http://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Content-Security-Policy", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_WhenRendered_ShouldHaveEveryChartAndTableWithStableIds()
    {
        // Given
        var result = ExampleReport.Result;

        // When
        var html = ExampleReport.Render(result);

        // Then
        foreach (var id in new[] { "coverage-chart", "group-metrics-chart", "step-sla-chart" })
        {
            Assert.Matches("<svg id=\"" + id + "\" data-testid=\"" + id + "\" class=\"chart\" role=\"img\"[^>]* aria-label=\"[^\"]+\"", html);
            Assert.Contains("<desc id=\"" + id + "-desc\">", html, StringComparison.Ordinal);
        }

        foreach (var id in new[] { "gates-table", "controls-table", "waivers-table", "evidence-table" })
        {
            Assert.Contains("<table id=\"" + id + "\" data-testid=\"" + id + "\">", html, StringComparison.Ordinal);
        }

        Assert.Equal(result.Gates.Length, Regex.Count(html, "<tr class=\"row-[a-z-]+\" data-gate="));
        Assert.DoesNotContain("<th>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_WhenAGateBlocks_ShouldHeadlineTheBlockedDecisionAndListTheGateFirst()
    {
        // Given
        var result = ExampleReport.Result;
        var failing = result.Gates.First(g => g.Blocks).Gate;

        // When
        var html = ExampleReport.Render(result);

        // Then
        Assert.Equal("blocked", result.Decision);
        Assert.Contains("data-decision=\"blocked\"", html, StringComparison.Ordinal);
        Assert.Contains("Blocked</p>", html, StringComparison.Ordinal);
        var attention = html[html.IndexOf("data-testid=\"attention-list\"", StringComparison.Ordinal)..];
        Assert.StartsWith(failing, attention[(attention.IndexOf("<strong class=\"gate-name\">", StringComparison.Ordinal) + 26)..], StringComparison.Ordinal);
    }

    [Fact]
    public void Write_WhenNoGateBlocks_ShouldHeadlineTheAllowedDecision()
    {
        // Given
        var result = SyntheticResults.WithControls();

        // When
        var html = ExampleReport.Render(result);

        // Then
        Assert.Contains("data-decision=\"allowed\"", html, StringComparison.Ordinal);
        Assert.Contains("Nothing needs attention", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_WhenWaiversAreActiveExpiringAndExpired_ShouldLabelAndHighlightEach()
    {
        // Given
        var result = SyntheticResults.WithWaivers();

        // When
        var html = ExampleReport.Render(result);

        // Then
        Assert.Matches("<tr class=\"w-active\" data-state=\"active\">\\s*<th scope=\"row\">active-one</th>", html);
        Assert.Matches("<tr class=\"w-expiring\" data-state=\"expiring\">\\s*<th scope=\"row\">expiring-one</th>\\s*<td><span class=\"wstate wstate-expiring\">Expiring in 5d</span>", html);
        Assert.Matches("<tr class=\"w-expired\" data-state=\"expired\">\\s*<th scope=\"row\">expired-one</th>\\s*<td><span class=\"wstate wstate-expired\">Expired</span>", html);
    }

    [Fact]
    public void Write_WhenControlsAreDeclared_ShouldChartCoveragePerEnforcementPoint()
    {
        // Given
        var result = SyntheticResults.WithControls();

        // When
        var html = ExampleReport.Render(result);

        // Then
        Assert.Contains("<span class=\"stat-value\">33.3%</span>", html, StringComparison.Ordinal);
        Assert.Contains("cd-gate: 0 automated and evidenced, 1 declared automated without evidence, 1 manual", html, StringComparison.Ordinal);
        Assert.Contains("ci: 1 automated and evidenced, 1 declared automated without evidence, 0 manual", html, StringComparison.Ordinal);
        Assert.True(html.IndexOf("data-point=\"cd-gate\"", StringComparison.Ordinal) < html.IndexOf("data-point=\"ci\"", StringComparison.Ordinal), "Enforcement points are charted in ordinal order.");
    }

    [Fact]
    public void Write_WhenAGateMeasuresAStepSla_ShouldChartTheStepAgainstItsBound()
    {
        // Given
        var result = SyntheticResults.WithText("step-a");

        // When
        var html = ExampleReport.Render(result);

        // Then
        var chart = html[html.IndexOf("<svg id=\"step-sla-chart\"", StringComparison.Ordinal)..];
        chart = chart[..chart.IndexOf("</svg>", StringComparison.Ordinal)];
        Assert.Contains("data-workflow=\"step-a\"", chart, StringComparison.Ordinal);
        Assert.Contains("data-step=\"step-a\"", chart, StringComparison.Ordinal);
        Assert.Contains("stroke-dasharray", chart, StringComparison.Ordinal);
        Assert.Contains(">below bound</text>", chart, StringComparison.Ordinal);
    }

    [GeneratedRegex("(?:src|href|xlink:href|action|poster|data)\\s*=\\s*[\"']?\\s*(?:[a-z][a-z0-9+.-]*:)?//|url\\(\\s*[\"']?\\s*(?:[a-z][a-z0-9+.-]*:)?//", RegexOptions.IgnoreCase)]
    private static partial Regex RemoteReference();
}
