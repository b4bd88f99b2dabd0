// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using AiOpsPolicy.Core.Model;
using AiOpsPolicy.Core.Results;
using AiOpsPolicy.Core.Syntax;
using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Core.Diffing;

/// <summary>
/// Compares two versions of a policy set by meaning, not text: a reformatted file or a moved
/// document is no change; a bound that moves is tightened or loosened, with old and new values.
/// </summary>
public static class PolicyDiffer
{
    /// <summary>Spec fields of a gate compared one by one; any other field is compared as written.</summary>
    private static readonly string[] GateFields = ["measure", "bound", "condition", "severity", "description"];

    /// <summary>Spec fields of a control compared one by one.</summary>
    private static readonly string[] ControlFields = ["required", "automated"];

    /// <summary>Lists the changes from one version to the other.</summary>
    /// <param name="before">The base version.</param>
    /// <param name="after">The head version.</param>
    /// <returns>Every change, ordered by kind, name and aspect.</returns>
    public static ImmutableArray<PolicyChange> Compare(PolicySet before, PolicySet after)
    {
        var changes = new List<PolicyChange>();
        var old = Index(before);
        var @new = Index(after);
        foreach (var (key, item) in old)
        {
            if (!@new.ContainsKey(key))
            {
                changes.Add(new PolicyChange(item.Kind, item.Name, string.Empty, PolicyChangeKind.Removed, null, null, $"removes {Word(item.Kind)} `{item.Name}`"));
            }
        }

        foreach (var (key, item) in @new)
        {
            if (!old.TryGetValue(key, out var previous))
            {
                changes.Add(new PolicyChange(item.Kind, item.Name, string.Empty, PolicyChangeKind.Added, null, null, $"adds {Word(item.Kind)} `{item.Name}`"));
                continue;
            }

            switch ((previous, item))
            {
                case (Gate a, Gate b):
                    CompareGates(a, b, changes);
                    CompareSpecs(a, b, GateFields, changes);
                    break;
                case (Control a, Control b):
                    CompareFlag(a, b, "required", a.Required, b.Required, tightenedWhenTrue: true, changes);
                    CompareFlag(a, b, "automated", a.Automated, b.Automated, tightenedWhenTrue: null, changes);
                    CompareSpecs(a, b, ControlFields, changes);
                    break;
                case (Definition a, Definition b):
                    if (Tokens(a.Expression.Text) != Tokens(b.Expression.Text))
                    {
                        changes.Add(new PolicyChange(b.Kind, b.Name, "expression", PolicyChangeKind.Changed, a.Expression.Text.Trim(), b.Expression.Text.Trim(), $"changes definition `{b.Name}` from `{Short(a.Expression.Text)}` to `{Short(b.Expression.Text)}`"));
                    }

                    CompareSpecs(a, b, ["expression"], changes);
                    break;
                default:
                    CompareSpecs(previous, item, [], changes);
                    break;
            }
        }

        return
        [
            .. changes
                .OrderBy(c => (int)c.Kind)
                .ThenBy(c => c.Name, StringComparer.Ordinal)
                .ThenBy(c => c.Aspect, StringComparer.Ordinal),
        ];
    }

    /// <summary>Lists the gates whose status differs between two runs on the same evidence.</summary>
    /// <param name="before">The base version's run.</param>
    /// <param name="after">The head version's run.</param>
    /// <returns>The flips, by gate name.</returns>
    public static ImmutableArray<GateFlip> Flips(GateRunResult before, GateRunResult after)
    {
        var old = before.Gates.GroupBy(g => g.Gate, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var @new = after.Gates.GroupBy(g => g.Gate, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var flips = new List<GateFlip>();
        foreach (var name in old.Keys.Union(@new.Keys).Order(StringComparer.Ordinal))
        {
            var a = old.GetValueOrDefault(name);
            var b = @new.GetValueOrDefault(name);
            if (a?.Status != b?.Status)
            {
                flips.Add(new GateFlip(name, (b ?? a)!.Severity, a?.Status, Observed(a), b?.Status, Observed(b)));
            }
        }

        return [.. flips];
    }

    /// <summary>A word for a kind, in sentences: <c>gate</c>, <c>workflow</c>, <c>policy set</c>.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The word.</returns>
    public static string Word(PolicyKind kind) => kind == PolicyKind.PolicySet ? "policy set" : kind.ToString().ToLowerInvariant();

    private static string? Observed(GateResult? result) => result switch
    {
        null => null,
        { Observed: { } observed } => observed,
        { ConditionHeld: true } => "condition holds",
        { ConditionHeld: false } => "condition does not hold",
        _ => null,
    };

    private static SortedDictionary<(int Kind, string Name), PolicyObject> Index(PolicySet set)
    {
        var index = new SortedDictionary<(int Kind, string Name), PolicyObject>(Comparer<(int Kind, string Name)>.Create((x, y) =>
        {
            var byKind = x.Kind.CompareTo(y.Kind);
            return byKind != 0 ? byKind : string.CompareOrdinal(x.Name, y.Name);
        }));
        foreach (var item in set.Objects)
        {
            index.TryAdd(((int)item.Kind, item.Name), item);
        }

        return index;
    }

    private static void CompareGates(Gate a, Gate b, List<PolicyChange> changes)
    {
        CompareExpression(b, "measure", a.Measure, b.Measure, changes);
        CompareExpression(b, "condition", a.Condition, b.Condition, changes);
        CompareBounds(b.Name, a.Bound, b.Bound, changes);
        if (a.Severity != b.Severity)
        {
            var tightened = b.Severity == GateSeverity.Block;
            var (from, to) = (Severity(a.Severity), Severity(b.Severity));
            changes.Add(new PolicyChange(
                PolicyKind.Gate,
                b.Name,
                "severity",
                tightened ? PolicyChangeKind.Tightened : PolicyChangeKind.Loosened,
                from,
                to,
                $"{(tightened ? "tightens" : "loosens")} `{b.Name}` from {from} to {to}"));
        }
    }

    private static void CompareExpression(Gate gate, string aspect, PolicyExpression? a, PolicyExpression? b, List<PolicyChange> changes)
    {
        if (Tokens(a?.Text) == Tokens(b?.Text))
        {
            return;
        }

        var description = (a, b) switch
        {
            (null, { } added) => $"adds the {aspect} `{Short(added.Text)}` to `{gate.Name}`",
            ({ } removed, null) => $"drops the {aspect} `{Short(removed.Text)}` from `{gate.Name}`",
            _ => $"changes the {aspect} of `{gate.Name}` from `{Short(a!.Text)}` to `{Short(b!.Text)}`",
        };
        changes.Add(new PolicyChange(PolicyKind.Gate, gate.Name, aspect, PolicyChangeKind.Changed, a?.Text.Trim(), b?.Text.Trim(), description));
    }

    private static void CompareBounds(string gate, GateBound? a, GateBound? b, List<PolicyChange> changes)
    {
        if (a is not null && b is not null && (a.Min ?? a.Max) is { } x && (b.Min ?? b.Max) is { } y && x.Kind != y.Kind)
        {
            changes.Add(new PolicyChange(PolicyKind.Gate, gate, "bound", PolicyChangeKind.Changed, a.ToString(), b.ToString(), $"changes the bound of `{gate}` from {a} to {b} (a different unit)"));
            return;
        }

        CompareLimit(gate, "min", a?.Min, b?.Min, higherIsTighter: true, changes);
        CompareLimit(gate, "max", a?.Max, b?.Max, higherIsTighter: false, changes);
    }

    private static void CompareLimit(string gate, string which, Quantity? a, Quantity? b, bool higherIsTighter, List<PolicyChange> changes)
    {
        string description;
        bool tightened;
        switch (a, b)
        {
            case (null, null):
                return;
            case (null, { } added):
                tightened = true;
                description = $"tightens `{gate}`: adds {which} {added.Text}";
                break;
            case ({ } dropped, null):
                tightened = false;
                description = $"loosens `{gate}`: drops {which} {dropped.Text}";
                break;
            case ({ } from, { } to):
                if (from.Magnitude == to.Magnitude)
                {
                    return;
                }

                tightened = (to.Magnitude > from.Magnitude) == higherIsTighter;
                description = $"{(tightened ? "tightens" : "loosens")} `{gate}` from {from.Text} to {to.Text}" + (which == "max" ? " (max)" : string.Empty);
                break;
        }

        changes.Add(new PolicyChange(PolicyKind.Gate, gate, "bound." + which, tightened ? PolicyChangeKind.Tightened : PolicyChangeKind.Loosened, a?.Text, b?.Text, description));
    }

    private static void CompareFlag(PolicyObject a, PolicyObject b, string aspect, bool before, bool after, bool? tightenedWhenTrue, List<PolicyChange> changes)
    {
        if (before == after)
        {
            return;
        }

        var kind = tightenedWhenTrue is { } t ? (after == t ? PolicyChangeKind.Tightened : PolicyChangeKind.Loosened) : PolicyChangeKind.Changed;
        var verb = kind switch
        {
            PolicyChangeKind.Tightened => "tightens",
            PolicyChangeKind.Loosened => "loosens",
            _ => "changes",
        };
        changes.Add(new PolicyChange(b.Kind, b.Name, aspect, kind, Bool(before), Bool(after), $"{verb} {Word(a.Kind)} `{b.Name}`: {aspect} {Bool(before)} -> {Bool(after)}"));
    }

    /// <summary>Compares the spec fields not handled one by one, as written (YAML read as JSON, so formatting does not count).</summary>
    private static void CompareSpecs(PolicyObject a, PolicyObject b, IReadOnlyCollection<string> handled, List<PolicyChange> changes)
    {
        var before = Fields(a, handled);
        var after = Fields(b, handled);
        foreach (var field in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
        {
            var from = before.GetValueOrDefault(field);
            var to = after.GetValueOrDefault(field);
            if (from == to)
            {
                continue;
            }

            var description = (from, to) switch
            {
                (null, _) => $"adds {field} {Short(to!)} to {Word(b.Kind)} `{b.Name}`",
                (_, null) => $"drops {field} {Short(from)} from {Word(b.Kind)} `{b.Name}`",
                _ => $"changes {field} of {Word(b.Kind)} `{b.Name}` from {Short(from)} to {Short(to)}",
            };
            changes.Add(new PolicyChange(b.Kind, b.Name, "spec." + field, PolicyChangeKind.Changed, from, to, description));
        }
    }

    private static Dictionary<string, string> Fields(PolicyObject item, IReadOnlyCollection<string> handled)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (item.Node["spec"] is YamlMapping spec)
        {
            foreach (var (key, value) in spec.Entries)
            {
                if (!handled.Contains(key.Value))
                {
                    Flatten(key.Value, value, fields);
                }
            }
        }

        return fields;
    }

    /// <summary>Nested mappings become dotted fields (<c>sla.time</c>), so a change names the field that moved.</summary>
    private static void Flatten(string path, YamlNode node, Dictionary<string, string> fields)
    {
        if (node is YamlMapping mapping && mapping.Entries.Length > 0)
        {
            foreach (var (key, value) in mapping.Entries)
            {
                Flatten(path + "." + key.Value, value, fields);
            }

            return;
        }

        fields[path] = Canonical(node);
    }

    /// <summary>A value as compact JSON with scalars typed as YAML types them; a plain scalar stays as written.</summary>
    private static string Canonical(YamlNode node)
    {
        if (node is YamlScalar scalar)
        {
            return scalar.Value;
        }

        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            YamlToJson.Write(node, writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>An expression's C# tokens without whitespace or comments: a reformatted expression is the same expression.</summary>
    private static string? Tokens(string? text) => text is null
        ? null
        : string.Join(' ', Microsoft.CodeAnalysis.CSharp.SyntaxFactory.ParseTokens(text).Select(t => t.Text).Where(t => t.Length > 0));

    private static string? Normalize(string? text) => text is null ? null : string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string Short(string text)
    {
        var normalized = Normalize(text) ?? string.Empty;
        return normalized.Length <= 80 ? normalized : normalized[..77] + "...";
    }

    private static string Severity(GateSeverity severity) => severity == GateSeverity.Block ? "block" : "warn";

    private static string Bool(bool value) => value ? "true" : "false";
}
