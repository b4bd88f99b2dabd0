// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Concurrent;

namespace AiOpsPolicy.Core.Evaluation;

/// <summary>
/// Runs expression work on a dedicated thread with a large stack, and lets the caller stop waiting
/// for it. The guards injected into expressions stop most runaways from inside; a runaway that
/// loops inside a library call, where no guard runs, is abandoned when its time is up: the caller
/// reports the gate as over budget and carries on with a new runner, while the abandoned
/// background thread finishes or dies with the process. No report waits for it.
/// </summary>
internal sealed class SandboxRunner : IDisposable
{
    /// <summary>
    /// The evaluation thread's stack: 1 GiB, reserved, not committed, so it costs address space only.
    /// Nesting that no guard sees (an iterator chain built by a lambda and then enumerated) needs one
    /// stack frame per level, and every level costs heap too: within the default allocation budget a
    /// chain is at most a few million levels deep, which was measured to need well under this.
    /// </summary>
    private const int StackBytes = 1024 * 1024 * 1024;

    private readonly BlockingCollection<Action> _work = [];
    private readonly Thread _thread;

    public SandboxRunner()
    {
        _thread = new Thread(Loop, StackBytes) { IsBackground = true, Name = "aiops-policy evaluation" };
        _thread.Start();
    }

    /// <summary>Runs work on the evaluation thread and waits for it at most <paramref name="timeout"/>.</summary>
    /// <typeparam name="T">The work's result.</typeparam>
    /// <param name="work">The work.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="result">The result, when it finished.</param>
    /// <returns>True when it finished in time; false when it was abandoned.</returns>
    public bool TryRun<T>(Func<T> work, TimeSpan timeout, out T? result)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add(() =>
        {
            try
            {
                completion.SetResult(work());
            }
            catch (Exception ex)
            {
                completion.SetException(ex);
            }
        });

        if (completion.Task.Wait(timeout))
        {
            result = completion.Task.Result;
            return true;
        }

        result = default;
        return false;
    }

    /// <summary>Starts work on the evaluation thread.</summary>
    /// <param name="work">The work.</param>
    /// <returns>A task that completes when the work does.</returns>
    public Task Start(Action work)
    {
        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add(() =>
        {
            try
            {
                work();
                completion.SetResult();
            }
            catch (Exception ex)
            {
                completion.SetException(ex);
            }
        });
        return completion.Task;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // Completing the queue lets an idle thread end; a thread still busy with abandoned work ends
        // when that work does, or with the process.
        _work.CompleteAdding();
    }

    private void Loop()
    {
        foreach (var item in _work.GetConsumingEnumerable())
        {
            item();
        }
    }
}
