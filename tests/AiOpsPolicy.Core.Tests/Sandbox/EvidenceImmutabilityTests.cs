// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections;
using System.Reflection;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Expressions;
using AiOpsPolicy.Core.Metrics;
using AiOpsPolicy.Core.Results;

namespace AiOpsPolicy.Core.Tests.Sandbox;

/// <summary>
/// One gate must never change what another gate sees. The evidence is shared by every gate of a run, so every way an
/// expression could get a writable view of it (a cast back to the array, a pattern, a mutable interface, a setter) is
/// tried here, with the exact outcome of each.
/// </summary>
public sealed class EvidenceImmutabilityTests
{
    /// <summary>The gate of the issue: blocks while any incident is open.</summary>
    private static readonly string IncidentsRecovered = SandboxFixtures.ConditionGate("incidents-recovered", "Evidence.Incidents.All(i => i.RecoveredAt != null)");

    /// <summary>Mutation attempts that compile: the expression and the exception its gate must end with.</summary>
    public static TheoryData<string, string> MutationsStoppedAtRunTime => new()
    {
        // The attack: cast the shared array back and overwrite a record with a recovered copy.
        { "(((Incident[])Evidence.Incidents)[0] = Evidence.Incidents[0] with { RecoveredAt = Now }) != null", "threw InvalidCastException" },
        { "(((Incident[])Evidence.Incidents)[1] = null) == null", "threw InvalidCastException" },
        { "((Incident[])(object)Evidence.Incidents)[0] != null", "threw InvalidCastException" },
        { "((List<Incident>)Evidence.Incidents).RemoveAll(i => i.RecoveredAt == null) > 0", "threw InvalidCastException" },
        { "(((IList<Incident>)Evidence.Incidents)[1] = Evidence.Incidents[0]) != null", "threw NotSupportedException" },
        { "((ICollection<Incident>)Evidence.Incidents).Remove(Evidence.Incidents[1])", "threw NotSupportedException" },
        { "Evidence.Incidents is IList<Incident> l && (l[1] = l[0]) != null", "threw NotSupportedException" },
        { "Evidence.Incidents is ICollection<Incident> c && c.Remove(c.Last())", "threw NotSupportedException" },
    };

    [Theory]
    [Trait("Hostile", "expression")]
    [MemberData(nameof(MutationsStoppedAtRunTime))]
    public void Evaluate_WhenAGateTriesToWriteTheSharedIncidents_ShouldErrorAndLeaveTheOtherGateItsVerdict(string expression, string explanation)
    {
        // Given: the hostile gate sorts (and runs) before the blocking gate it tries to turn.
        var hostile = SandboxFixtures.ConditionGate("a-hostile", expression);

        // When
        var result = SandboxFixtures.EvaluateWithIncidents(hostile, IncidentsRecovered);

        // Then: the hostile gate errors, the incident stays open, and the blocking gate still fails.
        var gate = result.Gate("a-hostile");
        Assert.Equal(GateStatus.Error, gate.Status);
        Assert.Contains(explanation, gate.Explanation, StringComparison.Ordinal);
        Assert.Equal(GateStatus.Fail, result.Gate("incidents-recovered").Status);
    }

    [Fact]
    [Trait("Hostile", "expression")]
    public void Evaluate_WhenAPatternLooksForTheArray_ShouldNotMatchAndChangeNothing()
    {
        // Given: a pattern that would hand out the array if the list were one.
        var hostile = SandboxFixtures.ConditionGate("a-hostile", "!(Evidence.Incidents is Incident[] a && (a[1] = a[0]) != null)");

        // When
        var result = SandboxFixtures.EvaluateWithIncidents(hostile, IncidentsRecovered);

        // Then: the pattern does not match, so the gate passes having changed nothing.
        Assert.Equal(GateStatus.Pass, result.Gate("a-hostile").Status);
        Assert.Equal(GateStatus.Fail, result.Gate("incidents-recovered").Status);
    }

    /// <summary>Mutation attempts refused before anything runs: the expression, the code and a fragment of the message.</summary>
    public static TheoryData<string, string, string> MutationsRefusedAtCompileTime => new()
    {
        // The one settable property of a record is the loader's.
        { "(Evidence.Incidents[0].CollectedAt = null) == null", "AOP3002", "CS0200" },
        { "(Evidence.Incidents[0].RecoveredAt = Now) != null", "AOP3002", "CS8852" },
        { "Evidence.WorkflowRuns.All(r => (r.Outcome = \"ok\") != null)", "AOP3002", "CS8852" },
        { "Array.Clear((Array)Evidence.Incidents) == null", "AOP3005", "'System.Array' is not allowed" },
        { "((System.Collections.IList)Evidence.Incidents)[0] != null", "AOP3005", "'System.Collections.IList' is not allowed" },
        { "System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsArray(Evidence.Incidents.ToImmutableArray()) != null", "AOP3005", "native interop" },
        { "((System.Collections.Immutable.ImmutableArray<Incident>)Evidence.Incidents).ToBuilder().Count > 0", "AOP3005", "is not allowed" },
        { "(Workflows.All[0].Metadata.Labels[\"x\"] = \"y\") != null", "AOP3002", "CS0200" },
    };

    [Theory]
    [Trait("Hostile", "expression")]
    [MemberData(nameof(MutationsRefusedAtCompileTime))]
    public void Compile_WhenAnExpressionAssignsToSharedState_ShouldBeRefused(string expression, string code, string message)
    {
        // Given
        var text = expression;

        // When
        var (output, line) = SandboxFixtures.CompileCondition(text);

        // Then
        Assert.Null(output.Assembly);
        Assert.True(
            output.Diagnostics.Any(d => d.Id == code && d.Message.Contains(message, StringComparison.Ordinal) && d.Location.StartLine == line),
            $"Expected {code} '{message}' on line {line}, got:\n{SandboxFixtures.Describe(output.Diagnostics)}");
    }

    [Fact]
    public void Get_WhenTheListIsCastToEveryCollectionInterface_ShouldRefuseEveryChange()
    {
        // Given
        var incidents = ExampleSet.Evidence.Get<Incident>(EvidenceKind.Incidents);
        var first = incidents[0];

        // When / Then: no interface of the list changes it.
        Assert.False(incidents is Incident[]);
        Assert.False(incidents is List<Incident>);
        var list = Assert.IsAssignableFrom<IList<Incident>>(incidents);
        Assert.True(list.IsReadOnly);
        Assert.Throws<NotSupportedException>(() => list[0] = first with { RecoveredAt = null });
        Assert.Throws<NotSupportedException>(() => list.Add(first));
        Assert.Throws<NotSupportedException>(() => list.Insert(0, first));
        Assert.Throws<NotSupportedException>(() => list.RemoveAt(0));
        Assert.Throws<NotSupportedException>(() => list.Remove(first));
        Assert.Throws<NotSupportedException>(() => list.Clear());
        var untyped = Assert.IsAssignableFrom<IList>(incidents);
        Assert.Throws<NotSupportedException>(() => untyped[0] = null);
        Assert.Throws<NotSupportedException>(() => untyped.Clear());
        Assert.Same(first, incidents[0]);
        Assert.Same(incidents, ExampleSet.Evidence.Get<Incident>(EvidenceKind.Incidents));
    }

    [Fact]
    public void ExpressionSurface_WhenEveryTypeAnExpressionCanReachIsInspected_ShouldHaveNothingWritable()
    {
        // Given: every engine type reachable from the context's public properties and methods, transitively.
        var reachable = Reachable(typeof(PolicyContext));

        // When: a public setter that is not init-only, a public field that is not read-only, or a mutable collection.
        var writable = reachable
            .SelectMany(type => type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Where(p => p.SetMethod is { IsPublic: true } setter && !IsInitOnly(setter))
                .Select(p => $"{type.Name}.{p.Name} has a public setter")
                .Concat(type.GetFields(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                    .Where(f => !f.IsInitOnly && !f.IsLiteral && !type.IsEnum)
                    .Select(f => $"{type.Name}.{f.Name} is a writable field"))
                .Concat(type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                    .Where(p => IsMutableCollection(p.PropertyType))
                    .Select(p => $"{type.Name}.{p.Name} is a {p.PropertyType.Name}")))
            .ToList();

        // Then
        Assert.Contains(typeof(Incident), reachable);
        Assert.Contains(typeof(MetricValue), reachable);
        Assert.Empty(writable);
    }

    private static bool IsInitOnly(MethodInfo setter) =>
        setter.ReturnParameter.GetRequiredCustomModifiers().Any(m => m.FullName == "System.Runtime.CompilerServices.IsExternalInit");

    private static bool IsMutableCollection(Type type) =>
        type.IsArray || (type.IsGenericType && type.GetGenericTypeDefinition() is var d
            && (d == typeof(List<>) || d == typeof(Dictionary<,>) || d == typeof(HashSet<>) || d == typeof(SortedDictionary<,>) || d == typeof(SortedSet<>)));

    private static HashSet<Type> Reachable(Type root)
    {
        var seen = new HashSet<Type>();
        var queue = new Queue<Type>([root]);
        while (queue.TryDequeue(out var type))
        {
            foreach (var t in Unwrap(type).Where(t => t.Assembly == typeof(PolicyContext).Assembly && seen.Add(t)))
            {
                var flags = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
                foreach (var member in t.GetProperties(flags).Select(p => p.PropertyType)
                    .Concat(t.GetMethods(flags).Where(m => !m.IsSpecialName).Select(m => m.ReturnType))
                    .Concat(t.GetFields(flags).Select(f => f.FieldType))
                    .Concat(t.BaseType is { } b ? [b] : []))
                {
                    queue.Enqueue(member);
                }

                if (t.IsAbstract && !t.IsSealed)
                {
                    // Records derived from a reachable base (every evidence record from EvidenceRecord).
                    foreach (var derived in t.Assembly.GetTypes().Where(d => d.IsPublic && d.IsSubclassOf(t)))
                    {
                        queue.Enqueue(derived);
                    }
                }
            }
        }

        return seen;
    }

    private static IEnumerable<Type> Unwrap(Type type)
    {
        if (type.IsArray || type.IsByRef)
        {
            return Unwrap(type.GetElementType() ?? typeof(object));
        }

        return type.IsGenericType ? [type.GetGenericTypeDefinition(), .. type.GetGenericArguments().SelectMany(Unwrap)] : [type];
    }
}
