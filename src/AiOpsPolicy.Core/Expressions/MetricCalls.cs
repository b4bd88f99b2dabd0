// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Metrics;

namespace AiOpsPolicy.Core.Expressions;

/// <summary>
/// What each metric function of <see cref="PolicyContext"/> asks the metric engine for: the request its arguments make,
/// with the function's defaults filled in. The context's functions and the compiled metric plan both build requests
/// here, so that a call planned at compile time and the same call made by a gate are the same request (and the gate
/// finds the planned value), with one copy of each function's defaulting.
/// </summary>
internal static class MetricCalls
{
    /// <summary>
    /// Builds the request of a metric function from its arguments in parameter order, as the compiled plan holds them;
    /// an argument left out is null, which every optional parameter of a metric function defaults to.
    /// </summary>
    /// <param name="function">The function's name.</param>
    /// <param name="defaultWindow">The policy set's default window.</param>
    /// <param name="a">The arguments, one per parameter of the function, each of its parameter's type or null.</param>
    /// <returns>The request.</returns>
    /// <exception cref="ArgumentException">No metric function has that name, or the arguments do not fit it.</exception>
    public static MetricRequest Create(string function, Window defaultWindow, IReadOnlyList<object?> a)
    {
        if (a.Count != Arity(function))
        {
            throw new ArgumentException($"the metric function {function} takes {Arity(function)} argument(s), not {a.Count}", nameof(a));
        }

        try
        {
            return function switch
            {
                nameof(SlaAttainment) => SlaAttainment(defaultWindow, (string)a[0]!, (string?)a[1], (Window?)a[2], (SlaRuns?)a[3], (WindowPlacement?)a[4]),
                nameof(IncidentRate) => IncidentRate(defaultWindow, (string?)a[0], (Window?)a[1]),
                nameof(TimeToRecover) => TimeToRecover(defaultWindow, (string?)a[0], (Window?)a[1], (Aggregation?)a[2], (DurationRounding?)a[3], (WindowPlacement?)a[4]),
                nameof(MeanTimeToRecover) => MeanTimeToRecover(defaultWindow, (string?)a[0], (Window?)a[1]),
                nameof(TimeToDiagnose) => TimeToDiagnose(defaultWindow, (string?)a[0], (Window?)a[1], (Aggregation?)a[2], (DurationRounding?)a[3]),
                nameof(TimeToFix) => TimeToFix(defaultWindow, (string?)a[0], (Window?)a[1], (Aggregation?)a[2], (DurationRounding?)a[3]),
                nameof(Freshness) => Freshness(defaultWindow, (string?)a[0], (FreshnessStage?)a[1], (Window?)a[2], (Aggregation?)a[3], (DurationRounding?)a[4]),
                nameof(StaleShare) => StaleShare(defaultWindow, (string?)a[0], (TimeSpan)a[1]!, (FreshnessStage?)a[2], (Window?)a[3]),
                nameof(IntegrationHealth) => IntegrationHealth(defaultWindow, (Window?)a[0]),
                nameof(FragmentationIndex) => FragmentationIndex((string)a[0]!),
                nameof(Handoffs) => Handoffs((string)a[0]!),
                nameof(DuplicateSources) => DuplicateSources((string)a[0]!),
                nameof(Roi) => Roi(defaultWindow, (string?)a[0], (Window?)a[1]),
                nameof(CostSavings) => CostSavings(defaultWindow, (string?)a[0], (Window?)a[1], (double?)a[2]),
                nameof(WorkRemoved) => WorkRemoved((string?)a[0]),
                nameof(Throughput) => Throughput(defaultWindow, (string?)a[0], (Window?)a[1]),
                nameof(ThroughputChange) => ThroughputChange(defaultWindow, (string?)a[0], (Window?)a[1]),
                nameof(RaiScorecard) => RaiScorecard((string)a[0]!),
                nameof(ComplianceCoverage) => ComplianceCoverage((string?)a[0]),
                nameof(MonitoringGap) => MonitoringGap(defaultWindow, (string?)a[0], (MonitoringType?)a[1], (Window?)a[2], (Aggregation?)a[3], (DurationRounding?)a[4]),
                nameof(AlertsTriagedWithin) => AlertsTriagedWithin(defaultWindow, (TimeSpan)a[0]!, (string?)a[1], (Window?)a[2]),
                nameof(PilotConversion) => PilotConversion(defaultWindow, (Window?)a[0], (TimeSpan?)a[1]),
                nameof(TimeToDeploy) => TimeToDeploy(defaultWindow, (Window?)a[0], (Aggregation?)a[1], (TimeSpan?)a[2], (ChangeType?)a[3], (LeadTimeStart?)a[4], (LeadTimeDefinition?)a[5], (DurationRounding?)a[6], (string?)a[7]),
                nameof(DeploymentFrequency) => DeploymentFrequency(defaultWindow, (string?)a[0], (Window?)a[1], (DeploymentFrequencyDefinition?)a[2], (CalendarPeriod?)a[3], (Aggregation?)a[4]),
                nameof(ChangeFailureRate) => ChangeFailureRate(defaultWindow, (string?)a[0], (Window?)a[1], (ChangeFailureDefinition?)a[2]),
                nameof(FailedDeploymentRecoveryTime) => FailedDeploymentRecoveryTime(defaultWindow, (string?)a[0], (Window?)a[1], (Aggregation?)a[2], (DurationRounding?)a[3], (WindowPlacement?)a[4]),
                nameof(AgentSuccess) => AgentSuccess(defaultWindow, (string?)a[0], (Window?)a[1], (WindowPlacement?)a[2]),
                _ => throw new ArgumentException($"there is no metric function {function}", nameof(function)),
            };
        }
        catch (Exception ex) when (ex is InvalidCastException or NullReferenceException)
        {
            throw new ArgumentException($"the arguments do not fit the metric function {function}: {ex.Message}", nameof(a), ex);
        }
    }

    /// <summary>How many parameters a metric function takes (its optional ones included); -1 when there is no such function.</summary>
    /// <param name="function">The function's name.</param>
    /// <returns>The count.</returns>
    public static int Arity(string function) => function switch
    {
        nameof(FragmentationIndex) or nameof(Handoffs) or nameof(DuplicateSources) or nameof(WorkRemoved) or nameof(RaiScorecard) or nameof(ComplianceCoverage) or nameof(IntegrationHealth) => 1,
        nameof(IncidentRate) or nameof(MeanTimeToRecover) or nameof(Roi) or nameof(Throughput) or nameof(ThroughputChange) or nameof(PilotConversion) => 2,
        nameof(CostSavings) or nameof(AlertsTriagedWithin) or nameof(ChangeFailureRate) or nameof(AgentSuccess) => 3,
        nameof(TimeToDiagnose) or nameof(TimeToFix) or nameof(StaleShare) => 4,
        nameof(SlaAttainment) or nameof(TimeToRecover) or nameof(Freshness) or nameof(MonitoringGap) or nameof(DeploymentFrequency) or nameof(FailedDeploymentRecoveryTime) => 5,
        nameof(TimeToDeploy) => 8,
        _ => -1,
    };

    /// <summary>See <see cref="PolicyContext.SlaAttainment"/>.</summary>
    public static MetricRequest SlaAttainment(Window defaultWindow, string workflow, string? step, Window? window, SlaRuns? runs, WindowPlacement? placement) =>
        new SlaAttainmentRequest(workflow, step, window ?? defaultWindow, runs ?? SlaRuns.WholeRuns, placement ?? WindowPlacement.End);

    /// <summary>See <see cref="PolicyContext.IncidentRate"/>.</summary>
    public static MetricRequest IncidentRate(Window defaultWindow, string? workflow, Window? window) =>
        new IncidentRateRequest(workflow, window ?? defaultWindow);

    /// <summary>See <see cref="PolicyContext.TimeToRecover"/>.</summary>
    public static MetricRequest TimeToRecover(Window defaultWindow, string? workflow, Window? window, Aggregation? aggregation, DurationRounding? rounding, WindowPlacement? placement) =>
        new RecoveryTimeRequest(workflow, window ?? defaultWindow, aggregation ?? Aggregation.Mean, RecoveryPhase.Recover, rounding ?? DurationRounding.None, placement ?? WindowPlacement.Start);

    /// <summary>See <see cref="PolicyContext.MeanTimeToRecover"/>: <see cref="TimeToRecover"/> with the mean.</summary>
    public static MetricRequest MeanTimeToRecover(Window defaultWindow, string? workflow, Window? window) =>
        TimeToRecover(defaultWindow, workflow, window, Aggregation.Mean, null, null);

    /// <summary>See <see cref="PolicyContext.TimeToDiagnose"/>.</summary>
    public static MetricRequest TimeToDiagnose(Window defaultWindow, string? workflow, Window? window, Aggregation? aggregation, DurationRounding? rounding) =>
        new RecoveryTimeRequest(workflow, window ?? defaultWindow, aggregation ?? Aggregation.Mean, RecoveryPhase.Diagnose, rounding ?? DurationRounding.None);

    /// <summary>See <see cref="PolicyContext.TimeToFix"/>.</summary>
    public static MetricRequest TimeToFix(Window defaultWindow, string? workflow, Window? window, Aggregation? aggregation, DurationRounding? rounding) =>
        new RecoveryTimeRequest(workflow, window ?? defaultWindow, aggregation ?? Aggregation.Mean, RecoveryPhase.Fix, rounding ?? DurationRounding.None);

    /// <summary>See <see cref="PolicyContext.Freshness"/>.</summary>
    public static MetricRequest Freshness(Window defaultWindow, string? dataset, FreshnessStage? stage, Window? window, Aggregation? aggregation, DurationRounding? rounding) =>
        new FreshnessRequest(dataset, stage, window ?? defaultWindow, aggregation ?? Aggregation.Median, null, rounding ?? DurationRounding.None);

    /// <summary>See <see cref="PolicyContext.StaleShare"/>.</summary>
    public static MetricRequest StaleShare(Window defaultWindow, string? dataset, TimeSpan target, FreshnessStage? stage, Window? window) =>
        new FreshnessRequest(dataset, stage, window ?? defaultWindow, Aggregation.Median, target);

    /// <summary>See <see cref="PolicyContext.IntegrationHealth"/>.</summary>
    public static MetricRequest IntegrationHealth(Window defaultWindow, Window? window) =>
        new IntegrationHealthRequest(window ?? defaultWindow);

    /// <summary>See <see cref="PolicyContext.FragmentationIndex"/>.</summary>
    public static MetricRequest FragmentationIndex(string workflow) => new FragmentationRequest(workflow, FragmentationMeasure.Systems);

    /// <summary>See <see cref="PolicyContext.Handoffs"/>.</summary>
    public static MetricRequest Handoffs(string workflow) => new FragmentationRequest(workflow, FragmentationMeasure.Handoffs);

    /// <summary>See <see cref="PolicyContext.DuplicateSources"/>.</summary>
    public static MetricRequest DuplicateSources(string workflow) => new FragmentationRequest(workflow, FragmentationMeasure.DuplicateSources);

    /// <summary>See <see cref="PolicyContext.Roi"/>.</summary>
    public static MetricRequest Roi(Window defaultWindow, string? workflow, Window? window) =>
        new RoiRequest(workflow, window ?? defaultWindow);

    /// <summary>See <see cref="PolicyContext.CostSavings"/>.</summary>
    public static MetricRequest CostSavings(Window defaultWindow, string? workflow, Window? window, double? labourRate) =>
        new CostSavingsRequest(workflow, window ?? defaultWindow, labourRate);

    /// <summary>See <see cref="PolicyContext.WorkRemoved"/>.</summary>
    public static MetricRequest WorkRemoved(string? workflow) => new WorkRemovedRequest(workflow);

    /// <summary>See <see cref="PolicyContext.Throughput"/>.</summary>
    public static MetricRequest Throughput(Window defaultWindow, string? workflow, Window? window) =>
        new ThroughputRequest(workflow, window ?? defaultWindow, Change: false);

    /// <summary>See <see cref="PolicyContext.ThroughputChange"/>.</summary>
    public static MetricRequest ThroughputChange(Window defaultWindow, string? workflow, Window? window) =>
        new ThroughputRequest(workflow, window ?? defaultWindow, Change: true);

    /// <summary>See <see cref="PolicyContext.RaiScorecard"/>.</summary>
    public static MetricRequest RaiScorecard(string rubric) => new RaiScorecardRequest(rubric);

    /// <summary>See <see cref="PolicyContext.ComplianceCoverage"/>.</summary>
    public static MetricRequest ComplianceCoverage(string? enforcedAt) => new ComplianceCoverageRequest(enforcedAt);

    /// <summary>See <see cref="PolicyContext.MonitoringGap"/>.</summary>
    public static MetricRequest MonitoringGap(Window defaultWindow, string? model, MonitoringType? type, Window? window, Aggregation? aggregation, DurationRounding? rounding) =>
        new MonitoringCadenceRequest(model, type, window ?? defaultWindow, aggregation ?? Aggregation.Median, rounding ?? DurationRounding.None);

    /// <summary>See <see cref="PolicyContext.AlertsTriagedWithin"/>.</summary>
    public static MetricRequest AlertsTriagedWithin(Window defaultWindow, TimeSpan sla, string? model, Window? window) =>
        new AlertTriageRequest(sla, model, window ?? defaultWindow);

    /// <summary>See <see cref="PolicyContext.PilotConversion"/>.</summary>
    public static MetricRequest PilotConversion(Window defaultWindow, Window? cohort, TimeSpan? lag) =>
        new PilotConversionRequest(cohort ?? defaultWindow, lag ?? TimeSpan.Zero);

    /// <summary>See <see cref="PolicyContext.TimeToDeploy"/>.</summary>
    public static MetricRequest TimeToDeploy(Window defaultWindow, Window? window, Aggregation? aggregation, TimeSpan? safetyWindow, ChangeType? type, LeadTimeStart? from, LeadTimeDefinition? definition, DurationRounding? rounding, string? service) =>
        new TimeToDeployRequest(window ?? defaultWindow, aggregation ?? Aggregation.Median, safetyWindow ?? TimeSpan.FromDays(7), type, from ?? LeadTimeStart.Approved, definition ?? LeadTimeDefinition.Elapsed, rounding ?? DurationRounding.None, service);

    /// <summary>See <see cref="PolicyContext.DeploymentFrequency"/>.</summary>
    public static MetricRequest DeploymentFrequency(Window defaultWindow, string? service, Window? window, DeploymentFrequencyDefinition? definition, CalendarPeriod? per, Aggregation? aggregation) =>
        new DeploymentFrequencyRequest(service, window ?? defaultWindow, definition ?? DeploymentFrequencyDefinition.Deployments, per ?? CalendarPeriod.Week, aggregation ?? Aggregation.Median);

    /// <summary>See <see cref="PolicyContext.ChangeFailureRate"/>.</summary>
    public static MetricRequest ChangeFailureRate(Window defaultWindow, string? service, Window? window, ChangeFailureDefinition? definition) =>
        new ChangeFailureRateRequest(service, window ?? defaultWindow, definition ?? ChangeFailureDefinition.DeploymentsWithIncident);

    /// <summary>See <see cref="PolicyContext.FailedDeploymentRecoveryTime"/>.</summary>
    public static MetricRequest FailedDeploymentRecoveryTime(Window defaultWindow, string? service, Window? window, Aggregation? aggregation, DurationRounding? rounding, WindowPlacement? placement) =>
        new FailedDeploymentRecoveryTimeRequest(service, window ?? defaultWindow, aggregation ?? Aggregation.Median, rounding ?? DurationRounding.None, placement ?? WindowPlacement.End);

    /// <summary>See <see cref="PolicyContext.AgentSuccess"/>.</summary>
    public static MetricRequest AgentSuccess(Window defaultWindow, string? workflow, Window? window, WindowPlacement? placement) =>
        new AgentSuccessRequest(workflow, window ?? defaultWindow, placement ?? WindowPlacement.End);
}
