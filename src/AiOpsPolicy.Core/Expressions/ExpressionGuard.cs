// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using AiOpsPolicy.Core.Model;
using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Core.Expressions;

/// <summary>
/// The run-time half of the sandbox. The compiler wraps the body of every generated method and of
/// every lambda in an expression as <c>Exit(Enter(), body)</c>; <see cref="Enter"/> counts nesting
/// and, every few calls, checks the clock, the thread's allocations and the remaining stack, and
/// throws <see cref="BudgetExceededException"/> into the expression when one is over. Policy
/// expressions cannot call it: the sandbox refuses every engine type not on its allow-list.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ExpressionGuard
{
    /// <summary>
    /// How many calls pass between two checks of the clock and the stack: cheap enough per call, prompt enough to stop a
    /// runaway. Allocations are checked on every entry and exit (one read of a thread-local counter): 63 calls that
    /// each allocate 50 MB must not get past a 256 MiB budget between two checks.
    /// </summary>
    private const int CheckInterval = 64;

    [ThreadStatic]
    private static State? t_state;

    /// <summary>Called on entry to a generated method or lambda. Generated code only.</summary>
    /// <returns>A token for <see cref="Exit{T}"/>.</returns>
    public static int Enter()
    {
        var state = t_state;
        if (state is null)
        {
            return 0;
        }

        if (++state.Depth > state.Budgets.MaxDepth)
        {
            throw new BudgetExceededException($"expression calls nested deeper than the limit of {state.Budgets.MaxDepth}");
        }

        if (++state.Calls % CheckInterval == 0)
        {
            Check(state);
        }
        else if (GC.GetAllocatedBytesForCurrentThread() > state.AllocationLimit)
        {
            throw OverAllocation(state);
        }

        return 0;
    }

    /// <summary>Called with the body's value on exit from a generated method or lambda. Generated code only.</summary>
    /// <typeparam name="T">The body's type.</typeparam>
    /// <param name="token">The token from <see cref="Enter"/>.</param>
    /// <param name="value">The body's value.</param>
    /// <returns>The value.</returns>
    public static T Exit<T>(int token, T value)
    {
        _ = token;
        if (t_state is { } state)
        {
            state.Depth--;

            // One library call can allocate far past the budget (new string('x', 1_000_000_000)); the body's value is
            // not handed on once it has.
            if (GC.GetAllocatedBytesForCurrentThread() > state.AllocationLimit)
            {
                throw OverAllocation(state);
            }
        }

        return value;
    }

    /// <summary>Starts guarding the current thread's expressions with a time and allocation budget.</summary>
    /// <param name="budgets">The budgets.</param>
    /// <param name="time">The time this scope may take.</param>
    /// <param name="what">What is guarded, for messages ("gate 'x'").</param>
    /// <returns>A scope that stops guarding when disposed.</returns>
    internal static GuardScope Begin(EvaluationBudgets budgets, TimeSpan time, string what)
    {
        t_state = new State(budgets, Stopwatch.GetTimestamp() + (long)(time.TotalSeconds * Stopwatch.Frequency), GC.GetAllocatedBytesForCurrentThread() + budgets.AllocationBytes, time, what);
        return new GuardScope();
    }

    /// <summary>Checks the budgets now (also called by the engine between records of long passes).</summary>
    internal static void CheckNow()
    {
        if (t_state is { } state)
        {
            Check(state);
        }
    }

    private static void Check(State state)
    {
        if (Stopwatch.GetTimestamp() > state.Deadline)
        {
            throw new BudgetExceededException($"{state.What} went over its time budget of {UnitFormat.Duration(state.Time)}");
        }

        if (GC.GetAllocatedBytesForCurrentThread() > state.AllocationLimit)
        {
            throw OverAllocation(state);
        }

        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw new BudgetExceededException($"{state.What} nearly exhausted the stack");
        }
    }

    private static BudgetExceededException OverAllocation(State state) =>
        new($"{state.What} went over its allocation budget of {state.Budgets.AllocationBytes / (1024 * 1024)} MiB");

    /// <summary>Stops guarding when disposed.</summary>
    internal readonly struct GuardScope : IDisposable
    {
        public void Dispose() => t_state = null;
    }

    private sealed class State(EvaluationBudgets budgets, long deadline, long allocationLimit, TimeSpan time, string what)
    {
        public EvaluationBudgets Budgets { get; } = budgets;

        public long Deadline { get; } = deadline;

        public long AllocationLimit { get; } = allocationLimit;

        public TimeSpan Time { get; } = time;

        public string What { get; } = what;

        public int Depth { get; set; }

        public long Calls { get; set; }
    }
}
