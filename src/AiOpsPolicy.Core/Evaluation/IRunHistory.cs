// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Evaluation;

/// <summary>
/// Recorded runs, as gate baselines read them. The engine does not depend on a store: the history project implements
/// this over SQLite or PostgreSQL, and a caller passes it in <see cref="EvaluationOptions.History"/>.
/// </summary>
public interface IRunHistory
{
    /// <summary>
    /// The latest runs of a policy set, evaluated before a time, in which a gate passed with an observed value. A run in
    /// which the gate was measured but ended insufficient-evidence (a seeding run: it had no baseline yet) counts too,
    /// so that a gate whose only bound is its baseline can be seeded by recording runs.
    /// </summary>
    /// <param name="policySet">The policy set's name.</param>
    /// <param name="gate">The gate's name.</param>
    /// <param name="before">Only runs evaluated strictly before this time.</param>
    /// <param name="count">At most this many.</param>
    /// <returns>The observations, latest first.</returns>
    IReadOnlyList<BaselineObservation> PassingObservations(string policySet, string gate, DateTimeOffset before, int count);

    /// <summary>A gate's observed value in one recorded run, whatever its status.</summary>
    /// <param name="runId">The run's id.</param>
    /// <param name="gate">The gate's name.</param>
    /// <returns>The observation, or null when the run is unknown or the gate had no observed value in it.</returns>
    BaselineObservation? Observation(string runId, string gate);
}

/// <summary>A gate's observed value in one recorded run.</summary>
/// <param name="RunId">The run's id.</param>
/// <param name="EvaluatedAt">The run's evaluation time.</param>
/// <param name="Value">The observed value, in the gate's unit (seconds, fraction or number).</param>
/// <param name="Status">The gate's status in that run (pass, fail, ...).</param>
public sealed record BaselineObservation(string RunId, DateTimeOffset EvaluatedAt, double Value, string Status);
