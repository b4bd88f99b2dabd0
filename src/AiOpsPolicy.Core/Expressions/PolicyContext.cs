// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Metrics;
using AiOpsPolicy.Core.Model;
using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Core.Expressions;

/// <summary>
/// What a policy expression sees. The compiler turns every expression of a policy set into a member
/// of one class derived from this one, so expressions call these members directly, typed:
/// <c>SlaAttainment("ticket-triage") &gt;= 0.95</c>, <c>Evidence.Incidents.Count(i =&gt; i.IsOpen)</c>.
/// </summary>
public abstract class PolicyContext
{
    private IExpressionScope? _scope;
    private EvidenceView? _evidence;

    /// <summary>Gets the evaluation time: <c>--as-of</c>, or the time the run started. Expressions never read the clock.</summary>
    public DateTimeOffset Now => Scope.Now;

    /// <summary>Gets the evidence records, typed.</summary>
    public EvidenceView Evidence => _evidence ??= new EvidenceView(Scope);

    /// <summary>Gets the declared workflows by name.</summary>
    public DeclaredObjects<Workflow> Workflows => new(Scope.Policies.Workflows);

    /// <summary>Gets the declared connectors by name.</summary>
    public DeclaredObjects<Connector> Connectors => new(Scope.Policies.Connectors);

    /// <summary>Gets the declared controls by name.</summary>
    public DeclaredObjects<Control> Controls => new(Scope.Policies.Controls);

    /// <summary>Gets the declared rubrics by name.</summary>
    public DeclaredObjects<Rubric> Rubrics => new(Scope.Policies.Rubrics);

    /// <summary>Gets the policy set's default metric window.</summary>
    public Window DefaultWindow => Scope.Policies.DefaultWindow;

    private IExpressionScope Scope => _scope ?? throw new InvalidOperationException("The policy context is used outside an evaluation.");

    /// <summary>A duration of days.</summary>
    /// <param name="days">How many days.</param>
    /// <returns>The duration.</returns>
    public static TimeSpan Days(double days) => TimeSpan.FromDays(days);

    /// <summary>A duration of hours.</summary>
    /// <param name="hours">How many hours.</param>
    /// <returns>The duration.</returns>
    public static TimeSpan Hours(double hours) => TimeSpan.FromHours(hours);

    /// <summary>A duration of minutes.</summary>
    /// <param name="minutes">How many minutes.</param>
    /// <returns>The duration.</returns>
    public static TimeSpan Minutes(double minutes) => TimeSpan.FromMinutes(minutes);

    /// <summary>A duration of seconds.</summary>
    /// <param name="seconds">How many seconds.</param>
    /// <returns>The duration.</returns>
    public static TimeSpan Seconds(double seconds) => TimeSpan.FromSeconds(seconds);

    /// <summary>The window of the given length ending at the evaluation time.</summary>
    /// <param name="length">The window's length.</param>
    /// <returns>The window.</returns>
    public static Window Last(TimeSpan length) => new(length);

    /// <summary>The window of the given length just before the last one, for period-over-period rules.</summary>
    /// <param name="length">The window's length.</param>
    /// <returns>The window.</returns>
    public static Window Previous(TimeSpan length) => new(length, 1);

    /// <summary>
    /// Whether a regular expression matches, with the engine's match timeout: catastrophic
    /// backtracking ends this gate with a RegexMatchTimeoutException instead of spinning.
    /// </summary>
    /// <param name="input">The text.</param>
    /// <param name="pattern">The pattern.</param>
    /// <returns>True when it matches.</returns>
    public static bool IsMatch(string input, string pattern) =>
        System.Text.RegularExpressions.Regex.IsMatch(input, pattern, System.Text.RegularExpressions.RegexOptions.CultureInvariant, EngineSetup.RegexMatchTimeout);

    /// <summary>The first match of a regular expression, with the engine's match timeout.</summary>
    /// <param name="input">The text.</param>
    /// <param name="pattern">The pattern.</param>
    /// <returns>The match; check <c>Success</c>.</returns>
    public static System.Text.RegularExpressions.Match RegexMatch(string input, string pattern) =>
        System.Text.RegularExpressions.Regex.Match(input, pattern, System.Text.RegularExpressions.RegexOptions.CultureInvariant, EngineSetup.RegexMatchTimeout);

    /// <summary>A percentage as a fraction: <c>Percent(95)</c> is 0.95.</summary>
    /// <param name="percent">The percentage.</param>
    /// <returns>The fraction.</returns>
    public static double Percent(double percent) => percent / 100.0;

    // Reliability

    /// <summary>
    /// Metric 1, SLA attainment: the share of runs that ended in the window (or started in it, placed by their start)
    /// and met both the time and the quality target of the workflow (whole runs) or of one of its steps.
    /// </summary>
    /// <param name="workflow">The workflow's name.</param>
    /// <param name="step">A step's name, or null for whole runs.</param>
    /// <param name="window">The window; the policy set's default when null.</param>
    /// <param name="runs">
    /// With no step: WholeRuns (default), the workflow's whole runs against its own SLA; or AllSteps, every step's runs
    /// pooled (runs x steps), each judged against its own step's SLA.
    /// </param>
    /// <param name="placement">
    /// What places a run in the window: its end (default, End) or its start (Start). Counted runs hold runs by their end:
    /// placed by start, a counted period in the window makes the metric insufficient.
    /// </param>
    /// <returns>The share, with the counts behind it.</returns>
    [MetricUnit(QuantityKind.Percentage)]
    public MetricValue SlaAttainment([PolicyReference(PolicyKind.Workflow)] string workflow, [StepReference] string? step = null, Window? window = null, SlaRuns? runs = null, WindowPlacement? placement = null) =>
        Scope.Metric(MetricCalls.SlaAttainment(DefaultWindow, workflow, step, window, runs, placement));

    /// <summary>
    /// Metric 2, incident rate: incidents detected in the window that required a change to the model,
    /// data pipeline, prompt or workflow logic, per 1,000 transactions.
    /// </summary>
    /// <param name="workflow">The workflow's name, or null for all.</param>
    /// <param name="window">The window; the policy set's default when null.</param>
    /// <returns>The rate per 1,000 transactions.</returns>
    [MetricUnit(QuantityKind.Number)]
    public MetricValue IncidentRate([PolicyReference(PolicyKind.Workflow)] string? workflow = null, Window? window = null) =>
        Scope.Metric(MetricCalls.IncidentRate(DefaultWindow, workflow, window));

    /// <summary>Metric 3, time to recover (detection to recovery) of incidents detected in the window.</summary>
    /// <param name="workflow">The workflow's name, or null for all.</param>
    /// <param name="window">The window; the policy set's default when null.</param>
    /// <param name="aggregation">Mean (default), median, a percentile or max.</param>
    /// <param name="rounding">How each duration is rounded: none (default), or up or down to the minute.</param>
    /// <param name="placement">What places an incident in the window: its detection (default, Start) or its recovery (End).</param>
    /// <returns>The duration.</returns>
    [MetricUnit(QuantityKind.Duration)]
    public MetricValue TimeToRecover([PolicyReference(PolicyKind.Workflow)] string? workflow = null, Window? window = null, Aggregation? aggregation = null, DurationRounding? rounding = null, WindowPlacement? placement = null) =>
        Scope.Metric(MetricCalls.TimeToRecover(DefaultWindow, workflow, window, aggregation, rounding, placement));

    /// <summary>Metric 3, mean time to recover: <see cref="TimeToRecover"/> with the mean.</summary>
    /// <param name="workflow">The workflow's name, or null for all.</param>
    /// <param name="window">The window; the policy set's default when null.</param>
    /// <returns>The mean duration.</returns>
    [MetricUnit(QuantityKind.Duration)]
    public MetricValue MeanTimeToRecover([PolicyReference(PolicyKind.Workflow)] string? workflow = null, Window? window = null) =>
        Scope.Metric(MetricCalls.MeanTimeToRecover(DefaultWindow, workflow, window));

    /// <summary>Metric 3, time to diagnose: detection to diagnosis.</summary>
    /// <param name="workflow">The workflow's name, or null for all.</param>
    /// <param name="window">The window; the policy set's default when null.</param>
    /// <param name="aggregation">Mean (default), median, a percentile (nearest rank or linear) or max.</param>
    /// <param name="rounding">How each duration is rounded: none (default), or up or down to the minute.</param>
    /// <returns>The duration.</returns>
    [MetricUnit(QuantityKind.Duration)]
    public MetricValue TimeToDiagnose([PolicyReference(PolicyKind.Workflow)] string? workflow = null, Window? window = null, Aggregation? aggregation = null, DurationRounding? rounding = null) =>
        Scope.Metric(MetricCalls.TimeToDiagnose(DefaultWindow, workflow, window, aggregation, rounding));

    /// <summary>Metric 3, time to fix: diagnosis to recovery.</summary>
    /// <param name="workflow">The workflow's name, or null for all.</param>
    /// <param name="window">The window; the policy set's default when null.</param>
    /// <param name="aggregation">Mean (default), median, a percentile (nearest rank or linear) or max.</param>
    /// <param name="rounding">How each duration is rounded: none (default), or up or down to the minute.</param>
    /// <returns>The duration.</returns>
    [MetricUnit(QuantityKind.Duration)]
    public MetricValue TimeToFix([PolicyReference(PolicyKind.Workflow)] string? workflow = null, Window? window = null, Aggregation? aggregation = null, DurationRounding? rounding = null) =>
        Scope.Metric(MetricCalls.TimeToFix(DefaultWindow, workflow, window, aggregation, rounding));

    // Data and systems

    /// <summary>
    /// Metric 4, data freshness: the lag of a dataset (at one stage, or all), median by default; with no dataset,
    /// organisation-wide: every dataset's measurements pooled into one aggregate.
    /// </summary>
    /// <param name="dataset">The dataset's name, or null for every dataset (pooled measurements).</param>
    /// <param name="stage">The stage, or null for every stage.</param>
    /// <param name="window">The window measurements must fall in; the policy set's default when null.</param>
    /// <param name="aggregation">Median (default), mean, a percentile (nearest rank or linear) or max.</param>
    /// <param name="rounding">How each lag is rounded before it is aggregated: none (default), up or down to the minute.</param>
    /// <returns>The lag.</returns>
    [MetricUnit(QuantityKind.Duration)]
    public MetricValue Freshness(string? dataset = null, FreshnessStage? stage = null, Window? window = null, Aggregation? aggregation = null, DurationRounding? rounding = null) =>
        Scope.Metric(MetricCalls.Freshness(DefaultWindow, dataset, stage, window, aggregation, rounding));

    /// <summary>Metric 4, the share of a dataset's lag measurements over a target.</summary>
    /// <param name="dataset">The dataset's name, or null for every dataset (pooled measurements).</param>
    /// <param name="target">The lag target.</param>
    /// <param name="stage">The stage, or null for every stage.</param>
    /// <param name="window">The window; the policy set's default when null.</param>
    /// <returns>The share over target.</returns>
    [MetricUnit(QuantityKind.Percentage)]
    public MetricValue StaleShare(string? dataset, TimeSpan target, FreshnessStage? stage = null, Window? window = null) =>
        Scope.Metric(MetricCalls.StaleShare(DefaultWindow, dataset, target, stage, window));

    /// <summary>
    /// Metric 5, integration health: the share of critical connectors whose daily checks in the window
    /// all passed, silent partial loads included.
    /// </summary>
    /// <param name="window">The window; the policy set's default when null.</param>
    /// <returns>The share.</returns>
    [MetricUnit(QuantityKind.Percentage)]
    public MetricValue IntegrationHealth(Window? window = null) =>
        Scope.Metric(MetricCalls.IntegrationHealth(DefaultWindow, window));

    /// <summary>Metric 6, fragmented-systems index: the distinct systems a workflow touches from trigger to reporting.</summary>
    /// <param name="workflow">The workflow's name.</param>
    /// <returns>The number of distinct systems, with handoffs and duplicate sources in the explanation.</returns>
    [MetricUnit(QuantityKind.Number)]
    public MetricValue FragmentationIndex([PolicyReference(PolicyKind.Workflow)] string workflow) =>
        Scope.Metric(MetricCalls.FragmentationIndex(workflow));

    /// <summary>Metric 6, the handoffs between systems along a workflow's steps.</summary>
    /// <param name="workflow">The workflow's name.</param>
    /// <returns>The number of handoffs.</returns>
    [MetricUnit(QuantityKind.Number)]
    public MetricValue Handoffs([PolicyReference(PolicyKind.Workflow)] string workflow) =>
        Scope.Metric(MetricCalls.Handoffs(workflow));

    /// <summary>Metric 6, duplicate sources: systems a workflow reads the same data from more than once.</summary>
    /// <param name="workflow">The workflow's name.</param>
    /// <returns>The number of duplicate sources.</returns>
    [MetricUnit(QuantityKind.Number)]
    public MetricValue DuplicateSources([PolicyReference(PolicyKind.Workflow)] string workflow) =>
        Scope.Metric(MetricCalls.DuplicateSources(workflow));

    // Value

    /// <summary>Metric 7, ROI = (benefits - costs) / costs over the window, with the assumptions listed.</summary>
    /// <param name="workflow">The workflow's name, or null for all.</param>
    /// <param name="window">The window; the policy set's default when null.</param>
    /// <returns>The ROI as a fraction (1.5 is 150%).</returns>
    [MetricUnit(QuantityKind.Percentage)]
    public MetricValue Roi([PolicyReference(PolicyKind.Workflow)] string? workflow = null, Window? window = null) =>
        Scope.Metric(MetricCalls.Roi(DefaultWindow, workflow, window));

    /// <summary>
    /// Cost savings: the hard-money reduction against the baseline, per category (cloud, vendor, labour hours at
    /// <paramref name="labourRate"/>): the baseline's cost per day prices the days the current lines (period started in
    /// the window) cover, minus what they cost. Positive is money saved.
    /// </summary>
    /// <param name="workflow">The workflow's name, or null for the total over every workflow (each against its own baseline).</param>
    /// <param name="window">The window; the policy set's default when null.</param>
    /// <param name="labourRate">What one labour hour costs, in the lines' currency; required when labour lines give hours.</param>
    /// <returns>The savings, in the lines' currency.</returns>
    [MetricUnit(QuantityKind.Number)]
    public MetricValue CostSavings([PolicyReference(PolicyKind.Workflow)] string? workflow = null, Window? window = null, double? labourRate = null) =>
        Scope.Metric(MetricCalls.CostSavings(DefaultWindow, workflow, window, labourRate));

    /// <summary>
    /// Metric 8, work removed in hours per month: (baseline minutes per case - minutes per case after,
    /// including steps the AI added) x monthly volume / 60, from the latest case-effort measurement.
    /// </summary>
    /// <param name="workflow">The workflow's name, or null for the total over every workflow (each from its latest measurement, one line each in the explanation).</param>
    /// <returns>Hours per month.</returns>
    [MetricUnit(QuantityKind.Number)]
    public MetricValue WorkRemoved([PolicyReference(PolicyKind.Workflow)] string? workflow = null) =>
        Scope.Metric(MetricCalls.WorkRemoved(workflow));

    /// <summary>Metric 9, throughput: cases completed per day after go-live, in the window.</summary>
    /// <param name="workflow">The workflow's name, or null for the total over every workflow (the sum of each one's cases per day, one line each in the explanation).</param>
    /// <param name="window">The window; the policy set's default when null.</param>
    /// <returns>Cases per day.</returns>
    [MetricUnit(QuantityKind.Number)]
    public MetricValue Throughput([PolicyReference(PolicyKind.Workflow)] string? workflow = null, Window? window = null) =>
        Scope.Metric(MetricCalls.Throughput(DefaultWindow, workflow, window));

    /// <summary>Metric 9, throughput change against the baseline (before go-live) as a fraction.</summary>
    /// <param name="workflow">The workflow's name, or null for every workflow (the sums of their after and baseline means).</param>
    /// <param name="window">The window of the after-phase days; the policy set's default when null.</param>
    /// <returns>The change (0.2 is 20% more cases per day).</returns>
    [MetricUnit(QuantityKind.Percentage)]
    public MetricValue ThroughputChange([PolicyReference(PolicyKind.Workflow)] string? workflow = null, Window? window = null) =>
        Scope.Metric(MetricCalls.ThroughputChange(DefaultWindow, workflow, window));

    // Risk

    /// <summary>Metric 10, responsible-AI scorecard: the share of models whose latest evaluation passes every check of a rubric.</summary>
    /// <param name="rubric">The rubric's name.</param>
    /// <returns>The share.</returns>
    [MetricUnit(QuantityKind.Percentage)]
    public MetricValue RaiScorecard([PolicyReference(PolicyKind.Rubric)] string rubric) =>
        Scope.Metric(MetricCalls.RaiScorecard(rubric));

    /// <summary>
    /// Metric 11, compliance automation coverage: required controls that are automated and evidenced
    /// (an automated run within their cadence) over required controls.
    /// </summary>
    /// <param name="enforcedAt">Only controls enforced here (ci, cd-gate, ...); null for all.</param>
    /// <returns>The share.</returns>
    [MetricUnit(QuantityKind.Percentage)]
    public MetricValue ComplianceCoverage(string? enforcedAt = null) =>
        Scope.Metric(MetricCalls.ComplianceCoverage(enforcedAt));

    /// <summary>Metric 12, monitoring cadence: the time between consecutive drift or bias checks, per model, median by default (max: the worst gap).</summary>
    /// <param name="model">The model's name, or null for every model.</param>
    /// <param name="type">Drift or bias, or null for both.</param>
    /// <param name="window">The window; the policy set's default when null.</param>
    /// <param name="aggregation">Median (default), mean, a percentile (nearest rank or linear), or max for the worst gap.</param>
    /// <param name="rounding">How each gap is rounded before it is aggregated: none (default), or up or down to the minute.</param>
    /// <returns>The gap.</returns>
    [MetricUnit(QuantityKind.Duration)]
    public MetricValue MonitoringGap(string? model = null, MonitoringType? type = null, Window? window = null, Aggregation? aggregation = null, DurationRounding? rounding = null) =>
        Scope.Metric(MetricCalls.MonitoringGap(DefaultWindow, model, type, window, aggregation, rounding));

    /// <summary>Metric 12, the share of drift and bias alerts raised in the window that were triaged within an SLA.</summary>
    /// <param name="sla">How soon an alert must be triaged.</param>
    /// <param name="model">The model's name, or null for every model.</param>
    /// <param name="window">The window; the policy set's default when null.</param>
    /// <returns>The share.</returns>
    [MetricUnit(QuantityKind.Percentage)]
    public MetricValue AlertsTriagedWithin(TimeSpan sla, string? model = null, Window? window = null) =>
        Scope.Metric(MetricCalls.AlertsTriagedWithin(DefaultWindow, sla, model, window));

    // Scale

    /// <summary>Metric 13, experiment-to-operations conversion: pilots started in the cohort window that became owned production services.</summary>
    /// <param name="cohort">The window pilots must have started in; the policy set's default when null.</param>
    /// <param name="lag">
    /// How long before the evaluation time the cohort window ends (default zero: it ends then). A cohort of pilots started in
    /// [asOf - lag - cohort, asOf - lag): pilots younger than the lag have not had time to convert and are not counted as not converted.
    /// </param>
    /// <returns>The share.</returns>
    [MetricUnit(QuantityKind.Percentage)]
    public MetricValue PilotConversion(Window? cohort = null, TimeSpan? lag = null) =>
        Scope.Metric(MetricCalls.PilotConversion(DefaultWindow, cohort, lag));

    /// <summary>
    /// Metric 14, time to deploy a safe change: approved PR to production, for changes deployed in the
    /// window and not rolled back within the safety window; median by default.
    /// </summary>
    /// <param name="window">The window changes must be deployed in; the policy set's default when null.</param>
    /// <param name="aggregation">Median (default), mean, a percentile or max.</param>
    /// <param name="safetyWindow">How long a change must stay in production to count as safe (default 7 days).</param>
    /// <param name="type">Only changes of this type, or null for all.</param>
    /// <param name="from">Where the lead time starts: Approved (default), FirstCommit, Opened or Merged.</param>
    /// <param name="definition">Elapsed (default), or SegmentSum: DevLake's cycle time, the sum of the non-negative segments.</param>
    /// <param name="rounding">How each duration (each segment, for SegmentSum) is rounded: none (default), up or down to the minute.</param>
    /// <param name="service">Only changes of this service (a declared workflow and its externalIds, or a name as written), or null for all.</param>
    /// <returns>The duration.</returns>
    [MetricUnit(QuantityKind.Duration)]
    public MetricValue TimeToDeploy(Window? window = null, Aggregation? aggregation = null, TimeSpan? safetyWindow = null, ChangeType? type = null, LeadTimeStart? from = null, LeadTimeDefinition? definition = null, DurationRounding? rounding = null, string? service = null) =>
        Scope.Metric(MetricCalls.TimeToDeploy(DefaultWindow, window, aggregation, safetyWindow, type, from, definition, rounding, service));

    /// <summary>
    /// DORA deployment frequency: successful production deployments that finished in the window, per week (default)
    /// or month of its length; or, with <see cref="DeploymentFrequencyDefinition.DeploymentDays"/>, DevLake's median
    /// number of days with a deployment per calendar week or month.
    /// </summary>
    /// <param name="service">The service (a declared workflow and its externalIds, or a name as written), or null for all.</param>
    /// <param name="window">The window; the policy set's default when null.</param>
    /// <param name="definition">Deployments (default) or DeploymentDays.</param>
    /// <param name="per">Week (default) or Month.</param>
    /// <param name="aggregation">For deployment days, how the periods are summarised: median (default, nearest rank).</param>
    /// <returns>Deployments (or deployment days) per period.</returns>
    [MetricUnit(QuantityKind.Number)]
    public MetricValue DeploymentFrequency(string? service = null, Window? window = null, DeploymentFrequencyDefinition? definition = null, CalendarPeriod? per = null, Aggregation? aggregation = null) =>
        Scope.Metric(MetricCalls.DeploymentFrequency(DefaultWindow, service, window, definition, per, aggregation));

    /// <summary>
    /// DORA change failure rate over the successful production deployments that finished in the window, each incident
    /// attributed to the latest such deployment of its service finished before it opened (DevLake's rule).
    /// </summary>
    /// <param name="service">The service (a declared workflow and its externalIds, or a name as written), or null for all.</param>
    /// <param name="window">The window; the policy set's default when null.</param>
    /// <param name="definition">DeploymentsWithIncident (default): deployments with an incident / deployments; IncidentsPerDeployment: incidents / deployments.</param>
    /// <returns>The rate.</returns>
    [MetricUnit(QuantityKind.Percentage)]
    public MetricValue ChangeFailureRate(string? service = null, Window? window = null, ChangeFailureDefinition? definition = null) =>
        Scope.Metric(MetricCalls.ChangeFailureRate(DefaultWindow, service, window, definition));

    /// <summary>
    /// DORA failed-deployment recovery time: from the finish of the deployment an incident is attributed to (DevLake's
    /// rule) to the incident's recovery, over incidents recovered in the window; median by default.
    /// </summary>
    /// <param name="service">The service (a declared workflow and its externalIds, or a name as written), or null for all.</param>
    /// <param name="window">The window; the policy set's default when null.</param>
    /// <param name="aggregation">Median (default), mean, a percentile or max.</param>
    /// <param name="rounding">How each duration is rounded: none (default), up or down to the minute.</param>
    /// <param name="placement">What places an incident in the window: its recovery (default, End) or its detection (Start).</param>
    /// <returns>The duration.</returns>
    [MetricUnit(QuantityKind.Duration)]
    public MetricValue FailedDeploymentRecoveryTime(string? service = null, Window? window = null, Aggregation? aggregation = null, DurationRounding? rounding = null, WindowPlacement? placement = null) =>
        Scope.Metric(MetricCalls.FailedDeploymentRecoveryTime(DefaultWindow, service, window, aggregation, rounding, placement));

    /// <summary>Metric 15, multi-agent workflow success: runs completed correctly with no human rescue over runs.</summary>
    /// <param name="workflow">The workflow's name, or null for all.</param>
    /// <param name="window">The window; the policy set's default when null.</param>
    /// <param name="placement">
    /// What places a run in the window: its completion (default, End) or its start (Start; runs with no startedAt are
    /// then left out and counted).
    /// </param>
    /// <returns>The share.</returns>
    [MetricUnit(QuantityKind.Percentage)]
    public MetricValue AgentSuccess([PolicyReference(PolicyKind.Workflow)] string? workflow = null, Window? window = null, WindowPlacement? placement = null) =>
        Scope.Metric(MetricCalls.AgentSuccess(DefaultWindow, workflow, window, placement));

    /// <summary>Evaluates a gate's measure. Generated; not for policy expressions.</summary>
    /// <param name="gate">The gate's index in the policy set.</param>
    /// <returns>The measure's value, boxed.</returns>
    protected internal abstract object? EvaluateMeasure(int gate);

    /// <summary>Evaluates a gate's condition. Generated; not for policy expressions.</summary>
    /// <param name="gate">The gate's index in the policy set.</param>
    /// <returns>The condition's value.</returns>
    protected internal abstract bool EvaluateCondition(int gate);

    /// <summary>Evaluates one rubric check against a model evaluation. Generated; not for policy expressions.</summary>
    /// <param name="check">The check's index across all rubrics, in declaration order.</param>
    /// <param name="model">The model evaluation.</param>
    /// <returns>Whether the check passed.</returns>
    protected internal abstract bool EvaluateRubricCheck(int check, ModelEvaluation model);

    /// <summary>Evaluates one clause of a gate's condition on its own. Generated; not for policy expressions.</summary>
    /// <param name="gate">The gate's index in the policy set.</param>
    /// <param name="clause">The clause's index, left to right.</param>
    /// <returns>The clause's value.</returns>
    protected internal virtual bool EvaluateClause(int gate, int clause) => throw new ArgumentOutOfRangeException(nameof(clause));

    /// <summary>The texts of the clauses of a gate's condition; empty when it is a single clause. Generated.</summary>
    /// <param name="gate">The gate's index in the policy set.</param>
    /// <returns>The clause texts, left to right.</returns>
    protected internal virtual string[] ClauseTexts(int gate) => [];

    /// <summary>Evaluates a finding's <c>when</c>. Generated; not for policy expressions.</summary>
    /// <param name="finding">The finding's index in the policy set.</param>
    /// <returns>Whether the finding holds.</returns>
    protected internal virtual bool EvaluateFindingWhen(int finding) => throw new ArgumentOutOfRangeException(nameof(finding));

    /// <summary>Evaluates one placeholder of a finding's message. Generated; not for policy expressions.</summary>
    /// <param name="finding">The finding's index in the policy set.</param>
    /// <param name="part">The placeholder's index among the message's parts.</param>
    /// <returns>The placeholder's value, boxed.</returns>
    protected internal virtual object? EvaluateFindingPart(int finding, int part) => throw new ArgumentOutOfRangeException(nameof(part));

    /// <summary>Binds the context to a run.</summary>
    /// <param name="scope">The run's scope.</param>
    internal void Attach(IExpressionScope scope)
    {
        _scope = scope;
        _evidence = null;
    }
}
