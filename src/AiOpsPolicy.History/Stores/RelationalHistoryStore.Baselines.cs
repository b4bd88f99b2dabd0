// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using AiOpsPolicy.Core.Evaluation;

namespace AiOpsPolicy.History.Stores;

/// <content>Reading gate baselines: one indexed query each (gate_results by gate, runs by policy set and time).</content>
public abstract partial class RelationalHistoryStore
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<BaselineObservation>> PassingObservationsAsync(string policySet, string gate, DateTimeOffset before, int count, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policySet);
        ArgumentNullException.ThrowIfNull(gate);
        if (count <= 0)
        {
            return [];
        }

        var observations = new List<BaselineObservation>();
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await ReadAsync(connection, """
            SELECT r.run_id, r.recorded_at, g.observed_value, g.status
            FROM runs r JOIN gate_results g ON g.run_id = r.run_id
            WHERE r.policy_set = @policy_set AND r.recorded_at_ms < @before AND g.gate = @gate AND g.status IN ('pass', 'insufficient-evidence') AND g.observed_value IS NOT NULL
            ORDER BY r.recorded_at_ms DESC, r.run_id DESC
            LIMIT @count
            """,
            [("policy_set", policySet), ("before", before.ToUnixTimeMilliseconds()), ("gate", gate), ("count", count)],
            reader => observations.Add(Observation(reader)),
            cancellationToken).ConfigureAwait(false);
        return observations;
    }

    /// <inheritdoc />
    public async Task<BaselineObservation?> ObservationAsync(string runId, string gate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runId);
        ArgumentNullException.ThrowIfNull(gate);
        BaselineObservation? observation = null;
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await ReadAsync(connection, """
            SELECT r.run_id, r.recorded_at, g.observed_value, g.status
            FROM runs r JOIN gate_results g ON g.run_id = r.run_id
            WHERE r.run_id = @run_id AND g.gate = @gate AND g.observed_value IS NOT NULL
            ORDER BY g.ordinal
            LIMIT 1
            """,
            [("run_id", runId), ("gate", gate)],
            reader => observation = Observation(reader),
            cancellationToken).ConfigureAwait(false);
        return observation;
    }

    /// <inheritdoc />
    public IReadOnlyList<BaselineObservation> PassingObservations(string policySet, string gate, DateTimeOffset before, int count) =>
        PassingObservationsAsync(policySet, gate, before, count).GetAwaiter().GetResult();

    /// <inheritdoc />
    public BaselineObservation? Observation(string runId, string gate) =>
        ObservationAsync(runId, gate).GetAwaiter().GetResult();

    private static BaselineObservation Observation(System.Data.Common.DbDataReader reader) => new(
        reader.GetString(0),
        DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
        Convert.ToDouble(reader.GetValue(2), CultureInfo.InvariantCulture),
        reader.GetString(3));
}
