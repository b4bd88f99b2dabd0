// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using AiOpsPolicy.Core.Evaluation;

namespace AiOpsPolicy.Cli.Isolation;

/// <summary>
/// Holds a <c>gate</c> run's budgets from inside the CLI's own process, and hands the run over to
/// <see cref="GateSupervisor"/> only when one is broken, or when a gate or finding is slow enough to be a runaway in the
/// making (<see cref="SlowItem"/>: the run then starts again supervised, nothing stopped): supervision is paid for by the
/// run that needs it, not by every run. A second process costs every warm <c>gate</c> a runtime start-up (about 40 ms, a
/// third of a ReadyToRun warm gate), and almost no run ever breaks a budget.
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
    private readonly Func<long> _resident;
    private readonly byte[] _statm = new byte[128];
    private readonly byte[] _value = new byte[PreparedExec.ValueBytes];
    private SafeFileHandle? _statmFile;
    private PreparedExec? _exec;

    private InProcessWatch(string[] args, Action beforeHandOver)
    {
        _args = args;
        _beforeHandOver = beforeHandOver;
        _memoryLimitMiB = GateSupervisor.MemoryLimit();
        _resident = Resident;
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
    public static InProcessWatch? Start(Action beforeHandOver)
    {
        if (armed is not { } args)
        {
            return null;
        }

        // Once here, on the calling thread, while nothing has been written: the flush's code is then compiled before a
        // hand-over needs it (see Loop).
        beforeHandOver();
        return new InProcessWatch(args, beforeHandOver);
    }

    /// <summary>What the replaced process handed over, read by the supervisor that replaced it.</summary>
    /// <param name="startOver">True when the run was handed over before evaluation (or the value is not one this
    /// program writes): supervise from the start, nothing stopped.</param>
    /// <returns>The first attempt's outcome, or null.</returns>
    public static GateSupervisor.Outcome? HandedOver(out bool startOver) =>
        Parse(Environment.GetEnvironmentVariable(HandOverVariable), out startOver);

    /// <summary>Reads a <see cref="HandOverVariable"/> value: only what <see cref="HandOver(int)"/> writes is accepted.</summary>
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
    public void SuperviseFromStart()
    {
        // On this thread, before evaluation: nothing runs away yet, so the command line is prepared here if the watch
        // thread has not prepared it.
        if (!OperatingSystem.IsWindows())
        {
            PreparedExec.Create(_args).Run(_value, System.Text.Encoding.ASCII.GetBytes(StartOver, _value));
        }

        HandOver(StartOver);
    }

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
        // Read before taking the lock: an allocation under it could stop this thread for a whole garbage collection with
        // the lock held, and the watch would wait on the lock, then on the next collection.
        var update = ProgressWatch.Parse(line);
        lock (_lock)
        {
            _watch.Commit(update);
        }
    }

    /// <summary>
    /// Every 50 ms: is a budget broken? The runaway this watch exists for makes every garbage collection walk a stack
    /// millions of frames deep, seconds per collection (4.6 s each on a quiet 2-core machine for the issue's
    /// 10-million-deep tuple), one after another; and a thread that comes back to managed code from anything the
    /// runtime does for it (a wait, a system call, compiling a method, binding a native function, a contended lock, an
    /// allocation) waits for the collection in progress. So between noticing a broken budget and <c>execve</c> this
    /// thread does nothing of the kind: the command line and environment are in native memory, <c>execve</c> is called
    /// through a function pointer resolved here, and every method of the hand-over is compiled here, before any gate
    /// runs (this method itself is compiled once, fully optimised, with no on-stack replacement to come; the slow-item
    /// start-over hands most runaways to the supervisor before they are deep, see <see cref="SlowItem"/>). Only waking
    /// up from the wait meets a collection: a hand-over costs at most one collection after the budget is broken. Before,
    /// five (the first call of <c>execve</c>'s import, its binding's lock, three methods compiled on first use) made a
    /// 7 s budget end after 34 s quiet, and after four minutes on a loaded CI machine.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Loop()
    {
        if (!OperatingSystem.IsWindows())
        {
            _exec = PreparedExec.Create(_args);
            _statmFile = OpenStatm();
        }

        Rehearse();

        while (!_done.Wait(Poll))
        {
            // Never waits for the lock: its holder may be stopped by a collection; the next poll looks again.
            if (!_lock.TryEnter())
            {
                continue;
            }

            int length;
            try
            {
                if (_watch.Finished)
                {
                    break;
                }

                if (_watch.Broken(_memoryLimitMiB, _resident) is { } broken)
                {
                    length = Compose(_value, _watch.Abandoned ?? _watch.Item ?? "-", broken.Reason, (long)_watch.Evaluating.TotalMilliseconds, broken.WhyCode);
                }
                else if (_watch.ItemRunning > SlowItem(_watch.ItemTime))
                {
                    // Slow, not yet over budget: start again supervised, where the budget is held from outside.
                    length = Compose(_value, StartOver, string.Empty, -1, string.Empty);
                }
                else
                {
                    continue;
                }
            }
            finally
            {
                _lock.Exit();
            }

            HandOver(length);
        }

        _statmFile?.Dispose();
        _exec?.Dispose();
    }

    /// <summary>
    /// Compiles, binds and runs once everything a hand-over calls, except <c>execve</c> itself (resolved when the command
    /// line was prepared): the watch thread must not compile a method, nor bind an import, after a budget is broken.
    /// </summary>
    private void Rehearse()
    {
        // The two that cannot be run ahead are compiled ahead; the rest are run once. Not fully optimised up front
        // (AggressiveOptimization): that kept them out of the ReadyToRun image and cost a warm composite gate ~12 ms of
        // start-up (184.7 against 196.1 ms, 31 interleaved runs); tiering may later recompile them on its own thread.
        RuntimeHelpers.PrepareMethod(typeof(InProcessWatch).GetMethod(nameof(HandOver), BindingFlags.NonPublic | BindingFlags.Instance, [typeof(int)])!.MethodHandle);
        _exec?.Prepare();
        _ = Compose(new byte[PreparedExec.ValueBytes], "g0", "memory:1", 1, "memory:1:1");
        _ = Compose(new byte[PreparedExec.ValueBytes], StartOver, string.Empty, -1, string.Empty);
        _ = SlowItem(_watch.ItemTime) < _watch.ItemRunning;
        _ = _watch.Broken(_memoryLimitMiB, _resident);
        _ = _watch.Evaluating;
    }

    /// <summary>
    /// How long a gate or finding may run in this process before the run starts again supervised from the start: a
    /// tenth of the item's time budget, between 0.5 s and 1 s. A gate normally takes micro- to milliseconds; one that
    /// takes this long may be a runaway, and a runaway that recurses deep inside a library makes every garbage collection
    /// here take seconds, which can keep this thread from handing over for minutes on a busy machine. Started again
    /// under the supervisor, its budget is held from outside the process, which needs nothing from it. A run with such a
    /// gate pays one restart (a warm start and the evaluation again); every other run pays nothing.
    /// </summary>
    /// <param name="itemTime">The item's time budget.</param>
    /// <returns>The threshold.</returns>
    internal static TimeSpan SlowItem(TimeSpan itemTime) => TimeSpan.FromTicks(Math.Clamp(itemTime.Ticks / 10, TimeSpan.TicksPerSecond / 2, TimeSpan.TicksPerSecond));

    /// <summary>Writes <c>item|reason|milliseconds|why</c> as ASCII into the buffer, or only <paramref name="item"/> when
    /// <paramref name="milliseconds"/> is negative; returns its length.</summary>
    private static int Compose(byte[] buffer, string item, string reason, long milliseconds, string whyCode)
    {
        var at = 0;
        void Text(string text)
        {
            foreach (var c in text)
            {
                buffer[at++] = (byte)c;
            }
        }

        Text(item);
        if (milliseconds < 0)
        {
            return at;
        }

        Text("|");
        Text(reason);
        Text("|");
        System.Buffers.Text.Utf8Formatter.TryFormat(milliseconds, buffer.AsSpan(at), out var written);
        at += written;
        Text("|");
        Text(whyCode);
        return at;
    }

    /// <summary>Replaces this process with the supervisor, handing over the value in <see cref="_value"/>; does not return.</summary>
    private void HandOver(int length)
    {
        _beforeHandOver();
        _exec?.Run(_value, length);

        // Not replaced (Windows, or execve refused): supervise from here. This process's runaway thread still runs,
        // but the supervisor only waits for its children, and this process ends with the last one.
        Environment.SetEnvironmentVariable(HandOverVariable, System.Text.Encoding.ASCII.GetString(_value, 0, length));
        Environment.Exit(GateSupervisor.Run(_args));
    }

    private void HandOver(string value)
    {
        var length = System.Text.Encoding.ASCII.GetBytes(value, _value);
        HandOver(length);
    }

    private static SafeFileHandle? OpenStatm()
    {
        try
        {
            return File.OpenHandle("/proc/self/statm");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>This process's resident memory in bytes: <c>/proc/self/statm</c> read into a buffer kept for it, where
    /// there is one (no allocation, no extra assembly to load); else the runtime's working set.</summary>
    private long Resident()
    {
        if (_statmFile is not { } file)
        {
            return Environment.WorkingSet;
        }

        try
        {
            var read = RandomAccess.Read(file, _statm, 0);
            var text = _statm.AsSpan(0, read);
            var space = text.IndexOf((byte)' ');
            var rest = space < 0 ? [] : text[(space + 1)..];
            return System.Buffers.Text.Utf8Parser.TryParse(rest, out long pages, out _) ? pages * Environment.SystemPageSize : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>
    /// The supervisor's command line and environment, in native memory, with a fixed-size slot for the hand-over value,
    /// and <c>execve</c> as a function pointer: prepared when the watch starts, so that handing over is one copy and one
    /// call, with no import to bind and no marshalling stub to compile.
    /// </summary>
    private sealed unsafe class PreparedExec : IDisposable
    {
        /// <summary>The most bytes a hand-over value takes.</summary>
        public const int ValueBytes = 120;

        private readonly List<IntPtr> _strings;
        private readonly nint* _argv;
        private readonly nint* _envp;
        private readonly byte* _slot;
        private readonly delegate* unmanaged<nint, nint*, nint*, int> _execve;

        private PreparedExec(List<IntPtr> strings, nint* argv, nint* envp, byte* slot, delegate* unmanaged<nint, nint*, nint*, int> execve)
        {
            _strings = strings;
            _argv = argv;
            _envp = envp;
            _slot = slot;
            _execve = execve;
        }

        public static PreparedExec Create(string[] args)
        {
            var (program, arguments) = GateSupervisor.CommandLine(args);
            var strings = new List<IntPtr>();
            IntPtr Native(string text)
            {
                var pointer = Marshal.StringToCoTaskMemUTF8(text);
                strings.Add(pointer);
                return pointer;
            }

            nint* Array(IReadOnlyList<IntPtr> items)
            {
                var array = (nint*)Marshal.AllocCoTaskMem((items.Count + 1) * sizeof(nint));
                strings.Add((IntPtr)array);
                for (var i = 0; i < items.Count; i++)
                {
                    array[i] = items[i];
                }

                array[items.Count] = 0;
                return array;
            }

            var prefix = HandOverVariable + "=";
            var slotVariable = Native(prefix + new string(' ', ValueBytes));
            var argv = Array([Native(program), .. arguments.Select(Native)]);
            var envp = Array(
            [
                .. Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
                    .Where(entry => !string.Equals((string)entry.Key, HandOverVariable, StringComparison.Ordinal))
                    .Select(entry => Native($"{entry.Key}={entry.Value}")),
                slotVariable,
            ]);
            var execve = (delegate* unmanaged<nint, nint*, nint*, int>)NativeLibrary.GetExport(NativeLibrary.Load("libc.so.6"), "execve");
            return new PreparedExec(strings, argv, envp, (byte*)slotVariable + System.Text.Encoding.UTF8.GetByteCount(prefix), execve);
        }

        /// <summary>Compiles <see cref="Run"/> now (fully optimised, so never recompiled), not when it is first needed.</summary>
        public void Prepare() => RuntimeHelpers.PrepareMethod(typeof(PreparedExec).GetMethod(nameof(Run))!.MethodHandle);

        /// <summary>Copies the value into its slot and replaces the process; returns only if that failed.</summary>
        public void Run(byte[] value, int length)
        {
            for (var i = 0; i < length; i++)
            {
                _slot[i] = value[i];
            }

            _slot[length] = 0;
            _ = _execve(_argv[0], _argv, _envp);
        }

        public void Dispose() => _strings.ForEach(Marshal.FreeCoTaskMem);
    }
}
