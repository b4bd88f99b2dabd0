// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using System.Reflection;
using AiOpsPolicy.Core.Compilation;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Expressions;
using AiOpsPolicy.Core.Metrics;
using AiOpsPolicy.Core.Model;
using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Core.Tests.Compilation;

/// <summary>
/// The metric plan read from the syntax tree (<see cref="MetricPlanner"/>): which calls it plans, the request each
/// planned call makes (every function's defaults), the argument forms it evaluates at compile time, and the calls it
/// leaves to the gate. The reference for "the request a call makes" is the gate itself: the compiled expression run
/// against a scope that records what it asks for.
/// </summary>
public sealed class MetricPlannerTests
{
    private static readonly Window Week = new(TimeSpan.FromDays(7));

    private const string Rubric = """
        apiVersion: aiops-policy/v1
        kind: Rubric
        metadata:
          name: responsible
        spec:
          checks:
            - name: check
              category: safety
              predicate: model.Version != ""
        """;

    /// <summary>Every metric function with only its required arguments, and the request its documented defaults make.</summary>
    public static TheoryData<string> Functions => new(Defaults.Keys);

    private static readonly Dictionary<string, (string Call, MetricRequest Expected)> Defaults = new(StringComparer.Ordinal)
    {
        ["SlaAttainment"] = ("SlaAttainment(\"triage\")", new SlaAttainmentRequest("triage", null, Week, SlaRuns.WholeRuns, WindowPlacement.End)),
        ["IncidentRate"] = ("IncidentRate()", new IncidentRateRequest(null, Week)),
        ["TimeToRecover"] = ("TimeToRecover()", new RecoveryTimeRequest(null, Week, Aggregation.Mean, RecoveryPhase.Recover, DurationRounding.None, WindowPlacement.Start)),
        ["MeanTimeToRecover"] = ("MeanTimeToRecover()", new RecoveryTimeRequest(null, Week, Aggregation.Mean, RecoveryPhase.Recover, DurationRounding.None, WindowPlacement.Start)),
        ["TimeToDiagnose"] = ("TimeToDiagnose()", new RecoveryTimeRequest(null, Week, Aggregation.Mean, RecoveryPhase.Diagnose, DurationRounding.None, WindowPlacement.Start)),
        ["TimeToFix"] = ("TimeToFix()", new RecoveryTimeRequest(null, Week, Aggregation.Mean, RecoveryPhase.Fix, DurationRounding.None, WindowPlacement.Start)),
        ["Freshness"] = ("Freshness()", new FreshnessRequest(null, null, Week, Aggregation.Median, null, DurationRounding.None)),
        ["StaleShare"] = ("StaleShare(\"tickets\", Minutes(5))", new FreshnessRequest("tickets", null, Week, Aggregation.Median, TimeSpan.FromMinutes(5))),
        ["IntegrationHealth"] = ("IntegrationHealth()", new IntegrationHealthRequest(Week)),
        ["FragmentationIndex"] = ("FragmentationIndex(\"triage\")", new FragmentationRequest("triage", FragmentationMeasure.Systems)),
        ["Handoffs"] = ("Handoffs(\"triage\")", new FragmentationRequest("triage", FragmentationMeasure.Handoffs)),
        ["DuplicateSources"] = ("DuplicateSources(\"triage\")", new FragmentationRequest("triage", FragmentationMeasure.DuplicateSources)),
        ["Roi"] = ("Roi()", new RoiRequest(null, Week)),
        ["CostSavings"] = ("CostSavings()", new CostSavingsRequest(null, Week, null)),
        ["WorkRemoved"] = ("WorkRemoved()", new WorkRemovedRequest(null)),
        ["Throughput"] = ("Throughput()", new ThroughputRequest(null, Week, Change: false)),
        ["ThroughputChange"] = ("ThroughputChange()", new ThroughputRequest(null, Week, Change: true)),
        ["RaiScorecard"] = ("RaiScorecard(\"responsible\")", new RaiScorecardRequest("responsible")),
        ["ComplianceCoverage"] = ("ComplianceCoverage()", new ComplianceCoverageRequest(null)),
        ["MonitoringGap"] = ("MonitoringGap()", new MonitoringCadenceRequest(null, null, Week, Aggregation.Median, DurationRounding.None)),
        ["AlertsTriagedWithin"] = ("AlertsTriagedWithin(Hours(4))", new AlertTriageRequest(TimeSpan.FromHours(4), null, Week)),
        ["PilotConversion"] = ("PilotConversion()", new PilotConversionRequest(Week, TimeSpan.Zero)),
        ["TimeToDeploy"] = ("TimeToDeploy()", new TimeToDeployRequest(Week, Aggregation.Median, TimeSpan.FromDays(7), null, LeadTimeStart.Approved, LeadTimeDefinition.Elapsed, DurationRounding.None, null)),
        ["DeploymentFrequency"] = ("DeploymentFrequency()", new DeploymentFrequencyRequest(null, Week, DeploymentFrequencyDefinition.Deployments, CalendarPeriod.Week, Aggregation.Median)),
        ["ChangeFailureRate"] = ("ChangeFailureRate()", new ChangeFailureRateRequest(null, Week, ChangeFailureDefinition.DeploymentsWithIncident)),
        ["FailedDeploymentRecoveryTime"] = ("FailedDeploymentRecoveryTime()", new FailedDeploymentRecoveryTimeRequest(null, Week, Aggregation.Median, DurationRounding.None, WindowPlacement.End)),
        ["AgentSuccess"] = ("AgentSuccess()", new AgentSuccessRequest(null, Week, WindowPlacement.End)),
    };

    /// <summary>Argument forms the planner evaluates at compile time, each in a call it must plan.</summary>
    public static TheoryData<string> ConstantForms => new(
        "SlaAttainment(\"triage\", window: Days(14))",
        "SlaAttainment(\"triage\", null, Last(Days(14)))",
        "SlaAttainment(\"triage\", window: Previous(Days(7)))",
        "SlaAttainment(\"triage\", window: Last(Days(7)).Previous().Previous())",
        "SlaAttainment(\"triage\", window: (Days(7) * 2) - Hours(12))",
        "SlaAttainment(\"triage\", window: -(-Days(3)))",
        "SlaAttainment(\"triage\", window: TimeSpan.FromDays(3) + TimeSpan.Zero)",
        "SlaAttainment(\"triage\", window: new Window(Days(14), 2))",
        "SlaAttainment(\"triage\", window: DefaultWindow)",
        "SlaAttainment(\"tri\" + \"age\")",
        "SlaAttainment(Workflows[\"triage\"].Name, step: \"inference\")",
        "SlaAttainment(placement: WindowPlacement.Start, runs: SlaRuns.AllSteps, workflow: \"triage\")",
        "SlaAttainment(\"triage\", null, null, null, null)",
        "TimeToRecover(aggregation: Aggregation.P90, rounding: DurationRounding.Ceil)",
        "TimeToRecover(aggregation: Aggregation.Percentile(75, PercentileMethod.Linear))",
        "Freshness(\"tickets\", FreshnessStage.SourceToPipeline, Days(1), Aggregation.Max)",
        "MonitoringGap(type: MonitoringType.Drift)",
        "CostSavings(\"triage\", Days(30), labourRate: Percent(50) * 100)",
        "CostSavings(\"triage\", Days(30), 45)",
        "PilotConversion(Days(90), lag: Days(30))",
        "TimeToDeploy(Days(30), safetyWindow: Days(Days(14).TotalDays / 2))",
        "AlertsTriagedWithin(Minutes(90), window: Days(2 + 5))");

    [Theory]
    [MemberData(nameof(Functions))]
    public void Plan_ForEveryMetricFunction_ShouldMakeTheRequestOfItsDocumentedDefaults(string function)
    {
        // Given
        var (call, expected) = Defaults[function];

        // When
        var (planned, made) = PlanAndRun(call);

        // Then: the planned request is the documented one, and the one the gate itself makes.
        Assert.Equal(new[] { expected }, planned);
        Assert.Equal(new[] { expected }, made);
    }

    [Fact]
    public void Plan_ShouldCoverEveryMetricFunctionOfTheContext()
    {
        // Given: the context's metric functions, as the planner recognises them.
        var functions = typeof(PolicyContext).GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.ReturnType == typeof(MetricValue))
            .ToList();

        // Then: each has a request factory of its arity, a test of its defaults, and parameters a plan can hold.
        Assert.Equal(functions.Select(f => f.Name).Order(StringComparer.Ordinal), Defaults.Keys.Order(StringComparer.Ordinal));
        foreach (var function in functions)
        {
            Assert.Equal(function.GetParameters().Length, MetricCalls.Arity(function.Name));
            foreach (var parameter in function.GetParameters())
            {
                var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
                Assert.True(
                    type == typeof(string) || type == typeof(double) || type == typeof(TimeSpan) || type == typeof(Window) || type == typeof(Aggregation) || (type.IsEnum && MetricPlan.EnumType(type.Name) == type),
                    $"{function.Name}({parameter.Name}) is a {type.Name}, which a metric plan cannot hold");
                Assert.True(!parameter.IsOptional || parameter.DefaultValue is null, $"{function.Name}({parameter.Name}) defaults to something other than null, which the plan writes for a left-out argument");
            }
        }
    }

    [Theory]
    [MemberData(nameof(ConstantForms))]
    public void Plan_WhenArgumentsAreConstants_ShouldPlanTheRequestTheGateMakes(string call)
    {
        // When
        var (planned, made) = PlanAndRun(call);

        // Then
        var request = Assert.Single(made);
        Assert.Equal(new[] { request }, planned);
    }

    [Fact]
    public void Plan_WhenArgumentsAreHelpers_ShouldHoldTheirValues()
    {
        // When
        var (planned, _) = PlanAndRun("SlaAttainment(Workflows[\"triage\"].Name, window: Last(Days(7)).Previous(), runs: SlaRuns.AllSteps)");

        // Then
        Assert.Equal(new MetricRequest[] { new SlaAttainmentRequest("triage", null, new Window(TimeSpan.FromDays(7), 1), SlaRuns.AllSteps, WindowPlacement.End) }, planned);
    }

    [Fact]
    public void Plan_WhenTheManifestSetsTheDefaultWindow_ShouldUseItForWindowsLeftOut()
    {
        // Given
        const string Manifest = """
            apiVersion: aiops-policy/v1
            kind: PolicySet
            metadata:
              name: set
            spec:
              version: 1.0.0
              defaults:
                window: 30d
            """;

        // When
        var (planned, made) = PlanAndRun("IncidentRate(\"triage\")", Manifest);

        // Then
        Assert.Equal(new MetricRequest[] { new IncidentRateRequest("triage", new Window(TimeSpan.FromDays(30))) }, planned);
        Assert.Equal(planned, made);
    }

    [Theory]
    [InlineData("SlaAttainment(\"triage\", window: Days(Now.Day))")]
    [InlineData("SlaAttainment(\"triage\", window: Last(Now - Now.AddDays(-3)))")]
    [InlineData("SlaAttainment(Now.Year > 2000 ? \"triage\" : \"other\")")]
    [InlineData("TimeToRecover(aggregation: Aggregation.Percentile(200))")]
    public void Plan_WhenAnArgumentIsNotAConstant_ShouldLeaveTheCallToTheGate(string call)
    {
        // When
        var (planned, made) = PlanAndRun(call, throws: call.Contains("Percentile(200)", StringComparison.Ordinal));

        // Then: nothing planned; the gate still makes its call (or, for the out-of-range percentile, throws there).
        Assert.Empty(planned);
        Assert.Equal(call.Contains("Percentile(200)", StringComparison.Ordinal) ? 0 : 1, made.Count);
    }

    [Fact]
    public void Plan_WhenCallsSitInLambdasBranchesAndDefinitions_ShouldPlanEveryConstantOneInOrder()
    {
        // Given: a definition and a gate whose condition holds calls in a branch and in a lambda; one call is repeated.
        const string Definitions = """
            apiVersion: aiops-policy/v1
            kind: Definition
            metadata:
              name: recovery
            spec:
              expression: TimeToRecover("triage")
            """;
        var condition = "Evidence.Incidents.Count > 0 ? IncidentRate().IsSufficient : Evidence.WorkflowRuns.Any(r => SlaAttainment(\"triage\").IsSufficient || SlaAttainment(r.Workflow).IsSufficient) || IncidentRate().IsSufficient";

        // When
        var planned = Plan(Definitions, TestPolicies.Gate("g", $"  condition: '{condition}'"));

        // Then: the definition's call, then the gate's left to right; the call over a lambda's parameter is not planned.
        Assert.Equal(
            new MetricRequest[]
            {
                new RecoveryTimeRequest("triage", Week, Aggregation.Mean, RecoveryPhase.Recover),
                new IncidentRateRequest(null, Week),
                new SlaAttainmentRequest("triage", null, Week),
                new IncidentRateRequest(null, Week),
            },
            planned);
    }

    [Fact]
    public void Plan_ShouldNotPlanRubricChecks()
    {
        // Given: a rubric whose check calls a metric; it runs per model, inside the scorecard.
        const string SlaRubric = """
            apiVersion: aiops-policy/v1
            kind: Rubric
            metadata:
              name: sla-aware
            spec:
              checks:
                - name: check
                  category: safety
                  predicate: SlaAttainment("triage").IsSufficient
            """;

        // When
        var planned = Plan(SlaRubric, TestPolicies.Gate("g", "  condition: RaiScorecard(\"sla-aware\").IsSufficient"));

        // Then
        Assert.Equal(new MetricRequest[] { new RaiScorecardRequest("sla-aware") }, planned);
    }

    [Fact]
    public void Plan_ShouldTravelInTheAssemblyAndReadBackAsTheSameCalls()
    {
        // Given
        var calls = ImmutableArray.Create(
            new PlannedMetricCall("SlaAttainment", ["triage", null, new Window(TimeSpan.FromDays(7), 1), SlaRuns.AllSteps, WindowPlacement.Start]),
            new PlannedMetricCall("CostSavings", [null, (Window)TimeSpan.FromDays(30), double.NaN]),
            new PlannedMetricCall("TimeToDeploy", [null, Aggregation.Percentile(99.5, PercentileMethod.Linear), TimeSpan.FromTicks(1), ChangeType.Model, LeadTimeStart.FirstCommit, null, DurationRounding.Floor, "line\n\"quoted\""]));
        var plan = new MetricPlan(calls);

        // When
        var read = MetricPlan.Decode(plan.Encode());

        // Then: every value comes back exactly, of its own type, and the bytes are the same each time.
        Assert.Equal(calls.Length, read.Calls.Length);
        for (var i = 0; i < calls.Length; i++)
        {
            Assert.Equal(calls[i].Function, read.Calls[i].Function);
            Assert.Equal(calls[i].Arguments.Length, read.Calls[i].Arguments.Length);
            for (var j = 0; j < calls[i].Arguments.Length; j++)
            {
                Assert.Equal(calls[i].Arguments[j]?.GetType(), read.Calls[i].Arguments[j]?.GetType());
                Assert.Equal(calls[i].Arguments[j], read.Calls[i].Arguments[j]);
            }
        }

        Assert.Equal(plan.Encode(), read.Encode());
    }

    [Theory]
    [InlineData("""{"calls":[{"function":"Nope","arguments":[]}]}""")]
    [InlineData("""{"calls":[{"function":"IncidentRate","arguments":[null]}]}""")]
    [InlineData("""{"calls":[{"function":"IncidentRate","arguments":[{"enum":"Console","value":1},null]}]}""")]
    [InlineData("""{"calls":[{"function":"IncidentRate","arguments":[{"bool":true},null]}]}""")]
    public void Decode_WhenThePlanIsNotOneThisEngineWrites_ShouldRefuseIt(string json)
    {
        // When / Then
        Assert.Throws<System.Text.Json.JsonException>(() => MetricPlan.Decode(System.Text.Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void Compile_ShouldGenerateNoPlanningCode()
    {
        // Given
        var validated = TestPolicies.Validate(TestPolicies.Workflow, TestPolicies.Gate("g", "  condition: SlaAttainment(\"triage\").IsSufficient"));

        // When
        var output = PolicyCompiler.Compile(validated.PolicySet);
        using var compiled = CompilationCache.Load(validated.PolicySet, output.Assembly!, fromCache: false);

        // Then: the plan is a resource; the generated class has no method that runs metric calls to find them.
        var type = compiled.CreateContext().GetType();
        Assert.DoesNotContain(type.GetMethods(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly), m => m.Name.Contains("Plan", StringComparison.Ordinal));
        Assert.Contains(MetricPlan.ResourceName, type.Assembly.GetManifestResourceNames());
        Assert.Equal(new MetricRequest[] { new SlaAttainmentRequest("triage", null, Week) }, compiled.PlannedRequests);
    }

    private static ImmutableArray<MetricRequest> Plan(params string[] documents)
    {
        using var compiled = PolicyHarness.Compile([TestPolicies.Workflow, Rubric, .. documents]);
        return compiled.PlannedRequests;
    }

    /// <summary>Compiles one gate whose condition makes the call, and returns what was planned and what the gate asked for.</summary>
    private static (ImmutableArray<MetricRequest> Planned, List<MetricRequest> Made) PlanAndRun(string call, string? manifest = null, bool throws = false)
    {
        var gate = TestPolicies.Gate("g", $"  condition: '({call.Replace("'", "''", StringComparison.Ordinal)}).IsSufficient || true'");
        using var compiled = PolicyHarness.Compile([TestPolicies.Workflow, Rubric, .. manifest is null ? Array.Empty<string>() : [manifest], gate]);

        var scope = new RecordingScope(compiled.Policies);
        var context = compiled.CreateContext();
        context.Attach(scope);
        if (throws)
        {
            Assert.ThrowsAny<ArgumentException>(() => context.EvaluateCondition(0));
        }
        else
        {
            Assert.True(context.EvaluateCondition(0));
        }

        return (compiled.PlannedRequests, scope.Requests);
    }

    /// <summary>A scope that records the requests an expression makes and computes nothing.</summary>
    private sealed class RecordingScope(PolicySet policies) : IExpressionScope
    {
        public List<MetricRequest> Requests { get; } = [];

        public DateTimeOffset Now { get; } = TestClock.Now;

        public PolicySet Policies => policies;

        public MetricValue Metric(MetricRequest request)
        {
            Requests.Add(request);
            return MetricValue.Insufficient("recorded", QuantityKind.Number, "recorded, not computed");
        }

        public IReadOnlyList<T> Require<T>(EvidenceKind kind)
            where T : EvidenceRecord => throw new InsufficientEvidenceException("no evidence in this test");
    }
}
