// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Evidence;

namespace AiOpsPolicy.Warehouse.DuckDb;

/// <summary>
/// The workflow runs of a source grouped into <see cref="RunClasses"/> by the check's scan (<see cref="RunsCheck"/>), for
/// the criteria of a gate's plan: a few thousand classes, each with its count and the five smallest ids of its runs that
/// may miss. A tally whose criteria these classes answer (<see cref="RunClasses.Answers"/>) is then computed from them
/// here, by the very conditions the tally query applies to its own classes (<see cref="DuckDbRuns.TallyRuns"/>), with no
/// second scan of the runs.
/// </summary>
internal sealed class RunClassCounts
{
    private readonly RunClasses _classes;
    private readonly RunClass[] _rows;

    /// <summary>Initializes the counts.</summary>
    /// <param name="classes">The classes the runs were grouped by.</param>
    /// <param name="rows">The classes' rows.</param>
    public RunClassCounts(RunClasses classes, RunClass[] rows)
    {
        _classes = classes;
        _rows = rows;
    }

    /// <summary>Whether these counts answer a tally of the criteria as of a time (see <see cref="RunClasses.Answers"/>).</summary>
    /// <param name="criteria">The criteria.</param>
    /// <param name="asOfMicros">The last end a run may have to be seen, or null.</param>
    /// <returns>True when they do.</returns>
    public bool Answers(IReadOnlyList<RunCriterion> criteria, long? asOfMicros) => _classes.Answers(criteria, asOfMicros);

    /// <summary>
    /// Tallies each criterion over the classes: a class is placed when its placing stand-in lies in [start, end), missed
    /// when its duration stand-in is above the time target or its outcome is not the quality target; a criterion of
    /// every step counts the stepped classes of its workflow, misses none. The smallest missed ids are the smallest of
    /// the missed classes' kept ids, ordered as DuckDB orders text (by UTF-8 bytes).
    /// </summary>
    /// <param name="criteria">The criteria, which these counts answer.</param>
    /// <param name="asOfMicros">The last end a run may have to be seen, or null for every run.</param>
    /// <returns>One tally per criterion, in order.</returns>
    public IReadOnlyList<RunTally> Tally(IReadOnlyList<RunCriterion> criteria, long? asOfMicros)
    {
        var tallies = new RunTally[criteria.Count];
        var ids = new List<string>();
        for (var i = 0; i < criteria.Count; i++)
        {
            var c = criteria[i];
            var start = Micros.Ceiling(c.StartTicks);
            var end = Micros.Ceiling(c.EndTicks);
            long? time = c.TimeTicks is { } t ? Micros.FloorDiv(t, 10) : null;
            long listed = 0;
            long missed = 0;
            ids.Clear();
            foreach (var k in _rows)
            {
                // A run seen as of the time ended at or before it: its end's stand-in is below the bound just after it.
                if (!string.Equals(k.Workflow, c.Workflow, StringComparison.Ordinal)
                    || (asOfMicros is { } asOf && k.End >= asOf + 1)
                    || (c.AnyStep ? k.Step is null : !string.Equals(k.Step, c.Step, StringComparison.Ordinal))
                    || (c.ByStart ? k.Start : k.End) is not { } placed || placed < start || placed >= end)
                {
                    continue;
                }

                listed += k.Count;
                if (!c.AnyStep && ((k.Duration is { } d && time is { } target && d > target) || (c.Quality is { } q && !string.Equals(k.Outcome, q, StringComparison.Ordinal))))
                {
                    missed += k.Count;
                    ids.AddRange(k.Ids);
                }
            }

            ids.Sort(Utf8Order);
            tallies[i] = new RunTally(listed, missed, [.. ids.Take(DuckDbRuns.Sample)]);
        }

        return tallies;
    }

    /// <summary>Orders text by its UTF-8 bytes (code points), as DuckDB compares VARCHAR: UTF-16 order differs only where a surrogate meets a code unit at or above U+E000.</summary>
    /// <param name="a">One text.</param>
    /// <param name="b">The other.</param>
    /// <returns>Their order.</returns>
    internal static int Utf8Order(string? a, string? b)
    {
        if (a is null || b is null)
        {
            return a is null ? (b is null ? 0 : -1) : 1;
        }

        var length = Math.Min(a.Length, b.Length);
        for (var i = 0; i < length; i++)
        {
            if (a[i] != b[i])
            {
                return CodePointRank(a[i]).CompareTo(CodePointRank(b[i]));
            }
        }

        return a.Length.CompareTo(b.Length);
    }

    /// <summary>A code unit's rank in code point order: surrogates (U+D800-U+DFFF, parts of code points above U+FFFF) after every other unit.</summary>
    private static int CodePointRank(char c) => c < 0xD800 ? c : c < 0xE000 ? c + 0x2000 : c - 0x800;
}

/// <summary>One class of workflow runs (see <see cref="RunClasses"/>).</summary>
/// <param name="Workflow">The workflow.</param>
/// <param name="Step">The step as read (null for whole runs).</param>
/// <param name="Outcome">The outcome.</param>
/// <param name="End">The end's stand-in, or null.</param>
/// <param name="Start">The start's stand-in, or null.</param>
/// <param name="Duration">The duration's stand-in, or null.</param>
/// <param name="Count">How many runs the class holds.</param>
/// <param name="Ids">The smallest ids of its runs when they may miss (at most five, in DuckDB's order), else empty.</param>
internal sealed record RunClass(string Workflow, string? Step, string Outcome, long? End, long? Start, long? Duration, long Count, ImmutableArray<string> Ids);
