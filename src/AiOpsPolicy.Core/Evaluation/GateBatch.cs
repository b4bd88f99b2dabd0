// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Diagnostics;

namespace AiOpsPolicy.Core.Evaluation;

/// <summary>
/// The progress of a batch of gates on the evaluation thread, shared with the thread that watches
/// it. Once the watcher abandons the batch, the evaluation thread writes no more results: a late
/// result from an abandoned gate never overwrites the "over budget" the report already holds.
/// </summary>
internal sealed class GateBatch(int from)
{
    private readonly Lock _lock = new();
    private int _current = -1;
    private long _deadline;
    private bool _abandoned;

    /// <summary>Gets the first gate of the batch.</summary>
    public int From { get; } = from;

    /// <summary>Marks a gate as started with its time budget. False when the batch was abandoned.</summary>
    public bool TryBegin(int gate, TimeSpan time)
    {
        lock (_lock)
        {
            _current = gate;
            _deadline = Stopwatch.GetTimestamp() + (long)(time.TotalSeconds * Stopwatch.Frequency);
            return !_abandoned;
        }
    }

    /// <summary>Records a gate's result unless the batch was abandoned. False when it was.</summary>
    public bool TryComplete(int gate, Action record)
    {
        lock (_lock)
        {
            if (_abandoned)
            {
                return false;
            }

            record();
            if (_current == gate)
            {
                _current = -1;
            }

            return true;
        }
    }

    /// <summary>Abandons the batch if its current gate is past its deadline plus the grace.</summary>
    /// <param name="grace">How long past the deadline to wait.</param>
    /// <param name="gate">The gate that overran.</param>
    /// <returns>True when the batch was abandoned.</returns>
    public bool TryAbandonOverdue(TimeSpan grace, out int gate)
    {
        lock (_lock)
        {
            gate = _current;
            if (_current < 0 || Stopwatch.GetTimestamp() < _deadline + (long)(grace.TotalSeconds * Stopwatch.Frequency))
            {
                return false;
            }

            _abandoned = true;
            return true;
        }
    }
}
