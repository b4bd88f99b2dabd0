// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using AiOpsPolicy.Cli;
using AiOpsPolicy.Core;
using AiOpsPolicy.History;
using AiOpsPolicy.History.Runs;
using Snapshooter.Xunit;

namespace AiOpsPolicy.Reporting.Tests;

/// <summary>
/// <c>aiops-policy review</c> over a real SQLite store filled with hand-built runs: one in 2026-W45,
/// one in W46, two in W47 (the week reviewed) and one in W48 (after it, so left out).
/// </summary>
public sealed class WeeklyReviewTests : IClassFixture<WeeklyReviewTests.ThreeWeeksStore>
{
    private readonly ThreeWeeksStore _store;

    public WeeklyReviewTests(ThreeWeeksStore store)
    {
        _store = store;
    }

    [Fact]
    public void Review_WhenTheWeekHasRuns_ShouldStateRunsBlockedAndScoreFirst()
    {
        // Given
        var markdown = _store.Markdown;

        // When
        var lines = markdown.Split('\n');

        // Then
        Assert.Equal("# Weekly review: 2026-W47 (Mon 16 Nov to Sun 22 Nov 2026)", lines[0]);
        Assert.Equal("**2 runs of helpdesk in 2026-W47; 2 blocked; score 80% (warn), last week 90%.**", lines[2]);
    }

    [Fact]
    public void Review_WhenFiguresChange_ShouldShowTheLatestRunsValueAgainstLastWeekWithADirectionThatKnowsWhichWayIsGood()
    {
        // Given
        var rows = _store.Markdown.Split('\n');

        // When
        string Row(string metric) => Assert.Single(rows, r => r.StartsWith("| " + metric + " <br>", StringComparison.Ordinal));

        // Then: SLA up is better; recovery time down is better; the incident rate up is worse.
        Assert.Equal("| SlaAttainment(triage) <br>higher is better | 95% | 92% | ▲ +3 pp, better | ·····▁▄█ |", Row("SlaAttainment(triage)"));
        Assert.Equal("| TimeToRecover(triage) <br>lower is better | 45m | 1h 30m | ▼ −45m (−50%), better | ·····█▅▁ |", Row("TimeToRecover(triage)"));
        Assert.Equal("| IncidentRate(triage) <br>lower is better | 0.6 | 0.4 | ▲ +0.2 (+50%), **worse** | ·····▆▁█ |", Row("IncidentRate(triage)"));
        Assert.Equal("| Throughput(triage) <br>higher is better | 120 | – | new | ·······▄ |", Row("Throughput(triage)"));
    }

    [Fact]
    public void Review_WhenGatesFailedDuringTheWeek_ShouldListThemWithRunsAndFirstAndLastSeenStillFailingFirst()
    {
        // Given
        var markdown = _store.Markdown;

        // When
        var section = Section(markdown, "## Gates that failed");

        // Then
        Assert.Equal(
            [
                "| latency | 1 of 2 | Fri 20 Nov 10:00Z | Fri 20 Nov 10:00Z | 420ms, bound &lt;= 300ms | **still fail** |",
                "| sla | 1 of 2 | Tue 17 Nov 10:00Z | Tue 17 Nov 10:00Z | 91%, bound &gt;= 93% | pass |",
            ],
            section.Where(l => l.StartsWith("| latency", StringComparison.Ordinal) || l.StartsWith("| sla", StringComparison.Ordinal)));
    }

    [Fact]
    public void Review_WhenFindingsRepeat_ShouldMarkNewOnesAndThoseAlsoSeenLastWeek()
    {
        // Given
        var markdown = _store.Markdown;

        // When
        var findings = Section(markdown, "## Findings").Where(l => l.StartsWith("- ", StringComparison.Ordinal)).ToList();

        // Then
        Assert.Equal(
            [
                "- **New:** `faster-cleanup-not-prevention`: MTTR improved but the incident rate did not. (1 run, owner sre)",
                "- Also last week: `noisy-monitoring`: Drift checks run often but alert triage is low. (2 runs, owner ml-platform)",
            ],
            findings);
    }

    [Fact]
    public void Review_WhenCoverageFalls_ShouldCompareWithLastWeekAndNameTheTeamThatPullsItDown()
    {
        // Given
        var markdown = _store.Markdown;

        // When
        var section = Section(markdown, "## Control coverage");

        // Then
        Assert.Contains(
            "Required controls automated and evidenced, in each policy set's latest run of the week: **33.3% (1 of 3)**, last week 66.7% (2 of 3) (▼ −33.3 pp). beta pulls coverage down: 2 required controls not automated and evidenced (0 of 2 covered).",
            section);
        Assert.Contains("| alpha | 100% (1 of 1) | 100% (1 of 1) | no change |", section);
        Assert.Contains("| beta (pulls it down) | 0% (0 of 2) | 50% (1 of 2) | ▼ −50 pp |", section);
    }

    [Fact]
    public void Review_WhenWaiversExpireSoonOrHaveExpired_ShouldListBothAndLeaveOutLaterOnes()
    {
        // Given
        var markdown = _store.Markdown;

        // When
        var rows = Section(markdown, "## Waivers about to expire").Where(l => l.StartsWith("| w-", StringComparison.Ordinal)).ToList();

        // Then
        Assert.Equal(
            [
                "| w-old | helpdesk | sre | latency | **expired (applied through 2026-11-19), still declared** | OPS-1 |",
                "| w-soon | helpdesk | ml-platform | sla | applies through 2026-11-29 (expires 7d after the week's end) | OPS-2 |",
            ],
            rows);
        Assert.DoesNotContain("w-later", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Review_WhenTheWeekHasNoRuns_ShouldSaySoPlainlyWriteBothFilesAndExit0()
    {
        // Given
        using var output = new TempDirectory();
        using var console = new TestConsole();

        // When
        var exit = Program.Run(["review", "--store", _store.Store, "--week", "2026-W44", "--output", output.Path], console, FailingClock);

        // Then
        Assert.Equal(0, exit);
        Assert.Contains("No runs were recorded in 2026-W44", console.OutText, StringComparison.Ordinal);
        var markdown = File.ReadAllText(output.Combine("aiops-policy-review.md"));
        Assert.Contains("**No runs were recorded in 2026-W44 (Mon 26 Oct to Sun 1 Nov 2026): there is nothing to review for this week.**", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("## Reliability", markdown, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"review-empty\"", File.ReadAllText(output.Combine("aiops-policy-review.html")), StringComparison.Ordinal);
    }

    [Fact]
    public void Review_WhenRunTwiceOnTheSameStoreAndWeek_ShouldWriteTheSameBytes()
    {
        // Given
        using var output = new TempDirectory();
        using var console = new TestConsole();

        // When
        var exit = Program.Run(["review", "--store", _store.Store, "--week", "2026-W47", "--output", output.Path], console, FailingClock);

        // Then
        Assert.Equal(0, exit);
        Assert.Equal(File.ReadAllBytes(Path.Combine(_store.Output, "aiops-policy-review.md")), File.ReadAllBytes(output.Combine("aiops-policy-review.md")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(_store.Output, "aiops-policy-review.html")), File.ReadAllBytes(output.Combine("aiops-policy-review.html")));
        Assert.Empty(Directory.GetFiles(output.Path, "*.tmp"));
    }

    [Fact]
    public void Review_WhenWrittenAsMarkdown_ShouldMatchTheSnapshot()
    {
        // Given
        var markdown = _store.Markdown;

        // When
        var text = markdown;

        // Then
        Snapshot.Match(text);
    }

    [Fact]
    public void Review_WhenWrittenAsHtml_ShouldMatchTheSnapshotAndKeepTheStrictContentSecurityPolicy()
    {
        // Given
        var html = File.ReadAllText(Path.Combine(_store.Output, "aiops-policy-review.html"));

        // When
        var scrubbed = html.Replace(EngineInfo.Version, "<engine-version>", StringComparison.Ordinal);

        // Then
        Assert.Contains("content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(4, CountOf(html, "data-testid=\"sparkline\""));
        Snapshot.Match(scrubbed);
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

    private static List<string> Section(string markdown, string heading)
    {
        var start = markdown.IndexOf(heading + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"No section '{heading}'.");
        var end = markdown.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
        return [.. markdown[start..(end < 0 ? markdown.Length : end)].Split('\n')];
    }

    private static DateTimeOffset FailingClock() => throw new InvalidOperationException("The test gave --week; the clock must not be read.");

    /// <summary>The store, and the review of 2026-W47 written from it once.</summary>
    public sealed class ThreeWeeksStore : IDisposable
    {
        private readonly TempDirectory _temp = new();

        public ThreeWeeksStore()
        {
            Store = _temp.Combine("history.db");
            Output = _temp.Combine("review");
            var store = HistoryStoreFactory.OpenAsync(Store).GetAwaiter().GetResult();
            try
            {
                foreach (var run in Runs())
                {
                    Assert.Equal(RecordOutcome.Recorded, store.RecordAsync(run).GetAwaiter().GetResult());
                }
            }
            finally
            {
                store.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }

            using var console = new TestConsole();
            var exit = Program.Run(["review", "--store", Store, "--week", "2026-W47", "--output", Output, "--format", "markdown,html"], console, FailingClock);
            Assert.True(exit == 0, console.ErrText);
            Markdown = File.ReadAllText(Path.Combine(Output, "aiops-policy-review.md"), Encoding.UTF8);
        }

        public string Store { get; }

        public string Output { get; }

        public string Markdown { get; }

        public void Dispose() => _temp.Dispose();

        internal static IEnumerable<RunRecord> Runs()
        {
            yield return Run("r45", "2026-11-04T10:00:00Z", sla: "90%", ttr: "2h", rate: "0.55", covered: [true, true, false]);
            yield return Run("r46", "2026-11-11T10:00:00Z", sla: "92%", ttr: "1h 30m", rate: "0.4", covered: [true, true, false], findings: ["noisy-monitoring"], score: 0.9);
            yield return Run("r47a", "2026-11-17T10:00:00Z", sla: "91%", ttr: "1h", rate: "0.45", covered: [true, true, false], slaStatus: "fail", findings: ["noisy-monitoring", "faster-cleanup-not-prevention"], score: 0.7);
            yield return Run("r47b", "2026-11-20T10:00:00Z", sla: "95%", ttr: "45m", rate: "0.6", covered: [true, false, false], latencyStatus: "fail", findings: ["noisy-monitoring"], score: 0.8, throughput: "120");
            yield return Run("r48", "2026-11-24T10:00:00Z", sla: "50%", ttr: "9h", rate: "9", covered: [false, false, false]);
        }

        private static RunRecord Run(
            string id,
            string at,
            string sla,
            string ttr,
            string rate,
            bool[] covered,
            string slaStatus = "pass",
            string latencyStatus = "pass",
            string[]? findings = null,
            double? score = null,
            string? throughput = null)
        {
            var time = DateTimeOffset.Parse(at, CultureInfo.InvariantCulture);
            var blocked = slaStatus == "fail" || latencyStatus == "fail";
            ImmutableArray<MetricRecord> Metric(string name, string value) => [new MetricRecord(name, value, double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : null, null, null, 10)];
            var gates = new List<GateRecord>
            {
                new("sla", "block", slaStatus, sla, null, ">= 93%", Metric("SlaAttainment(triage)", sla)),
                new("recovery", "block", "pass", ttr, null, "<= 4h", Metric("TimeToRecover(triage)", ttr)),
                new("incident-rate", "warn", "pass", rate, null, "<= 2", Metric("IncidentRate(triage)", rate)),
                new("latency", "block", latencyStatus, latencyStatus == "fail" ? "420ms" : "200ms", null, "<= 300ms", []),
            };
            if (throughput is not null)
            {
                gates.Add(new("throughput", "warn", "pass", throughput, null, ">= 100", Metric("Throughput(triage)", throughput)));
            }

            var messages = new Dictionary<string, (string Message, string Owner)>
            {
                ["noisy-monitoring"] = ("Drift checks run often but alert triage is low.", "ml-platform"),
                ["faster-cleanup-not-prevention"] = ("MTTR improved but the incident rate did not.", "sre"),
            };
            return new RunRecord
            {
                RunId = id,
                RecordedAt = time,
                EngineVersion = "0.1.0",
                PolicySet = "helpdesk",
                PolicyDigest = "sha256:p",
                EvidenceDigest = "sha256:" + id,
                Decision = blocked ? "blocked" : "allowed",
                Gates = [.. gates],
                Controls =
                [
                    new ControlRecord("eval-suite", true, true, covered[0], ["ci"], [], "alpha"),
                    new ControlRecord("red-team", true, true, covered[1], ["deploy"], [], "beta"),
                    new ControlRecord("bias-audit", true, true, covered[2], ["deploy"], [], "beta"),
                    new ControlRecord("manual-review", false, false, false, [], [], "gamma"),
                ],
                Waivers =
                [
                    new WaiverRecord("w-old", "sre", "vendor outage", "OPS-1", DateTimeOffset.Parse("2026-11-20T00:00:00Z", CultureInfo.InvariantCulture), ["latency"], time > DateTimeOffset.Parse("2026-11-20T00:00:00Z", CultureInfo.InvariantCulture)),
                    new WaiverRecord("w-soon", "ml-platform", "retraining", "OPS-2", DateTimeOffset.Parse("2026-11-30T00:00:00Z", CultureInfo.InvariantCulture), ["sla"], false),
                    new WaiverRecord("w-later", "sre", "migration", "OPS-3", DateTimeOffset.Parse("2026-12-31T00:00:00Z", CultureInfo.InvariantCulture), ["recovery"], false),
                ],
                Findings = [.. (findings ?? []).Select(f => new FindingRecord(f, messages[f].Message, "reliability", messages[f].Owner))],
                Score = score,
                ScoreStatus = score is null ? null : score >= 0.9 ? "pass" : score >= 0.75 ? "warn" : "fail",
            };
        }
    }
}
