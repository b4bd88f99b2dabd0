// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json;
using System.Text.RegularExpressions;
using AiOpsPolicy.History;
using AiOpsPolicy.History.Runs;

namespace AiOpsPolicy.Cli.Tests;

/// <summary><c>coverage</c> by period and team, and against a framework baseline, over three weekly runs of the example.</summary>
public sealed class CoverageCommandTests : IClassFixture<HistoryCommandTests.ThreeWeeklyRuns>
{
    private readonly HistoryCommandTests.ThreeWeeklyRuns _runs;

    public CoverageCommandTests(HistoryCommandTests.ThreeWeeklyRuns runs)
    {
        _runs = runs;
    }

    private static string OscalData => Path.Combine(Repository.Root, "tests", "AiOpsPolicy.Core.Tests", "Oscal", "Data");

    [Fact]
    public void Coverage_WhenGroupedByTeam_ShouldPrintARowPerWeekAndTeamAndNameTheLowestTeam()
    {
        // Given
        using var console = new TestConsole();

        // When
        var exit = Program.Run(["coverage", "--store", _runs.Store, "--by", "team", "--since", "2026-11-23T00:00:00Z"], console, FailingClock);

        // Then: in the last week every automated control is evidenced; the board's control is manual.
        Assert.Equal(0, exit);
        var lines = Lines(console.OutText).Select(Squeeze).ToList();
        Assert.Equal("Week Starts Team Observations Automated+evidenced Declared only Not automated Automated share", lines[0]);
        Assert.Equal(
            [
                "2026-W48 2026-11-23 data-platform 1 1 0 0 100.0 %",
                "2026-W48 2026-11-23 helpdesk-ai 3 3 0 0 100.0 %",
                "2026-W48 2026-11-23 helpdesk-platform 2 2 0 0 100.0 %",
                "2026-W48 2026-11-23 responsible-ai-board 1 0 0 1 0.0 %",
            ],
            lines.Where(l => l.StartsWith("2026-W", StringComparison.Ordinal)));
        Assert.Equal("Over the range: the organisation is 85.7 % automated and evidenced (7 observations, 4 team(s)).", lines[^2]);
        Assert.Equal("Lowest team: responsible-ai-board at 0.0 % (1 observations), 85.7 points below the organisation; without it the organisation would be at 100.0 %.", lines[^1]);
    }

    [Fact]
    public void Coverage_WhenPerMonthByTeamAsJson_ShouldFoldTheWeeksIntoNovemberAndGiveTeamTotals()
    {
        // Given
        using var console = new TestConsole();

        // When
        var exit = Program.Run(["coverage", "--store", _runs.Store, "--period", "month", "--by", "team", "--policy-set", "helpdesk-ai", "--format", "json"], console, FailingClock);

        // Then
        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(console.OutText);
        var root = json.RootElement;
        Assert.Equal(("month", "team", "helpdesk-ai"), (root.GetProperty("period").GetString(), root.GetProperty("by").GetString(), root.GetProperty("policySet").GetString()));
        var rows = root.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(4, rows.Count);
        Assert.All(rows, r => Assert.Equal(("2026-11", "2026-11-01"), (r.GetProperty("period").GetString(), r.GetProperty("starts").GetString())));
        var ai = rows.Single(r => r.GetProperty("team").GetString() == "helpdesk-ai");
        Assert.Equal((9, 3, 6, 0), (ai.GetProperty("observations").GetInt32(), ai.GetProperty("automatedAndEvidenced").GetInt32(), ai.GetProperty("declaredOnly").GetInt32(), ai.GetProperty("notAutomated").GetInt32()));
        Assert.Equal(0.2857, root.GetProperty("organisation").GetProperty("automatedShare").GetDouble());
        Assert.Equal("responsible-ai-board", root.GetProperty("lowestTeam").GetString());
    }

    [Fact]
    public void Coverage_WhenThePolicySetWasNeverRecorded_ShouldSaySoAndExit0()
    {
        // Given
        using var console = new TestConsole();

        // When
        var exit = Program.Run(["coverage", "--store", _runs.Store, "--policy-set", "payments"], console, FailingClock);

        // Then
        Assert.Equal(0, exit);
        Assert.Equal("No control coverage of policy set 'payments' was recorded in the range.", console.OutText.Trim());
    }

    [Theory]
    [InlineData("NIST_SP-800-53_rev5_MODERATE-baseline_profile.json")]
    [InlineData("NIST_SP-800-53_rev5_MODERATE-baseline-resolved-profile_catalog-min.json")]
    public void Coverage_WhenGivenTheModerateBaseline_ShouldStateTheLatestRunsCoverageOutOf287(string file)
    {
        // Given
        using var console = new TestConsole();

        // When
        var exit = Program.Run(["coverage", "--store", _runs.Store, "--catalog", Path.Combine(OscalData, file)], console, FailingClock);

        // Then: the latest run (28 November) maps 16 ids, 15 automated and evidenced; sa-5's control is manual.
        Assert.Equal(0, exit);
        var lines = Lines(console.OutText).Select(Squeeze).ToList();
        Assert.Equal("Baseline: NIST Special Publication 800-53 Revision 5.1.1 MODERATE IMPACT BASELINE (287 controls)", lines[0]);
        Assert.Matches("^Latest run of 'helpdesk-ai': .* at 2026-11-28T12:00:00Z \\(7 controls\\)$", lines[1]);
        Assert.Equal("287 15 1 271 5.2 %", lines[^1]);
    }

    [Fact]
    public void Coverage_WhenGivenACatalogAsJsonForAnEarlierRange_ShouldListEveryCatalogControlFromThatRangesLatestRun()
    {
        // Given: until 22 November the latest run is 21 November's, whose automated controls lacked fresh evidence.
        using var console = new TestConsole();
        var catalog = Path.Combine(OscalData, "NIST_SP-800-53_rev5_MODERATE-baseline-resolved-profile_catalog-min.json");

        // When
        var exit = Program.Run(["coverage", "--store", _runs.Store, "--catalog", catalog, "--until", "2026-11-22T00:00:00Z", "--format", "json"], console, FailingClock);

        // Then
        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(console.OutText);
        var root = json.RootElement;
        Assert.Equal("2026-11-21T12:00:00Z", root.GetProperty("runs")[0].GetProperty("recordedAt").GetString());
        Assert.Equal((287, 0, 16, 271), (root.GetProperty("catalogControls").GetInt32(), root.GetProperty("automatedAndEvidenced").GetInt32(), root.GetProperty("declaredOnly").GetInt32(), root.GetProperty("missing").GetInt32()));
        var controls = root.GetProperty("controls").EnumerateArray().ToList();
        Assert.Equal(287, controls.Count);
        var ac2 = controls.Single(c => c.GetProperty("id").GetString() == "ac-2");
        Assert.Equal(("Account Management", "declared-only", "access-rules"), (ac2.GetProperty("title").GetString(), ac2.GetProperty("status").GetString(), ac2.GetProperty("declaredBy")[0].GetString()));
    }

    [Theory]
    [InlineData("missing.json", null, "the file does not exist")]
    [InlineData("broken.json", "{\n  \"catalog\": [,\n}", "it is not valid JSON")]
    [InlineData("other.json", "{\"component-definition\": {}}", "it is neither an OSCAL catalog")]
    [InlineData("empty.json", "{\"catalog\": {\"metadata\": {\"title\": \"t\"}, \"groups\": []}}", "the OSCAL catalog holds no controls")]
    public void Coverage_WhenTheCatalogCannotBeRead_ShouldReportAOP5009WithTheFileAndExit2(string name, string? content, string reason)
    {
        // Given
        using var temp = new TempDirectory();
        var path = temp.Combine(name);
        if (content is not null)
        {
            File.WriteAllText(path, content);
        }

        using var console = new TestConsole();

        // When
        var exit = Program.Run(["coverage", "--store", _runs.Store, "--catalog", path], console, FailingClock);

        // Then
        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, console.OutText);
        var error = console.ErrText.Trim();
        var location = name == "broken.json" ? $"{path}(2,15)" : path;
        Assert.StartsWith($"{location}: error AOP5009: The control catalog could not be read: {reason}", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_WhenAGateIsWaivedAgainAndAgain_ShouldListItFirstWithItsRenewals()
    {
        // Given
        using var temp = new TempDirectory();
        var store = temp.Combine("waivers.db");
        var monday = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
        await using (var history = await HistoryStoreFactory.OpenAsync(store))
        {
            for (var i = 0; i < 4; i++)
            {
                await history.RecordAsync(new RunRecord
                {
                    RunId = $"run-{i}",
                    RecordedAt = monday.AddDays(7 * i),
                    EngineVersion = "0.1.0",
                    PolicySet = "helpdesk-ai",
                    PolicyDigest = "sha256:p",
                    EvidenceDigest = "sha256:e",
                    Decision = "allowed",
                    Waivers =
                    [
                        new WaiverRecord("latency-vendor", "sre", "vendor outage", $"OPS-{i}", monday.AddDays(14 * (1 + (i / 2 * 2)) + i), ["latency"], false),
                        new WaiverRecord("grounding-corpus", "ml", "new corpus", "ML-9", monday.AddDays(60), ["grounding"], false),
                    ],
                });
            }
        }

        using var console = new TestConsole();

        // When
        var exit = Program.Run(["history", "--store", store, "--waivers", "--policy-set", "helpdesk-ai"], console, FailingClock);

        // Then: four expiries for latency (three renewals), one waiver for grounding.
        Assert.Equal(0, exit);
        var lines = Lines(console.OutText).Select(Squeeze).ToList();
        Assert.Equal("Waived gates, most renewed first: 2", lines[0]);
        Assert.Equal("Policy set Gate Current waiver Owner Ticket First seen Expires Waivers Renewals", lines[1]);
        Assert.Equal("helpdesk-ai latency latency-vendor sre OPS-3 2026-11-02 2026-12-17 4 3", lines[3]);
        Assert.Equal("helpdesk-ai grounding grounding-corpus ml ML-9 2026-11-02 2027-01-01 1 0", lines[4]);
    }

    private static List<string> Lines(string text) => [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static string Squeeze(string line) => Regex.Replace(line.Trim(), " {2,}", " ");

    private static DateTimeOffset FailingClock() => throw new InvalidOperationException("The test gave --as-of; the clock must not be read.");
}
