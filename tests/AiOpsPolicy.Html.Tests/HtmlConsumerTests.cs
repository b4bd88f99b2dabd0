// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Text;
using AiOpsPolicy.Reporting.Html;
using AiOpsPolicy.Reporting.Review;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace AiOpsPolicy.Html.Tests;

/// <summary>
/// The gate report and the weekly review as people see them, in Debian's headless Chromium: at 1280 px
/// (the failing bar's value is not struck through by its bound line), at 390 px (a phone: nothing wider
/// than the screen, charts at a readable scale), printed to PDF (no near-empty pages, no chart over the
/// table after it; pages rendered with poppler's pdftoppm), and checked with axe-core (Deque's package,
/// which embeds axe-core from npm) at zero serious or critical violations.
/// </summary>
public sealed class HtmlConsumerTests
{
    private const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] _chromiumArgs = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    [Fact]
    public async Task Render_WhenABarFailsJustBelowItsBound_ShouldKeepItsValueClearOfTheBoundLine()
    {
        // Given: the example's inference step, 93.33% against a bound of 95%
        await using var session = await Session.OpenAsync(ExampleReport.Render(ExampleReport.Result), 1280);

        // When
        var overlaps = await session.Page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('svg#step-sla-chart g[data-step]')].flatMap(step => {
              const value = step.querySelector('[data-role=value] text'), bound = step.querySelector('[data-role=bound]');
              if (!value || !bound) return [];
              const a = value.getBoundingClientRect(), b = bound.getBoundingClientRect();
              const hit = a.left < b.right && b.left < a.right && a.top < b.bottom + 1 && b.top - 1 < a.bottom;
              return hit ? [step.getAttribute('data-step') + ': ' + value.textContent] : [];
            })
            """);
        var steps = await session.Page.Locator("svg#step-sla-chart g[data-step] [data-role=bound]").CountAsync();

        // Then
        Assert.True(steps > 0, "No SLA bar with a bound line was drawn.");
        Assert.Empty(overlaps);
    }

    [Fact]
    public async Task Render_WhenOpenedAt390Pixels_ShouldFitTheScreenAndKeepChartTextReadable()
    {
        // Given: the gate report and the weekly review, on a phone-sized screen
        foreach (var (name, html) in new[] { ("report", ExampleReport.Render(ExampleReport.Result)), ("review", ReviewHtml()) })
        {
            await using var session = await Session.OpenAsync(html, 390);

            // When
            var width = await session.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            var wide = await session.Page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 391 && !e.closest('.chart-figure, .table-wrap')).slice(0, 5).map(e => e.tagName + '.' + e.className + '#' + e.id + ' ' + Math.round(e.getBoundingClientRect().right))");
            var scales = await session.Page.EvaluateAsync<double[]>("() => [...document.querySelectorAll('svg.chart')].map(s => s.getBoundingClientRect().width / s.viewBox.baseVal.width)");

            // Then: no sideways scrolling of the page; 12px chart labels drawn at 9px or more
            Assert.True(width <= 390, $"The {name} is {width}px wide at a 390px viewport: {string.Join(", ", wide)}");
            Assert.All(scales, scale => Assert.True(scale >= 0.74, $"A chart in the {name} is drawn at {scale:0.00} of its size."));
        }
    }

    [Fact]
    public async Task Print_WhenTheReportIsPrintedToPdf_ShouldFillEveryPageAndNeverDrawAChartOverATable()
    {
        // Given
        await using var session = await Session.OpenAsync(ExampleReport.Render(ExampleReport.Result), 1280);
        await session.Page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        var pdf = Path.Combine(session.Folder, "report.pdf");

        // When
        var overlaps = await session.Page.EvaluateAsync<string[]>("""
            () => {
              const charts = [...document.querySelectorAll('svg.chart')].map(c => [c.id, c.getBoundingClientRect()]);
              const tables = [...document.querySelectorAll('table')].map(t => [t.id, t.getBoundingClientRect()]);
              return charts.flatMap(([c, a]) => tables.filter(([, b]) => a.top < b.bottom && b.top < a.bottom && a.left < b.right && b.left < a.right).map(([t]) => c + ' over ' + t));
            }
            """);
        await session.Page.PdfAsync(new PagePdfOptions { Path = pdf, Format = "A4", PrintBackground = true });
        var filled = PageFill(pdf);

        // Then: content reaches at least half way down every page but the last (a page holding a lone heading or line reaches a few percent)
        Assert.Empty(overlaps);
        Assert.True(filled.Count >= 2, $"{filled.Count} page(s).");
        var thin = filled.Take(filled.Count - 1).Select((fill, i) => (Page: i + 1, Fill: fill)).Where(p => p.Fill < 0.5).ToList();
        Assert.True(thin.Count == 0, $"Near-empty pages (of {filled.Count}): {string.Join(", ", thin.Select(p => $"page {p.Page} filled to {p.Fill:P0}"))}");
    }

    [Fact]
    public async Task Axe_WhenTheReportAndTheReviewAreChecked_ShouldFindNoSeriousOrCriticalViolation()
    {
        foreach (var (name, html) in new[] { ("report", ExampleReport.Render(ExampleReport.Result)), ("review", ReviewHtml()) })
        {
            // Given
            await using var session = await Session.OpenAsync(html, 1280);

            // When
            var results = await session.Page.RunAxe();

            // Then
            var serious = results.Violations.Where(v => v.Impact is "serious" or "critical")
                .Select(v => $"{v.Id} ({v.Impact}, {v.Nodes.Length} node(s)): {v.Help}; first: {v.Nodes.FirstOrDefault()?.Html}")
                .ToList();
            Assert.True(serious.Count == 0, $"axe-core in the {name}:\n{string.Join('\n', serious)}");
        }
    }

    private static string ReviewHtml()
    {
        var review = WeeklyReview.Build(new IsoWeek(2026, 47), TrendAndReviewRenderingTests.History().Append(ReviewRun.From(ExampleReport.Result, "w48")));
        using var stream = new MemoryStream();
        ReviewHtmlWriter.Write(review, "test", stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>
    /// How far down each page its content reaches (0 to 1): the page rendered in grey by poppler's pdftoppm
    /// (Debian's poppler-utils; .ci/run installs it) and the last row with a dark pixel found.
    /// </summary>
    private static List<double> PageFill(string pdf)
    {
        Assert.True(File.Exists("/usr/bin/pdftoppm"), "pdftoppm is missing: apt-get install -y poppler-utils (.ci/run installs it).");
        var prefix = Path.Combine(Path.GetDirectoryName(pdf)!, "page");
        var start = new ProcessStartInfo("/usr/bin/pdftoppm") { UseShellExecute = false };
        foreach (var arg in new[] { "-r", "20", "-gray", pdf, prefix })
        {
            start.ArgumentList.Add(arg);
        }

        using (var process = Process.Start(start)!)
        {
            process.WaitForExit();
        }

        var fills = new List<double>();
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(pdf)!, "page-*.pgm").Order(StringComparer.Ordinal))
        {
            // Binary PGM: "P5\nWIDTH HEIGHT\n255\n" then one byte per pixel.
            var bytes = File.ReadAllBytes(file);
            var header = Encoding.ASCII.GetString(bytes, 0, 32).Split('\n');
            var size = header[1].Split(' ');
            var (width, height) = (int.Parse(size[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(size[1], System.Globalization.CultureInfo.InvariantCulture));
            var offset = header[0].Length + header[1].Length + header[2].Length + 3;
            var last = 0;
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    if (bytes[offset + (y * width) + x] < 200)
                    {
                        last = y;
                        break;
                    }
                }
            }

            fills.Add((double)last / height);
        }

        return fills;
    }

    /// <summary>A page open in headless Chromium, with its browser and folder cleaned up after.</summary>
    private sealed class Session : IAsyncDisposable
    {
        private readonly IPlaywright _playwright;
        private readonly IBrowser _browser;

        private Session(IPlaywright playwright, IBrowser browser, IPage page, string folder)
        {
            _playwright = playwright;
            _browser = browser;
            Page = page;
            Folder = folder;
        }

        public IPage Page { get; }

        public string Folder { get; }

        public static async Task<Session> OpenAsync(string html, int width)
        {
            Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: apt-get install -y chromium (.ci/run installs it).");
            var folder = Directory.CreateTempSubdirectory("aiops-html-").FullName;
            var path = Path.Combine(folder, "page.html");
            await File.WriteAllTextAsync(path, html);
            var playwright = await Playwright.CreateAsync();
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true, Args = _chromiumArgs });
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = 900 } });
            await page.GotoAsync(new Uri(path).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
            return new Session(playwright, browser, page, folder);
        }

        public async ValueTask DisposeAsync()
        {
            await _browser.DisposeAsync();
            _playwright.Dispose();
            Directory.Delete(Folder, recursive: true);
        }
    }
}
