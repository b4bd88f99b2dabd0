// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json;
using System.Text.Json.Serialization;
using AiOpsPolicy.Core.Compilation;

namespace AiOpsPolicy.Core.Tests.Compilation;

/// <summary>
/// <see cref="CompiledPolicySet.WarmUp"/>: the CLI compiles the generated code while the evidence
/// loads. It must stop when told to and must not change anything the evaluation produces.
/// </summary>
public sealed class WarmUpTests
{
    private static readonly string Root = Repository.Root;

    /// <summary>
    /// Every public property of the result, written out by reflection: more than any report shows, so that a warmed-up
    /// set that differed anywhere would fail here. Enums by name, and a NaN (a metric with nothing to divide) as text.
    /// </summary>
    private static readonly JsonSerializerOptions Everything = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    [Fact]
    public void WarmUp_WhenNeverStopped_ShouldCompileAMethodForEveryGateAndLeaveTheResultUnchanged()
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
        // and evaluation gives the same result.
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

    private static string Render(CompiledPolicySet compiled, Core.Evidence.EvidenceSet evidence) =>
        JsonSerializer.Serialize(PolicyEngine.Evaluate(compiled, evidence, TestClock.Now), Everything);
}
