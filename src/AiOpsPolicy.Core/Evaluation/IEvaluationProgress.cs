// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Evaluation;

/// <summary>
/// Told what the evaluation is doing, as it does it, by the thread doing it. The CLI's evaluation process reports this to
/// the supervising process, which stops the process when an item overruns its budget by more than the grace (whatever
/// the expression does: no guard has to run) and evaluates again without that item. Implementations must be cheap (one
/// call per gate) and must not throw.
/// </summary>
public interface IEvaluationProgress
{
    /// <summary>Evaluation starts: the time left of the run's total budget and each gate's or finding's time budget.</summary>
    /// <param name="totalLeft">What is left of the total time budget.</param>
    /// <param name="itemTime">The time budget of one gate or finding.</param>
    void Started(TimeSpan totalLeft, TimeSpan itemTime);

    /// <summary>A gate starts (by its index in the policy set).</summary>
    /// <param name="index">The gate's index.</param>
    void Gate(int index);

    /// <summary>The gates are done; roll-ups and findings' preparation run (no single item's budget applies).</summary>
    void Between();

    /// <summary>A finding starts (by its index in the policy set).</summary>
    /// <param name="index">The finding's index.</param>
    void Finding(int index);

    /// <summary>The evaluation thread was abandoned inside a library call in a gate or finding: the process is no longer sound.</summary>
    /// <param name="index">The gate's or finding's index.</param>
    /// <param name="finding">True for a finding, false for a gate.</param>
    void Abandoned(int index, bool finding);

    /// <summary>Evaluation is over; the reports follow.</summary>
    void Finished();
}
