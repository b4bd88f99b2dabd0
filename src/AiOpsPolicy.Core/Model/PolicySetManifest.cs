// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Syntax;

namespace AiOpsPolicy.Core.Model;

/// <summary>The policy set's manifest: its version and the defaults its documents inherit.</summary>
public sealed class PolicySetManifest : PolicyObject
{
    /// <summary>The default for how old evidence may be.</summary>
    public static readonly TimeSpan DefaultMaxEvidenceAge = TimeSpan.FromDays(7);

    /// <summary>The default for how far ahead a waiver may expire.</summary>
    public static readonly TimeSpan DefaultMaxWaiverDuration = TimeSpan.FromDays(90);

    /// <summary>The default metric window.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(7);

    internal PolicySetManifest(PolicyMetadata metadata, YamlMapping node)
        : base(metadata, node)
    {
    }

    /// <inheritdoc />
    public override PolicyKind Kind => PolicyKind.PolicySet;

    /// <summary>Gets the policy set's own version, if given.</summary>
    public string? Version { get; init; }

    /// <summary>Gets how old evidence may be before the gates that use it are insufficient-evidence.</summary>
    public TimeSpan MaxEvidenceAge { get; init; } = DefaultMaxEvidenceAge;

    /// <summary>
    /// Gets the share of each evidence kind's records that may be invalid (quarantined) before the
    /// gates that read the kind are insufficient-evidence (<c>spec.evidence.tolerateInvalid</c>); a
    /// kind not listed tolerates none.
    /// </summary>
    public System.Collections.Immutable.ImmutableDictionary<Evidence.EvidenceKind, double> TolerateInvalid { get; init; } =
        System.Collections.Immutable.ImmutableDictionary<Evidence.EvidenceKind, double>.Empty;

    /// <summary>Gets the severity of a gate that does not state one.</summary>
    public GateSeverity DefaultSeverity { get; init; } = GateSeverity.Block;

    /// <summary>Gets how far ahead of the evaluation time a waiver may expire.</summary>
    public TimeSpan MaxWaiverDuration { get; init; } = DefaultMaxWaiverDuration;

    /// <summary>Gets what one evaluation may spend on expressions.</summary>
    public EvaluationBudgets Budgets { get; init; } = EvaluationBudgets.Default;

    /// <summary>Gets the window of a metric that does not state one.</summary>
    public TimeSpan Window { get; init; } = DefaultWindow;

    /// <summary>Gets the history setting (<c>spec.history</c>), if any.</summary>
    public HistorySettings? History { get; init; }

    /// <summary>Gets the score thresholds, when the set is scored (<c>spec.scoring</c>); null otherwise.</summary>
    public ScoreThresholds? Scoring { get; init; }

    /// <summary>Gets the base currency and declared exchange rates (<c>spec.currency</c>); null when money metrics convert nothing.</summary>
    public CurrencySettings? Currency { get; init; }
}
