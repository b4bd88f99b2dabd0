// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.History.Decisions;

namespace AiOpsPolicy.History;

/// <content>The decision service's tables: the decision log, and the bundles every instance runs.</content>
public partial interface IHistoryStore
{
    /// <summary>Reads one decision back from the decision log.</summary>
    /// <param name="decisionId">The decision's id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The decision, or <see langword="null"/> when there is none with that id.</returns>
    Task<StoredDecision?> DecisionAsync(string decisionId, CancellationToken cancellationToken = default);

    /// <summary>Counts the decision log's entries (one per decision the service acknowledged).</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The number of entries.</returns>
    Task<long> CountDecisionsAsync(CancellationToken cancellationToken = default);

    /// <summary>Stores a bundle (once per digest) and makes it the one its policy set runs, in one transaction.</summary>
    /// <param name="bundle">The bundle.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task.</returns>
    Task PutBundleAsync(StoredBundle bundle, CancellationToken cancellationToken = default);

    /// <summary>The digest of the bundle a policy set runs now.</summary>
    /// <param name="policySet">The policy set.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The digest, or <see langword="null"/> when no bundle was loaded for the set.</returns>
    Task<string?> CurrentBundleDigestAsync(string policySet, CancellationToken cancellationToken = default);

    /// <summary>Reads a stored bundle by digest.</summary>
    /// <param name="digest">The digest.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The bundle, or <see langword="null"/> when there is none.</returns>
    Task<StoredBundle?> BundleAsync(string digest, CancellationToken cancellationToken = default);
}
