// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using AiOpsPolicy.Core.Compilation;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Text;

namespace AiOpsPolicy.Cli.Isolation;

/// <summary>
/// Runs <c>gate</c> in a child evaluation process and holds its budgets at the process boundary. The guards inside
/// expressions stop most runaways, and the evaluator abandons a gate stuck in a library call; but an abandoned thread
/// cannot be stopped, and one that recurses millions of frames deep inside the BCL (<c>ToString</c> of a deeply nested
/// tuple) makes every garbage collection of the whole process walk its stack, so the run crawls for minutes. Only
/// ending the process ends that thread. So this process, which loads nothing but the runtime, starts the real
/// <c>gate</c> as a child, reads which gate or finding it is evaluating (<see cref="WorkerChannel"/>), and stops it
/// (the whole process tree) when:
/// <list type="bullet">
/// <item>a gate or finding runs longer than its time budget plus <see cref="ItemGrace"/>, or the evaluator says it
/// abandoned one (the process is no longer sound);</item>
/// <item>evaluation runs longer than what is left of the total budget plus <see cref="TotalGrace"/>;</item>
/// <item>the process's resident memory goes over the memory limit (<see cref="MemoryLimitVariable"/>; default 75% of
/// the memory available to this process, container limits included) during evaluation.</item>
/// </list>
/// It then starts the evaluation again, telling the new process which item to report as <c>error</c> without running
/// it and how much of the total budget was spent; the other gates are evaluated and every report is written by that
/// process. A child that dies on its own (a stack overflow, the kernel's OOM killer) in a known item is treated the
/// same way. Standard output is buffered and only the final process's is printed, so a stopped process cannot leave
/// half a summary or an open <c>::stop-commands::</c> block; standard error is the child's own, live.
/// </summary>
internal static class GateSupervisor
{
    /// <summary>Set to <c>off</c> by an operator to evaluate in the CLI's own process (no boundary; no memory limit).</summary>
    public const string IsolationVariable = "AIOPS_POLICY_ISOLATION";

    /// <summary>The evaluation process's memory limit in MiB (resident set), set by the operator.</summary>
    public const string MemoryLimitVariable = "AIOPS_POLICY_MEMORY_LIMIT_MIB";

    /// <summary>How long past its time budget a gate or finding may run before the process is stopped. More than the
    /// evaluator's own abandonment grace (1 s), so that the cheaper in-process abandonment comes first.</summary>
    public static readonly TimeSpan ItemGrace = TimeSpan.FromSeconds(2);

    /// <summary>How long past the total time budget evaluation may run before the process is stopped.</summary>
    public static readonly TimeSpan TotalGrace = TimeSpan.FromSeconds(2);

    /// <summary>How often the supervisor looks at the child's progress and memory.</summary>
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    /// <summary>At most this many restarts: each one stops a different item, so only a pathological set gets here.</summary>
    private const int MaxAttempts = 64;

    /// <summary>The value of <see cref="IsolationVariable"/> that supervises from the start, in a child process, on every
    /// platform (the default on Windows, which cannot hand a running process over).</summary>
    public const string ProcessIsolation = "process";

    /// <summary>
    /// Whether <c>gate</c> runs supervised from the start: not in an evaluation process itself, isolation not switched
    /// off, and either handed over by <see cref="InProcessWatch"/>, asked for (<c>AIOPS_POLICY_ISOLATION=process</c>), or
    /// on Windows.
    /// </summary>
    /// <returns>True to supervise.</returns>
    public static bool Applies() =>
        IsolationOn()
        && (Environment.GetEnvironmentVariable(InProcessWatch.HandOverVariable) is { Length: > 0 }
            || OperatingSystem.IsWindows()
            || string.Equals(Environment.GetEnvironmentVariable(IsolationVariable), ProcessIsolation, StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether <c>gate</c> evaluates in its own process under <see cref="InProcessWatch"/> (the default on Linux and macOS).</summary>
    /// <returns>True to watch in process.</returns>
    public static bool OnDemand() => IsolationOn() && !Applies();

    /// <summary>Runs the command in evaluation processes until one finishes; returns its exit code.</summary>
    /// <param name="args">The whole command line (<c>gate ...</c>).</param>
    /// <returns>The exit code.</returns>
    public static int Run(string[] args)
    {
        var wasHandedOver = Environment.GetEnvironmentVariable(InProcessWatch.HandOverVariable) is { Length: > 0 };
        var handedOver = InProcessWatch.HandedOver(out var startOver);
        Environment.SetEnvironmentVariable(InProcessWatch.HandOverVariable, null);
        if (wasHandedOver)
        {
            // The replaced image ended without disposing its JIT profile; the process id is the same.
            JitProfile.DeleteLeftBy(Environment.ProcessId);
        }

        var folder = Directory.CreateTempSubdirectory("aiops-gate-");
        try
        {
            return Supervise(args, folder.FullName, MemoryLimit(), startOver ? null : handedOver);
        }
        finally
        {
            try
            {
                folder.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A temporary folder left behind is not worth failing a run for.
            }
        }
    }

    /// <summary>The program and arguments that run <c>gate</c> again: under the dotnet host the entry assembly is the
    /// first argument; under an apphost the host is the program.</summary>
    /// <param name="args">The whole command line (<c>gate ...</c>).</param>
    /// <returns>The program and its arguments.</returns>
    public static (string Program, List<string> Arguments) CommandLine(string[] args)
    {
        var program = Environment.ProcessPath ?? "dotnet";
        var arguments = new List<string>();
        if (Path.GetFileNameWithoutExtension(program).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            arguments.Add(typeof(GateSupervisor).Assembly.Location);
        }

        arguments.AddRange(args);
        return (program, arguments);
    }

    /// <summary>The memory limit in MiB: the operator's, else 75% of what this process may use (RAM or container limit).</summary>
    /// <returns>The limit.</returns>
    public static long MemoryLimit()
    {
        var text = Environment.GetEnvironmentVariable(MemoryLimitVariable);
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var mib) && mib > 0)
        {
            return mib;
        }

        return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes * 3 / 4 / (1024 * 1024);
    }

    private static bool IsolationOn() =>
        Environment.GetEnvironmentVariable(WorkerChannel.ProgressVariable) is not { Length: > 0 }
        && !string.Equals(Environment.GetEnvironmentVariable(IsolationVariable), "off", StringComparison.OrdinalIgnoreCase);

    private static int Supervise(string[] args, string folder, long memoryLimitMiB, Outcome? handedOver)
    {
        var stopped = new List<string>();
        var spent = TimeSpan.Zero;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            Outcome outcome;
            if (attempt == 0 && handedOver is not null)
            {
                // The CLI's own process broke a budget and handed the run over: it was the first attempt.
                outcome = handedOver;
            }
            else
            {
                var progressPath = Path.Combine(folder, $"progress-{attempt.ToString(CultureInfo.InvariantCulture)}");
                File.WriteAllBytes(progressPath, []);
                outcome = RunOnce(args, progressPath, string.Join(';', stopped), spent, memoryLimitMiB);
            }

            if (outcome.Stopped is null)
            {
                using var stdout = Console.OpenStandardOutput();
                stdout.Write(outcome.Stdout);
                return outcome.ExitCode;
            }

            if (outcome.Item is not { } item)
            {
                // Stopped or dead outside any gate or finding (loading, the metric prefetch, roll-ups): no item to leave out.
                Say(Diagnostic.Create(DiagnosticCatalog.EvaluationProcessFailed, SourceLocation.None, outcome.Stopped + " outside any single gate or finding", $"raise {MemoryLimitVariable} or the budgets if the policy set and evidence need more"));
                return ExitCodes.InvalidInput;
            }

            stopped.Add($"{item}={outcome.Reason}");
            spent += outcome.Evaluating;
            Say(Diagnostic.Create(DiagnosticCatalog.EvaluationProcessStopped, SourceLocation.None, outcome.Stopped, $"{(item[0] == 'g' ? "gate" : "finding")} #{item[1..]}"));
        }

        Say(Diagnostic.Create(DiagnosticCatalog.EvaluationProcessFailed, SourceLocation.None, $"had to be stopped {MaxAttempts} times", "fix the runaway gates"));
        return ExitCodes.InvalidInput;
    }

    private static Outcome RunOnce(string[] args, string progressPath, string stopped, TimeSpan spent, long memoryLimitMiB)
    {
        var (program, arguments) = CommandLine(args);
        var start = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
            RedirectStandardInput = false,
        };

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment[WorkerChannel.ProgressVariable] = progressPath;
        start.Environment[WorkerChannel.StoppedVariable] = stopped;
        start.Environment[WorkerChannel.SpentVariable] = ((long)spent.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);

        using var process = Process.Start(start) ?? throw new InvalidOperationException("the evaluation process did not start");
        var outcome = Watch(process, progressPath, memoryLimitMiB);
        if (outcome.Stopped is not null)
        {
            // Stopped, or died: it left its JIT profile's private folder.
            JitProfile.DeleteLeftBy(process.Id);
        }

        return outcome;
    }

    private static Outcome Watch(Process process, string progressPath, long memoryLimitMiB)
    {
        using var stop = StopOnSignal(process);
        using var output = new MemoryStream();
        var copying = process.StandardOutput.BaseStream.CopyToAsync(output);
        using var progress = new FileStream(progressPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var watch = new ProgressWatch();
        while (!process.WaitForExit(Poll))
        {
            watch.Read(progress);
            if (!watch.Finished && watch.Broken(memoryLimitMiB, () => Resident(process)) is { } broken)
            {
                Kill(process);
                watch.Read(progress);
                return new Outcome(-1, [], ProgressWatch.Why(broken.WhyCode), watch.Abandoned ?? watch.Item, broken.Reason, watch.Evaluating);
            }
        }

        process.WaitForExit();
        copying.GetAwaiter().GetResult();
        watch.Read(progress);
        var exit = process.ExitCode;
        if (exit is ExitCodes.Success or ExitCodes.Blocked or ExitCodes.InvalidInput || watch.Finished)
        {
            return new Outcome(exit, output.ToArray(), null, null, null, TimeSpan.Zero);
        }

        // Died on its own during evaluation: a stack overflow (SIGABRT, 134), the OOM killer (SIGKILL, 137), a crash.
        return new Outcome(exit, [], $"ended abnormally (exit code {exit.ToString(CultureInfo.InvariantCulture)})", watch.Item, $"exit:{exit.ToString(CultureInfo.InvariantCulture)}", watch.Evaluating);
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        catch (InvalidOperationException)
        {
            // It exited by itself in the meantime.
        }
    }

    /// <summary>Resident memory of the process, in bytes; 0 when it cannot be read (it just exited).</summary>
    private static long Resident(Process process)
    {
        try
        {
            process.Refresh();
            return process.WorkingSet64;
        }
        catch (InvalidOperationException)
        {
            return 0;
        }
    }

    /// <summary>A cancelled CI job (SIGTERM, SIGINT, SIGQUIT to this process) stops the evaluation process too.</summary>
    private static IDisposable StopOnSignal(Process process)
    {
        if (OperatingSystem.IsWindows())
        {
            return new MemoryStream();
        }

        var registrations = new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGQUIT }
            .Select(signal => PosixSignalRegistration.Create(signal, _ => Kill(process)))
            .ToList();
        return new Registrations(registrations);
    }

    private static void Say(Diagnostic diagnostic)
    {
        // Only numbers and fixed words: no policy or evidence text reaches this line.
        new SystemConsole().Err.WriteLine(diagnostic.ToString());
    }

    /// <summary>What one evaluation process did.</summary>
    /// <param name="ExitCode">Its exit code.</param>
    /// <param name="Stdout">Its standard output (only printed for a process that finished).</param>
    /// <param name="Stopped">Why it was stopped or died, for the message; null when it finished.</param>
    /// <param name="Item">The gate or finding it was in (<c>g3</c>, <c>f0</c>), if any.</param>
    /// <param name="Reason">The reason the next process reports that item with.</param>
    /// <param name="Evaluating">How long it spent evaluating.</param>
    internal sealed record Outcome(int ExitCode, byte[] Stdout, string? Stopped, string? Item, string? Reason, TimeSpan Evaluating);

    private sealed class Registrations(List<PosixSignalRegistration> registrations) : IDisposable
    {
        public void Dispose() => registrations.ForEach(r => r.Dispose());
    }
}
