// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Text;

namespace AiOpsPolicy.Core.Model;

/// <summary>A validated policy set: every declared object, typed, and the digest of the files it came from.</summary>
public sealed class PolicySet
{
    internal PolicySet(ImmutableArray<SourceFile> files, string digest, ImmutableArray<PolicyObject> objects)
    {
        Files = files;
        Digest = digest;
        Objects = objects;
        Manifest = objects.OfType<PolicySetManifest>().FirstOrDefault();
        Workflows = [.. objects.OfType<Workflow>()];
        Connectors = [.. objects.OfType<Connector>()];
        Controls = [.. objects.OfType<Control>()];
        Rubrics = [.. objects.OfType<Rubric>()];
        Gates = [.. objects.OfType<Gate>()];
        Definitions = [.. objects.OfType<Definition>()];
        Waivers = [.. objects.OfType<Waiver>()];
        Findings = [.. objects.OfType<Finding>()];
        Rollups = [.. objects.OfType<Rollup>()];
    }

    /// <summary>Gets the files of the set, in path order.</summary>
    public ImmutableArray<SourceFile> Files { get; }

    /// <summary>Gets the SHA-256 digest of the set's files (their paths relative to the set's folder, and their text).</summary>
    public string Digest { get; }

    /// <summary>Gets every declared object in file and document order.</summary>
    public ImmutableArray<PolicyObject> Objects { get; }

    /// <summary>Gets the manifest, if the set has one.</summary>
    public PolicySetManifest? Manifest { get; }

    /// <summary>Gets the set's name: the manifest's, or "policies".</summary>
    public string Name => Manifest?.Name ?? "policies";

    /// <summary>Gets the set's version, if the manifest states one.</summary>
    public string? Version => Manifest?.Version;

    /// <summary>Gets how old evidence may be.</summary>
    public TimeSpan MaxEvidenceAge => Manifest?.MaxEvidenceAge ?? PolicySetManifest.DefaultMaxEvidenceAge;

    /// <summary>The share of a kind's records that may be invalid before the gates that read it are insufficient-evidence (default 0).</summary>
    /// <param name="kind">The evidence kind.</param>
    /// <returns>The tolerated share, a fraction.</returns>
    public double TolerateInvalid(Evidence.EvidenceKind kind) => Manifest?.TolerateInvalid.GetValueOrDefault(kind) ?? 0;

    /// <summary>Gets what one evaluation may spend on expressions.</summary>
    public EvaluationBudgets Budgets => Manifest?.Budgets ?? EvaluationBudgets.Default;

    /// <summary>Gets the metric window used when an expression does not give one.</summary>
    public TimeSpan DefaultWindow => Manifest?.Window ?? PolicySetManifest.DefaultWindow;

    /// <summary>Gets the workflows.</summary>
    public ImmutableArray<Workflow> Workflows { get; }

    /// <summary>Gets the connectors.</summary>
    public ImmutableArray<Connector> Connectors { get; }

    /// <summary>Gets the controls.</summary>
    public ImmutableArray<Control> Controls { get; }

    /// <summary>Gets the rubrics.</summary>
    public ImmutableArray<Rubric> Rubrics { get; }

    /// <summary>Gets the gates.</summary>
    public ImmutableArray<Gate> Gates { get; }

    /// <summary>Gets the definitions.</summary>
    public ImmutableArray<Definition> Definitions { get; }

    /// <summary>Gets the waivers.</summary>
    public ImmutableArray<Waiver> Waivers { get; }

    /// <summary>Gets the finding rules.</summary>
    public ImmutableArray<Finding> Findings { get; }

    /// <summary>Gets the roll-ups.</summary>
    public ImmutableArray<Rollup> Rollups { get; }

    /// <summary>Gets the score thresholds, when the set is scored.</summary>
    public ScoreThresholds? Scoring => Manifest?.Scoring;

    /// <summary>Gets the base currency and declared exchange rates, or null when none are declared.</summary>
    public CurrencySettings? Currency => Manifest?.Currency;

    /// <summary>Gets the longest a waiver may run, from the evaluation time to its expiry.</summary>
    public TimeSpan MaxWaiverDuration => Manifest?.MaxWaiverDuration ?? PolicySetManifest.DefaultMaxWaiverDuration;
}
