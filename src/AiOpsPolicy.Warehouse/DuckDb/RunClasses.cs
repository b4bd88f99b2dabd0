// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using AiOpsPolicy.Core.Evidence;

namespace AiOpsPolicy.Warehouse.DuckDb;

/// <summary>
/// Classes of workflow runs within which every criterion of a tally answers alike, so that a query can group the runs
/// once and judge the groups instead of each run. A criterion reads a run's placing time only against its window's
/// bounds, its duration only against its time target and its outcome only against its quality target; so each of
/// those values can be replaced by one that stands for it against every bound, target and quality of the criteria:
/// <list type="bullet">
/// <item>a placing time by the greatest bound at or below it (none: null), since for a bound <c>b</c>,
/// <c>t &gt;= b</c> exactly when that bound is at or above <c>b</c>;</item>
/// <item>a duration by one more than the greatest time target below it (none: null), since for a target <c>T</c>,
/// <c>d &gt; T</c> exactly when that value is above <c>T</c>;</item>
/// <item>an outcome by itself when it is a quality target, else null (distinct from every target, as it was).</item>
/// </list>
/// The same comparisons made on the stand-ins give the same answers as on the runs, so counts, misses and the smallest
/// missed ids of each criterion are unchanged. Every number is in Unix microseconds, rounded as <see cref="Micros"/> says.
/// </summary>
internal sealed class RunClasses
{
    private readonly long[] _endBounds;
    private readonly long[] _startBounds;
    private readonly long[] _targets;
    private readonly string[] _qualities;

    /// <summary>Initializes the classes of the given criteria.</summary>
    /// <param name="criteria">The criteria of one tally.</param>
    /// <param name="asOfMicros">
    /// The last end (Unix microseconds) a run may have to be seen, or null: one more end bound, so that the classes also
    /// tell the runs that had ended by then from the others (<c>e &lt;= asOf</c> exactly when <c>e &lt; asOf + 1</c>).
    /// </param>
    public RunClasses(IReadOnlyList<RunCriterion> criteria, long? asOfMicros = null)
    {
        _endBounds = asOfMicros is { } asOf
            ? [.. Bounds(criteria.Where(c => !c.ByStart)).Append(asOf + 1).Distinct().Order()]
            : Bounds(criteria.Where(c => !c.ByStart));
        _startBounds = Bounds(criteria.Where(c => c.ByStart));
        _targets = [.. criteria.Where(c => c.TimeTicks is not null).Select(c => Micros.FloorDiv(c.TimeTicks ?? 0, 10)).Distinct().Order()];
        _qualities = [.. criteria.Select(c => c.Quality).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary>The stand-in of a run's end, in SQL; null for every run when no criterion places runs by their end.</summary>
    /// <param name="micros">The end in Unix microseconds (SQL).</param>
    /// <returns>A BIGINT expression.</returns>
    public string End(string micros) => Floor(micros, _endBounds);

    /// <summary>The stand-in of a run's start, in SQL; null for every run when no criterion places runs by their start.</summary>
    /// <param name="micros">The start in Unix microseconds (SQL).</param>
    /// <returns>A BIGINT expression.</returns>
    public string Start(string micros) => Floor(micros, _startBounds);

    /// <summary>The stand-in of a run's duration, in SQL: one more than the greatest time target below it, or null.</summary>
    /// <param name="micros">The duration in microseconds (SQL).</param>
    /// <returns>A BIGINT expression.</returns>
    public string Duration(string micros)
    {
        if (_targets.Length == 0)
        {
            return "NULL::BIGINT";
        }

        var cases = string.Join(" ", Enumerable.Reverse(_targets).Select(t => string.Create(CultureInfo.InvariantCulture, $"WHEN {micros} > {t} THEN {t + 1}")));
        return $"(CASE {cases} ELSE NULL END)::BIGINT";
    }

    /// <summary>The stand-in of a run's outcome, in SQL: the outcome when it is a quality target, else null.</summary>
    /// <param name="outcome">The outcome (SQL).</param>
    /// <returns>A VARCHAR expression.</returns>
    public string Outcome(string outcome) => _qualities.Length == 0
        ? "NULL::VARCHAR"
        : $"(CASE WHEN {outcome} IN ({string.Join(", ", _qualities.Select(Sql.Text))}) THEN {outcome} ELSE NULL END)::VARCHAR";

    /// <summary>
    /// Whether a run may miss some criterion, in SQL: it took longer than the smallest time target, or its outcome differs
    /// from some quality target. A superset of the runs any criterion counts as missed, the same for every run of a class
    /// (it reads only what the stand-ins keep), so a missed class always has its smallest ids.
    /// </summary>
    /// <param name="duration">The duration in microseconds (SQL).</param>
    /// <param name="outcome">The outcome (SQL).</param>
    /// <returns>A BOOLEAN expression.</returns>
    public string MayMiss(string duration, string outcome)
    {
        var late = _targets.Length == 0 ? "false" : string.Create(CultureInfo.InvariantCulture, $"{duration} > {_targets[0]}");
        var wrong = _qualities.Length switch
        {
            0 => "false",
            1 => $"{outcome} IS DISTINCT FROM {Sql.Text(_qualities[0])}",

            // Every outcome differs from at least one of two different targets.
            _ => "true",
        };
        return $"({late} OR {wrong})";
    }

    /// <summary>
    /// Whether classes grouped for these bounds, targets and qualities answer a tally of other criteria as of a time alike:
    /// every bound of theirs is one of the placement's bounds here, every time target and quality target one of these,
    /// and the as-of end bound is here too. Then each comparison those criteria make is one these classes keep, and the
    /// runs that may miss any of them are among those whose smallest ids were kept.
    /// </summary>
    /// <param name="criteria">The criteria asked.</param>
    /// <param name="asOfMicros">The last end a run may have to be seen, or null for every run.</param>
    /// <returns>True when the classes answer.</returns>
    public bool Answers(IReadOnlyList<RunCriterion> criteria, long? asOfMicros)
    {
        if (asOfMicros is { } asOf && Array.BinarySearch(_endBounds, asOf + 1) < 0)
        {
            return false;
        }

        foreach (var c in criteria)
        {
            var bounds = c.ByStart ? _startBounds : _endBounds;
            if (Array.BinarySearch(bounds, Micros.Ceiling(c.StartTicks)) < 0 || Array.BinarySearch(bounds, Micros.Ceiling(c.EndTicks)) < 0
                || (c.TimeTicks is { } t && Array.BinarySearch(_targets, Micros.FloorDiv(t, 10)) < 0)
                || (c.Quality is { } q && Array.BinarySearch(_qualities, q, StringComparer.Ordinal) < 0))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The windows' bounds of the criteria, in Unix microseconds rounded as the tally query rounds them, distinct, ascending.</summary>
    private static long[] Bounds(IEnumerable<RunCriterion> criteria) =>
        [.. criteria.SelectMany(c => new[] { Micros.Ceiling(c.StartTicks), Micros.Ceiling(c.EndTicks) }).Distinct().Order()];

    private static string Floor(string micros, long[] bounds)
    {
        if (bounds.Length == 0)
        {
            return "NULL::BIGINT";
        }

        var cases = string.Join(" ", Enumerable.Reverse(bounds).Select(b => string.Create(CultureInfo.InvariantCulture, $"WHEN {micros} >= {b} THEN {b}")));
        return $"(CASE {cases} ELSE NULL END)::BIGINT";
    }
}
