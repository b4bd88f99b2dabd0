// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Compilation;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Results;

namespace AiOpsPolicy.Core.Tests.Sandbox;

/// <summary>
/// What the sandbox tests share: hostile expressions as gate conditions, the small budgets that stop runaways quickly,
/// and one folder of evidence to run them on through <see cref="PolicyHarness"/> at <see cref="TestClock.Now"/>.
/// </summary>
internal static class SandboxFixtures
{
    /// <summary>A manifest with small budgets, so that runaways are stopped quickly.</summary>
    public const string SmallBudgets = """
        apiVersion: aiops-policy/v1
        kind: PolicySet
        metadata:
          name: sandbox
        spec:
          budgets:
            gateTime: 1s
            totalTime: 30s
            allocationMiB: 64
        """;

    /// <summary>The column of the first character of an expression inside <see cref="ConditionGate"/>.</summary>
    public const int ExpressionColumn = 5;

    /// <summary>A gate whose condition is the expression, written as a block scalar so that no text needs escaping.</summary>
    /// <param name="name">The gate's name.</param>
    /// <param name="expression">The condition; may span lines.</param>
    /// <returns>The gate document.</returns>
    public static string ConditionGate(string name, string expression) =>
        TestPolicies.Gate(name, "  condition: |-\n" + string.Join("\n", expression.Split('\n').Select(line => "    " + line)));

    /// <summary>Compiles a policy set made of the triage workflow and one gate with the expression as its condition.</summary>
    /// <param name="expression">The condition.</param>
    /// <returns>The compiler's output and the 1-based line of the expression's first line in the policy file.</returns>
    public static (CompileOutput Output, int Line) CompileCondition(string expression)
    {
        var gate = ConditionGate("hostile", expression);
        var output = TestPolicies.Compile(TestPolicies.Workflow, gate);
        var lines = (TestPolicies.Workflow + "\n---\n" + gate).Split('\n');
        var line = Array.FindIndex(lines, l => l.StartsWith("  condition: ", StringComparison.Ordinal)) + 2;
        return (output, line);
    }

    /// <summary>Formats diagnostics for assertion messages.</summary>
    /// <param name="diagnostics">The diagnostics.</param>
    /// <returns>One per line.</returns>
    public static string Describe(IEnumerable<Diagnostic> diagnostics) => string.Join("\n", diagnostics);

    /// <summary>
    /// Evaluates gates under the small budgets against one folder of evidence: three triage runs, one
    /// of them of the inference step.
    /// </summary>
    /// <param name="gates">The gate documents.</param>
    /// <returns>The run's result.</returns>
    public static GateRunResult Evaluate(params string[] gates) => Evaluate(gates, withIncidents: false);

    /// <summary>
    /// A manifest with a small allocation budget and time to spare, for runaways that must be stopped by the
    /// allocation budget whatever the machine's load (zeroing a large block takes seconds on a loaded machine).
    /// </summary>
    public const string AllocationOnly = """
        apiVersion: aiops-policy/v1
        kind: PolicySet
        metadata:
          name: sandbox
        spec:
          budgets:
            gateTime: 60s
            totalTime: 300s
            allocationMiB: 64
        """;

    /// <summary>Evaluates gates as <see cref="Evaluate(string[])"/> does, under another manifest.</summary>
    /// <param name="manifest">The PolicySet document.</param>
    /// <param name="gates">The gate documents.</param>
    /// <returns>The run's result.</returns>
    public static GateRunResult EvaluateUnder(string manifest, params string[] gates) => Evaluate(gates, withIncidents: false, manifest);

    /// <summary>
    /// Evaluates gates as <see cref="Evaluate(string[])"/> does, with two incidents besides the runs: <c>i1</c>, still
    /// open (first), and <c>i2</c>, recovered.
    /// </summary>
    /// <param name="gates">The gate documents.</param>
    /// <returns>The run's result.</returns>
    public static GateRunResult EvaluateWithIncidents(params string[] gates) => Evaluate(gates, withIncidents: true);

    private static GateRunResult Evaluate(string[] gates, bool withIncidents, string manifest = SmallBudgets)
    {
        using var harness = new PolicyHarness();
        var now = TestClock.Now;
        var end = now.AddDays(-1);
        string Run(string id, string? step) =>
            $$"""{"id": "{{id}}", "workflow": "triage", {{(step is null ? string.Empty : $"\"step\": \"{step}\", ")}}"startedAt": "{{end.AddMinutes(-30):O}}", "endedAt": "{{end:O}}", "outcome": "ok"}""";
        harness.WriteLines("runs.ndjson", [$$$"""{"$evidence": {"kind": "workflow-runs", "collectedAt": "{{{now.AddHours(-1):O}}}"}}""", Run("r1", null), Run("r2", null), Run("r3", "inference")]);
        if (withIncidents)
        {
            string Incident(string id, string? recovered) =>
                $$"""{"id": "{{id}}", "workflow": "triage", "openedAt": "{{end.AddHours(-2):O}}", "detectedAt": "{{end.AddHours(-2):O}}"{{(recovered is null ? string.Empty : $", \"recoveredAt\": \"{recovered}\"")}}, "cause": "model", "requiredChange": true}""";
            harness.WriteLines("incidents.ndjson", [$$$"""{"$evidence": {"kind": "incidents", "collectedAt": "{{{now.AddHours(-1):O}}}"}}""", Incident("i1", null), Incident("i2", end.ToString("O"))]);
        }

        return harness.Run([manifest, TestPolicies.Workflow, .. gates]);
    }

    /// <summary>The result of the named gate.</summary>
    /// <param name="result">The run's result.</param>
    /// <param name="name">The gate's name.</param>
    /// <returns>Its result.</returns>
    public static GateResult Gate(this GateRunResult result, string name) => Assert.Single(result.Gates, g => g.Gate == name);
}
