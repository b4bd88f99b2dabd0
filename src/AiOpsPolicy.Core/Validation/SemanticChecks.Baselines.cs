// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Model;
using AiOpsPolicy.Core.Syntax;

namespace AiOpsPolicy.Core.Validation;

/// <content>Checks of gate baselines, findings and the history setting.</content>
internal sealed partial class SemanticChecks
{
    private void CheckBaseline(Gate gate)
    {
        if (gate.Baseline is not { } baseline || (gate.Node["spec"] as YamlMapping)?["baseline"] is not YamlMapping node)
        {
            return;
        }

        if (gate.Measure is null)
        {
            Report(DiagnosticCatalog.InvalidBaseline, node.Location, $"Gate '{gate.Name}' has a baseline but no measure: a baseline compares the measure with its value in earlier runs. Add 'measure'");
            return;
        }

        if (baseline.From == BaselineSource.Run && string.IsNullOrWhiteSpace(baseline.RunId))
        {
            Report(DiagnosticCatalog.InvalidBaseline, (node["from"] ?? node).Location, $"The baseline of gate '{gate.Name}' is pinned to a run ('from: run') but names none. Add 'run: <run id>' (the ids 'aiops-policy history' and the gate output print)");
        }

        if (baseline.From == BaselineSource.PassingRuns && node["run"] is YamlNode run)
        {
            Report(DiagnosticCatalog.InvalidBaseline, run.Location, $"The baseline of gate '{gate.Name}' names a run but takes its value from passing runs. Write 'from: run' to pin that run, or remove 'run'");
        }

        if (baseline.From == BaselineSource.PassingRuns && baseline.Runs < 1)
        {
            Report(DiagnosticCatalog.InvalidBaseline, (node["runs"] ?? node).Location, $"The baseline of gate '{gate.Name}' asks for the median of {baseline.Runs} runs. Ask for 1 or more");
        }

        if (baseline.Tolerance < 0)
        {
            Report(DiagnosticCatalog.InvalidBaseline, (node["tolerance"] ?? node).Location, $"The baseline tolerance of gate '{gate.Name}' is negative. Write the allowed worsening as a percentage of 0% or more, such as 10%");
        }

        if (baseline.ResolveDirection(gate.Bound) is null)
        {
            var why = gate.Bound is null ? "it has no bound to tell" : "its bound has both min and max";
            Report(DiagnosticCatalog.InvalidBaseline, node.Location, $"Gate '{gate.Name}' has a baseline, but which way is worse is unknown: {why}. Add 'direction: lower-is-better' or 'direction: higher-is-better' to the baseline");
        }
        else if (baseline.Direction is { } stated && gate.Bound is { } bound
            && ((stated == BaselineDirection.LowerIsBetter && bound is { Min: not null, Max: null }) || (stated == BaselineDirection.HigherIsBetter && bound is { Max: not null, Min: null })))
        {
            Report(DiagnosticCatalog.InvalidBaseline, (node["direction"] ?? node).Location, $"The baseline of gate '{gate.Name}' says {(stated == BaselineDirection.LowerIsBetter ? "lower-is-better" : "higher-is-better")}, but its bound ({bound}) says the opposite. Remove 'direction' or fix the bound");
        }
    }

    private void CheckFinding(Finding finding)
    {
        var spec = finding.Node["spec"] as YamlMapping;
        if (finding.When is null && spec?["when"] is null)
        {
            Report(DiagnosticCatalog.InvalidFinding, (spec ?? finding.Node).Location, $"Finding '{finding.Name}' has no 'when', so it would never be reported. Add 'when' with a C# condition, such as IncidentRate(Days(7)).Value > IncidentRate(Previous(Days(7))).Value");
        }

        if (spec?["message"] is null)
        {
            Report(DiagnosticCatalog.InvalidFinding, (spec ?? finding.Node).Location, $"Finding '{finding.Name}' has no 'message'. Add the sentence a reader acts on; {{expression}} placeholders write values into it");
        }
    }

    private void CheckHistory(PolicySetManifest manifest)
    {
        if (manifest.History is not { } history || (manifest.Node["spec"] as YamlMapping)?["history"] is not YamlMapping node)
        {
            return;
        }

        if ((history.Record || history.Require) && string.IsNullOrWhiteSpace(history.Store))
        {
            Report(DiagnosticCatalog.InvalidHistorySetting, node.Location, "spec.history asks to record runs but names no store. Add 'store:' with the name of a store the operator configuration declares (such as 'store: main'), or a SQLite file relative to this file");
        }

        if (history.Store is { } store && node["store"] is YamlNode storeNode)
        {
            // A password is named first: it is the worst thing to find in a policy file, and the fix differs.
            var problem = HasPassword(store)
                ? "spec.history.store contains a password. Remove it from the policy, and declare the store in the operator configuration (historyStores, see docs/configuration.md), whose credentials come from the operator's side"
                : Configuration.HistoryStoreReference.Problem(store);
            if (problem is not null)
            {
                Report(DiagnosticCatalog.InvalidHistorySetting, storeNode.Location, problem);
            }
        }
    }

    /// <summary>Whether a store setting carries a password: a <c>Password=</c> key, or a URL with <c>user:password@</c>.</summary>
    private static bool HasPassword(string store) =>
        store.Split(';').Any(p => p.Trim().StartsWith("password", StringComparison.OrdinalIgnoreCase))
        || (store.Contains("://", StringComparison.Ordinal) && store.IndexOf('@', StringComparison.Ordinal) is var at && at > 0
            && store[(store.IndexOf("://", StringComparison.Ordinal) + 3)..at].Contains(':', StringComparison.Ordinal));
}
