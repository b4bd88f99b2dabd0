// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using Microsoft.Playwright;

namespace AiOpsPolicy.Html.Tests;

/// <summary>
/// Loads the example report in Debian's headless Chromium through Playwright (its driver ships in the
/// NuGet package; no browser is downloaded) and checks that it renders without a console error.
/// </summary>
public sealed class ChromiumRenderingTests
{
    private const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] _chromiumArgs =
    [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ];

    [Fact]
    public async Task Render_WhenTheExampleReportIsOpenedInChromium_ShouldDrawEveryChartAndTableWithoutConsoleErrors()
    {
        // Given
        Assert.True(
            File.Exists(ChromiumPath),
            $"{ChromiumPath} is missing. The HTML report's browser test needs Debian's chromium package: run `apt-get install -y chromium` (.ci/run installs it).");
        var folder = Directory.CreateTempSubdirectory("aiops-html-");
        var reportPath = Path.Combine(folder.FullName, "aiops-policy-report.html");
        var screenshotPath = Path.Combine(folder.FullName, "aiops-policy-report.png");
        await File.WriteAllTextAsync(reportPath, ExampleReport.Render(ExampleReport.Result));
        var problems = new List<string>();
        var requests = new List<string>();

        try
        {
            // When
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = _chromiumArgs,
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
            await page.GotoAsync(new Uri(reportPath).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load });

            var sizes = new Dictionary<string, LocatorBoundingBoxResult?>(StringComparer.Ordinal);
            foreach (var selector in new[]
            {
                "svg#coverage-chart", "svg#group-metrics-chart", "svg#step-sla-chart",
                "table#gates-table", "table#controls-table", "table#waivers-table", "table#evidence-table",
                "[data-testid=decision]", "[data-testid=summary]",
            })
            {
                sizes[selector] = await page.Locator(selector).BoundingBoxAsync();
            }

            var gateRows = await page.Locator("table#gates-table tbody tr").CountAsync();
            var chartRows = await page.Locator("svg#group-metrics-chart g[data-gate]").CountAsync();
            var decision = await page.Locator("[data-testid=decision]").GetAttributeAsync("data-decision");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshotPath, FullPage = true });

            // Then
            foreach (var (selector, box) in sizes)
            {
                Assert.True(box is { Width: > 0, Height: > 0 }, $"{selector} is missing or has no size.");
            }

            Assert.Equal(ExampleReport.Result.Gates.Length, gateRows);
            Assert.Equal(ExampleReport.Result.Gates.Length, chartRows);
            Assert.Equal("blocked", decision);
            Assert.Empty(problems);
            Assert.All(requests, url => Assert.StartsWith("file://", url, StringComparison.Ordinal));
            Assert.True(new FileInfo(screenshotPath).Length > 50_000, $"The screenshot {screenshotPath} is too small to show a rendered report.");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
