// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Evaluation;

namespace AiOpsPolicy.History;

/// <content>Reading gate baselines: a store is the <see cref="IRunHistory"/> the engine reads baselines from.</content>
public partial interface IHistoryStore : IRunHistory
{
    /// <summary>
    /// The latest runs of a policy set, evaluated strictly before a time, in which a gate passed with an observed value, or
    /// was measured but ended insufficient-evidence (a seeding run, recorded before the gate had a baseline).
    /// </summary>
    /// <param name="policySet">The policy set's name.</param>
    /// <param name="gate">The gate's name.</param>
    /// <param name="before">Only runs evaluated before this time (exclusive).</param>
    /// <param name="count">At most this many.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The observations, latest first (then by run id, descending).</returns>
    Task<IReadOnlyList<BaselineObservation>> PassingObservationsAsync(string policySet, string gate, DateTimeOffset before, int count, CancellationToken cancellationToken = default);

    /// <summary>A gate's observed value in one recorded run, whatever its status.</summary>
    /// <param name="runId">The run's id.</param>
    /// <param name="gate">The gate's name.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The observation, or null when the run is unknown or the gate had no observed value in it.</returns>
    Task<BaselineObservation?> ObservationAsync(string runId, string gate, CancellationToken cancellationToken = default);
}
