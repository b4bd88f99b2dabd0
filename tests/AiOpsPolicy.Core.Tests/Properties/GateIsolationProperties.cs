// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Tests.Sandbox;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace AiOpsPolicy.Core.Tests.Properties;

/// <summary>
/// A gate's verdict depends on its own expression and the evidence only: each gate of the shipped example evaluated
/// (and of gates that read every record of a kind) alone gives the same result as in the whole set, in any order, next to generated hostile gates that try to change
/// the shared evidence through every cast, pattern and interface an expression can write.
/// </summary>
public sealed class GateIsolationProperties
{
    /// <summary>Evidence kinds of the example with their record types: the targets of the hostile gates.</summary>
    private static readonly (string Property, string Type)[] Kinds =
    [
        ("WorkflowRuns", "WorkflowRun"), ("Incidents", "Incident"), ("Changes", "Change"), ("ControlExecutions", "ControlExecution"),
        ("ModelEvaluations", "ModelEvaluation"), ("Freshness", "FreshnessMeasurement"), ("AgentRuns", "AgentRun"),
    ];

    /// <summary>Ways to write the shared evidence; {K} is the kind's property, {T} its record type, {I} an index.</summary>
    private static readonly string[] Attacks =
    [
        "(((({T}[])Evidence.{K})[{I}] = Evidence.{K}[0]) != null)",
        "((({T}[])Evidence.{K})[{I}] = null) == null",
        "Evidence.{K} is {T}[] a && (a[{I}] = null) == null",
        "(((IList<{T}>)Evidence.{K})[{I}] = Evidence.{K}[Evidence.{K}.Count - 1]) != null",
        "((ICollection<{T}>)Evidence.{K}).Remove(Evidence.{K}[{I}])",
        "Evidence.{K} is IList<{T}> l && (l[{I}] = null) == null",
        "((List<{T}>)Evidence.{K}).RemoveAll(r => true) > 0",
        "Evidence.{K} is List<{T}> l && l.RemoveAll(r => true) > 0",
    ];

    /// <summary>
    /// Gates that read each kind's records directly, after the metric prefetch: the first to see a write. Their
    /// measure counts the records that are there and their distinct keys, so a record nulled or copied over another
    /// changes it.
    /// </summary>
    private static readonly (string Name, string Text)[] Readers =
    [
        .. Kinds.Select(k => ($"reader-{k.Property.ToLowerInvariant()}", TestPolicies.Gate(
            $"reader-{k.Property.ToLowerInvariant()}",
            $"  severity: warn\n  measure: |-\n    Evidence.{k.Property}.Count(r => r != null && r.CollectedAt != null) * 1000 + Evidence.{k.Property}.Select(r => r == null ? null : r.Key).Distinct().Count()\n  bound:\n    min: 0"))),
    ];

    private static readonly Lazy<Dictionary<string, string>> Alone = new(() =>
        ExampleSet.Gates.Concat(Readers).ToDictionary(g => g.Name, g => ExampleSet.Verdict(ExampleSet.Evaluate([g]).Gates.Single(r => r.Gate == g.Name)), StringComparer.Ordinal));

    private static readonly Gen<(string Name, string Text)> Hostile =
        from kind in Gen.Elements(Kinds)
        from attack in Gen.Elements(Attacks)
        from index in Gen.Choose(0, 2)
        from id in Gen.Choose(0, 999_999)
        let expression = attack.Replace("{K}", kind.Property, StringComparison.Ordinal).Replace("{T}", kind.Type, StringComparison.Ordinal).Replace("{I}", index.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        let name = $"hostile-{id:D6}"
        select (name, SandboxFixtures.ConditionGate(name, expression).Replace("spec:\n", "spec:\n  severity: warn\n", StringComparison.Ordinal));

    private static readonly Gen<List<(string Name, string Text)>> Batches =
        from count in Gen.Choose(1, 8)
        from hostile in Gen.ListOf(Hostile, count)
        from order in Gen.Shuffle(ExampleSet.Gates.Concat(Readers).Concat(hostile.DistinctBy(h => h.Name)).ToArray())
        select order.ToList();

    [Property(MaxTest = 12)]
    [Trait("Hostile", "expression")]
    public Property Evaluate_WhenExampleGatesRunInAnyOrderBesideHostileGates_ShouldGiveEachTheVerdictItHasAlone() =>
        Prop.ForAll(Arb.From(Batches), batch =>
        {
            // When
            var run = ExampleSet.Evaluate(batch);

            // Then: every example gate as alone; every hostile gate ended without passing a write.
            foreach (var (name, verdict) in Alone.Value)
            {
                Assert.Equal(verdict, ExampleSet.Verdict(run.Gates.Single(g => g.Gate == name)));
            }

            foreach (var hostile in run.Gates.Where(g => g.Gate.StartsWith("hostile-", StringComparison.Ordinal)))
            {
                // A write is refused (cast, interface) or never reached (an index past the kind's records, a pattern
                // that does not match); nothing else may happen.
                string[] refusals = ["InvalidCastException", "NotSupportedException", "IndexOutOfRangeException", "ArgumentOutOfRangeException"];
                Assert.True(
                    refusals.Any(r => hostile.Explanation.Contains("threw " + r, StringComparison.Ordinal)) || hostile.Status is Results.GateStatus.Pass or Results.GateStatus.Warn,
                    $"{hostile.Gate}: {hostile.Status} {hostile.Explanation}");
            }
        });
}
