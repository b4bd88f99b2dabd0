// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Results;
using AiOpsPolicy.Core.Validation;
using static AiOpsPolicy.Core.Tests.TestClock;

namespace AiOpsPolicy.Core.Tests.Evaluation;

public sealed class WaiverTests
{
    private static readonly string FailingGate = TestPolicies.Gate("no-open-incidents", "  condition: Evidence.Incidents.Count == 1");

    [Fact]
    public void Evaluate_WhenAnActiveWaiverCoversAFailure_ShouldReportWaivedAndNotBlock()
    {
        // When
        var result = Run(Waiver("2026-12-10"));

        // Then
        var gate = Assert.Single(result.Gates);
        Assert.Equal(GateStatus.Waived, gate.Status);
        Assert.Equal(GateStatus.InsufficientEvidence, gate.WaivedStatus);
        Assert.Equal("jane", gate.Waiver?.Owner);
        Assert.Contains("Waived by jane through 2026-12-10 (UTC)", gate.Explanation, StringComparison.Ordinal);
        Assert.False(result.Blocked);
        Assert.False(Assert.Single(result.Waivers).Expired);
    }

    [Fact]
    public void Evaluate_WhenTheWaiverHasExpired_ShouldKeepTheFailureAndSaySo()
    {
        // When
        var result = Run(Waiver("2026-11-20"));

        // Then
        var gate = Assert.Single(result.Gates);
        Assert.Equal(GateStatus.InsufficientEvidence, gate.Status);
        Assert.Contains("waiver 'accept-missing-incidents' expired 2026-11-21T00:00Z", gate.Explanation, StringComparison.Ordinal);
        Assert.True(result.Blocked);
        Assert.True(Assert.Single(result.Waivers).Expired);
    }

    [Fact]
    public void Check_WhenTheWaiverRunsLongerThanAllowed_ShouldBeAnErrorAndNotApply()
    {
        // Given: the default allows 90 days; this one runs for about 120.
        var validated = TestPolicies.Validate(FailingGate, Waiver("2027-03-28"));

        // When
        var diagnostics = WaiverChecks.Check(validated.PolicySet, Now);
        var result = Run(Waiver("2027-03-28"));

        // Then
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("AOP2010", diagnostic.Id);
        Assert.Contains("at most 90d", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(GateStatus.InsufficientEvidence, Assert.Single(result.Gates).Status);
    }

    [Theory]
    [InlineData("owner")]
    [InlineData("expires")]
    public void Validate_WhenAWaiverLacksOwnerOrExpiry_ShouldBeInvalid(string missing)
    {
        // Given
        var waiver = string.Join('\n', Waiver("2026-12-10").Split('\n').Where(line => !line.TrimStart().StartsWith(missing + ":", StringComparison.Ordinal)));

        // When
        var validated = TestPolicies.Validate(FailingGate, waiver);

        // Then
        Assert.Contains(validated.Diagnostics, d => d.Id == "AOP2003" && d.Message.Contains($"'{missing}' is required", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_WhenAWaiverNamesAnUndeclaredGate_ShouldPointAtTheName()
    {
        // When
        var validated = TestPolicies.Validate(FailingGate, Waiver("2026-12-10").Replace("[no-open-incidents]", "[no-open-incident]", StringComparison.Ordinal));

        // Then
        Assert.Contains(validated.Diagnostics, d => d.Id == "AOP2006" && d.Message.Contains("Gate 'no-open-incident'", StringComparison.Ordinal));
    }

    private static string Waiver(string expires) => $"""
        apiVersion: aiops-policy/v1
        kind: Waiver
        metadata:
          name: accept-missing-incidents
        spec:
          gates: [no-open-incidents]
          owner: jane
          reason: The incident export moves to the new ticketing system this week
          ticket: HD-4312
          expires: {expires}
        """;

    private static GateRunResult Run(string waiver)
    {
        using var compiled = PolicyHarness.Compile(FailingGate, waiver);
        return PolicyEngine.Evaluate(compiled, EvidenceSet.Empty, Now);
    }

    [Theory]
    [InlineData("2026-12-13T00:00:00Z", "through 2026-12-12 (UTC)", "2026-12-12")]
    [InlineData("2026-12-13T01:00:00+01:00", "through 2026-12-12 (UTC)", "2026-12-12")]
    [InlineData("2026-12-31T18:00:00Z", "until 2026-12-31T18:00:00Z", "2026-12-31")]
    [InlineData("2026-12-31T18:00:00-08:00", "until 2027-01-01T02:00:00Z", "2027-01-01")]
    public void Describe_WhenAWaiverExpires_ShouldNameTheLastDayItAppliesInUtc(string stored, string described, string lastDay)
    {
        // Given: the stored expiry, the first instant the waiver no longer applies ("expires: 2026-12-12" is 2026-12-13T00:00Z)
        var expires = DateTimeOffset.Parse(stored, System.Globalization.CultureInfo.InvariantCulture);

        // When
        var text = AiOpsPolicy.Core.Results.WaiverExpiry.Describe(expires);
        var day = AiOpsPolicy.Core.Results.WaiverExpiry.LastDay(expires);

        // Then: the day the policy says, never the day after, whatever the offset it was written with
        Assert.Equal((described, lastDay), (text, day));
    }
}
