// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Compilation;
using AiOpsPolicy.Reporting;

namespace AiOpsPolicy.Core.Tests.Compilation;

/// <summary>
/// <see cref="CompiledPolicySet.WarmUp"/>: the CLI compiles the generated code while the evidence
/// loads. It must stop when told to and must not change a single byte of the report.
/// </summary>
public sealed class WarmUpTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    private static readonly string Root = Repository.Root;

    [Fact]
    public void WarmUp_WhenNeverStopped_ShouldCompileAMethodForEveryGateAndLeaveTheReportUnchanged()
    {
        // Given: the example evaluated cold, and the same set compiled again.
        var evidence = PolicyEngine.LoadEvidence([Path.Combine(Root, "examples", "evidence")]).Evidence;
        string cold;
        using (var first = Prepare())
        {
            cold = Render(first, evidence);
        }

        using var compiled = Prepare();

        // When
        var methods = compiled.WarmUp(() => false);

        // Then: at least one method per gate (its measure or condition) and the plan were compiled,
        // and evaluation gives the same report.
        Assert.True(methods > compiled.Policies.Gates.Length, $"{methods} methods for {compiled.Policies.Gates.Length} gates");
        Assert.Equal(cold, Render(compiled, evidence));
    }

    [Fact]
    public void WarmUp_WhenToldToStop_ShouldStopAtOnce()
    {
        // Given
        using var compiled = Prepare();
        var asked = 0;

        // When: the evidence is "ready" after three methods.
        var methods = compiled.WarmUp(() => ++asked > 3);

        // Then
        Assert.Equal(3, methods);
        Assert.Equal(0, compiled.WarmUp(() => true));
    }

    private static CompiledPolicySet Prepare() =>
        new PolicyEngine(null).Prepare([Path.Combine(Root, "policies", "helpdesk")]).Compiled
        ?? throw new InvalidOperationException("The example policy set did not compile.");

    private static string Render(CompiledPolicySet compiled, Core.Evidence.EvidenceSet evidence)
    {
        using var stream = new MemoryStream();
        new JsonReportWriter().Write(PolicyEngine.Evaluate(compiled, evidence, Now), stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
