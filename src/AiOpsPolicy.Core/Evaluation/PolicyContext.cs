// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Metrics;
using AiOpsPolicy.Core.Model;

namespace AiOpsPolicy.Core.Evaluation;

/// <summary>
/// What a policy expression sees. The compiler turns every expression of a policy set into a member
/// of one class derived from this one, so expressions call these members directly, typed:
/// <c>SlaAttainment("ticket-triage") &gt;= 0.95</c>, <c>Evidence.Incidents.Count(i =&gt; i.IsOpen)</c>.
/// </summary>
public abstract class PolicyContext
{
    private EvaluationScope? _scope;
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

    private EvaluationScope Scope => _scope ?? throw new InvalidOperationException("The policy context is used outside an evaluation.");

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

    /// <summary>A percentage as a fraction: <c>Percent(95)</c> is 0.95.</summary>
    /// <param name="percent">The percentage.</param>
    /// <returns>The fraction.</returns>
    public static double Percent(double percent) => percent / 100.0;

    /// <summary>
    /// Workflow SLA attainment: the share of runs in the window that met both the time target and the
    /// quality target of the workflow, or of one of its steps.
    /// </summary>
    /// <param name="workflow">The workflow's name.</param>
    /// <param name="step">A step's name, or null for whole runs.</param>
    /// <param name="window">The window; the policy set's default when null.</param>
    /// <returns>The share, with the counts behind it.</returns>
    public MetricValue SlaAttainment([PolicyReference(PolicyKind.Workflow)] string workflow, [StepReference] string? step = null, Window? window = null) =>
        ReliabilityMetrics.SlaAttainment(Scope, workflow, step, window ?? DefaultWindow);

    /// <summary>
    /// Incident rate: incidents in the window that required a change to the model, data pipeline,
    /// prompt or workflow logic, per 1,000 transactions.
    /// </summary>
    /// <param name="workflow">The workflow's name, or null for all.</param>
    /// <param name="window">The window; the policy set's default when null.</param>
    /// <returns>The rate per 1,000 transactions.</returns>
    public MetricValue IncidentRate([PolicyReference(PolicyKind.Workflow)] string? workflow = null, Window? window = null) =>
        ReliabilityMetrics.IncidentRate(Scope, workflow, window ?? DefaultWindow);

    /// <summary>Mean time to recover, from detection to recovery, of incidents detected in the window.</summary>
    /// <param name="workflow">The workflow's name, or null for all.</param>
    /// <param name="window">The window; the policy set's default when null.</param>
    /// <returns>The mean duration.</returns>
    public MetricValue MeanTimeToRecover([PolicyReference(PolicyKind.Workflow)] string? workflow = null, Window? window = null) =>
        ReliabilityMetrics.MeanTimeToRecover(Scope, workflow, window ?? DefaultWindow);

    /// <summary>
    /// Integration health: the share of critical connectors whose daily checks in the window all
    /// passed, silent partial loads included.
    /// </summary>
    /// <param name="window">The window; the policy set's default when null.</param>
    /// <returns>The share.</returns>
    public MetricValue IntegrationHealth(Window? window = null) =>
        DataMetrics.IntegrationHealth(Scope, window ?? DefaultWindow);

    /// <summary>
    /// Compliance automation coverage: required controls that are automated and evidenced (an
    /// automated run within their cadence) over required controls.
    /// </summary>
    /// <returns>The share.</returns>
    public MetricValue ComplianceCoverage() => RiskMetrics.ComplianceCoverage(Scope);

    /// <summary>Responsible-AI scorecard: the share of models whose latest evaluation passes every check of a rubric.</summary>
    /// <param name="rubric">The rubric's name.</param>
    /// <returns>The share.</returns>
    public MetricValue RaiScorecard([PolicyReference(PolicyKind.Rubric)] string rubric) => RiskMetrics.RaiScorecard(Scope, this, rubric);

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

    /// <summary>Binds the context to a run.</summary>
    /// <param name="scope">The run's scope.</param>
    internal void Attach(EvaluationScope scope)
    {
        _scope = scope;
        _evidence = null;
    }
}
