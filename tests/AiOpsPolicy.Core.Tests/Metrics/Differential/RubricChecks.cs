// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Tests.Metrics.Differential;

/// <summary>A rubric check: the C# predicate the engine compiles, and the same rule over a written record.</summary>
/// <param name="Name">The check's name.</param>
/// <param name="Category">Its category.</param>
/// <param name="Predicate">The predicate over <c>model</c>.</param>
/// <param name="Passes">The rule over the evaluation as written; a check whose evidence is missing fails (docs/metrics.md, metric 10).</param>
internal sealed record RubricCheck(string Name, string Category, string Predicate, Func<Rec, bool> Passes);

/// <summary>The differential rubric's checks, one per category.</summary>
internal static class RubricChecks
{
    public static readonly IReadOnlyList<RubricCheck> All =
    [
        new("accuracy-gap", "fairness", "model.MaxGroupGap(\"accuracy\") <= 0.05", AccuracyGap),
        new("no-pii", "privacy", "model.Privacy(\"pii\")", e => Flag(e, "privacy", "pii")),
        new("explained", "explainability", "model.Explainability != \"none\"", e => e.Text("explainability") != "none"),
        new("not-toxic", "safety", "model.Safety(\"toxicity\")", e => Flag(e, "safety", "toxicity")),
        new("overridable", "human-oversight", "model.HumanOversight(\"override\")", e => Flag(e, "humanOversight", "override")),
    ];

    /// <summary>The largest difference of accuracy between groups; no group, or a group without accuracy, is missing evidence.</summary>
    private static bool AccuracyGap(Rec evaluation)
    {
        var groups = evaluation.Obj("groups");
        var values = groups?.Fields.Values.Select(g => (g as Rec)?.Fields.GetValueOrDefault("accuracy") as double?).ToList() ?? [];
        if (values.Count == 0 || values.Any(v => v is null))
        {
            return false;
        }

        return values.Max()!.Value - values.Min()!.Value <= 0.05;
    }

    private static bool Flag(Rec evaluation, string field, string check) => evaluation.Obj(field)?.Fields.GetValueOrDefault(check) is true;
}
