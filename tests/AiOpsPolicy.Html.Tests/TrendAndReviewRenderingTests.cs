// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text;
using AiOpsPolicy.Reporting.Html;
using AiOpsPolicy.Reporting.Review;
using Microsoft.Playwright;

namespace AiOpsPolicy.Html.Tests;

/// <summary>
/// The gate report's Trends section and the weekly review page, opened in Debian's headless Chromium:
/// every chart has a size, the page makes no request and logs no error.
/// </summary>
public sealed class TrendAndReviewRenderingTests
{
    private const string ChromiumPath = "/usr/bin/chromium";

    [Fact]
    public void Write_WhenTrendsAreGiven_ShouldAddATrendsSectionWithChartsAndTables()
    {
        // Given
        var trends = Trends();

        // When
        var html = Render(trends);

        // Then
        Assert.Contains("<section id=\"trends\"", html, StringComparison.Ordinal);
        Assert.Contains("<svg id=\"coverage-trend-chart\"", html, StringComparison.Ordinal);
        Assert.Contains("<svg id=\"metric-trends-chart\"", html, StringComparison.Ordinal);
        Assert.Contains("<table id=\"coverage-trend-table\">", html, StringComparison.Ordinal);
        Assert.Contains("<tr><th scope=\"row\">2026-W47</th><td class=\"num\">50%</td><td class=\"num\">1</td><td class=\"num\">2</td></tr>", html, StringComparison.Ordinal);
        Assert.Equal(trends.Metrics.Length, CountOf(html, "<g data-metric="));
        Assert.True(html.IndexOf("id=\"sla\"", StringComparison.Ordinal) < html.IndexOf("id=\"trends\"", StringComparison.Ordinal));
        Assert.True(html.IndexOf("id=\"trends\"", StringComparison.Ordinal) < html.IndexOf("id=\"gates\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_WhenEarlierRunsAreRecorded_ShouldTakeEachWeeksLatestRunAndCompareWithThePreviousRun()
    {
        // Given
        var current = ReviewRun.From(ExampleReport.Result, "now");

        // When
        var trends = Trends();

        // Then
        Assert.Equal(12, trends.Window.Length);
        Assert.Equal(new IsoWeek(2026, 48), trends.Window[^1]);
        Assert.Equal([new IsoWeek(2026, 46), new IsoWeek(2026, 47), new IsoWeek(2026, 48)], trends.Coverage.Select(c => c.Week));
        var sla = Assert.Single(trends.Metrics, s => s.Metric == "SlaAttainment(ticket-triage, inference)");
        Assert.Equal(["90%", "97%", "93.33%"], sla.Points.Select(p => p.Text));
        var since = Assert.IsType<RunComparison>(trends.SincePrevious);
        Assert.Equal("w47-late", since.Previous);
        Assert.Equal(new GateChange("triage-inference-sla", "pass", "fail"), Assert.Single(since.ChangedGates));
        var move = Assert.Single(since.Moves, m => m.Metric == "SlaAttainment(ticket-triage, inference)");
        Assert.Equal(ChangeTone.Worse, move.Tone);
        Assert.Equal(current.Gates.SelectMany(g => g.Metrics).Where(m => m.Number is not null).Select(m => m.Name).Distinct().Count(), trends.Metrics.Length);
    }

    [Fact]
    public async Task Render_WhenTheGateReportHasTrends_ShouldDrawTheTrendChartsWithASizeAndNoConsoleError()
    {
        // Given
        var html = Render(Trends());

        // When
        var (sizes, problems, requests) = await Open(html, ["svg#coverage-trend-chart", "svg#metric-trends-chart", "section#trends", "details.trend-tables"]);

        // Then
        foreach (var (selector, box) in sizes)
        {
            Assert.True(box is { Width: > 0, Height: > 0 }, $"{selector} is missing or has no size.");
        }

        Assert.Empty(problems);
        Assert.All(requests, url => Assert.StartsWith("file://", url, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Render_WhenTheWeeklyReviewIsOpened_ShouldDrawEveryGroupSparklineAndTableWithoutConsoleErrors()
    {
        // Given
        var review = WeeklyReview.Build(new IsoWeek(2026, 47), History().Append(ReviewRun.From(ExampleReport.Result, "w48")));
        using var stream = new MemoryStream();
        ReviewHtmlWriter.Write(review, "test", stream);
        var html = Encoding.UTF8.GetString(stream.ToArray());

        // When
        var (sizes, problems, requests) = await Open(html, [
            "[data-testid=review-verdict]", "section#group-reliability", "section#group-data-and-systems", "section#group-value", "section#group-risk",
            "section#group-scale", "table#failed-table", "section#findings", "table#team-coverage-table", "svg.spark >> nth=0",
        ]);

        // Then
        foreach (var (selector, box) in sizes)
        {
            Assert.True(box is { Width: > 0, Height: > 0 }, $"{selector} is missing or has no size.");
        }

        Assert.Empty(problems);
        Assert.All(requests, url => Assert.StartsWith("file://", url, StringComparison.Ordinal));
        Assert.Contains("tone-worse", html, StringComparison.Ordinal);
    }

    /// <summary>Two runs in W46 and W47 with the help-desk metrics edited, and the example run as the current one (W48).</summary>
    private static ReportTrends Trends() => ReportTrends.Build(History(), ReviewRun.From(ExampleReport.Result, "now"));

    internal static List<ReviewRun> History()
    {
        var example = ReviewRun.From(ExampleReport.Result, "x");
        ReviewRun Edited(string id, string at, string sla, bool covered, string status = "pass") => example with
        {
            RunId = id,
            RecordedAt = DateTimeOffset.Parse(at, CultureInfo.InvariantCulture),
            Decision = "allowed",
            Gates = [.. example.Gates.Select(g => g.Name == "triage-inference-sla"
                ? g with { Status = status, Metrics = [ReviewMetric.Create(g.Metrics[0].Name, sla, null, null, null)] }
                : g)],
            Controls = [new ReviewControl("eval", true, true, true, "alpha"), new ReviewControl("audit", true, true, covered, "beta")],
            Findings = [new ReviewFinding("noisy-monitoring", "Drift checks run often but alert triage is low.", "risk", "ml-platform")],
        };
        return
        [
            Edited("w46", "2026-11-11T10:00:00Z", "90%", true),
            Edited("w47-early", "2026-11-16T10:00:00Z", "80%", true, "fail"),
            Edited("w47-late", "2026-11-20T10:00:00Z", "97%", false),
        ];
    }

    private static string Render(ReportTrends trends)
    {
        using var stream = new MemoryStream();
        new HtmlReportWriter { Trends = trends }.Write(ExampleReport.Result, stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static async Task<(Dictionary<string, LocatorBoundingBoxResult?> Sizes, List<string> Problems, List<string> Requests)> Open(string html, string[] selectors)
    {
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: run `apt-get install -y chromium` (.ci/run installs it).");
        var folder = Directory.CreateTempSubdirectory("aiops-trends-");
        var path = Path.Combine(folder.FullName, "page.html");
        await File.WriteAllTextAsync(path, html);
        var problems = new List<string>();
        var requests = new List<string>();
        try
        {
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            });
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 1000 } });
            page.Console += (_, message) =>
            {
                if (message.Type is "error" or "warning")
                {
                    problems.Add(message.Type + ": " + message.Text);
                }
            };
            page.PageError += (_, error) => problems.Add("page error: " + error);
            page.RequestFailed += (_, request) => problems.Add("request failed: " + request.Url);
            page.Request += (_, request) => requests.Add(request.Url);
            await page.GotoAsync(new Uri(path).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
            var sizes = new Dictionary<string, LocatorBoundingBoxResult?>(StringComparer.Ordinal);
            foreach (var selector in selectors)
            {
                sizes[selector] = await page.Locator(selector).BoundingBoxAsync(new LocatorBoundingBoxOptions { Timeout = 5000 });
            }

            return (sizes, problems, requests);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
