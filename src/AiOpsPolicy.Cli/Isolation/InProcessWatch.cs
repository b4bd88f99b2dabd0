// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections;
using System.Globalization;
using System.Runtime.InteropServices;
using AiOpsPolicy.Core.Evaluation;

namespace AiOpsPolicy.Cli.Isolation;

/// <summary>
/// Holds a <c>gate</c> run's budgets from inside the CLI's own process, and hands the run over to
/// <see cref="GateSupervisor"/> only when one is broken: supervision is paid for by the run that needs it, not by every
/// run. A second process costs every warm <c>gate</c> a runtime start-up (about 40 ms, a third of a ReadyToRun warm
/// gate), and almost no run ever breaks a budget.
/// <para>
/// A thread watches the same progress a supervised evaluation process reports (<see cref="ProgressWatch"/>: which gate
/// or finding runs and since when, abandoned items, the resident memory) every 50 ms. When a budget is broken it
/// replaces this process (<c>execve</c>: same process id, same standard streams, every thread gone, the runaway one
/// included, and all its memory) with the supervisor, told which item broke which budget and how long evaluation had
/// run. The supervisor then does what it does after stopping an evaluation process: reports that item as
/// <c>error</c>, evaluates the rest in a child process and writes every report. Nothing has reached standard output or
/// a report by then: both are written only after evaluation.
/// </para>
/// <para>
/// A stack overflow cannot be handed over (it ends the process at once). With the default allocation budget no
/// structure an expression can build is deep enough to overflow the evaluation thread's 1 GiB stack, so a policy set
/// that raises the allocation budget is handed over before evaluation starts and runs supervised from the start.
/// </para>
/// </summary>
internal sealed class InProcessWatch : IEvaluationProgress, IDisposable
{
    /// <summary>Set on the process this one is replaced with: <c>item|reason|milliseconds|why</c>, or <c>start</c>.</summary>
    public const string HandOverVariable = "AIOPS_POLICY_HANDED_OVER";

    private const string StartOver = "start";

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    private static string[]? armed;

    private readonly Lock _lock = new();
    private readonly ProgressWatch _watch = new();
    private readonly ManualResetEventSlim _done = new(false);
    private readonly string[] _args;
    private readonly long _memoryLimitMiB;
    private readonly Action _beforeHandOver;

    private InProcessWatch(string[] args, Action beforeHandOver)
    {
        _args = args;
        _beforeHandOver = beforeHandOver;
        _memoryLimitMiB = GateSupervisor.MemoryLimit();
        new Thread(Loop) { IsBackground = true, Name = "aiops-policy watch" }.Start();
    }

    /// <summary>
    /// Arms the watch for this process's <c>gate</c>: only the real command line (<see cref="Program.Main"/>) can be
    /// handed over; a test calling <see cref="Program.Run(string[], IConsole, Func{DateTimeOffset})"/> evaluates unwatched.
    /// </summary>
    /// <param name="args">The whole command line (<c>gate ...</c>).</param>
    public static void Arm(string[] args) => armed = args;

    /// <summary>Starts watching when armed; null otherwise.</summary>
    /// <param name="beforeHandOver">Flushes the console before the process is replaced.</param>
    /// <returns>The watch, or null.</returns>
    public static InProcessWatch? Start(Action beforeHandOver) => armed is { } args ? new InProcessWatch(args, beforeHandOver) : null;

    /// <summary>What the replaced process handed over, read by the supervisor that replaced it.</summary>
    /// <param name="startOver">True when the run was handed over before evaluation (or the value is not one this
    /// program writes): supervise from the start, nothing stopped.</param>
    /// <returns>The first attempt's outcome, or null.</returns>
    public static GateSupervisor.Outcome? HandedOver(out bool startOver) =>
        Parse(Environment.GetEnvironmentVariable(HandOverVariable), out startOver);

    /// <summary>Reads a <see cref="HandOverVariable"/> value: only what <see cref="HandOver"/> writes is accepted.</summary>
    /// <param name="value">The value; null or empty when nothing was handed over.</param>
    /// <param name="startOver">True when the value asks for (or, not being one this program writes, falls back to) a
    /// supervised run from the start with nothing stopped.</param>
    /// <returns>The first attempt's outcome, or null.</returns>
    public static GateSupervisor.Outcome? Parse(string? value, out bool startOver)
    {
        startOver = false;
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        startOver = true;
        if (value.Split('|') is not [var item, var reason, var milliseconds, var whyCode]
            || !(item == "-" || (item.Length > 1 && item[0] is 'g' or 'f' && item[1..].All(char.IsAsciiDigit)))
            || !(reason is "time" or "total" || (reason.StartsWith("memory:", StringComparison.Ordinal) && reason[7..].Length > 0 && reason[7..].All(char.IsAsciiDigit)))
            || !long.TryParse(milliseconds, NumberStyles.None, CultureInfo.InvariantCulture, out var evaluating)
            || ProgressWatch.Why(whyCode) is not { } why)
        {
            return null;
        }

        startOver = false;
        return new GateSupervisor.Outcome(-1, [], why, item == "-" ? null : item, reason, TimeSpan.FromMilliseconds(evaluating));
    }

    /// <summary>Hands the run over before evaluation: the policy set's budgets need the supervisor from the start.</summary>
    public void SuperviseFromStart() => HandOver(StartOver);

    /// <inheritdoc />
    public void Started(TimeSpan totalLeft, TimeSpan itemTime) => Apply(ProgressWatch.StartedLine(totalLeft, itemTime));

    /// <inheritdoc />
    public void Gate(int index) => Apply(ProgressWatch.GateLine(index));

    /// <inheritdoc />
    public void Between() => Apply("B");

    /// <inheritdoc />
    public void Finding(int index) => Apply(ProgressWatch.FindingLine(index));

    /// <inheritdoc />
    public void Abandoned(int index, bool finding) => Apply(ProgressWatch.AbandonedLine(index, finding));

    /// <inheritdoc />
    public void Finished() => Apply("D");

    /// <inheritdoc />
    public void Dispose() => _done.Set();

    private void Apply(string line)
    {
        lock (_lock)
        {
            _watch.Apply(line);
        }
    }

    private void Loop()
    {
        while (!_done.Wait(Poll))
        {
            string value;
            lock (_lock)
            {
                if (_watch.Finished)
                {
                    return;
                }

                if (_watch.Broken(_memoryLimitMiB, Resident) is not { } broken)
                {
                    continue;
                }

                var item = _watch.Abandoned ?? _watch.Item ?? "-";
                value = string.Create(CultureInfo.InvariantCulture, $"{item}|{broken.Reason}|{(long)_watch.Evaluating.TotalMilliseconds}|{broken.WhyCode}");
            }

            HandOver(value);
        }
    }

    /// <summary>Replaces this process with the supervisor; does not return.</summary>
    private void HandOver(string value)
    {
        _beforeHandOver();
        var (program, arguments) = GateSupervisor.CommandLine(_args);
        var environment = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .Where(entry => !string.Equals((string)entry.Key, HandOverVariable, StringComparison.Ordinal))
            .Select(entry => $"{entry.Key}={entry.Value}")
            .Append($"{HandOverVariable}={value}")
            .ToList();
        if (!OperatingSystem.IsWindows())
        {
            Exec(program, [program, .. arguments], environment);
        }

        // Not replaced (Windows, or execve refused): supervise from here. This process's runaway thread still runs,
        // but the supervisor only waits for its children, and this process ends with the last one.
        Environment.SetEnvironmentVariable(HandOverVariable, value);
        Environment.Exit(GateSupervisor.Run(_args));
    }

    /// <summary>execve(2): returns only when the process could not be replaced.</summary>
    private static void Exec(string program, List<string> argv, List<string> environment)
    {
        var strings = new List<IntPtr>();
        try
        {
            IntPtr Native(string text)
            {
                var pointer = Marshal.StringToCoTaskMemUTF8(text);
                strings.Add(pointer);
                return pointer;
            }

            var path = Native(program);
            IntPtr[] arguments = [.. argv.Select(Native), IntPtr.Zero];
            IntPtr[] variables = [.. environment.Select(Native), IntPtr.Zero];
            _ = ExecVe(path, arguments, variables);
        }
        finally
        {
            strings.ForEach(Marshal.FreeCoTaskMem);
        }
    }

    /// <summary>This process's resident memory in bytes (<c>/proc/self/statm</c> where there is one: no extra assembly to load).</summary>
    private static long Resident()
    {
        try
        {
            var fields = File.ReadAllText("/proc/self/statm").Split(' ');
            return long.Parse(fields[1], CultureInfo.InvariantCulture) * Environment.SystemPageSize;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return Environment.WorkingSet;
        }
    }

    [DllImport("libc", EntryPoint = "execve", SetLastError = true)]
    private static extern int ExecVe(IntPtr path, IntPtr[] argv, IntPtr[] envp);
}
