// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using AiOpsPolicy.Core.Compilation;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Results;

namespace AiOpsPolicy.Core.Tests.Metrics;

/// <summary>
/// Runs metric gates through the real engine: policy text is validated and compiled, evidence is
/// written to a temporary folder as envelope files and loaded, and the gates are evaluated at <see cref="Now"/>.
/// </summary>
internal sealed class RiskScaleHarness : IDisposable
{
    /// <summary>The evaluation time of every test.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    private readonly string _evidence = Path.Combine(Path.GetTempPath(), "aiops-metrics-" + Guid.NewGuid().ToString("N"));

    public RiskScaleHarness()
    {
        Directory.CreateDirectory(_evidence);
    }

    /// <summary>A time as evidence writes it, quoted for JSON.</summary>
    public static string At(DateTimeOffset time) => "\"" + time.ToString("O", CultureInfo.InvariantCulture) + "\"";

    /// <summary>A JSON time the given number of hours before <see cref="Now"/>.</summary>
    public static string HoursAgo(double hours) => At(Now.AddHours(-hours));

    public void Dispose() => Directory.Delete(_evidence, recursive: true);

    /// <summary>Writes one evidence file of a kind: an envelope collected an hour before <see cref="Now"/>.</summary>
    /// <param name="kind">The kind's kebab-case name.</param>
    /// <param name="records">The records, each a JSON object.</param>
    public void Write(string kind, params string[] records)
    {
        var text = $$"""{"apiVersion": "aiops-evidence/v1", "kind": "{{kind}}", "collectedAt": {{HoursAgo(1)}}, "records": [{{string.Join(",\n", records)}}]}""";
        File.WriteAllText(Path.Combine(_evidence, kind + ".json"), text);
    }

    /// <summary>Evaluates one gate with a measure and a bound, such as <c>min: 50%</c>.</summary>
    /// <param name="measure">The measure, as YAML (quote it when it has named arguments).</param>
    /// <param name="bound">The bound line.</param>
    /// <returns>The gate's result.</returns>
    public GateResult Evaluate(string measure, string bound) =>
        Assert.Single(Run(TestPolicies.Gate("metric", $"  measure: {measure}\n  bound:\n    {bound}")).Gates);

    /// <summary>Evaluates gates like <see cref="Run"/>, returning the evidence diagnostics (records left out) as well.</summary>
    /// <param name="gates">The gate documents.</param>
    /// <returns>The run's result and the evidence diagnostics.</returns>
    public (GateRunResult Result, IReadOnlyList<AiOpsPolicy.Core.Diagnostics.Diagnostic> Diagnostics) RunAllowingEvidenceErrors(params string[] gates)
    {
        var validated = TestPolicies.Validate([TestPolicies.Workflow, .. gates]);
        Assert.False(validated.HasErrors, string.Join("\n", validated.Diagnostics));
        var output = PolicyCompiler.Compile(validated.PolicySet);
        Assert.True(output.Assembly is not null, string.Join("\n", output.Diagnostics));
        using var compiled = CompilationCache.Load(validated.PolicySet, output.Assembly, fromCache: false);
        var evidence = EvidenceLoader.Load([_evidence]);
        return (PolicyEngine.Evaluate(compiled, evidence.Evidence, Now), [.. evidence.Diagnostics]);
    }

    /// <summary>Evaluates gates next to the <see cref="TestPolicies.Workflow"/> declaration.</summary>
    /// <param name="gates">The gate documents.</param>
    /// <returns>The run's result.</returns>
    public GateRunResult Run(params string[] gates)
    {
        var validated = TestPolicies.Validate([TestPolicies.Workflow, .. gates]);
        Assert.False(validated.HasErrors, string.Join("\n", validated.Diagnostics));
        var output = PolicyCompiler.Compile(validated.PolicySet);
        Assert.True(output.Assembly is not null, string.Join("\n", output.Diagnostics));
        using var compiled = CompilationCache.Load(validated.PolicySet, output.Assembly, fromCache: false);
        var evidence = EvidenceLoader.Load([_evidence]);
        Assert.False(evidence.HasErrors, string.Join("\n", evidence.Diagnostics));
        return PolicyEngine.Evaluate(compiled, evidence.Evidence, Now);
    }
}
