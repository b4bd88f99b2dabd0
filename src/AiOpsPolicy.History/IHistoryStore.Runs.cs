// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.History.Runs;

namespace AiOpsPolicy.History;

/// <content>Reading whole runs back.</content>
public partial interface IHistoryStore
{
    /// <summary>Reads back the runs in a range, whole: gate results with their metrics, control coverage and waivers.</summary>
    /// <param name="policySet">Only runs of this policy set, or every run when <see langword="null"/>.</param>
    /// <param name="since">The start of the range (inclusive).</param>
    /// <param name="until">The end of the range (exclusive).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The runs, ordered by evaluation time, then run id; children in their recorded order.</returns>
    Task<IReadOnlyList<RunRecord>> LoadRunsAsync(string? policySet, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken = default);
}
