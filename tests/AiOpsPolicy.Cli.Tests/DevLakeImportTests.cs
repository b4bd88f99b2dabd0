// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text.Json;

namespace AiOpsPolicy.Cli.Tests;

/// <summary>
/// Apache DevLake's own DORA end-to-end fixtures (tests/data/devlake, Apache 2.0), taken from the raw CSV tables
/// through <c>aiops-policy import devlake</c> and <c>aiops-policy eval</c>, must give the values DevLake's tests and
/// dashboards give, under the DevLake-compatible parameters; where our default differs, the test shows both.
/// </summary>
public sealed class DevLakeImportTests : IDisposable
{
    private static readonly string Fixtures = Path.Combine(Repository.Root, "tests", "data", "devlake");

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Import_WhenGivenDevLakesLeadTimeFixture_ShouldReproduceItsDeployTimesAndMedianLeadTime()
    {
        // Given: DevLake's change_lead_time tables, imported as of the end of April 2023.
        var evidence = Import("dora/change_lead_time", "2023-05-01T00:00:00Z");
        const string DevLake = "Days(30), safetyWindow: TimeSpan.Zero, rounding: DurationRounding.Ceil";

        // When: DevLake's PR deploy time (merge to deployment, ceil minutes) and cycle time (sum of the non-negative
        // segments from the first commit), and our defaults (from approval, which DevLake sets to the merge; exact).
        var deployMax = Minutes(evidence, "2023-05-01T00:00:00Z", $"TimeToDeploy({DevLake}, from: LeadTimeStart.Merged, aggregation: Aggregation.Max)");
        var deployMedian = Minutes(evidence, "2023-05-01T00:00:00Z", $"TimeToDeploy({DevLake}, from: LeadTimeStart.Merged)");
        var deployExplained = Eval(evidence, "2023-05-01T00:00:00Z", $"TimeToDeploy({DevLake}, from: LeadTimeStart.Merged)");
        var cycleMedian = Minutes(evidence, "2023-05-01T00:00:00Z", $"TimeToDeploy({DevLake}, from: LeadTimeStart.FirstCommit, definition: LeadTimeDefinition.SegmentSum)");
        var cycleMax = Minutes(evidence, "2023-05-01T00:00:00Z", $"TimeToDeploy({DevLake}, from: LeadTimeStart.FirstCommit, definition: LeadTimeDefinition.SegmentSum, aggregation: Aggregation.Max)");
        var cycleLowest = Minutes(evidence, "2023-05-01T00:00:00Z", $"TimeToDeploy({DevLake}, from: LeadTimeStart.FirstCommit, definition: LeadTimeDefinition.SegmentSum, aggregation: Aggregation.Percentile(1))");
        var ourDefault = Minutes(evidence, "2023-05-01T00:00:00Z", "TimeToDeploy(Days(30))");
        var linear = Minutes(evidence, "2023-05-01T00:00:00Z", $"TimeToDeploy({DevLake}, from: LeadTimeStart.Merged, aggregation: Aggregation.MedianLinear)");

        // Then: project_pr_metrics.csv's pr_deploy_time for the two deployable PRs (pr1 2978, pr2 1538; pr3 was
        // deployed before its merge and has none) and the median change lead time for April 2023 (4478, over
        // pr1 4478, pr2 1598, pr3 10203).
        var expected = ReadCsv("dora/change_lead_time/project_pr_metrics.csv").ToDictionary(r => r["id"]);
        Assert.Equal(double.Parse(expected["pr1"]["pr_deploy_time"], CultureInfo.InvariantCulture), deployMax);
        Assert.Equal(double.Parse(expected["pr2"]["pr_deploy_time"], CultureInfo.InvariantCulture), deployMedian);
        Assert.Contains("failing records: pr1, pr2", deployExplained, StringComparison.Ordinal);
        Assert.Contains("1 deployed before the merge (not counted)", deployExplained, StringComparison.Ordinal);
        Assert.Equal(4478, cycleMedian);
        Assert.Equal(double.Parse(expected["pr1"]["pr_cycle_time"], CultureInfo.InvariantCulture), cycleMedian);
        Assert.Equal(double.Parse(expected["pr3"]["pr_cycle_time"], CultureInfo.InvariantCulture), cycleMax);
        Assert.Equal(double.Parse(expected["pr2"]["pr_cycle_time"], CultureInfo.InvariantCulture), cycleLowest);

        // Our default measures from approval (the merge, for DevLake's data), unrounded, and keeps the lower middle
        // value: pr2's 1537.45 minutes; linear interpolation takes the mean of the two middle values.
        Assert.Equal(1537.45, ourDefault, 2);
        Assert.Equal((1538 + 2978) / 2.0, linear);
    }

    [Fact]
    public void Import_WhenPullRequestsWereNeverDeployed_ShouldReproduceDevLakesPartialCycleTimesAndShowWhyOurMetricLeavesThemOut()
    {
        // Given: DevLake's change_lead_time tables. pr0, pr4 and pr5 were merged but no deployment contains their merge
        // commit: project_pr_metrics.csv has no pr_deployed_date for them, yet gives each a pr_cycle_time.
        var evidence = Import("dora/change_lead_time", "2023-05-01T00:00:00Z");
        var expected = ReadCsv("dora/change_lead_time/project_pr_metrics.csv").ToDictionary(r => r["id"]);
        var changes = ImportedRecords(evidence, "changes").ToDictionary(r => r.GetProperty("id").GetString()!);
        string[] neverDeployed = ["pr0", "pr4", "pr5"];

        // When: DevLake's cycle time from the imported records, by its rule (the non-negative segments first commit ->
        // opened -> merged -> deployed, each rounded up to the minute; a segment with no end is left out); and ours,
        // TimeToDeploy's cycle time over every change deployed in the last 100 years.
        var reproduced = neverDeployed.ToDictionary(id => id, id => SegmentSumMinutes(changes[id]));
        const string OurCycleTime = "TimeToDeploy(Days(36500), safetyWindow: TimeSpan.Zero, rounding: DurationRounding.Ceil, from: LeadTimeStart.FirstCommit, definition: LeadTimeDefinition.SegmentSum, aggregation: Aggregation.Max)";
        var ours = Eval(evidence, "2023-05-01T00:00:00Z", OurCycleTime);
        var oursMax = Minutes(evidence, "2023-05-01T00:00:00Z", OurCycleTime);

        // Then, DevLake: the records carry every time DevLake used and none of a deployment, and its rule over them gives
        // its values: pr0 1440 + 43200 = 44640, pr4 11704 + 60 = 11764, pr5 13144 + 60 = 13204 (the deploy segment
        // missing). These are partial cycle times: a PR's time to production is not known until it reaches production.
        foreach (var id in neverDeployed)
        {
            Assert.Equal(string.Empty, expected[id]["pr_deployed_date"]);
            Assert.False(changes[id].TryGetProperty("deployedAt", out var deployed) && deployed.ValueKind != JsonValueKind.Null, $"{id} has a deployedAt");
            Assert.Equal(double.Parse(expected[id]["pr_cycle_time"], CultureInfo.InvariantCulture), reproduced[id]);
        }

        // Then, ours: TimeToDeploy is the time to reach production, so it measures deployed changes only: 3 records (pr1,
        // pr2, pr3), the largest pr3's 10203 minutes, where DevLake's table holds 44640 (pr0) as its largest cycle time.
        Assert.Equal(double.Parse(expected["pr3"]["pr_cycle_time"], CultureInfo.InvariantCulture), oursMax);
        Assert.Contains("from 3 record(s)", ours, StringComparison.Ordinal);
        Assert.Contains("failing records: pr3, pr1, pr2", ours, StringComparison.Ordinal);
        Assert.All(neverDeployed, id => Assert.DoesNotContain(id, ours, StringComparison.Ordinal));

        // DevLake's own dashboard leaves them out of the lead time too: its April 2023 median is 4478 (pr1) over pr1, pr2
        // and pr3. Had pr4 and pr5 (merged in April) counted with their partial cycle times, the median would be 10203.
        string[] deployedPulls = ["pr1", "pr2", "pr3"];
        var deployedApril = deployedPulls.Select(id => double.Parse(expected[id]["pr_cycle_time"], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(4478, NearestRankMedian(deployedApril));
        Assert.Equal(10203, NearestRankMedian([.. deployedApril, reproduced["pr4"], reproduced["pr5"]]));
    }

    [Fact]
    public void Import_WhenGivenDevLakesIncidentFixture_ShouldAttributeIncidentsAndGiveBothChangeFailureRates()
    {
        // Given: DevLake's connect_incident_to_deployment tables; DevLake runs the rule for project1.
        var evidence = Import("dora/connect_incident_to_deployment", "2022-12-01T00:00:00Z");

        // When: September to November 2022, both definitions.
        var withIncident = Eval(evidence, "2022-12-01T00:00:00Z", "ChangeFailureRate(\"project1\", Days(91))");
        var perDeployment = Eval(evidence, "2022-12-01T00:00:00Z", "ChangeFailureRate(\"project1\", Days(91), ChangeFailureDefinition.IncidentsPerDeployment)");

        // Then: 2 of 5 deployments had an incident (40%); 6 incidents over 5 deployments (120%); and each incident went
        // to the deployment DevLake's snapshot names.
        Assert.Equal("40%", withIncident.Split('\n')[0]);
        Assert.Equal("120%", perDeployment.Split('\n')[0]);
        var expected = ReadCsv("dora/connect_incident_to_deployment/snapshot_tables/project_incident_deployment_relationships.csv");
        foreach (var deployment in expected.GroupBy(r => r["deployment_id"]))
        {
            var incidents = string.Join(", ", deployment.Select(r => r["id"]).Order(StringComparer.Ordinal));
            Assert.Contains($"{deployment.Key} <- {incidents}", withIncident, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Import_WhenGivenDevLakesDeploymentFixture_ShouldGiveItsDeploymentDaysPerWeekAndMonth()
    {
        // Given
        var evidence = Import("dora/connect_incident_to_deployment", "2022-10-01T00:00:00Z");

        // When: September 2022 for project1, DevLake's deployment days and our default count per week.
        var perWeek = Eval(evidence, "2022-10-01T00:00:00Z", "DeploymentFrequency(\"project1\", Days(30), DeploymentFrequencyDefinition.DeploymentDays)");
        var perMonth = Eval(evidence, "2022-10-01T00:00:00Z", "DeploymentFrequency(\"project1\", Days(30), DeploymentFrequencyDefinition.DeploymentDays, CalendarPeriod.Month)");
        var ourDefault = Eval(evidence, "2022-10-01T00:00:00Z", "DeploymentFrequency(\"project1\", Days(30))");

        // Then: the median week had no deployment day, the month 5; 5 deployments in 30 days are 1.167 a week.
        Assert.Equal("0", perWeek.Split('\n')[0]);
        Assert.Equal("5", perMonth.Split('\n')[0]);
        Assert.Equal("1.167", ourDefault.Split('\n')[0]);
    }

    [Fact]
    public void Import_WhenScopeIdsAreKept_ShouldCountThemThroughTheWorkflowsExternalIds()
    {
        // Given: records keep DevLake's scope ids; a workflow lists project1's scopes as its externalIds.
        var evidence = Import("dora/connect_incident_to_deployment", "2022-12-01T00:00:00Z", "--scope-ids");
        var policies = Policies("""
            externalIds: [cicd1, cicd2, repo1, repo2, board1]
            """);

        // When
        var rate = Eval(evidence, "2022-12-01T00:00:00Z", "ChangeFailureRate(\"project-one\", Days(91))", policies);
        var byName = Eval(evidence, "2022-12-01T00:00:00Z", "ChangeFailureRate(\"cicd1\", Days(91))", policies);

        // Then: the workflow pools its scopes as DevLake pools a project's; one scope alone is its own service.
        Assert.Equal("40%", rate.Split('\n')[0]);
        Assert.Equal("0%", byName.Split('\n')[0]);
    }

    [Theory]
    [InlineData("pagerduty", 6)]
    [InlineData("opsgenie", 0)]
    [InlineData("github", 3474)]
    [InlineData("gitlab", 18174)]
    [InlineData("jira", 8841)]
    public void Import_WhenGivenAPluginsIssues_ShouldReproduceEachTimeToRestoreAndTheirMedian(string plugin, double median)
    {
        // Given: every issue of the plugin's snapshot, imported as of 2030 (after the last resolution).
        var evidence = Import(plugin, "2030-01-01T00:00:00Z", "--issues", "all");

        // When: DevLake's time to restore (floor minutes), placed by resolution, over the whole range.
        var value = Minutes(evidence, "2030-01-01T00:00:00Z", "TimeToRecover(window: Days(36500), aggregation: Aggregation.Median, rounding: DurationRounding.Floor, placement: WindowPlacement.End)");

        // Then: the median, and every record's time as DevLake's lead_time_minutes has it.
        Assert.Equal(median, value);
        var imported = ImportedRecords(evidence, "incidents").ToDictionary(r => r.GetProperty("id").GetString()!);
        var checkedRecords = 0;
        foreach (var row in ReadCsv(plugin + "/issues.csv").Where(r => r["lead_time_minutes"].Length > 0 && r["resolution_date"].Length > 0))
        {
            var record = imported[row["id"]];
            var minutes = Math.Floor((record.GetProperty("recoveredAt").GetDateTimeOffset() - record.GetProperty("detectedAt").GetDateTimeOffset()).TotalMinutes);
            Assert.True(double.Parse(row["lead_time_minutes"], CultureInfo.InvariantCulture) == minutes, $"{row["id"]}: DevLake {row["lead_time_minutes"]}, imported {minutes}");
            checkedRecords++;
        }

        Assert.True(checkedRecords > 0);
    }

    [Fact]
    public void Import_WhenTheFolderHoldsNoDevLakeTable_ShouldExit2WithAOP5104AndWriteNothing()
    {
        // Given
        var from = _temp.Combine("empty");
        Directory.CreateDirectory(from);
        File.WriteAllText(Path.Combine(from, "notes.csv"), "a,b\n1,2\n");
        using var console = new TestConsole();

        // When
        var exitCode = Program.Run(["import", "devlake", "--from", from, "--to", _temp.Combine("out")], console, Clock);

        // Then
        Assert.Equal(2, exitCode);
        Assert.Contains("AOP5104", console.ErrText, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_temp.Combine("out")) && Directory.EnumerateFileSystemEntries(_temp.Combine("out")).Any());
    }

    [Fact]
    public void Import_WhenARowIsMalformed_ShouldNameTheFileAndLineAndWriteNothing()
    {
        // Given: a pull request row with a cell missing, next to a good deployments table.
        var from = _temp.CopyFolder(Path.Combine(Fixtures, "dora", "change_lead_time"), "bad");
        File.AppendAllText(Path.Combine(from, "pull_requests.csv"), "\npr7,repo1,a,pr_merge_commit7,2023-4-13 7:55:01\n");
        using var console = new TestConsole();

        // When
        var exitCode = Program.Run(["import", "devlake", "--from", from, "--to", _temp.Combine("out")], console, Clock);

        // Then
        Assert.Equal(2, exitCode);
        Assert.Contains("pull_requests.csv(10)", console.ErrText, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_temp.Combine("out")) && Directory.EnumerateFileSystemEntries(_temp.Combine("out")).Any());
    }

    /// <summary>DevLake's cycle time of a change record: its non-negative segments, each rounded up to the minute.</summary>
    private static double SegmentSumMinutes(JsonElement change)
    {
        DateTimeOffset? At(string field) => change.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String ? value.GetDateTimeOffset() : null;
        DateTimeOffset?[] chain = [At("firstCommitAt"), At("openedAt"), At("mergedAt"), At("deployedAt")];
        var sum = 0.0;
        for (var i = 1; i < chain.Length; i++)
        {
            if (chain[i - 1] is { } a && chain[i] is { } b && b >= a)
            {
                sum += Math.Ceiling((b - a).TotalMinutes);
            }
        }

        return sum;
    }

    /// <summary>The lower middle value for an even count, as DevLake's dashboards and our nearest-rank median take it.</summary>
    private static double NearestRankMedian(List<double> values) => values.Order().ElementAt(((values.Count + 1) / 2) - 1);

    private static DateTimeOffset Clock() => DateTimeOffset.Parse("2030-01-01T00:00:00Z", CultureInfo.InvariantCulture);

    private static List<Dictionary<string, string>> ReadCsv(string relative)
    {
        // The fixtures the assertions read are plain (no quoted commas in the columns used) except the issues
        // tables, whose descriptions hold quoted line breaks: read them with a small RFC 4180 splitter.
        var text = File.ReadAllText(Path.Combine(Fixtures, relative));
        var rows = new List<List<string>>();
        var row = new List<string>();
        var cell = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(cell.ToString());
                cell.Clear();
            }
            else if (c == '\n')
            {
                row.Add(cell.ToString().TrimEnd('\r'));
                cell.Clear();
                rows.Add(row);
                row = [];
            }
            else
            {
                cell.Append(c);
            }
        }

        if (cell.Length > 0 || row.Count > 0)
        {
            row.Add(cell.ToString());
            rows.Add(row);
        }

        var header = rows[0];
        return [.. rows.Skip(1).Where(r => r.Count == header.Count).Select(r => header.Select((h, i) => (h, r[i])).ToDictionary(p => p.h, p => p.Item2))];
    }

    private static IEnumerable<JsonElement> ImportedRecords(string evidence, string kind)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(evidence, $"devlake.{kind}.json")));
        return [.. document.RootElement.GetProperty("records").EnumerateArray().Select(r => r.Clone())];
    }

    private string Import(string fixture, string asOf, params string[] options)
    {
        var to = _temp.Combine("evidence-" + Guid.NewGuid().ToString("N"));
        using var console = new TestConsole();
        var exitCode = Program.Run(["import", "devlake", "--from", Path.Combine(Fixtures, fixture), "--to", to, "--as-of", asOf, .. options], console, Clock);
        Assert.True(exitCode == 0, console.ErrText + console.OutText);
        return to;
    }

    private string Policies(string workflowSpec = "")
    {
        var folder = _temp.Combine("policies-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "policyset.yaml"), """
            apiVersion: aiops-policy/v1
            kind: PolicySet
            metadata:
              name: devlake-check
              owner: platform
            spec:
              version: 1.0.0
            """);
        File.WriteAllText(Path.Combine(folder, "workflow.yaml"), $"""
            apiVersion: aiops-policy/v1
            kind: Workflow
            metadata:
              name: project-one
              owner: platform
            spec:
              systems: [github]
              {workflowSpec.Trim()}
              steps:
                - name: build
                  system: github
            """);
        return folder;
    }

    private string Eval(string evidence, string asOf, string expression, string? policies = null)
    {
        using var console = new TestConsole();
        var exitCode = Program.Run(["eval", expression, "--policies", policies ?? Policies(), "--evidence", evidence, "--as-of", asOf, "--no-cache"], console, Clock);
        Assert.True(exitCode == 0, console.ErrText + console.OutText);
        return console.OutText.ReplaceLineEndings("\n");
    }

    private double Minutes(string evidence, string asOf, string metric)
    {
        var text = Eval(evidence, asOf, $"({metric}).Duration.TotalMinutes");
        return double.Parse(text.Split('\n')[0], CultureInfo.InvariantCulture);
    }
}
