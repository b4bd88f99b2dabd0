// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Model;
using AiOpsPolicy.Core.Syntax;
using AiOpsPolicy.Core.Text;

namespace AiOpsPolicy.Core.Validation;

/// <summary>The checks a JSON Schema cannot express: uniqueness, references, and gates that check something.</summary>
internal sealed partial class SemanticChecks
{
    private readonly ICollection<Diagnostic> _diagnostics;
    private readonly IReadOnlyList<Unread> _unread;

    /// <summary>Initializes the checks.</summary>
    /// <param name="diagnostics">Where problems go.</param>
    /// <param name="unread">
    /// What the load could not read or bind: an unresolved reference to a kind that may be declared there says so.
    /// </param>
    public SemanticChecks(ICollection<Diagnostic> diagnostics, IReadOnlyList<Unread>? unread = null)
    {
        _diagnostics = diagnostics;
        _unread = unread ?? [];
    }

    /// <summary>A policy file with an error that kept a document from being read (its kind unknown) or bound (of a known kind).</summary>
    /// <param name="Path">The file, as its diagnostics name it.</param>
    /// <param name="Kind">The kind of the document that did not bind, or null when the file was not read in full.</param>
    internal sealed record Unread(string Path, PolicyKind? Kind);

    public void Run(ImmutableArray<PolicyObject> objects)
    {
        CheckUniqueNames(objects);
        var workflows = objects.OfType<Workflow>().Select(w => w.Name).ToHashSet(StringComparer.Ordinal);
        var gates = objects.OfType<Gate>().Select(g => g.Name).ToHashSet(StringComparer.Ordinal);

        // A waiver may name a roll-up's result (rollup/level/entity) as it names a gate.
        gates.UnionWith(objects.OfType<Rollup>().SelectMany(r => RollupEntities.Of(r, objects.OfType<Workflow>(), objects.OfType<Control>())).Select(e => e.ResultName));
        foreach (var obj in objects)
        {
            switch (obj)
            {
                case Workflow workflow:
                    CheckWorkflow(workflow);
                    break;
                case Connector connector:
                    CheckReferences(connector, "workflows", PolicyKind.Workflow, workflows);
                    break;
                case Rubric rubric:
                    CheckUnique(rubric, "checks", "Check");
                    break;
                case Gate gate:
                    CheckGate(gate);
                    CheckBaseline(gate);
                    break;
                case Finding finding:
                    CheckFinding(finding);
                    break;
                case PolicySetManifest manifest:
                    CheckHistory(manifest);
                    CheckScoring(manifest);
                    break;
                case Waiver waiver:
                    CheckReferences(waiver, "gates", PolicyKind.Gate, gates);
                    break;
                case Rollup rollup:
                    CheckRollup(rollup);
                    break;
            }
        }
    }

    private void CheckUniqueNames(ImmutableArray<PolicyObject> objects)
    {
        PolicySetManifest? manifest = null;
        var seen = new Dictionary<(PolicyKind, string), PolicyObject>();
        var members = new Dictionary<string, Definition>(StringComparer.Ordinal);
        var externalIds = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        foreach (var obj in objects)
        {
            if (obj is PolicySetManifest current)
            {
                if (manifest is null)
                {
                    manifest = current;
                }
                else
                {
                    Report(DiagnosticCatalog.DuplicatePolicySet, current.Location, manifest.Location);
                }

                continue;
            }

            if (seen.TryGetValue((obj.Kind, obj.Name), out var first))
            {
                Report(DiagnosticCatalog.DuplicateName, obj.Location, obj.Kind, obj.Name, first.Location);
            }
            else
            {
                seen.Add((obj.Kind, obj.Name), obj);
                if (obj is Workflow workflow)
                {
                    CheckExternalIds(workflow, externalIds);
                }

                if (obj is Definition definition && !members.TryAdd(definition.MemberName, definition))
                {
                    Report(DiagnosticCatalog.DuplicateName, obj.Location, "Definition member", definition.MemberName, members[definition.MemberName].Location);
                }
            }
        }
    }

    /// <summary>
    /// An external id names one workflow: two workflows claiming the same DevLake scope would each count its
    /// deployments.
    /// </summary>
    private void CheckExternalIds(Workflow workflow, Dictionary<string, SourceLocation> seen)
    {
        if ((workflow.Node["spec"] as YamlMapping)?["externalIds"] is not YamlSequence ids)
        {
            return;
        }

        foreach (var id in ids.Items.OfType<YamlScalar>())
        {
            if (seen.TryGetValue(id.Value, out var first))
            {
                Report(DiagnosticCatalog.DuplicateName, id.Location, "External id", id.Value, first);
            }
            else
            {
                seen.Add(id.Value, id.Location);
            }
        }
    }

    private void CheckWorkflow(Workflow workflow)
    {
        CheckUnique(workflow, "steps", "Step");
        if (workflow.Systems.IsEmpty)
        {
            return;
        }

        var systems = workflow.Systems.ToHashSet(StringComparer.Ordinal);
        var spec = workflow.Node["spec"] as YamlMapping;
        if (workflow.Trigger is { } trigger && !systems.Contains(trigger))
        {
            Report(DiagnosticCatalog.UnresolvedReference, (spec?["trigger"] ?? workflow.Node).Location, "System", trigger, $" in spec.systems of workflow '{workflow.Name}'");
        }

        if (spec?["steps"] is not YamlSequence steps)
        {
            return;
        }

        foreach (var step in steps.Items.OfType<YamlMapping>())
        {
            if (step["system"] is YamlScalar system && !systems.Contains(system.Value))
            {
                Report(DiagnosticCatalog.UnresolvedReference, system.Location, "System", system.Value, $" in spec.systems of workflow '{workflow.Name}'");
            }
        }
    }

    private void CheckReferences(PolicyObject owner, string field, PolicyKind kind, HashSet<string> declared)
    {
        if ((owner.Node["spec"] as YamlMapping)?[field] is not YamlSequence items)
        {
            return;
        }

        foreach (var item in items.Items.OfType<YamlScalar>())
        {
            if (!declared.Contains(item.Value))
            {
                Report(DiagnosticCatalog.UnresolvedReference, item.Location, kind, item.Value, Known(declared, kind));
            }
        }
    }

    private void CheckUnique(PolicyObject owner, string field, string what)
    {
        if ((owner.Node["spec"] as YamlMapping)?[field] is not YamlSequence items)
        {
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items.Items.OfType<YamlMapping>())
        {
            if (item["name"] is YamlScalar name && !seen.Add(name.Value))
            {
                Report(DiagnosticCatalog.DuplicateMember, name.Location, what, name.Value, owner.Kind.ToString().ToLowerInvariant());
            }
        }
    }

    private void CheckGate(Gate gate)
    {
        var spec = gate.Node["spec"] as YamlMapping;
        var at = (spec ?? gate.Node).Location;
        if (gate.Measure is null && gate.Condition is null)
        {
            if (spec?["measure"] is null && spec?["condition"] is null)
            {
                Report(DiagnosticCatalog.InvalidGate, at, $"Gate '{gate.Name}' has neither a measure nor a condition, so it checks nothing. Add 'measure' with a 'bound', or a 'condition'");
            }

            return;
        }

        if (gate.Measure is not null && spec?["bound"] is null && spec?["baseline"] is null)
        {
            Report(DiagnosticCatalog.InvalidGate, gate.Measure.Location, $"Gate '{gate.Name}' has a measure but no bound. Add 'bound' with 'min' or 'max', or a 'baseline' relative to recorded runs");
        }

        if (gate.Measure is null && spec?["bound"] is YamlNode boundNode)
        {
            Report(DiagnosticCatalog.InvalidGate, boundNode.Location, $"Gate '{gate.Name}' has a bound but no measure to compare with it. Add 'measure'");
        }

        if (gate.Bound is { Min: { } min, Max: { } max } && spec?["bound"] is YamlMapping bound)
        {
            if (min.Kind != max.Kind)
            {
                Report(DiagnosticCatalog.InvalidGate, (bound["max"] ?? bound).Location, $"The bound of gate '{gate.Name}' mixes units: min {min.Text} is a {min.Kind.ToString().ToLowerInvariant()}, max {max.Text} is a {max.Kind.ToString().ToLowerInvariant()}. Write both in the same unit");
            }
            else if (min.Magnitude > max.Magnitude)
            {
                Report(DiagnosticCatalog.InvalidGate, (bound["min"] ?? bound).Location, $"The bound of gate '{gate.Name}' can never hold: min {min.Text} is above max {max.Text}. Swap them");
            }
        }
    }

    /// <summary>Score thresholds must be in (0%, 100%], warn at most pass.</summary>
    private void CheckScoring(PolicySetManifest manifest)
    {
        if (manifest.Scoring is not { } scoring || ((manifest.Node["spec"] as YamlMapping)?["scoring"] is not YamlMapping node))
        {
            return;
        }

        foreach (var (key, value) in new[] { ("pass", scoring.PassAt), ("warn", scoring.WarnAt) })
        {
            if (value is <= 0 or > 1)
            {
                Report(DiagnosticCatalog.InvalidScoring, (node[key] ?? node).Location, $"The score threshold {key} is {Units.UnitFormat.Percentage(value)}, but a score runs from 0% to 100%. Write a percentage above 0% and at most 100%");
                return;
            }
        }

        if (scoring.WarnAt > scoring.PassAt)
        {
            Report(DiagnosticCatalog.InvalidScoring, (node["warn"] ?? node).Location, $"The score threshold warn ({Units.UnitFormat.Percentage(scoring.WarnAt)}) is above pass ({Units.UnitFormat.Percentage(scoring.PassAt)}), so no score could warn. Make warn at most pass");
        }
    }

    /// <summary>Every level a roll-up declares must be one its metric has.</summary>
    private void CheckRollup(Rollup rollup)
    {
        var applicable = RollupMetrics.Levels(rollup.Metric);
        if (applicable.IsEmpty || ((rollup.Node["spec"] as YamlMapping)?["levels"] is not YamlMapping levels))
        {
            // An unknown metric is the schema check's to report.
            return;
        }

        foreach (var (key, _) in levels.Entries)
        {
            var known = Enum.GetValues<RollupLevelKind>().Any(l => l.ToText() == key.Value);
            if (known && !applicable.Any(l => l.ToText() == key.Value))
            {
                Report(DiagnosticCatalog.RollupLevelNotApplicable, key.Location, rollup.Name, key.Value, rollup.Metric, string.Join(", ", applicable.Select(l => l.ToText())));
            }
        }
    }

    /// <summary>
    /// What an unresolved reference's message adds: what is declared, and where else it may be declared (a file not read in
    /// full, or one whose document of that kind did not bind; a waiver's gate may also be a roll-up's result).
    /// </summary>
    private string Known(HashSet<string> declared, PolicyKind kind)
    {
        var files = _unread
            .Where(u => u.Kind is null || u.Kind == kind || (kind == PolicyKind.Gate && u.Kind == PolicyKind.Rollup))
            .Select(u => u.Path).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var elsewhere = files switch
        {
            [] => string.Empty,
            [var one] => $"; {one} has an error, and may declare it",
            [var first, var second] => $"; {first} and {second} have errors, and may declare it",
            _ => $"; {files.Count} policy files have errors, and may declare it",
        };
        return declared.Count == 0 ? $" (none are declared{elsewhere})" : $" (declared: {string.Join(", ", declared.Order(StringComparer.Ordinal))}{elsewhere})";
    }

    private void Report(DiagnosticDescriptor descriptor, SourceLocation location, params object?[] args) =>
        _diagnostics.Add(Diagnostic.Create(descriptor, location, args));
}
