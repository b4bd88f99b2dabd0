// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;

namespace AiOpsPolicy.Core.Evidence.Contract;

/// <summary>
/// The evidence contract: every kind's fields, types and constraints, in one place. The loader checks
/// each record against it before reading it (so a record the contract refuses is never half-read),
/// the CSV reader types its cells by it, and the JSON Schemas in <c>schemas/evidence</c> are written
/// from it (a test fails when the committed schemas differ). Adding a kind is a record type, an
/// <see cref="EvidenceKind"/> member and an entry here; adding a reader format means turning its rows
/// into the JSON the contract checks (as CSV does), not a second set of rules.
/// </summary>
public static class EvidenceContract
{
    // Indexed by the kind's value (the kinds are numbered from 0 without gaps), not a frozen dictionary over the enum,
    // whose generic code a gate would compile just in time before reading its first record (docs/performance.md).
    private static readonly EvidenceKindContract[] ByKind = Index(Build().Concat(Counts()));

    /// <summary>Gets every kind's contract, in <see cref="EvidenceKind"/> order.</summary>
    public static ImmutableArray<EvidenceKindContract> All { get; } = ImmutableArray.Create(ByKind);

    /// <summary>Gets a kind's contract.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The contract.</returns>
    public static EvidenceKindContract For(EvidenceKind kind) =>
        (uint)kind < (uint)ByKind.Length ? ByKind[(int)kind] : throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown evidence kind.");

    private static EvidenceKindContract[] Index(IEnumerable<EvidenceKindContract> contracts)
    {
        var kinds = Enum.GetValues<EvidenceKind>();
        var byKind = new EvidenceKindContract?[kinds.Length];
        foreach (var contract in contracts)
        {
            var at = (int)contract.Kind;
            if (at < 0 || at >= byKind.Length || byKind[at] is not null)
            {
                throw new InvalidOperationException($"The evidence contract declares {contract.Kind} twice, or it is not numbered from 0 without gaps.");
            }

            byKind[at] = contract;
        }

        var complete = new EvidenceKindContract[kinds.Length];
        for (var i = 0; i < kinds.Length; i++)
        {
            complete[i] = byKind[i] is { } contract && (int)kinds[i] == i ? contract : throw new InvalidOperationException($"The evidence contract has no entry for {kinds[i]}.");
        }

        return complete;
    }

    private static IEnumerable<EvidenceKindContract> Build()
    {
        yield return Kind(
            EvidenceKind.WorkflowRuns,
            "One run of a workflow, or of one of its steps.",
            Text("id", "The run's id, unique in the evidence.", required: true),
            Name("workflow", "The workflow's name, as declared by a Workflow document.", required: true),
            Text("step", "The step's name, as declared in the workflow. Absent: the record is a whole run."),
            Time("startedAt", "When the run started.", required: true),
            Time("endedAt", "When the run ended; not before startedAt.", required: true),
            Name("outcome", "The run's quality outcome: ok, routed-correctly, manual-review-needed, or a custom kebab-case word.", required: true),
            Integer("transactions", "How many transactions the run handled. Default 1.", max: int.MaxValue));

        yield return Kind(
            EvidenceKind.Incidents,
            "One production incident.",
            Text("id", "The incident's id.", required: true),
            Name("workflow", "The workflow the incident affected."),
            Time("openedAt", "When the incident started (the first user impact).", required: true),
            Time("detectedAt", "When monitoring or a person detected it.", required: true),
            Time("diagnosedAt", "When the cause was diagnosed; not before detectedAt."),
            Time("recoveredAt", "When service was restored; not before detectedAt or diagnosedAt. Absent: the incident is still open."),
            Choice("cause", "What caused the incident.", ["model", "data-pipeline", "prompt", "workflow-logic", "vendor-outage", "other"], required: true),
            Boolean("requiredChange", "Whether recovery required a change (to a model, prompt, pipeline or workflow), as opposed to a restart or waiting out a vendor.", required: true),
            Text("change", "The id of the change that caused the incident, if one did."),
            Text("service", "The service, repository or board the incident was raised against, as the source system names it (a declared workflow name, or one of its externalIds); deployment attribution matches it with the deployments' service. Absent: the workflow it affected stands for its service."));

        yield return Kind(
            EvidenceKind.Transactions,
            "The number of transactions a workflow handled in one period.",
            Name("workflow", "The workflow's name.", required: true),
            Time("periodStart", "The start of the period (inclusive).", required: true),
            Time("periodEnd", "The end of the period (exclusive); not before periodStart.", required: true),
            Integer("count", "The number of transactions in the period.", required: true));

        yield return Kind(
            EvidenceKind.ConnectorChecks,
            "One connector's daily check results.",
            Name("connector", "The connector's name, as declared by a Connector document.", required: true),
            Day("day", "The day checked.", required: true),
            Boolean("authValid", "Whether authentication was valid.", required: true),
            Text("schemaHash", "The hash of the schema the connector saw, such as sha256:9f2c...."),
            Number("latencyMs", "The measured latency in milliseconds.", required: true),
            Number("errorRate", "The share of calls or rows that failed.", required: true, max: 1),
            Integer("rowsExpected", "The number of rows the source said it sent.", required: true),
            Integer("rowsDelivered", "The number of rows that arrived.", required: true));

        yield return Kind(
            EvidenceKind.Freshness,
            "One measurement of how far a dataset lags behind its source at one stage.",
            Text("dataset", "The dataset's name.", required: true),
            Choice("stage", "The hop measured.", ["source-to-pipeline", "pipeline-to-feature-store", "feature-store-to-dashboard"], required: true),
            Time("measuredAt", "When the lag was measured.", required: true),
            Field("lag", EvidenceFieldType.Duration, "The lag.", required: true) with { Minimum = 0 });

        yield return Kind(
            EvidenceKind.ValueLines,
            "One line of a workflow's business case: a benefit or a cost over a period.",
            Text("id", "The line's id.", required: true),
            Name("workflow", "The workflow the line belongs to.", required: true),
            Choice("type", "Whether the line is a benefit or a cost.", ["benefit", "cost"], required: true),
            Text("category", "What kind of benefit or cost, such as agent-time or inference.", required: true),
            Number("amount", "The amount, in currency units, for the period. A cost is a cost line with a positive amount, never a negative benefit.", required: true),
            Field("currency", EvidenceFieldType.Text, "The ISO 4217 currency code, such as EUR or USD.", required: true) with { Pattern = "^[A-Z]{3}$" },
            Time("periodStart", "The start of the period.", required: true),
            Time("periodEnd", "The end of the period; not before periodStart.", required: true),
            Field("assumptions", EvidenceFieldType.Map, "The assumptions behind the amount, such as volume, wageRate, errorCost.") with
            {
                Item = Field("assumption", EvidenceFieldType.Scalar, "An assumption's value: text, a number or true/false.", required: true),
            });

        yield return Kind(
            EvidenceKind.CaseEffort,
            "The human effort one case of a workflow takes, before and after automation.",
            Name("workflow", "The workflow's name.", required: true),
            Number("minutesBefore", "Minutes of human effort per case before automation.", required: true),
            Number("minutesAfter", "Minutes of human effort per case after automation.", required: true),
            Field("addedSteps", EvidenceFieldType.List, "Steps the automation added for people (review, correction), with their minutes per case.") with
            {
                Fields = [Text("name", "The step's name.", required: true), Number("minutes", "Minutes per case.", required: true)],
            },
            Number("monthlyVolume", "Cases per month.", required: true),
            Time("measuredAt", "When the effort was measured.", required: true));

        yield return Kind(
            EvidenceKind.Throughput,
            "How many cases a workflow completed on one day, before or after automation.",
            Name("workflow", "The workflow's name.", required: true),
            Day("day", "The day counted.", required: true),
            Integer("completed", "Cases completed that day.", required: true),
            Choice("phase", "Whether the day is from the baseline (before automation) or after it.", ["baseline", "after"], required: true));

        yield return Kind(
            EvidenceKind.ModelEvaluations,
            "One evaluation of one model version against responsible-AI checks.",
            Text("model", "The model's name, such as triage-classifier.", required: true),
            Text("version", "The model version evaluated. Versions of dot-separated numbers (1.10.0, v2.1, 1.0.0-rc.1) compare numerically, with semantic-version pre-release rules; other versions compare as text.", required: true),
            Time("evaluatedAt", "When the evaluation ran.", required: true),
            Field("groups", EvidenceFieldType.Map, "Metrics per group, such as en or es.") with
            {
                Item = Field("group", EvidenceFieldType.Map, "One group's metrics: metric name (such as accuracy) to value.", required: true) with
                {
                    Item = Number("metric", "The metric's value for the group.", required: true, min: null),
                },
            },
            Checks("privacy", "Privacy checks, such as {\"pii-leak-test\": true}."),
            Choice("explainability", "The level of explanation the model offers.", ["none", "global", "local", "full"], required: true),
            Checks("safety", "Safety checks, such as {\"toxicity\": true, \"jailbreak\": true}."),
            Checks("humanOversight", "Human-oversight checks, such as {\"override-available\": true}."));

        yield return Kind(
            EvidenceKind.ControlExecutions,
            "One execution of a governance control.",
            Text("id", "The execution's id.", required: true),
            Name("control", "The control's name, as declared by a Control document.", required: true),
            Time("ranAt", "When the control ran.", required: true),
            Choice("mode", "How the control ran.", ["automated", "manual"], required: true),
            Choice("outcome", "The result of the run.", ["pass", "fail", "error"], required: true),
            Choice("enforcedAt", "Where this execution enforced the control.", ["ci", "cd-gate", "feature-store", "model-registry", "data-pipeline", "runtime", "ticketing", "manual"]));

        yield return Kind(
            EvidenceKind.MonitoringChecks,
            "One run of a drift or bias monitor on a model.",
            Text("model", "The model monitored.", required: true),
            Choice("type", "What the monitor looks for.", ["drift", "bias"], required: true),
            Time("ranAt", "When the monitor ran.", required: true));

        yield return Kind(
            EvidenceKind.Alerts,
            "One drift or bias alert raised on a model.",
            Text("id", "The alert's id.", required: true),
            Text("model", "The model the alert is about.", required: true),
            Choice("type", "What the alert is about.", ["drift", "bias"], required: true),
            Time("raisedAt", "When the alert was raised.", required: true),
            Time("triagedAt", "When someone triaged it; not before raisedAt."),
            Time("resolvedAt", "When it was resolved; not before raisedAt."));

        yield return Kind(
            EvidenceKind.Pilots,
            "One AI pilot and how far it has got.",
            Text("id", "The pilot's id.", required: true),
            Time("startedAt", "When the pilot started.", required: true),
            Choice("status", "Where the pilot is now.", ["exploring", "pilot", "production", "retired"], required: true),
            Boolean("monitoring", "Whether the pilot has monitoring in place.", required: true),
            Text("onCallOwner", "Who is on call for it."),
            Text("userPromise", "What it promises its users, in one sentence."),
            Time("productionAt", "When it went to production."));

        yield return Kind(
            EvidenceKind.Changes,
            "One approved change to a model, prompt, policy or pipeline.",
            Text("id", "The change's id.", required: true),
            Choice("type", "What was changed.", ["model", "prompt", "policy", "pipeline"], required: true),
            Time("approvedAt", "When the change was approved (the merge time when the source has no approval time).", required: true),
            Time("firstCommitAt", "When the change's first commit was authored."),
            Time("openedAt", "When its pull or merge request was opened."),
            Time("mergedAt", "When it was merged; not before openedAt."),
            Time("deployedAt", "When it reached production: the finish of the first successful production deployment that contains it. May be before approvedAt or mergedAt when the source says so; lead-time metrics then leave the change out and count it."),
            Text("deployment", "The id of the deployment (deployments evidence) that brought it to production."),
            Text("service", "The service or repository the change belongs to, as the source system names it (a declared workflow name, or one of its externalIds)."),
            Boolean("rolledBack", "Whether the change was rolled back.", required: true),
            Time("rolledBackAt", "When it was rolled back; not before deployedAt. Required when rolledBack is true."));

        yield return Kind(
            EvidenceKind.AgentRuns,
            "One completed run of an AI agent in a workflow.",
            Text("id", "The run's id.", required: true),
            Name("workflow", "The workflow's name.", required: true),
            Time("startedAt", "When the run started; not after completedAt. Optional: AgentSuccess places runs by it when asked (placement: WindowPlacement.Start)."),
            Time("completedAt", "When the run completed.", required: true),
            Boolean("correct", "Whether the agent's result was correct.", required: true),
            Boolean("humanIntervened", "Whether a person had to step in.", required: true));
    }

    private static IEnumerable<EvidenceKindContract> Counts()
    {
        yield return Kind(
            EvidenceKind.WorkflowRunCounts,
            "The runs of a workflow (or of one of its steps) that ended in one period, counted: how many ended and how many met a time and quality target, as a latency histogram gives them. SLA attainment uses a period only when it lies wholly in the window and was counted against the SLA's own targets.",
            Name("workflow", "The workflow's name.", required: true),
            Name("step", "The step's name; absent for whole runs."),
            Time("periodStart", "The start of the period (exclusive: a run that ended exactly then belongs to the period before, as a Prometheus counter increase does).", required: true),
            Time("periodEnd", "The end of the period (inclusive); after periodStart.", required: true),
            Integer("total", "How many runs ended in the period.", required: true),
            Integer("met", "How many of them met the time target (within) and the quality target (outcome); at most total.", required: true),
            Field("within", EvidenceFieldType.Duration, "The time target the met runs were counted against; absent when time was not counted. At least one of within and outcome is required, and within is more than 0.") with { Minimum = 0 },
            Text("outcome", "The quality outcome the met runs had, such as routed-correctly; absent when quality was not counted."));

        yield return Kind(
            EvidenceKind.Deployments,
            "One deployment of a service to an environment and how it ended. The DORA metrics count successful deployments to production.",
            Text("id", "The deployment's id, unique in the evidence.", required: true),
            Text("service", "The service (or repository, or CI/CD scope) deployed, as the source system names it: a declared workflow name, or one of its externalIds."),
            Text("release", "The release this deployment is part of, when one pipeline run deploys several services or repositories together (DevLake's cicd_deployment_id). Deployment frequency and change failure rate count releases (a release finishes when its last successful production deployment does); an incident is attributed to the release of the latest deployment finished before it. Absent: the deployment is a release of its own."),
            Name("environment", "The environment: production, staging, or another kebab-case name.", required: true),
            Choice("result", "How the deployment ended.", ["success", "failure", "aborted"], required: true),
            Time("startedAt", "When it started."),
            Time("finishedAt", "When it finished; not before startedAt.", required: true));

        yield return Kind(
            EvidenceKind.Costs,
            "One cost line of a workflow over a period, before the AI (baseline) or with it (current): money for cloud and vendor costs, hours for labour. CostSavings compares them per category.",
            Text("id", "The line's id.", required: true),
            Name("workflow", "The workflow the cost belongs to.", required: true),
            Choice("category", "What the cost is spent on.", ["cloud", "vendor", "labour"], required: true),
            Choice("phase", "baseline: before the AI, the cost being reduced; current: with the AI.", ["baseline", "current"], required: true),
            Number("amount", "The money spent over the period, in currency units; not negative. Give amount or hours, not both."),
            Field("currency", EvidenceFieldType.Text, "The ISO 4217 currency code of amount, such as EUR or USD; required with amount.") with { Pattern = "^[A-Z]{3}$" },
            Number("hours", "Hours of work over the period (labour lines), converted to money at the rate CostSavings is given; not negative."),
            Time("periodStart", "The start of the period.", required: true),
            Time("periodEnd", "The end of the period; after periodStart.", required: true),
            Field("assumptions", EvidenceFieldType.Map, "The assumptions behind the line, such as instanceHours or seats.") with
            {
                Item = Field("assumption", EvidenceFieldType.Scalar, "An assumption's value: text, a number or true/false.", required: true),
            });
    }

    private static EvidenceKindContract Kind(EvidenceKind kind, string description, params EvidenceField[] fields) =>
        new(kind, description, [.. fields, Time("collectedAt", "When this record was collected. Defaults to the file's collectedAt.")]);

    private static EvidenceField Field(string name, EvidenceFieldType type, string description, bool required = false) =>
        new() { Name = name, Type = type, Description = description, Required = required };

    private static EvidenceField Text(string name, string description, bool required = false) =>
        Field(name, EvidenceFieldType.Text, description, required) with { MinLength = 1 };

    private static EvidenceField Name(string name, string description, bool required = false) =>
        Field(name, EvidenceFieldType.Text, description, required) with { MinLength = 1, Pattern = EvidenceField.KebabCase };

    private static EvidenceField Time(string name, string description, bool required = false) =>
        Field(name, EvidenceFieldType.Time, description, required);

    private static EvidenceField Day(string name, string description, bool required = false) =>
        Field(name, EvidenceFieldType.Day, description, required);

    private static EvidenceField Boolean(string name, string description, bool required = false) =>
        Field(name, EvidenceFieldType.Boolean, description, required);

    private static EvidenceField Number(string name, string description, bool required = false, double? min = 0, double? max = null) =>
        Field(name, EvidenceFieldType.Number, description, required) with { Minimum = min, Maximum = max };

    private static EvidenceField Integer(string name, string description, bool required = false, long max = long.MaxValue) =>
        Field(name, EvidenceFieldType.WholeNumber, description, required) with { Minimum = 0, Maximum = max };

    private static EvidenceField Choice(string name, string description, ImmutableArray<string> values, bool required = false) =>
        Field(name, EvidenceFieldType.Choice, description, required) with { Values = values };

    private static EvidenceField Checks(string name, string description) =>
        Field(name, EvidenceFieldType.Map, description + " An object of check name to pass (true) or fail (false).") with
        {
            Item = Boolean("check", "Whether the check passed.", required: true),
        };
}
