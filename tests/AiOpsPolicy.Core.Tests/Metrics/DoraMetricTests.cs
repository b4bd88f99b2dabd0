// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Metrics;
using AiOpsPolicy.Core.Results;
using static AiOpsPolicy.Core.Tests.TestClock;

namespace AiOpsPolicy.Core.Tests.Metrics;

/// <summary>The DORA keys over <c>deployments</c> and <c>incidents</c>: frequency, change failure rate, failed-deployment recovery time.</summary>
public sealed class DoraMetricTests : IDisposable
{
    private readonly PolicyHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public void ChangeFailureRate_WhenIncidentsFollowDeployments_ShouldAttributeEachToTheLatestSuccessfulProductionDeploymentFinishedBeforeIt()
    {
        // Given: d1 (10 days ago), d2 (5 days ago), d5 (2 days ago) succeeded in production; a staging deployment and a
        // failed one finished between d2 and the incidents. i1 and i2 opened after d2; i3 opened the instant d2
        // finished (not after it: it goes to d1).
        WriteDeployments();
        _harness.Write(
            "incidents",
            Incident("i1", openedDaysAgo: 4.5, recoveredDaysAgo: 4.4),
            Incident("i2", openedDaysAgo: 4, recoveredDaysAgo: 3.9),
            Incident("i3", openedDaysAgo: 5, recoveredDaysAgo: 4.9));

        // When
        var withIncident = _harness.Evaluate("'ChangeFailureRate(window: Days(30))'", "max: 50%");
        var perDeployment = _harness.Evaluate("'ChangeFailureRate(window: Days(30), definition: ChangeFailureDefinition.IncidentsPerDeployment)'", "max: 50%");

        // Then: d1 and d2 of the 3 had an incident; 3 incidents over 3 deployments.
        Assert.Equal(GateStatus.Fail, withIncident.Status);
        Assert.Equal(2.0 / 3, withIncident.ObservedValue!.Value, 9);
        var metric = Assert.Single(withIncident.Metrics);
        Assert.Equal(["d2", "d1"], metric.FailingRecords.ToArray());
        Assert.Contains("attributed: d2 <- i1, i2; d1 <- i3", metric.Explanation, StringComparison.Ordinal);
        Assert.Equal(1.0, perDeployment.ObservedValue!.Value, 9);
        Assert.Equal(3, perDeployment.Metrics[0].Numerator);
        Assert.Equal(3, perDeployment.Metrics[0].Denominator);
    }

    [Fact]
    public void ChangeFailureRate_WhenDeploymentsFinishAtTheSameInstant_ShouldAttributeToTheLargerIdWhateverTheOffsetOrOrder()
    {
        // Given: d-b, d-c and d-a finished at one instant, d-c written in another offset, read in that order; d-z finished a
        // minute later, after the incident opened
        var finished = Now.AddDays(-3);
        _harness.Write(
            "deployments",
            Deployment("d-b", at: finished),
            Deployment("d-c", at: finished.ToOffset(TimeSpan.FromHours(5))),
            Deployment("d-a", at: finished),
            Deployment("d-z", at: finished.AddMinutes(2)));
        _harness.Write(
            "incidents",
            """{"id": "i1", "service": "ticket-triage", "openedAt": "__AT__", "detectedAt": "__AT__", "cause": "model", "requiredChange": true}""".Replace("__AT__", finished.AddMinutes(1).ToString("O", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        // When
        var rate = _harness.Evaluate("'ChangeFailureRate(window: Days(30))'", "max: 50%");

        // Then: ties on the finish go to the larger id (DevLake's rule), however the time is written
        Assert.Contains("attributed: d-c <- i1", rate.Metrics[0].Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void ChangeFailureRate_WhenOneReleaseDeploysTwoRepositories_ShouldCountTheReleaseOnceAndAttributeByEachPart()
    {
        // Given: release r1 deployed part p1 six days ago and p2 four days ago; the incident opened between them, so
        // it goes to p1 and names r1 (DevLake's rule, row by row); r1 finished four days ago.
        _harness.Write(
            "deployments",
            Deployment("p1", daysAgo: 6, release: "r1"),
            Deployment("p2", daysAgo: 4, release: "r1"));
        _harness.Write("incidents", Incident("i1", openedDaysAgo: 5, recoveredDaysAgo: 4.5));

        // When
        var rate = _harness.Evaluate("'ChangeFailureRate(window: Days(30))'", "max: 50%");
        var frequency = _harness.Evaluate("'DeploymentFrequency(window: Days(7))'", "min: 1");

        // Then
        Assert.Equal(1.0, rate.ObservedValue);
        Assert.Equal(1, rate.Metrics[0].Denominator);
        Assert.Contains("r1 <- i1", rate.Metrics[0].Explanation, StringComparison.Ordinal);
        Assert.Equal(1.0, frequency.ObservedValue);
    }

    [Fact]
    public void ChangeFailureRate_WhenServicesDiffer_ShouldOnlyAttributeAnIncidentToItsOwnServicesDeployments()
    {
        // Given: svc-b's incident opened after svc-a's only deployment; svc-b has none.
        _harness.Write("deployments", Deployment("a1", daysAgo: 5, service: "svc-a"));
        _harness.Write("incidents", Incident("i1", openedDaysAgo: 4, recoveredDaysAgo: 3, service: "svc-b"));

        // When
        var all = _harness.Evaluate("'ChangeFailureRate(window: Days(30))'", "max: 50%");
        var serviceA = _harness.Evaluate("'ChangeFailureRate(\"svc-a\", Days(30))'", "max: 50%");

        // Then
        Assert.Equal(0.0, all.ObservedValue);
        Assert.Equal(0.0, serviceA.ObservedValue);
        Assert.Contains("of svc-a", serviceA.Metrics[0].Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void ChangeFailureRate_WhenNoSuccessfulProductionDeploymentFinishedInTheWindow_ShouldBeInsufficient()
    {
        // Given: only a staging and a failed production deployment in the window.
        _harness.Write(
            "deployments",
            Deployment("s1", daysAgo: 3, environment: "staging"),
            Deployment("f1", daysAgo: 2, result: "failure"),
            Deployment("old", daysAgo: 40));
        _harness.Write("incidents", Incident("i1", openedDaysAgo: 1, recoveredDaysAgo: 0.5));

        // When
        var gate = _harness.Evaluate("'ChangeFailureRate(window: Days(30))'", "max: 50%");

        // Then
        Assert.Equal(GateStatus.InsufficientEvidence, gate.Status);
        Assert.Contains("no successful production deployment finished in the last 30d", gate.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void DeploymentFrequency_WhenCountingDeployments_ShouldCountSuccessfulProductionOnesPerWeekOfTheWindow()
    {
        // Given: d2 and d5 are within 7 days; staging and failed ones are not counted.
        WriteDeployments();

        // When
        var perWeek = _harness.Evaluate("'DeploymentFrequency(window: Days(7))'", "min: 1");
        var perMonth = _harness.Evaluate("'DeploymentFrequency(window: Days(7), per: CalendarPeriod.Month)'", "min: 1");

        // Then
        Assert.Equal(2.0, perWeek.ObservedValue);
        Assert.Equal(2 * 30.0 / 7, perMonth.ObservedValue!.Value, 9);
        Assert.Contains("2 successful production deployment(s) finished in the last 7d", perWeek.Metrics[0].Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void DeploymentFrequency_WhenCountingDeploymentDays_ShouldTakeTheMedianOverMondayBasedWeeks()
    {
        // Given: the 14 days before Saturday 2026-11-28 12:00 touch the weeks of Nov 9 (no deployment), Nov 16
        // (two on the 17th, one on the 18th: 2 days) and Nov 23 (one on the 24th: 1 day).
        _harness.Write(
            "deployments",
            Deployment("a", at: new DateTimeOffset(2026, 11, 17, 9, 0, 0, TimeSpan.Zero)),
            Deployment("b", at: new DateTimeOffset(2026, 11, 17, 15, 0, 0, TimeSpan.Zero)),
            Deployment("c", at: new DateTimeOffset(2026, 11, 18, 9, 0, 0, TimeSpan.Zero)),
            Deployment("d", at: new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero)));

        // When
        var gate = _harness.Evaluate("'DeploymentFrequency(window: Days(14), definition: DeploymentFrequencyDefinition.DeploymentDays)'", "min: 1");

        // Then: the median of [0, 2, 1] days.
        Assert.Equal(1.0, gate.ObservedValue);
        Assert.Contains("2026-11-09: 0, 2026-11-16: 2, 2026-11-23: 1", gate.Metrics[0].Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void FailedDeploymentRecoveryTime_WhenIncidentsAreAttributed_ShouldMeasureFromTheDeploymentsFinishToRecovery()
    {
        // Given: i1 follows d1 (10 days ago) and recovered 8.5 days ago (1.5 days after d1); i2 follows d2 (5 days ago)
        // and recovered 3.9 days ago (1.1 days); i3 is open; i4 came before every deployment.
        WriteDeployments();
        _harness.Write(
            "incidents",
            Incident("i1", openedDaysAgo: 9, recoveredDaysAgo: 8.5),
            Incident("i2", openedDaysAgo: 4, recoveredDaysAgo: 3.9),
            Incident("i3", openedDaysAgo: 1, recoveredDaysAgo: null),
            Incident("i4", openedDaysAgo: 20, recoveredDaysAgo: 19));

        // When
        var median = _harness.Evaluate("'FailedDeploymentRecoveryTime(window: Days(30))'", "max: 1d");
        var max = _harness.Evaluate("'FailedDeploymentRecoveryTime(window: Days(30), aggregation: Aggregation.Max)'", "max: 1d");

        // Then: the nearest-rank median of [1.1d, 1.5d] is 1.1d.
        Assert.Equal(TimeSpan.FromDays(1.1).TotalSeconds, median.ObservedValue!.Value, 3);
        Assert.Equal(TimeSpan.FromDays(1.5).TotalSeconds, max.ObservedValue!.Value, 3);
        Assert.Equal(GateStatus.Fail, median.Status);
        var explanation = median.Metrics[0].Explanation;
        Assert.Contains("1 with no successful production deployment before them (not counted)", explanation, StringComparison.Ordinal);
        Assert.Equal(["i1", "i2"], median.Metrics[0].FailingRecords.ToArray());
    }

    [Fact]
    public void TimeToRecover_WhenPlacedByRecoveryAndRoundedDown_ShouldCountIncidentsRecoveredInTheWindowInWholeMinutes()
    {
        // Given: detected 40 days ago (before the window), recovered 29 days ago, 11 days and 59 seconds later.
        var detected = Now.AddDays(-40);
        _harness.Write(
            "incidents",
            $$"""{"id": "i1", "workflow": "ticket-triage", "openedAt": {{At(detected)}}, "detectedAt": {{At(detected)}}, "recoveredAt": {{At(detected.AddDays(11).AddSeconds(59))}}, "cause": "model", "requiredChange": false}""");

        // When
        var byDetection = _harness.Evaluate("'TimeToRecover(window: Days(30))'", "max: 30d");
        var byRecovery = _harness.Evaluate("'TimeToRecover(window: Days(30), rounding: DurationRounding.Floor, placement: WindowPlacement.End)'", "max: 30d");

        // Then: the default places it by detection, outside the window.
        Assert.Equal(GateStatus.InsufficientEvidence, byDetection.Status);
        Assert.Equal(TimeSpan.FromDays(11).TotalSeconds, byRecovery.ObservedValue);
        Assert.Contains("rounded down to the minute", byRecovery.Metrics[0].Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WhenTwoWorkflowsClaimTheSameExternalId_ShouldReportAOP2005AtTheSecond()
    {
        // Given: both workflows list the DevLake scope cicd1, whose deployments each would then count.
        static string Workflow(string name) => $$"""
            apiVersion: aiops-policy/v1
            kind: Workflow
            metadata:
              name: {{name}}
              owner: platform
            spec:
              externalIds: [cicd1, "github:GithubRepo:1:384111310"]
              systems: [github]
              steps:
                - name: build
                  system: github
            """;

        // When
        var validated = TestPolicies.Validate(Workflow("service-a"), Workflow("service-b"));

        // Then
        var duplicates = validated.Diagnostics.Where(d => d.Id == "AOP2005").ToList();
        Assert.Equal(2, duplicates.Count);
        Assert.Contains(duplicates, d => d.Message.Contains("External id 'github:GithubRepo:1:384111310'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(50, PercentileMethod.NearestRank, 2.0)]
    [InlineData(50, PercentileMethod.Linear, 2.5)]
    [InlineData(90, PercentileMethod.NearestRank, 4.0)]
    [InlineData(90, PercentileMethod.Linear, 3.7)]
    [InlineData(100, PercentileMethod.Linear, 4.0)]
    public void Apply_WhenAPercentileMethodIsChosen_ShouldReadTheValueAsThatMethodDoes(double percent, PercentileMethod method, double expected)
    {
        // Given: PERCENTILE.INC({1,2,3,4}, 0.9) is 3.7; the nearest rank is 4.
        var aggregation = Aggregation.Percentile(percent, method);

        // When
        var value = aggregation.Apply([4.0, 1.0, 3.0, 2.0]);

        // Then
        Assert.Equal(expected, value, 9);
    }

    private static string Deployment(string id, double daysAgo = 0, string service = "ticket-triage", string environment = "production", string result = "success", string? release = null, DateTimeOffset? at = null)
    {
        var finished = at ?? Now.AddDays(-daysAgo);
        var part = release is null ? string.Empty : $", \"release\": \"{release}\"";
        return $$"""{"id": "{{id}}", "service": "{{service}}", "environment": "{{environment}}", "result": "{{result}}", "finishedAt": {{At(finished)}}{{part}}}""";
    }

    private static string Incident(string id, double openedDaysAgo, double? recoveredDaysAgo, string service = "ticket-triage")
    {
        var opened = At(Now.AddDays(-openedDaysAgo));
        var recovered = recoveredDaysAgo is { } r ? $", \"recoveredAt\": {At(Now.AddDays(-r))}" : string.Empty;
        return $$"""{"id": "{{id}}", "service": "{{service}}", "openedAt": {{opened}}, "detectedAt": {{opened}}{{recovered}}, "cause": "model", "requiredChange": true}""";
    }

    private void WriteDeployments() => _harness.Write(
        "deployments",
        Deployment("d1", daysAgo: 10),
        Deployment("d2", daysAgo: 5),
        Deployment("s1", daysAgo: 4.8, environment: "staging"),
        Deployment("f1", daysAgo: 4.7, result: "failure"),
        Deployment("d5", daysAgo: 2));
}
