// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace AiOpsPolicy.Core.Evidence;

/// <summary>One run of a workflow (no step) or of one of its steps.</summary>
public sealed record WorkflowRun : EvidenceRecord
{
    /// <summary>Gets the run's id.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the workflow's name.</summary>
    public required string Workflow { get; init; }

    /// <summary>Gets the step's name; null for a whole run.</summary>
    public string? Step { get; init; }

    /// <summary>Gets when the run started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Gets when the run ended.</summary>
    public required DateTimeOffset EndedAt { get; init; }

    /// <summary>Gets the quality outcome: ok, routed-correctly, manual-review-needed, or a custom word.</summary>
    public required string Outcome { get; init; }

    /// <summary>Gets how many transactions the run handled: 1 when the record does not say.</summary>
    [JsonIgnore]
    public int Transactions
    {
        get => TransactionsStated ?? 1;
        init => TransactionsStated = value;
    }

    /// <summary>
    /// Gets the transactions as written, null when absent. The source-generated reader sets every
    /// init-only property, absent ones to their type's default: a plain int would read an absent
    /// count as 0 rather than the documented 1.
    /// </summary>
    [JsonPropertyName("transactions")]
    [JsonInclude]
    internal int? TransactionsStated { get; init; }

    /// <summary>Gets how long the run took.</summary>
    [JsonIgnore]
    public TimeSpan Duration => EndedAt - StartedAt;

    /// <inheritdoc />
    public override string Key => Id;

    /// <inheritdoc />
    /// <remarks>A run that had not ended is left out: its outcome and duration were not known yet.</remarks>
    public override EvidenceRecord? AsOf(DateTimeOffset asOf) => EndedAt > asOf ? null : this;

    /// <inheritdoc />
    public override string? Check() => Order(EndedAt, "endedAt", StartedAt, "startedAt")
        ?? (Transactions < 0 ? "field 'transactions' is negative" : null);
}

/// <summary>Why an incident happened.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<IncidentCause>))]
public enum IncidentCause
{
    /// <summary>The model.</summary>
    [JsonStringEnumMemberName("model")]
    Model,

    /// <summary>A data pipeline.</summary>
    [JsonStringEnumMemberName("data-pipeline")]
    DataPipeline,

    /// <summary>A prompt.</summary>
    [JsonStringEnumMemberName("prompt")]
    Prompt,

    /// <summary>The workflow's logic.</summary>
    [JsonStringEnumMemberName("workflow-logic")]
    WorkflowLogic,

    /// <summary>A vendor's outage.</summary>
    [JsonStringEnumMemberName("vendor-outage")]
    VendorOutage,

    /// <summary>Anything else.</summary>
    [JsonStringEnumMemberName("other")]
    Other,
}

/// <summary>An incident from opening to recovery.</summary>
public sealed record Incident : EvidenceRecord
{
    /// <summary>Gets the incident's id.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the affected workflow, if known.</summary>
    public string? Workflow { get; init; }

    /// <summary>Gets when the incident was opened.</summary>
    public required DateTimeOffset OpenedAt { get; init; }

    /// <summary>Gets when the problem was detected.</summary>
    public required DateTimeOffset DetectedAt { get; init; }

    /// <summary>Gets when the cause was diagnosed, if it was.</summary>
    public DateTimeOffset? DiagnosedAt { get; init; }

    /// <summary>Gets when service recovered; null while the incident is open.</summary>
    public DateTimeOffset? RecoveredAt { get; init; }

    /// <summary>Gets the cause.</summary>
    public required IncidentCause Cause { get; init; }

    /// <summary>Gets a value indicating whether fixing it required a change to the model, pipeline, prompt or workflow logic.</summary>
    public required bool RequiredChange { get; init; }

    /// <summary>Gets the id of the change that caused it, if attributed.</summary>
    public string? Change { get; init; }

    /// <summary>Gets the service (or repository, or board) the incident was raised against, as the source system names it, if known.</summary>
    public string? Service { get; init; }

    /// <summary>Gets a value indicating whether the incident is still open.</summary>
    [JsonIgnore]
    public bool IsOpen => RecoveredAt is null;

    /// <inheritdoc />
    public override string Key => Id;

    /// <inheritdoc />
    /// <remarks>Not detected yet: left out. Diagnosed or recovered later: not yet diagnosed, still open.</remarks>
    public override EvidenceRecord? AsOf(DateTimeOffset asOf) =>
        DetectedAt > asOf || OpenedAt > asOf ? null
        : DiagnosedAt > asOf || RecoveredAt > asOf ? this with { DiagnosedAt = DiagnosedAt > asOf ? null : DiagnosedAt, RecoveredAt = RecoveredAt > asOf ? null : RecoveredAt }
        : this;

    /// <inheritdoc />
    public override string? Check() =>
        Order(DiagnosedAt, "diagnosedAt", DetectedAt, "detectedAt") ?? Order(RecoveredAt, "recoveredAt", DetectedAt, "detectedAt")
        ?? Order(RecoveredAt, "recoveredAt", DiagnosedAt, "diagnosedAt");
}

/// <summary>Transaction volume of a workflow over a period.</summary>
public sealed record TransactionVolume : EvidenceRecord
{
    /// <summary>Gets the workflow's name.</summary>
    public required string Workflow { get; init; }

    /// <summary>Gets the period's start.</summary>
    public required DateTimeOffset PeriodStart { get; init; }

    /// <summary>Gets the period's end.</summary>
    public required DateTimeOffset PeriodEnd { get; init; }

    /// <summary>Gets the number of transactions.</summary>
    public required long Count { get; init; }

    /// <inheritdoc />
    public override string Key => $"{Workflow}@{Instant(PeriodStart)}";

    /// <inheritdoc />
    /// <remarks>A period that had not ended is left out: its count includes transactions still to come.</remarks>
    public override EvidenceRecord? AsOf(DateTimeOffset asOf) => PeriodEnd > asOf ? null : this;

    /// <inheritdoc />
    public override string? Check() => Order(PeriodEnd, "periodEnd", PeriodStart, "periodStart") ?? (Count < 0 ? "field 'count' is negative" : null);
}

/// <summary>One connector's daily check.</summary>
public sealed record ConnectorCheck : EvidenceRecord
{
    /// <summary>Gets the connector's name.</summary>
    public required string Connector { get; init; }

    /// <summary>Gets the day checked.</summary>
    public required DateOnly Day { get; init; }

    /// <summary>Gets a value indicating whether authentication was valid.</summary>
    public required bool AuthValid { get; init; }

    /// <summary>Gets the schema hash seen, if reported.</summary>
    public string? SchemaHash { get; init; }

    /// <summary>Gets the latency in milliseconds.</summary>
    public required double LatencyMs { get; init; }

    /// <summary>Gets the error rate (fraction).</summary>
    public required double ErrorRate { get; init; }

    /// <summary>Gets the rows expected.</summary>
    public required long RowsExpected { get; init; }

    /// <summary>Gets the rows delivered.</summary>
    public required long RowsDelivered { get; init; }

    /// <inheritdoc />
    public override string Key => $"{Connector}@{Day:yyyy-MM-dd}";

    /// <inheritdoc />
    /// <remarks>A check of a day after the evaluation time's UTC day is left out.</remarks>
    public override EvidenceRecord? AsOf(DateTimeOffset asOf) => Day > DateOnly.FromDateTime(asOf.UtcDateTime) ? null : this;

    /// <inheritdoc />
    public override string? Check() =>
        ErrorRate is < 0 or > 1 ? "field 'errorRate' must be a fraction between 0 and 1"
        : RowsExpected < 0 || RowsDelivered < 0 ? "row counts must not be negative"
        : LatencyMs < 0 ? "field 'latencyMs' is negative"
        : null;
}

/// <summary>The stage of a data flow whose lag is measured.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FreshnessStage>))]
public enum FreshnessStage
{
    /// <summary>From the source system into the pipeline.</summary>
    [JsonStringEnumMemberName("source-to-pipeline")]
    SourceToPipeline,

    /// <summary>From the pipeline into the feature store.</summary>
    [JsonStringEnumMemberName("pipeline-to-feature-store")]
    PipelineToFeatureStore,

    /// <summary>From the feature store to the dashboard.</summary>
    [JsonStringEnumMemberName("feature-store-to-dashboard")]
    FeatureStoreToDashboard,
}

/// <summary>One lag measurement of a dataset at a stage.</summary>
public sealed record FreshnessMeasurement : EvidenceRecord
{
    /// <summary>Gets the dataset's name.</summary>
    public required string Dataset { get; init; }

    /// <summary>Gets the stage.</summary>
    public required FreshnessStage Stage { get; init; }

    /// <summary>Gets when the lag was measured.</summary>
    public required DateTimeOffset MeasuredAt { get; init; }

    /// <summary>Gets the lag.</summary>
    [JsonConverter(typeof(DurationJsonConverter))]
    public required TimeSpan Lag { get; init; }

    /// <inheritdoc />
    public override string Key => $"{Dataset}/{StageName}@{Instant(MeasuredAt)}";

    /// <inheritdoc />
    public override EvidenceRecord? AsOf(DateTimeOffset asOf) => MeasuredAt > asOf ? null : this;

    private string StageName => Stage switch
    {
        FreshnessStage.SourceToPipeline => "source-to-pipeline",
        FreshnessStage.PipelineToFeatureStore => "pipeline-to-feature-store",
        _ => "feature-store-to-dashboard",
    };

    /// <inheritdoc />
    public override string? Check() => Lag < TimeSpan.Zero ? "field 'lag' is negative" : null;
}

/// <summary>Whether a value line is a benefit or a cost.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ValueLineType>))]
public enum ValueLineType
{
    /// <summary>A benefit.</summary>
    [JsonStringEnumMemberName("benefit")]
    Benefit,

    /// <summary>A cost.</summary>
    [JsonStringEnumMemberName("cost")]
    Cost,
}

/// <summary>A cost or benefit line with the assumptions behind it.</summary>
public sealed record ValueLine : EvidenceRecord
{
    /// <summary>Gets the line's id.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the workflow's name.</summary>
    public required string Workflow { get; init; }

    /// <summary>Gets whether it is a benefit or a cost.</summary>
    public required ValueLineType Type { get; init; }

    /// <summary>Gets the category (licences, labour saved, errors avoided, ...).</summary>
    public required string Category { get; init; }

    /// <summary>Gets the amount.</summary>
    public required double Amount { get; init; }

    /// <summary>Gets the currency.</summary>
    public required string Currency { get; init; }

    /// <summary>Gets the period's start.</summary>
    public required DateTimeOffset PeriodStart { get; init; }

    /// <summary>Gets the period's end.</summary>
    public required DateTimeOffset PeriodEnd { get; init; }

    /// <summary>Gets the assumptions (volume, wageRate, errorCost, ...), sorted by name; numbers are kept as written.</summary>
    [JsonConverter(typeof(AssumptionsJsonConverter))]
    public ImmutableSortedDictionary<string, string> Assumptions
    {
        // The source-generated reader sets an absent init-only property to null: absent is empty.
        get => field ?? ImmutableSortedDictionary<string, string>.Empty;
        init;
    }

    /// <inheritdoc />
    public override string Key => Id;

    /// <inheritdoc />
    /// <remarks>A line whose period had not started is left out; one under way counts (business cases state periods ahead).</remarks>
    public override EvidenceRecord? AsOf(DateTimeOffset asOf) => PeriodStart > asOf ? null : this;

    /// <inheritdoc />
    public override string? Check() => Order(PeriodEnd, "periodEnd", PeriodStart, "periodStart");
}

/// <summary>A step the AI added to a case, with its manual minutes.</summary>
/// <param name="Name">The step's name.</param>
/// <param name="Minutes">Manual minutes per case.</param>
public sealed record AddedStep(string Name, double Minutes);

/// <summary>Manual minutes per case before and after, with any steps the AI added.</summary>
public sealed record CaseEffort : EvidenceRecord
{
    private readonly ImmutableArray<AddedStep> _addedSteps = [];

    /// <summary>Gets the workflow's name.</summary>
    public required string Workflow { get; init; }

    /// <summary>Gets manual minutes per case before.</summary>
    public required double MinutesBefore { get; init; }

    /// <summary>Gets manual minutes per case after, not counting added steps.</summary>
    public required double MinutesAfter { get; init; }

    /// <summary>Gets the steps the AI added; empty when none were recorded.</summary>
    public ImmutableArray<AddedStep> AddedSteps
    {
        get => _addedSteps.IsDefault ? [] : _addedSteps;
        init => _addedSteps = value;
    }

    /// <summary>Gets the cases per month.</summary>
    public required double MonthlyVolume { get; init; }

    /// <summary>Gets when the effort was measured.</summary>
    public required DateTimeOffset MeasuredAt { get; init; }

    /// <inheritdoc />
    public override string Key => $"{Workflow}@{Instant(MeasuredAt)}";

    /// <inheritdoc />
    public override EvidenceRecord? AsOf(DateTimeOffset asOf) => MeasuredAt > asOf ? null : this;

    /// <inheritdoc />
    public override string? Check() =>
        MinutesBefore < 0 || MinutesAfter < 0 || MonthlyVolume < 0 || AddedSteps.Any(s => s.Minutes < 0) ? "minutes and volumes must not be negative" : null;
}

/// <summary>Before or after go-live.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ThroughputPhase>))]
public enum ThroughputPhase
{
    /// <summary>Before go-live.</summary>
    [JsonStringEnumMemberName("baseline")]
    Baseline,

    /// <summary>After go-live.</summary>
    [JsonStringEnumMemberName("after")]
    After,
}

/// <summary>Cases completed on one day.</summary>
public sealed record DailyThroughput : EvidenceRecord
{
    /// <summary>Gets the workflow's name.</summary>
    public required string Workflow { get; init; }

    /// <summary>Gets the day.</summary>
    public required DateOnly Day { get; init; }

    /// <summary>Gets the cases completed.</summary>
    public required long Completed { get; init; }

    /// <summary>Gets whether the day is before or after go-live.</summary>
    public required ThroughputPhase Phase { get; init; }

    /// <inheritdoc />
    public override string Key => $"{Workflow}@{Day:yyyy-MM-dd}";

    /// <inheritdoc />
    public override EvidenceRecord? AsOf(DateTimeOffset asOf) => Day > DateOnly.FromDateTime(asOf.UtcDateTime) ? null : this;

    /// <inheritdoc />
    public override string? Check() => Completed < 0 ? "field 'completed' is negative" : null;
}

/// <summary>One evaluation of one model version, as responsible-AI rubrics see it.</summary>
public sealed record ModelEvaluation : EvidenceRecord
{
    /// <summary>Gets the model's name.</summary>
    public required string Model { get; init; }

    /// <summary>Gets the model's version.</summary>
    public required string Version { get; init; }

    /// <summary>Gets when it was evaluated.</summary>
    public required DateTimeOffset EvaluatedAt { get; init; }

    /// <summary>Gets per-group metrics: group, then metric name, then value.</summary>
    public ImmutableSortedDictionary<string, ImmutableSortedDictionary<string, double>> Groups
    {
        get => field ?? ImmutableSortedDictionary<string, ImmutableSortedDictionary<string, double>>.Empty;
        init;
    }

    /// <summary>Gets the privacy checks and whether each passed.</summary>
    [JsonPropertyName("privacy")]
    public ImmutableSortedDictionary<string, bool> PrivacyChecks
    {
        get => field ?? ImmutableSortedDictionary<string, bool>.Empty;
        init;
    }

    /// <summary>Gets the explainability level: none, global, local or full.</summary>
    public required string Explainability { get; init; }

    /// <summary>Gets the safety checks and whether each passed.</summary>
    [JsonPropertyName("safety")]
    public ImmutableSortedDictionary<string, bool> SafetyChecks
    {
        get => field ?? ImmutableSortedDictionary<string, bool>.Empty;
        init;
    }

    /// <summary>Gets the human-oversight checks and whether each passed.</summary>
    [JsonPropertyName("humanOversight")]
    public ImmutableSortedDictionary<string, bool> HumanOversightChecks
    {
        get => field ?? ImmutableSortedDictionary<string, bool>.Empty;
        init;
    }

    /// <inheritdoc />
    public override string Key => $"{Model}@{Version}";

    /// <inheritdoc />
    public override EvidenceRecord? AsOf(DateTimeOffset asOf) => EvaluatedAt > asOf ? null : this;

    /// <summary>The largest difference of a metric between any two groups; 0 with fewer than two groups.</summary>
    /// <param name="metric">The metric's name, such as <c>accuracy</c>.</param>
    /// <returns>The gap.</returns>
    public double MaxGroupGap(string metric)
    {
        var values = Groups.Values.Where(g => g.ContainsKey(metric)).Select(g => g[metric]).ToList();
        if (values.Count < Groups.Count || values.Count == 0)
        {
            throw new InsufficientEvidenceException($"model '{Model}' version {Version} has no '{metric}' for every group ({string.Join(", ", Groups.Keys)})");
        }

        return values.Max() - values.Min();
    }

    /// <summary>Whether a privacy check passed. A check that was not run is insufficient evidence.</summary>
    /// <param name="check">The check's name.</param>
    /// <returns>True when it passed.</returns>
    public bool Privacy(string check) => Lookup(PrivacyChecks, "privacy", check);

    /// <summary>Whether a safety check passed. A check that was not run is insufficient evidence.</summary>
    /// <param name="check">The check's name.</param>
    /// <returns>True when it passed.</returns>
    public bool Safety(string check) => Lookup(SafetyChecks, "safety", check);

    /// <summary>Whether a human-oversight check passed. A check that was not run is insufficient evidence.</summary>
    /// <param name="check">The check's name.</param>
    /// <returns>True when it passed.</returns>
    public bool HumanOversight(string check) => Lookup(HumanOversightChecks, "human-oversight", check);

    private bool Lookup(ImmutableSortedDictionary<string, bool> checks, string what, string check) =>
        checks.TryGetValue(check, out var passed)
            ? passed
            : throw new InsufficientEvidenceException($"model '{Model}' version {Version} has no {what} check '{check}'");
}

/// <summary>How a control ran.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ExecutionMode>))]
public enum ExecutionMode
{
    /// <summary>By automation.</summary>
    [JsonStringEnumMemberName("automated")]
    Automated,

    /// <summary>By hand.</summary>
    [JsonStringEnumMemberName("manual")]
    Manual,
}

/// <summary>How a control's run ended.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ExecutionOutcome>))]
public enum ExecutionOutcome
{
    /// <summary>The control passed.</summary>
    [JsonStringEnumMemberName("pass")]
    Pass,

    /// <summary>The control found a problem.</summary>
    [JsonStringEnumMemberName("fail")]
    Fail,

    /// <summary>The control could not run.</summary>
    [JsonStringEnumMemberName("error")]
    Error,
}

/// <summary>One run of a control.</summary>
public sealed record ControlExecution : EvidenceRecord
{
    /// <summary>Gets the run's id.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the control's name.</summary>
    public required string Control { get; init; }

    /// <summary>Gets when it ran.</summary>
    public required DateTimeOffset RanAt { get; init; }

    /// <summary>Gets how it ran.</summary>
    public required ExecutionMode Mode { get; init; }

    /// <summary>Gets how it ended.</summary>
    public required ExecutionOutcome Outcome { get; init; }

    /// <summary>Gets where it was enforced, if reported.</summary>
    public string? EnforcedAt { get; init; }

    /// <inheritdoc />
    public override string Key => Id;

    /// <inheritdoc />
    public override EvidenceRecord? AsOf(DateTimeOffset asOf) => RanAt > asOf ? null : this;
}

/// <summary>Drift or bias.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MonitoringType>))]
public enum MonitoringType
{
    /// <summary>Data or prediction drift.</summary>
    [JsonStringEnumMemberName("drift")]
    Drift,

    /// <summary>Bias between groups.</summary>
    [JsonStringEnumMemberName("bias")]
    Bias,
}

/// <summary>One drift or bias check of a model.</summary>
public sealed record MonitoringCheck : EvidenceRecord
{
    /// <summary>Gets the model's name.</summary>
    public required string Model { get; init; }

    /// <summary>Gets the check's type.</summary>
    public required MonitoringType Type { get; init; }

    /// <summary>Gets when it ran.</summary>
    public required DateTimeOffset RanAt { get; init; }

    /// <inheritdoc />
    public override string Key => $"{Model}/{Type.ToString().ToLowerInvariant()}@{Instant(RanAt)}";

    /// <inheritdoc />
    public override EvidenceRecord? AsOf(DateTimeOffset asOf) => RanAt > asOf ? null : this;
}

/// <summary>One drift or bias alert, from raised to resolved.</summary>
public sealed record MonitoringAlert : EvidenceRecord
{
    /// <summary>Gets the alert's id.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the model's name.</summary>
    public required string Model { get; init; }

    /// <summary>Gets the alert's type.</summary>
    public required MonitoringType Type { get; init; }

    /// <summary>Gets when it was raised.</summary>
    public required DateTimeOffset RaisedAt { get; init; }

    /// <summary>Gets when it was triaged, if it was.</summary>
    public DateTimeOffset? TriagedAt { get; init; }

    /// <summary>Gets when it was resolved, if it was.</summary>
    public DateTimeOffset? ResolvedAt { get; init; }

    /// <inheritdoc />
    public override string Key => Id;

    /// <inheritdoc />
    /// <remarks>Not raised yet: left out. Triaged or resolved later: not yet.</remarks>
    public override EvidenceRecord? AsOf(DateTimeOffset asOf) =>
        RaisedAt > asOf ? null
        : TriagedAt > asOf || ResolvedAt > asOf ? this with { TriagedAt = TriagedAt > asOf ? null : TriagedAt, ResolvedAt = ResolvedAt > asOf ? null : ResolvedAt }
        : this;

    /// <inheritdoc />
    public override string? Check() => Order(TriagedAt, "triagedAt", RaisedAt, "raisedAt") ?? Order(ResolvedAt, "resolvedAt", RaisedAt, "raisedAt");
}

/// <summary>Where a pilot stands.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PilotStatus>))]
public enum PilotStatus
{
    /// <summary>Still an idea being explored.</summary>
    [JsonStringEnumMemberName("exploring")]
    Exploring,

    /// <summary>Running as a pilot.</summary>
    [JsonStringEnumMemberName("pilot")]
    Pilot,

    /// <summary>In production.</summary>
    [JsonStringEnumMemberName("production")]
    Production,

    /// <summary>Stopped.</summary>
    [JsonStringEnumMemberName("retired")]
    Retired,
}

/// <summary>An experiment and whether it became an owned production service.</summary>
public sealed record Pilot : EvidenceRecord
{
    /// <summary>Gets the pilot's id.</summary>
    public required string Id { get; init; }

    /// <summary>Gets when it started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Gets where it stands.</summary>
    public required PilotStatus Status { get; init; }

    /// <summary>Gets a value indicating whether it is monitored.</summary>
    public required bool Monitoring { get; init; }

    /// <summary>Gets the on-call owner, if any.</summary>
    public string? OnCallOwner { get; init; }

    /// <summary>Gets the promise made to users, if any.</summary>
    public string? UserPromise { get; init; }

    /// <summary>Gets when it went to production, if it did.</summary>
    public DateTimeOffset? ProductionAt { get; init; }

    /// <summary>Gets a value indicating whether it is an owned production service: in production, monitored, with an on-call owner and a user promise.</summary>
    [JsonIgnore]
    public bool IsOwnedService => Status == PilotStatus.Production && Monitoring && !string.IsNullOrWhiteSpace(OnCallOwner) && !string.IsNullOrWhiteSpace(UserPromise);

    /// <inheritdoc />
    public override string Key => Id;

    /// <inheritdoc />
    /// <remarks>Not started yet: left out. In production only later: still a pilot then.</remarks>
    public override EvidenceRecord? AsOf(DateTimeOffset asOf) =>
        StartedAt > asOf ? null
        : ProductionAt > asOf ? this with { ProductionAt = null, Status = Status == PilotStatus.Production ? PilotStatus.Pilot : Status }
        : this;
}

/// <summary>What a change changed.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ChangeType>))]
public enum ChangeType
{
    /// <summary>A model.</summary>
    [JsonStringEnumMemberName("model")]
    Model,

    /// <summary>A prompt.</summary>
    [JsonStringEnumMemberName("prompt")]
    Prompt,

    /// <summary>A policy.</summary>
    [JsonStringEnumMemberName("policy")]
    Policy,

    /// <summary>A pipeline.</summary>
    [JsonStringEnumMemberName("pipeline")]
    Pipeline,
}

/// <summary>A change from approved PR to production.</summary>
public sealed record Change : EvidenceRecord
{
    /// <summary>Gets the change's id.</summary>
    public required string Id { get; init; }

    /// <summary>Gets what changed.</summary>
    public required ChangeType Type { get; init; }

    /// <summary>Gets when the PR was approved.</summary>
    public required DateTimeOffset ApprovedAt { get; init; }

    /// <summary>Gets when the change's first commit was authored, if known.</summary>
    public DateTimeOffset? FirstCommitAt { get; init; }

    /// <summary>Gets when the PR was opened, if known.</summary>
    public DateTimeOffset? OpenedAt { get; init; }

    /// <summary>Gets when the PR was merged, if known.</summary>
    public DateTimeOffset? MergedAt { get; init; }

    /// <summary>Gets when it reached production, if it did.</summary>
    /// <remarks>
    /// May be before the approval or merge: other tools keep a change whose deployment contains its merge commit
    /// before the recorded merge time; the lead-time metrics leave it out and count it rather than refuse the record.
    /// </remarks>
    public DateTimeOffset? DeployedAt { get; init; }

    /// <summary>Gets the id of the deployment that brought it to production, if known.</summary>
    public string? Deployment { get; init; }

    /// <summary>Gets the service or repository the change belongs to, as the source system names it, if known.</summary>
    public string? Service { get; init; }

    /// <summary>Gets a value indicating whether it was rolled back.</summary>
    public required bool RolledBack { get; init; }

    /// <summary>Gets when it was rolled back, if it was.</summary>
    public DateTimeOffset? RolledBackAt { get; init; }

    /// <inheritdoc />
    public override string Key => Id;

    /// <inheritdoc />
    /// <remarks>
    /// Not approved yet: left out. Deployed later: not deployed. Rolled back later: not rolled back. A first commit,
    /// opening or merge later: not yet happened (absent).
    /// </remarks>
    public override EvidenceRecord? AsOf(DateTimeOffset asOf)
    {
        if (ApprovedAt > asOf)
        {
            return null;
        }

        if (!(DeployedAt > asOf || RolledBackAt > asOf || FirstCommitAt > asOf || OpenedAt > asOf || MergedAt > asOf))
        {
            return this;
        }

        var deployed = DeployedAt > asOf ? null : DeployedAt;
        var rolledBack = deployed is not null && RolledBack && !(RolledBackAt > asOf);
        return this with
        {
            DeployedAt = deployed,
            Deployment = deployed is null ? null : Deployment,
            RolledBack = rolledBack,
            RolledBackAt = rolledBack ? RolledBackAt : null,
            FirstCommitAt = FirstCommitAt > asOf ? null : FirstCommitAt,
            OpenedAt = OpenedAt > asOf ? null : OpenedAt,
            MergedAt = MergedAt > asOf ? null : MergedAt,
        };
    }

    /// <inheritdoc />
    public override string? Check() => Order(MergedAt, "mergedAt", OpenedAt, "openedAt") ?? Order(RolledBackAt, "rolledBackAt", DeployedAt, "deployedAt")
        ?? (RolledBack && RolledBackAt is null ? "field 'rolledBackAt' is required when 'rolledBack' is true" : null);
}

/// <summary>How a deployment ended.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DeploymentResult>))]
public enum DeploymentResult
{
    /// <summary>It succeeded: the new version runs in the environment.</summary>
    [JsonStringEnumMemberName("success")]
    Success,

    /// <summary>It failed.</summary>
    [JsonStringEnumMemberName("failure")]
    Failure,

    /// <summary>It was stopped before it finished.</summary>
    [JsonStringEnumMemberName("aborted")]
    Aborted,
}

/// <summary>One deployment of a service to an environment.</summary>
public sealed record Deployment : EvidenceRecord
{
    /// <summary>Gets the deployment's id.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the service (or repository, or CI/CD scope) deployed, as the source system names it, if known.</summary>
    public string? Service { get; init; }

    /// <summary>
    /// Gets the release this deployment is part of, when one pipeline run deploys several services or repositories
    /// together (DevLake's <c>cicd_deployment_id</c>); null when the deployment is a release of its own.
    /// </summary>
    public string? Release { get; init; }

    /// <summary>Gets the release the DORA counts count: <see cref="Release"/>, or the deployment itself.</summary>
    [JsonIgnore]
    public string ReleaseId => Release ?? Id;

    /// <summary>Gets the environment deployed to, such as production or staging.</summary>
    public required string Environment { get; init; }

    /// <summary>Gets how the deployment ended.</summary>
    public required DeploymentResult Result { get; init; }

    /// <summary>Gets when it started, if known.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>Gets when it finished.</summary>
    public required DateTimeOffset FinishedAt { get; init; }

    /// <summary>Gets a value indicating whether this is a successful deployment to production: what the DORA metrics count.</summary>
    [JsonIgnore]
    public bool IsSuccessfulProduction => Result == DeploymentResult.Success && string.Equals(Environment, "production", StringComparison.Ordinal);

    /// <inheritdoc />
    public override string Key => Id;

    /// <inheritdoc />
    /// <remarks>Not finished yet: left out, since how it ended was not known.</remarks>
    public override EvidenceRecord? AsOf(DateTimeOffset asOf) => FinishedAt > asOf ? null : this;

    /// <inheritdoc />
    public override string? Check() => Order(FinishedAt, "finishedAt", StartedAt, "startedAt");
}

/// <summary>What a cost line is spent on: the categories cost savings are counted in.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CostCategory>))]
public enum CostCategory
{
    /// <summary>Cloud spend: compute, storage, inference.</summary>
    [JsonStringEnumMemberName("cloud")]
    Cloud,

    /// <summary>Vendor costs: licences, subscriptions, outsourced work.</summary>
    [JsonStringEnumMemberName("vendor")]
    Vendor,

    /// <summary>Labour: hours of work, converted to money at a declared rate.</summary>
    [JsonStringEnumMemberName("labour")]
    Labour,
}

/// <summary>Whether a cost line describes the time before the AI (the baseline) or with it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CostPhase>))]
public enum CostPhase
{
    /// <summary>Before the AI: the cost being reduced.</summary>
    [JsonStringEnumMemberName("baseline")]
    Baseline,

    /// <summary>With the AI.</summary>
    [JsonStringEnumMemberName("current")]
    Current,
}

/// <summary>
/// One cost line of a workflow over a period: an amount of money (cloud, vendor), or hours of labour that cost
/// savings convert at a declared rate.
/// </summary>
public sealed record CostLine : EvidenceRecord
{
    /// <summary>Gets the line's id.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the workflow's name.</summary>
    public required string Workflow { get; init; }

    /// <summary>Gets what the cost is spent on.</summary>
    public required CostCategory Category { get; init; }

    /// <summary>Gets whether the line is the baseline or the current cost.</summary>
    public required CostPhase Phase { get; init; }

    /// <summary>Gets the amount of money, if the line is money.</summary>
    public double? Amount { get; init; }

    /// <summary>Gets the currency of <see cref="Amount"/>.</summary>
    public string? Currency { get; init; }

    /// <summary>Gets the hours of work, if the line is labour hours.</summary>
    public double? Hours { get; init; }

    /// <summary>Gets the period's start.</summary>
    public required DateTimeOffset PeriodStart { get; init; }

    /// <summary>Gets the period's end.</summary>
    public required DateTimeOffset PeriodEnd { get; init; }

    /// <summary>Gets the assumptions behind the line, sorted by name; numbers are kept as written.</summary>
    [JsonConverter(typeof(AssumptionsJsonConverter))]
    public ImmutableSortedDictionary<string, string> Assumptions
    {
        // The source-generated reader sets an absent init-only property to null: absent is empty.
        get => field ?? ImmutableSortedDictionary<string, string>.Empty;
        init;
    }

    /// <inheritdoc />
    public override string Key => Id;

    /// <inheritdoc />
    /// <remarks>A line whose period had not started is left out; one under way counts, as value lines do.</remarks>
    public override EvidenceRecord? AsOf(DateTimeOffset asOf) => PeriodStart > asOf ? null : this;

    /// <inheritdoc />
    public override string? Check() =>
        Order(PeriodEnd, "periodEnd", PeriodStart, "periodStart")
        ?? (PeriodEnd == PeriodStart ? "field 'periodEnd' must be after 'periodStart': a cost line covers a period" : null)
        ?? ((Amount is null) == (Hours is null) ? "give exactly one of 'amount' (money) and 'hours' (labour hours)" : null)
        ?? (Amount is not null && Currency is null ? "field 'currency' is required with 'amount'" : null)
        ?? (Hours is not null && Category != CostCategory.Labour ? "'hours' is for labour lines; give a cloud or vendor cost as 'amount'" : null);
}

/// <summary>One run of a multi-agent workflow.</summary>
public sealed record AgentRun : EvidenceRecord
{
    /// <summary>Gets the run's id.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the workflow's name.</summary>
    public required string Workflow { get; init; }

    /// <summary>Gets when it started; null when the source does not say.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>Gets when it completed.</summary>
    public required DateTimeOffset CompletedAt { get; init; }

    /// <summary>Gets a value indicating whether the outcome was correct.</summary>
    public required bool Correct { get; init; }

    /// <summary>Gets a value indicating whether a human stepped in.</summary>
    public required bool HumanIntervened { get; init; }

    /// <inheritdoc />
    public override string Key => Id;

    /// <inheritdoc />
    public override EvidenceRecord? AsOf(DateTimeOffset asOf) => CompletedAt > asOf ? null : this;

    /// <inheritdoc />
    public override string? Check() => Order(CompletedAt, "completedAt", StartedAt, "startedAt");
}
