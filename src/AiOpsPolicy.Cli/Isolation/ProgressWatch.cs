// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace AiOpsPolicy.Cli.Isolation;

/// <summary>
/// An evaluation's progress (the lines <see cref="WorkerChannel"/> writes, or the same lines handed over in process by
/// <see cref="InProcessWatch"/>) with the watcher's own clock: which gate or finding runs, since when, and whether one
/// is overdue or was abandoned.
/// </summary>
internal sealed class ProgressWatch
{
    private readonly StringBuilder _partial = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan? _evaluationStarted;
    private TimeSpan _totalLeft;
    private TimeSpan _itemTime;
    private TimeSpan _itemStarted;
    private TimeSpan? _finishedAt;

    /// <summary>Gets the gate or finding being evaluated (<c>g3</c>, <c>f0</c>); null between them.</summary>
    public string? Item { get; private set; }

    /// <summary>Gets the item the evaluator abandoned, if it did: the process is no longer sound.</summary>
    public string? Abandoned { get; private set; }

    public bool Finished => _finishedAt is not null;

    /// <summary>The line for <see cref="Core.Evaluation.IEvaluationProgress.Started"/>.</summary>
    /// <param name="totalLeft">What is left of the total budget.</param>
    /// <param name="itemTime">Each item's time budget.</param>
    /// <returns>The line.</returns>
    public static string StartedLine(TimeSpan totalLeft, TimeSpan itemTime) =>
        string.Create(CultureInfo.InvariantCulture, $"E {(long)totalLeft.TotalMilliseconds} {(long)itemTime.TotalMilliseconds}");

    /// <summary>The line for a gate's start.</summary>
    /// <param name="index">The gate's index.</param>
    /// <returns>The line.</returns>
    public static string GateLine(int index) => string.Create(CultureInfo.InvariantCulture, $"G {index}");

    /// <summary>The line for a finding's start.</summary>
    /// <param name="index">The finding's index.</param>
    /// <returns>The line.</returns>
    public static string FindingLine(int index) => string.Create(CultureInfo.InvariantCulture, $"F {index}");

    /// <summary>The line for an abandoned gate or finding.</summary>
    /// <param name="index">The item's index.</param>
    /// <param name="finding">True for a finding.</param>
    /// <returns>The line.</returns>
    public static string AbandonedLine(int index, bool finding) => string.Create(CultureInfo.InvariantCulture, $"A {(finding ? 'f' : 'g')}{index}");

    /// <summary>Gets how long evaluation has run (until now, or until it finished).</summary>
    public TimeSpan Evaluating
    {
        get => _evaluationStarted is { } started ? (_finishedAt ?? _clock.Elapsed) - started : TimeSpan.Zero;
    }

    /// <summary>
    /// The budget the evaluation broke, if any: the reason the next process reports the item with
    /// (<see cref="WorkerChannel.StoppedVariable"/>), and a code for why, for the message (<see cref="Why"/>).
    /// </summary>
    /// <param name="memoryLimitMiB">The memory limit in MiB; 0 for none.</param>
    /// <param name="resident">Reads the evaluating process's resident memory in bytes.</param>
    /// <returns>The broken budget, or null.</returns>
    public (string Reason, string WhyCode)? Broken(long memoryLimitMiB, Func<long> resident)
    {
        if (Abandoned is not null)
        {
            return ("time", "abandoned");
        }

        if (ItemOverdue(GateSupervisor.ItemGrace))
        {
            return ("time", "item");
        }

        if (TotalOverdue(GateSupervisor.TotalGrace))
        {
            return ("total", "total");
        }

        if (memoryLimitMiB > 0 && resident() is var bytes && bytes > memoryLimitMiB * 1024 * 1024)
        {
            var limit = memoryLimitMiB.ToString(CultureInfo.InvariantCulture);
            return ($"memory:{limit}", $"memory:{limit}:{(bytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture)}");
        }

        return null;
    }

    /// <summary>Why an evaluation was stopped, in words, from a code <see cref="Broken"/> gave; null for an unknown code.</summary>
    /// <param name="code">The code.</param>
    /// <returns>The words (numbers and fixed words only), or null.</returns>
    public static string? Why(string code) => code.Split(':') switch
    {
        ["abandoned"] => "abandoned a runaway inside a library call",
        ["item"] => "went over the item's time budget",
        ["total"] => "went over the run's total time budget",
        ["memory", var limit, var resident] when IsNumber(limit) && IsNumber(resident) => $"went over its memory limit of {limit} MiB ({resident} MiB resident when seen)",
        _ => null,
    };

    private static bool IsNumber(string text) => text.Length is > 0 and < 19 && text.All(char.IsAsciiDigit);

    /// <summary>Gets each item's time budget (zero before evaluation starts).</summary>
    public TimeSpan ItemTime => _itemTime;

    /// <summary>Gets how long the current gate or finding has run; zero between items.</summary>
    public TimeSpan ItemRunning
    {
        get => Item is null ? TimeSpan.Zero : _clock.Elapsed - _itemStarted;
    }

    public bool ItemOverdue(TimeSpan grace) => Item is not null && _clock.Elapsed - _itemStarted > _itemTime + grace;

    public bool TotalOverdue(TimeSpan grace) => _evaluationStarted is { } started && _clock.Elapsed - started > _totalLeft + grace;

    public void Read(FileStream progress)
    {
        var buffer = new byte[4096];
        int read;
        while ((read = progress.Read(buffer)) > 0)
        {
            _partial.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        var text = _partial.ToString();
        var end = text.LastIndexOf('\n');
        if (end < 0)
        {
            return;
        }

        _partial.Remove(0, end + 1);
        foreach (var line in text[..end].Split('\n'))
        {
            Apply(line);
        }
    }

    /// <summary>Applies one progress line (<c>E total item</c>, <c>G 3</c>, <c>B</c>, <c>F 0</c>, <c>A g3</c>, <c>D</c>).</summary>
    /// <param name="line">The line, without its newline.</param>
    public void Apply(string line) => Commit(Parse(line));

    /// <summary>
    /// Reads a progress line into an update, allocating what it needs; <see cref="Commit"/> then applies it without
    /// allocating, so that a caller holding a lock for the commit cannot be held up there by a garbage collection.
    /// </summary>
    /// <param name="line">The line, without its newline.</param>
    /// <returns>The update; an unknown line gives one that changes nothing.</returns>
    public static Update Parse(string line) => line.Split(' ') switch
    {
        ["E", var total, var item] => new Update('E', null, TimeSpan.FromMilliseconds(long.Parse(total, CultureInfo.InvariantCulture)), TimeSpan.FromMilliseconds(long.Parse(item, CultureInfo.InvariantCulture))),
        ["G", var index] => new Update('G', "g" + index, default, default),
        ["F", var index] => new Update('F', "f" + index, default, default),
        ["B"] => new Update('B', null, default, default),
        ["A", var item] => new Update('A', item, default, default),
        ["D"] => new Update('D', null, default, default),
        _ => new Update(' ', null, default, default),
    };

    /// <summary>Applies an update read by <see cref="Parse"/>, with the watcher's clock; allocates nothing.</summary>
    /// <param name="update">The update.</param>
    public void Commit(Update update)
    {
        var now = _clock.Elapsed;
        switch (update.Kind)
        {
            case 'E':
                (_evaluationStarted, _totalLeft, _itemTime) = (now, update.TotalLeft, update.ItemTime);
                break;
            case 'G' or 'F':
                (Item, _itemStarted) = (update.Item, now);
                break;
            case 'B':
                Item = null;
                break;
            case 'A':
                Abandoned ??= update.Item;
                break;
            case 'D':
                (Item, _finishedAt) = (null, now);
                break;
        }
    }

    /// <summary>One progress line, read.</summary>
    /// <param name="Kind">The line's letter (a space for an unknown line).</param>
    /// <param name="Item">The gate or finding it names (<c>g3</c>, <c>f0</c>), if any.</param>
    /// <param name="TotalLeft">For <c>E</c>: what is left of the total budget.</param>
    /// <param name="ItemTime">For <c>E</c>: each item's time budget.</param>
    internal readonly record struct Update(char Kind, string? Item, TimeSpan TotalLeft, TimeSpan ItemTime);
}
