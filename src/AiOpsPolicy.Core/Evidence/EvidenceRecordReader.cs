// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AiOpsPolicy.Core.Evidence;

/// <summary>
/// Builds an evidence record from one JSON object that the contract has already accepted
/// (<see cref="Contract.EvidenceRecordValidator"/>: known fields only, each once, of the right type, required ones
/// present). Written by hand over <see cref="Utf8JsonReader"/> rather than through the source-generated
/// serializer: on a warm <c>gate</c> the serializer's first use (System.Text.Json's generic code instantiated for
/// every value type and enum of the records, which ReadyToRun cannot precompile outside the framework: about
/// 1,450 methods JIT-compiled) was most of the evidence stage, the longest stage of the run (docs/performance.md).
/// A null value reads as an absent field, as it did when null fields were removed before deserializing. A value
/// the record cannot hold (a whole number past its type's range) throws a <see cref="JsonException"/> with the
/// serializer's message and the field's path, so the loader quarantines the record with the same words.
/// </summary>
internal static class EvidenceRecordReader
{
    private static readonly Choices Causes = Choices.Of(typeof(IncidentCause));
    private static readonly Choices Stages = Choices.Of(typeof(FreshnessStage));
    private static readonly Choices LineTypes = Choices.Of(typeof(ValueLineType));
    private static readonly Choices Phases = Choices.Of(typeof(ThroughputPhase));
    private static readonly Choices Modes = Choices.Of(typeof(ExecutionMode));
    private static readonly Choices Outcomes = Choices.Of(typeof(ExecutionOutcome));
    private static readonly Choices MonitoringTypes = Choices.Of(typeof(MonitoringType));
    private static readonly Choices PilotStatuses = Choices.Of(typeof(PilotStatus));
    private static readonly Choices ChangeTypes = Choices.Of(typeof(ChangeType));
    private static readonly Choices DeploymentResults = Choices.Of(typeof(DeploymentResult));
    private static readonly Choices CostCategories = Choices.Of(typeof(CostCategory));
    private static readonly Choices CostPhases = Choices.Of(typeof(CostPhase));

    /// <summary>Reads one record of a kind.</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="json">One JSON object, accepted by the kind's contract.</param>
    /// <returns>The record.</returns>
    public static EvidenceRecord Read(EvidenceKind kind, ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("The JSON value could not be converted to an evidence record.");
        }

        return kind switch
        {
            EvidenceKind.WorkflowRuns => WorkflowRun(ref reader),
            EvidenceKind.Incidents => Incident(ref reader),
            EvidenceKind.Transactions => TransactionVolume(ref reader),
            EvidenceKind.ConnectorChecks => ConnectorCheck(ref reader),
            EvidenceKind.Freshness => FreshnessMeasurement(ref reader),
            EvidenceKind.ValueLines => ValueLine(ref reader),
            EvidenceKind.CaseEffort => CaseEffort(ref reader),
            EvidenceKind.Throughput => DailyThroughput(ref reader),
            EvidenceKind.ModelEvaluations => ModelEvaluation(ref reader),
            EvidenceKind.ControlExecutions => ControlExecution(ref reader),
            EvidenceKind.MonitoringChecks => MonitoringCheck(ref reader),
            EvidenceKind.Alerts => MonitoringAlert(ref reader),
            EvidenceKind.Pilots => Pilot(ref reader),
            EvidenceKind.Changes => Change(ref reader),
            EvidenceKind.AgentRuns => AgentRun(ref reader),
            EvidenceKind.WorkflowRunCounts => WorkflowRunCount(ref reader),
            EvidenceKind.Deployments => Deployment(ref reader),
            EvidenceKind.Costs => CostLine(ref reader),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown evidence kind."),
        };
    }

    private static WorkflowRun WorkflowRun(ref Utf8JsonReader r)
    {
        string? id = null, workflow = null, step = null, outcome = null;
        DateTimeOffset startedAt = default, endedAt = default;
        DateTimeOffset? collectedAt = null;
        int? transactions = null;
        while (Next(ref r))
        {
            if (Is(ref r, "id"u8)) { id = Text(ref r); }
            else if (Is(ref r, "workflow"u8)) { workflow = Text(ref r); }
            else if (Is(ref r, "step"u8)) { step = Text(ref r); }
            else if (Is(ref r, "startedAt"u8)) { startedAt = Time(ref r, "startedAt"); }
            else if (Is(ref r, "endedAt"u8)) { endedAt = Time(ref r, "endedAt"); }
            else if (Is(ref r, "outcome"u8)) { outcome = Text(ref r); }
            else if (Is(ref r, "transactions"u8)) { transactions = OptionalInt32(ref r, "transactions"); }
            else { Common(ref r, ref collectedAt); }
        }

        return new WorkflowRun { Id = id!, Workflow = workflow!, Step = step, StartedAt = startedAt, EndedAt = endedAt, Outcome = outcome!, TransactionsStated = transactions, CollectedAt = collectedAt };
    }

    private static Incident Incident(ref Utf8JsonReader r)
    {
        string? id = null, workflow = null, change = null, service = null;
        DateTimeOffset openedAt = default, detectedAt = default;
        DateTimeOffset? diagnosedAt = null, recoveredAt = null, collectedAt = null;
        var cause = default(IncidentCause);
        var requiredChange = false;
        while (Next(ref r))
        {
            if (Is(ref r, "id"u8)) { id = Text(ref r); }
            else if (Is(ref r, "workflow"u8)) { workflow = Text(ref r); }
            else if (Is(ref r, "openedAt"u8)) { openedAt = Time(ref r, "openedAt"); }
            else if (Is(ref r, "detectedAt"u8)) { detectedAt = Time(ref r, "detectedAt"); }
            else if (Is(ref r, "diagnosedAt"u8)) { diagnosedAt = OptionalTime(ref r, "diagnosedAt"); }
            else if (Is(ref r, "recoveredAt"u8)) { recoveredAt = OptionalTime(ref r, "recoveredAt"); }
            else if (Is(ref r, "cause"u8)) { cause = (IncidentCause)Choice(ref r, Causes, "cause"); }
            else if (Is(ref r, "requiredChange"u8)) { requiredChange = Boolean(ref r, "requiredChange"); }
            else if (Is(ref r, "change"u8)) { change = Text(ref r); }
            else if (Is(ref r, "service"u8)) { service = Text(ref r); }
            else { Common(ref r, ref collectedAt); }
        }

        return new Incident { Id = id!, Workflow = workflow, OpenedAt = openedAt, DetectedAt = detectedAt, DiagnosedAt = diagnosedAt, RecoveredAt = recoveredAt, Cause = cause, RequiredChange = requiredChange, Change = change, Service = service, CollectedAt = collectedAt };
    }

    private static TransactionVolume TransactionVolume(ref Utf8JsonReader r)
    {
        string? workflow = null;
        DateTimeOffset periodStart = default, periodEnd = default;
        DateTimeOffset? collectedAt = null;
        long count = 0;
        while (Next(ref r))
        {
            if (Is(ref r, "workflow"u8)) { workflow = Text(ref r); }
            else if (Is(ref r, "periodStart"u8)) { periodStart = Time(ref r, "periodStart"); }
            else if (Is(ref r, "periodEnd"u8)) { periodEnd = Time(ref r, "periodEnd"); }
            else if (Is(ref r, "count"u8)) { count = Int64(ref r, "count"); }
            else { Common(ref r, ref collectedAt); }
        }

        return new TransactionVolume { Workflow = workflow!, PeriodStart = periodStart, PeriodEnd = periodEnd, Count = count, CollectedAt = collectedAt };
    }

    private static ConnectorCheck ConnectorCheck(ref Utf8JsonReader r)
    {
        string? connector = null, schemaHash = null;
        DateOnly day = default;
        DateTimeOffset? collectedAt = null;
        var authValid = false;
        double latencyMs = 0, errorRate = 0;
        long rowsExpected = 0, rowsDelivered = 0;
        while (Next(ref r))
        {
            if (Is(ref r, "connector"u8)) { connector = Text(ref r); }
            else if (Is(ref r, "day"u8)) { day = Day(ref r, "day"); }
            else if (Is(ref r, "authValid"u8)) { authValid = Boolean(ref r, "authValid"); }
            else if (Is(ref r, "schemaHash"u8)) { schemaHash = Text(ref r); }
            else if (Is(ref r, "latencyMs"u8)) { latencyMs = Number(ref r, "latencyMs"); }
            else if (Is(ref r, "errorRate"u8)) { errorRate = Number(ref r, "errorRate"); }
            else if (Is(ref r, "rowsExpected"u8)) { rowsExpected = Int64(ref r, "rowsExpected"); }
            else if (Is(ref r, "rowsDelivered"u8)) { rowsDelivered = Int64(ref r, "rowsDelivered"); }
            else { Common(ref r, ref collectedAt); }
        }

        return new ConnectorCheck { Connector = connector!, Day = day, AuthValid = authValid, SchemaHash = schemaHash, LatencyMs = latencyMs, ErrorRate = errorRate, RowsExpected = rowsExpected, RowsDelivered = rowsDelivered, CollectedAt = collectedAt };
    }

    private static FreshnessMeasurement FreshnessMeasurement(ref Utf8JsonReader r)
    {
        string? dataset = null;
        var stage = default(FreshnessStage);
        DateTimeOffset measuredAt = default;
        DateTimeOffset? collectedAt = null;
        TimeSpan lag = default;
        while (Next(ref r))
        {
            if (Is(ref r, "dataset"u8)) { dataset = Text(ref r); }
            else if (Is(ref r, "stage"u8)) { stage = (FreshnessStage)Choice(ref r, Stages, "stage"); }
            else if (Is(ref r, "measuredAt"u8)) { measuredAt = Time(ref r, "measuredAt"); }
            else if (Is(ref r, "lag"u8)) { lag = Duration(ref r, "lag"); }
            else { Common(ref r, ref collectedAt); }
        }

        return new FreshnessMeasurement { Dataset = dataset!, Stage = stage, MeasuredAt = measuredAt, Lag = lag, CollectedAt = collectedAt };
    }

    private static ValueLine ValueLine(ref Utf8JsonReader r)
    {
        string? id = null, workflow = null, category = null, currency = null;
        var type = default(ValueLineType);
        double amount = 0;
        DateTimeOffset periodStart = default, periodEnd = default;
        DateTimeOffset? collectedAt = null;
        ImmutableSortedDictionary<string, string>? assumptions = null;
        while (Next(ref r))
        {
            if (Is(ref r, "id"u8)) { id = Text(ref r); }
            else if (Is(ref r, "workflow"u8)) { workflow = Text(ref r); }
            else if (Is(ref r, "type"u8)) { type = (ValueLineType)Choice(ref r, LineTypes, "type"); }
            else if (Is(ref r, "category"u8)) { category = Text(ref r); }
            else if (Is(ref r, "amount"u8)) { amount = Number(ref r, "amount"); }
            else if (Is(ref r, "currency"u8)) { currency = Text(ref r); }
            else if (Is(ref r, "periodStart"u8)) { periodStart = Time(ref r, "periodStart"); }
            else if (Is(ref r, "periodEnd"u8)) { periodEnd = Time(ref r, "periodEnd"); }
            else if (Is(ref r, "assumptions"u8)) { assumptions = Assumptions(ref r, "assumptions"); }
            else { Common(ref r, ref collectedAt); }
        }

        return new ValueLine { Id = id!, Workflow = workflow!, Type = type, Category = category!, Amount = amount, Currency = currency!, PeriodStart = periodStart, PeriodEnd = periodEnd, Assumptions = assumptions!, CollectedAt = collectedAt };
    }

    private static CaseEffort CaseEffort(ref Utf8JsonReader r)
    {
        string? workflow = null;
        double minutesBefore = 0, minutesAfter = 0, monthlyVolume = 0;
        var addedSteps = default(ImmutableArray<AddedStep>);
        DateTimeOffset measuredAt = default;
        DateTimeOffset? collectedAt = null;
        while (Next(ref r))
        {
            if (Is(ref r, "workflow"u8)) { workflow = Text(ref r); }
            else if (Is(ref r, "minutesBefore"u8)) { minutesBefore = Number(ref r, "minutesBefore"); }
            else if (Is(ref r, "minutesAfter"u8)) { minutesAfter = Number(ref r, "minutesAfter"); }
            else if (Is(ref r, "addedSteps"u8)) { addedSteps = AddedSteps(ref r); }
            else if (Is(ref r, "monthlyVolume"u8)) { monthlyVolume = Number(ref r, "monthlyVolume"); }
            else if (Is(ref r, "measuredAt"u8)) { measuredAt = Time(ref r, "measuredAt"); }
            else { Common(ref r, ref collectedAt); }
        }

        return new CaseEffort { Workflow = workflow!, MinutesBefore = minutesBefore, MinutesAfter = minutesAfter, AddedSteps = addedSteps, MonthlyVolume = monthlyVolume, MeasuredAt = measuredAt, CollectedAt = collectedAt };
    }

    private static DailyThroughput DailyThroughput(ref Utf8JsonReader r)
    {
        string? workflow = null;
        DateOnly day = default;
        long completed = 0;
        var phase = default(ThroughputPhase);
        DateTimeOffset? collectedAt = null;
        while (Next(ref r))
        {
            if (Is(ref r, "workflow"u8)) { workflow = Text(ref r); }
            else if (Is(ref r, "day"u8)) { day = Day(ref r, "day"); }
            else if (Is(ref r, "completed"u8)) { completed = Int64(ref r, "completed"); }
            else if (Is(ref r, "phase"u8)) { phase = (ThroughputPhase)Choice(ref r, Phases, "phase"); }
            else { Common(ref r, ref collectedAt); }
        }

        return new DailyThroughput { Workflow = workflow!, Day = day, Completed = completed, Phase = phase, CollectedAt = collectedAt };
    }

    private static ModelEvaluation ModelEvaluation(ref Utf8JsonReader r)
    {
        string? model = null, version = null, explainability = null;
        DateTimeOffset evaluatedAt = default;
        DateTimeOffset? collectedAt = null;
        ImmutableSortedDictionary<string, ImmutableSortedDictionary<string, double>>? groups = null;
        ImmutableSortedDictionary<string, bool>? privacy = null, safety = null, humanOversight = null;
        while (Next(ref r))
        {
            if (Is(ref r, "model"u8)) { model = Text(ref r); }
            else if (Is(ref r, "version"u8)) { version = Text(ref r); }
            else if (Is(ref r, "evaluatedAt"u8)) { evaluatedAt = Time(ref r, "evaluatedAt"); }
            else if (Is(ref r, "groups"u8)) { groups = Groups(ref r); }
            else if (Is(ref r, "privacy"u8)) { privacy = Checks(ref r, "privacy"); }
            else if (Is(ref r, "explainability"u8)) { explainability = Text(ref r); }
            else if (Is(ref r, "safety"u8)) { safety = Checks(ref r, "safety"); }
            else if (Is(ref r, "humanOversight"u8)) { humanOversight = Checks(ref r, "humanOversight"); }
            else { Common(ref r, ref collectedAt); }
        }

        return new ModelEvaluation { Model = model!, Version = version!, EvaluatedAt = evaluatedAt, Groups = groups!, PrivacyChecks = privacy!, Explainability = explainability!, SafetyChecks = safety!, HumanOversightChecks = humanOversight!, CollectedAt = collectedAt };
    }

    private static ControlExecution ControlExecution(ref Utf8JsonReader r)
    {
        string? id = null, control = null, enforcedAt = null;
        DateTimeOffset ranAt = default;
        DateTimeOffset? collectedAt = null;
        var mode = default(ExecutionMode);
        var outcome = default(ExecutionOutcome);
        while (Next(ref r))
        {
            if (Is(ref r, "id"u8)) { id = Text(ref r); }
            else if (Is(ref r, "control"u8)) { control = Text(ref r); }
            else if (Is(ref r, "ranAt"u8)) { ranAt = Time(ref r, "ranAt"); }
            else if (Is(ref r, "mode"u8)) { mode = (ExecutionMode)Choice(ref r, Modes, "mode"); }
            else if (Is(ref r, "outcome"u8)) { outcome = (ExecutionOutcome)Choice(ref r, Outcomes, "outcome"); }
            else if (Is(ref r, "enforcedAt"u8)) { enforcedAt = Text(ref r); }
            else { Common(ref r, ref collectedAt); }
        }

        return new ControlExecution { Id = id!, Control = control!, RanAt = ranAt, Mode = mode, Outcome = outcome, EnforcedAt = enforcedAt, CollectedAt = collectedAt };
    }

    private static MonitoringCheck MonitoringCheck(ref Utf8JsonReader r)
    {
        string? model = null;
        var type = default(MonitoringType);
        DateTimeOffset ranAt = default;
        DateTimeOffset? collectedAt = null;
        while (Next(ref r))
        {
            if (Is(ref r, "model"u8)) { model = Text(ref r); }
            else if (Is(ref r, "type"u8)) { type = (MonitoringType)Choice(ref r, MonitoringTypes, "type"); }
            else if (Is(ref r, "ranAt"u8)) { ranAt = Time(ref r, "ranAt"); }
            else { Common(ref r, ref collectedAt); }
        }

        return new MonitoringCheck { Model = model!, Type = type, RanAt = ranAt, CollectedAt = collectedAt };
    }

    private static MonitoringAlert MonitoringAlert(ref Utf8JsonReader r)
    {
        string? id = null, model = null;
        var type = default(MonitoringType);
        DateTimeOffset raisedAt = default;
        DateTimeOffset? triagedAt = null, resolvedAt = null, collectedAt = null;
        while (Next(ref r))
        {
            if (Is(ref r, "id"u8)) { id = Text(ref r); }
            else if (Is(ref r, "model"u8)) { model = Text(ref r); }
            else if (Is(ref r, "type"u8)) { type = (MonitoringType)Choice(ref r, MonitoringTypes, "type"); }
            else if (Is(ref r, "raisedAt"u8)) { raisedAt = Time(ref r, "raisedAt"); }
            else if (Is(ref r, "triagedAt"u8)) { triagedAt = OptionalTime(ref r, "triagedAt"); }
            else if (Is(ref r, "resolvedAt"u8)) { resolvedAt = OptionalTime(ref r, "resolvedAt"); }
            else { Common(ref r, ref collectedAt); }
        }

        return new MonitoringAlert { Id = id!, Model = model!, Type = type, RaisedAt = raisedAt, TriagedAt = triagedAt, ResolvedAt = resolvedAt, CollectedAt = collectedAt };
    }

    private static Pilot Pilot(ref Utf8JsonReader r)
    {
        string? id = null, onCallOwner = null, userPromise = null;
        DateTimeOffset startedAt = default;
        DateTimeOffset? productionAt = null, collectedAt = null;
        var status = default(PilotStatus);
        var monitoring = false;
        while (Next(ref r))
        {
            if (Is(ref r, "id"u8)) { id = Text(ref r); }
            else if (Is(ref r, "startedAt"u8)) { startedAt = Time(ref r, "startedAt"); }
            else if (Is(ref r, "status"u8)) { status = (PilotStatus)Choice(ref r, PilotStatuses, "status"); }
            else if (Is(ref r, "monitoring"u8)) { monitoring = Boolean(ref r, "monitoring"); }
            else if (Is(ref r, "onCallOwner"u8)) { onCallOwner = Text(ref r); }
            else if (Is(ref r, "userPromise"u8)) { userPromise = Text(ref r); }
            else if (Is(ref r, "productionAt"u8)) { productionAt = OptionalTime(ref r, "productionAt"); }
            else { Common(ref r, ref collectedAt); }
        }

        return new Pilot { Id = id!, StartedAt = startedAt, Status = status, Monitoring = monitoring, OnCallOwner = onCallOwner, UserPromise = userPromise, ProductionAt = productionAt, CollectedAt = collectedAt };
    }

    private static Change Change(ref Utf8JsonReader r)
    {
        string? id = null, deployment = null, service = null;
        var type = default(ChangeType);
        DateTimeOffset approvedAt = default;
        DateTimeOffset? firstCommitAt = null, openedAt = null, mergedAt = null, deployedAt = null, rolledBackAt = null, collectedAt = null;
        var rolledBack = false;
        while (Next(ref r))
        {
            if (Is(ref r, "id"u8)) { id = Text(ref r); }
            else if (Is(ref r, "type"u8)) { type = (ChangeType)Choice(ref r, ChangeTypes, "type"); }
            else if (Is(ref r, "approvedAt"u8)) { approvedAt = Time(ref r, "approvedAt"); }
            else if (Is(ref r, "firstCommitAt"u8)) { firstCommitAt = OptionalTime(ref r, "firstCommitAt"); }
            else if (Is(ref r, "openedAt"u8)) { openedAt = OptionalTime(ref r, "openedAt"); }
            else if (Is(ref r, "mergedAt"u8)) { mergedAt = OptionalTime(ref r, "mergedAt"); }
            else if (Is(ref r, "deployedAt"u8)) { deployedAt = OptionalTime(ref r, "deployedAt"); }
            else if (Is(ref r, "deployment"u8)) { deployment = Text(ref r); }
            else if (Is(ref r, "service"u8)) { service = Text(ref r); }
            else if (Is(ref r, "rolledBack"u8)) { rolledBack = Boolean(ref r, "rolledBack"); }
            else if (Is(ref r, "rolledBackAt"u8)) { rolledBackAt = OptionalTime(ref r, "rolledBackAt"); }
            else { Common(ref r, ref collectedAt); }
        }

        return new Change { Id = id!, Type = type, ApprovedAt = approvedAt, FirstCommitAt = firstCommitAt, OpenedAt = openedAt, MergedAt = mergedAt, DeployedAt = deployedAt, Deployment = deployment, Service = service, RolledBack = rolledBack, RolledBackAt = rolledBackAt, CollectedAt = collectedAt };
    }

    private static AgentRun AgentRun(ref Utf8JsonReader r)
    {
        string? id = null, workflow = null;
        DateTimeOffset completedAt = default;
        DateTimeOffset? startedAt = null, collectedAt = null;
        bool correct = false, humanIntervened = false;
        while (Next(ref r))
        {
            if (Is(ref r, "id"u8)) { id = Text(ref r); }
            else if (Is(ref r, "workflow"u8)) { workflow = Text(ref r); }
            else if (Is(ref r, "startedAt"u8)) { startedAt = OptionalTime(ref r, "startedAt"); }
            else if (Is(ref r, "completedAt"u8)) { completedAt = Time(ref r, "completedAt"); }
            else if (Is(ref r, "correct"u8)) { correct = Boolean(ref r, "correct"); }
            else if (Is(ref r, "humanIntervened"u8)) { humanIntervened = Boolean(ref r, "humanIntervened"); }
            else { Common(ref r, ref collectedAt); }
        }

        return new AgentRun { Id = id!, Workflow = workflow!, StartedAt = startedAt, CompletedAt = completedAt, Correct = correct, HumanIntervened = humanIntervened, CollectedAt = collectedAt };
    }

    private static WorkflowRunCount WorkflowRunCount(ref Utf8JsonReader r)
    {
        string? workflow = null, step = null, outcome = null;
        DateTimeOffset periodStart = default, periodEnd = default;
        DateTimeOffset? collectedAt = null;
        long total = 0, met = 0;
        TimeSpan? within = null;
        while (Next(ref r))
        {
            if (Is(ref r, "workflow"u8)) { workflow = Text(ref r); }
            else if (Is(ref r, "step"u8)) { step = Text(ref r); }
            else if (Is(ref r, "periodStart"u8)) { periodStart = Time(ref r, "periodStart"); }
            else if (Is(ref r, "periodEnd"u8)) { periodEnd = Time(ref r, "periodEnd"); }
            else if (Is(ref r, "total"u8)) { total = Int64(ref r, "total"); }
            else if (Is(ref r, "met"u8)) { met = Int64(ref r, "met"); }
            else if (Is(ref r, "within"u8)) { within = OptionalDuration(ref r, "within"); }
            else if (Is(ref r, "outcome"u8)) { outcome = Text(ref r); }
            else { Common(ref r, ref collectedAt); }
        }

        return new WorkflowRunCount { Workflow = workflow!, Step = step, PeriodStart = periodStart, PeriodEnd = periodEnd, Total = total, Met = met, Within = within, Outcome = outcome, CollectedAt = collectedAt };
    }

    private static Deployment Deployment(ref Utf8JsonReader r)
    {
        string? id = null, service = null, release = null, environment = null;
        var result = default(DeploymentResult);
        DateTimeOffset finishedAt = default;
        DateTimeOffset? startedAt = null, collectedAt = null;
        while (Next(ref r))
        {
            if (Is(ref r, "id"u8)) { id = Text(ref r); }
            else if (Is(ref r, "service"u8)) { service = Text(ref r); }
            else if (Is(ref r, "release"u8)) { release = Text(ref r); }
            else if (Is(ref r, "environment"u8)) { environment = Text(ref r); }
            else if (Is(ref r, "result"u8)) { result = (DeploymentResult)Choice(ref r, DeploymentResults, "result"); }
            else if (Is(ref r, "startedAt"u8)) { startedAt = OptionalTime(ref r, "startedAt"); }
            else if (Is(ref r, "finishedAt"u8)) { finishedAt = Time(ref r, "finishedAt"); }
            else { Common(ref r, ref collectedAt); }
        }

        return new Deployment { Id = id!, Service = service, Release = release, Environment = environment!, Result = result, StartedAt = startedAt, FinishedAt = finishedAt, CollectedAt = collectedAt };
    }

    private static CostLine CostLine(ref Utf8JsonReader r)
    {
        string? id = null, workflow = null, currency = null;
        var category = default(CostCategory);
        var phase = default(CostPhase);
        double? amount = null, hours = null;
        DateTimeOffset periodStart = default, periodEnd = default;
        DateTimeOffset? collectedAt = null;
        ImmutableSortedDictionary<string, string>? assumptions = null;
        while (Next(ref r))
        {
            if (Is(ref r, "id"u8)) { id = Text(ref r); }
            else if (Is(ref r, "workflow"u8)) { workflow = Text(ref r); }
            else if (Is(ref r, "category"u8)) { category = (CostCategory)Choice(ref r, CostCategories, "category"); }
            else if (Is(ref r, "phase"u8)) { phase = (CostPhase)Choice(ref r, CostPhases, "phase"); }
            else if (Is(ref r, "amount"u8)) { amount = OptionalNumber(ref r, "amount"); }
            else if (Is(ref r, "currency"u8)) { currency = Text(ref r); }
            else if (Is(ref r, "hours"u8)) { hours = OptionalNumber(ref r, "hours"); }
            else if (Is(ref r, "periodStart"u8)) { periodStart = Time(ref r, "periodStart"); }
            else if (Is(ref r, "periodEnd"u8)) { periodEnd = Time(ref r, "periodEnd"); }
            else if (Is(ref r, "assumptions"u8)) { assumptions = Assumptions(ref r, "assumptions"); }
            else { Common(ref r, ref collectedAt); }
        }

        return new CostLine { Id = id!, Workflow = workflow!, Category = category, Phase = phase, Amount = amount, Currency = currency, Hours = hours, PeriodStart = periodStart, PeriodEnd = periodEnd, Assumptions = assumptions!, CollectedAt = collectedAt };
    }

    /// <summary>Moves to the next field's name; false at the end of the object.</summary>
    private static bool Next(ref Utf8JsonReader reader) => reader.Read() && reader.TokenType == JsonTokenType.PropertyName;

    private static bool Is(ref Utf8JsonReader reader, ReadOnlySpan<byte> name) => reader.ValueTextEquals(name);

    /// <summary>
    /// The field every kind has (collectedAt). Any other field here is one the contract accepts and this reader does
    /// not know: a field added to a record and its contract but not here. Refused loudly (the differential tests
    /// read every field of every kind) rather than dropped without a word.
    /// </summary>
    private static void Common(ref Utf8JsonReader reader, ref DateTimeOffset? collectedAt)
    {
        if (!Is(ref reader, "collectedAt"u8))
        {
            throw new InvalidOperationException($"The evidence record reader does not read the field '{reader.GetString()}': add it to EvidenceRecordReader");
        }

        collectedAt = OptionalTime(ref reader, "collectedAt");
    }

    /// <summary>Text, through the load's string pool when it has one (repeated names share one string).</summary>
    private static string? Text(ref Utf8JsonReader reader)
    {
        if (!HasValue(ref reader))
        {
            return null;
        }

        if (reader.TokenType == JsonTokenType.String && !reader.HasValueSequence && !reader.ValueIsEscaped
            && StringPool.Current is { } pool && pool.Get(reader.ValueSpan) is { } pooled)
        {
            return pooled;
        }

        return reader.TokenType == JsonTokenType.String ? reader.GetString() : throw CannotConvert("System.String", null);
    }

    private static DateTimeOffset Time(ref Utf8JsonReader reader, string field) =>
        OptionalTime(ref reader, field) ?? default;

    private static DateTimeOffset? OptionalTime(ref Utf8JsonReader reader, string field) =>
        HasValue(ref reader) ? Converted(ref reader, field, StrictDateTimeOffsetConverter.ReadTime) : null;

    private static TimeSpan Duration(ref Utf8JsonReader reader, string field) =>
        OptionalDuration(ref reader, field) ?? default;

    private static TimeSpan? OptionalDuration(ref Utf8JsonReader reader, string field) =>
        HasValue(ref reader) ? Converted(ref reader, field, DurationJsonConverter.ReadDuration) : null;

    private static DateOnly Day(ref Utf8JsonReader reader, string field)
    {
        if (!HasValue(ref reader))
        {
            return default;
        }

        // As the serializer reads a DateOnly: the ISO 8601 calendar date, nothing else.
        return reader.TokenType == JsonTokenType.String
            && DateOnly.TryParseExact(reader.GetString(), "yyyy'-'MM'-'dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw CannotConvert("System.DateOnly", field);
    }

    private static double Number(ref Utf8JsonReader reader, string field) =>
        OptionalNumber(ref reader, field) ?? 0;

    private static double? OptionalNumber(ref Utf8JsonReader reader, string field) =>
        !HasValue(ref reader) ? null
        : reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var value) ? value : throw CannotConvert("System.Double", field);

    private static long Int64(ref Utf8JsonReader reader, string field) =>
        !HasValue(ref reader) ? 0
        : reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value) ? value : throw CannotConvert("System.Int64", field);

    private static int? OptionalInt32(ref Utf8JsonReader reader, string field) =>
        !HasValue(ref reader) ? null
        : reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value) ? value : throw CannotConvert("System.Nullable`1[System.Int32]", field);

    private static bool Boolean(ref Utf8JsonReader reader, string field)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False or JsonTokenType.Null => false,
            _ => throw CannotConvert("System.Boolean", field),
        };
    }

    private static int Choice(ref Utf8JsonReader reader, Choices choices, string field) =>
        !HasValue(ref reader) ? 0
        : reader.TokenType == JsonTokenType.String && choices.TryGet(reader.GetString(), out var value) ? value : throw CannotConvert(choices.TypeName, field);

    private static ImmutableSortedDictionary<string, string>? Assumptions(ref Utf8JsonReader reader, string field) =>
        HasValue(ref reader) ? Converted(ref reader, field, AssumptionsJsonConverter.ReadAssumptions) : null;

    /// <summary>
    /// A map of check name to pass or fail. Built as the serializer built it (last value of a repeated name wins;
    /// the sorted dictionary's default comparer), so the record compares, sorts and prints as before.
    /// </summary>
    private static ImmutableSortedDictionary<string, bool>? Checks(ref Utf8JsonReader reader, string field)
    {
        if (!HasValue(ref reader))
        {
            return null;
        }

        var checks = new Dictionary<string, bool>(StringComparer.Ordinal);
        Expect(ref reader, JsonTokenType.StartObject, field);
        while (Next(ref reader))
        {
            var name = reader.GetString()!;
            checks[name] = Boolean(ref reader, field + "." + name);
        }

        return ImmutableSortedDictionary.CreateRange(checks);
    }

    /// <summary>Group name to metric name to value (see <see cref="Checks"/> for how the maps are built).</summary>
    private static ImmutableSortedDictionary<string, ImmutableSortedDictionary<string, double>>? Groups(ref Utf8JsonReader reader)
    {
        if (!HasValue(ref reader))
        {
            return null;
        }

        var groups = new Dictionary<string, ImmutableSortedDictionary<string, double>>(StringComparer.Ordinal);
        Expect(ref reader, JsonTokenType.StartObject, "groups");
        while (Next(ref reader))
        {
            var group = reader.GetString()!;
            reader.Read();
            Expect(ref reader, JsonTokenType.StartObject, "groups." + group);
            var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
            while (Next(ref reader))
            {
                var metric = reader.GetString()!;
                metrics[metric] = Number(ref reader, "groups." + group + "." + metric);
            }

            groups[group] = ImmutableSortedDictionary.CreateRange(metrics);
        }

        return ImmutableSortedDictionary.CreateRange(groups);
    }

    private static ImmutableArray<AddedStep> AddedSteps(ref Utf8JsonReader reader)
    {
        if (!HasValue(ref reader))
        {
            return default;
        }

        Expect(ref reader, JsonTokenType.StartArray, "addedSteps");
        var steps = ImmutableArray.CreateBuilder<AddedStep>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            Expect(ref reader, JsonTokenType.StartObject, "addedSteps");
            string? name = null;
            double minutes = 0;
            while (Next(ref reader))
            {
                if (Is(ref reader, "name"u8)) { name = Text(ref reader); }
                else if (Is(ref reader, "minutes"u8)) { minutes = Number(ref reader, "addedSteps.minutes"); }
                else { throw new InvalidOperationException($"The evidence record reader does not read the field 'addedSteps.{reader.GetString()}': add it to EvidenceRecordReader"); }
            }

            steps.Add(new AddedStep(name!, minutes));
        }

        return steps.ToImmutable();
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType token, string field)
    {
        if (reader.TokenType != token)
        {
            throw CannotConvert(token == JsonTokenType.StartArray ? "System.Collections.Immutable.ImmutableArray" : "System.Collections.Immutable.ImmutableSortedDictionary", field);
        }
    }

    /// <summary>
    /// Moves to a field's value; false when it is null, which every reader takes as the serializer did: an absent value
    /// (null, or the type's default).
    /// </summary>
    private static bool HasValue(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType != JsonTokenType.Null;
    }

    /// <summary>
    /// A value read by one of the evidence converters, which (as the serializer's own converters) raise a
    /// <see cref="JsonException"/> without a path: the field's path is added here, so that the loader can locate the error.
    /// </summary>
    private static T Converted<T>(ref Utf8JsonReader reader, string field, ValueReader<T> read)
    {
        try
        {
            return read(ref reader);
        }
        catch (JsonException ex) when (ex.Path is null)
        {
            throw new JsonException(ex.Message, "$." + field, null, null, ex);
        }
    }

    /// <summary>The serializer's words for a value its type cannot hold, with the field's path.</summary>
    private static JsonException CannotConvert(string type, string? field) =>
        new($"The JSON value could not be converted to {type}.", field is null ? null : "$." + field, null, null);

    /// <summary>Reads one value at the reader's position (a converter's static read method).</summary>
    private delegate T ValueReader<T>(ref Utf8JsonReader reader);

    /// <summary>The words of an enum as evidence writes them (its <see cref="JsonStringEnumMemberNameAttribute"/> names).</summary>
    private sealed class Choices
    {
        private readonly Dictionary<string, int> _values;

        private Choices(string typeName, Dictionary<string, int> values)
        {
            TypeName = typeName;
            _values = values;
        }

        public string TypeName { get; }

        public static Choices Of(Type enumType)
        {
            var values = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var field in enumType.GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                var name = field.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? field.Name;
                values[name] = Convert.ToInt32(field.GetValue(null), CultureInfo.InvariantCulture);
            }

            return new Choices(enumType.FullName ?? enumType.Name, values);
        }

        public bool TryGet(string? name, out int value) => _values.TryGetValue(name ?? string.Empty, out value);
    }
}
