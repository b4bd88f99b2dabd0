// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace AiOpsPolicy.Benchmarks;

/// <summary>The summary of N timed repetitions.</summary>
internal sealed record Summary(string Name, IReadOnlyList<double> Milliseconds)
{
    public double Median
    {
        get
        {
            var sorted = Milliseconds.Order().ToArray();
            var mid = sorted.Length / 2;
            return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        }
    }

    public double Min => Milliseconds.Min();

    public double Max => Milliseconds.Max();

    public static string Header => $"| {"Scenario",-52} | {"Median ms",10} | {"Min ms",10} | {"Max ms",10} | {"Runs",4} |";

    public static string Rule => $"|{new string('-', 54)}|{new string('-', 11)}:|{new string('-', 11)}:|{new string('-', 11)}:|{new string('-', 5)}:|";

    public string Row => string.Create(
        CultureInfo.InvariantCulture,
        $"| {Name,-52} | {Median,10:F1} | {Min,10:F1} | {Max,10:F1} | {Milliseconds.Count,4} |");
}

/// <summary>Stopwatch timing: warm-up runs (discarded), then measured runs.</summary>
internal static class Measure
{
    public static Summary Repeat(string name, int warmup, int runs, Func<double> once)
    {
        for (var i = 0; i < warmup; i++)
        {
            once();
        }

        var times = new List<double>(runs);
        for (var i = 0; i < Math.Max(runs, 1); i++)
        {
            times.Add(once());
        }

        return new Summary(name, times);
    }

    public static double Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalMilliseconds;
    }
}

/// <summary>A finished child process.</summary>
internal sealed record ProcessResult(int ExitCode, double Milliseconds, string Stdout, string Stderr)
{
    /// <summary>The <c>key=value</c> lines of the output.</summary>
    public string Value(string key) =>
        Stdout.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(key + "=", StringComparison.Ordinal))?[(key.Length + 1)..]
        ?? throw new HarnessException($"the child process printed no '{key}=' line; stdout: {Stdout} stderr: {Stderr}");

    public string Describe() => $"exit {ExitCode}; stderr: {Stderr.Trim()}; stdout: {Stdout.Trim()}";
}

/// <summary>A finished child process with what GNU time measured from outside it.</summary>
/// <param name="Result">The exit code, wall time and output.</param>
/// <param name="PeakMb">The peak resident set (<c>ru_maxrss</c>), in MB (10^6 bytes).</param>
/// <param name="CpuMs">User plus system CPU time, in ms (GNU time's resolution: 10 ms).</param>
internal sealed record MeasuredProcess(ProcessResult Result, double PeakMb, double CpuMs);

/// <summary>Runs a process to completion and times it, wall clock from start to exit.</summary>
internal static class ChildProcess
{
    /// <summary>GNU time (Debian's <c>time</c> package).</summary>
    public const string GnuTime = "/usr/bin/time";

    public static ProcessResult Run(string fileName, IEnumerable<string> args, string workingDirectory)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // Colour and terminal detection off: the same code path in every run.
        info.Environment["NO_COLOR"] = "1";
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new HarnessException($"cannot start {fileName}");
        process.OutputDataReceived += (_, e) => Append(stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(stderr, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.WaitForExit();
        var elapsed = watch.Elapsed.TotalMilliseconds;
        return new ProcessResult(process.ExitCode, elapsed, stdout.ToString(), stderr.ToString());
    }

    /// <summary>
    /// Runs a process to completion under GNU time (<c>/usr/bin/time</c>), which waits for it with <c>wait4</c> and
    /// reports its peak resident set (<c>ru_maxrss</c>) and its CPU time, measured from outside the process: the same
    /// figures for any program, whatever runtime or native libraries it holds. (.NET reaps the children it starts
    /// itself, so the harness cannot call <c>wait4</c> on a <see cref="Process"/>'s child without racing the runtime.)
    /// The wall time is the harness's, from start to exit, and includes GNU time's own start (about a millisecond).
    /// </summary>
    /// <param name="fileName">The program.</param>
    /// <param name="args">Its arguments.</param>
    /// <param name="workingDirectory">Where it runs.</param>
    /// <returns>The result, with the peak and the CPU time; null when GNU time is not installed.</returns>
    public static MeasuredProcess? RunMeasured(string fileName, IEnumerable<string> args, string workingDirectory)
    {
        if (!File.Exists(GnuTime))
        {
            return null;
        }

        var report = Path.GetTempFileName();
        try
        {
            var result = Run(GnuTime, ["-f", "%U %S %M", "-o", report, fileName, .. args], workingDirectory);

            // GNU time writes "Command exited with non-zero status N" before the figures when the program fails.
            var figures = File.ReadAllLines(report).Last(l => l.Length > 0).Split(' ');
            var cpu = (double.Parse(figures[0], CultureInfo.InvariantCulture) + double.Parse(figures[1], CultureInfo.InvariantCulture)) * 1000;
            var peakMb = long.Parse(figures[2], CultureInfo.InvariantCulture) * 1024 / 1e6;
            return new MeasuredProcess(result, peakMb, cpu);
        }
        finally
        {
            File.Delete(report);
        }
    }

    private static void Append(StringBuilder builder, string? line)
    {
        if (line is not null)
        {
            lock (builder)
            {
                builder.AppendLine(line);
            }
        }
    }
}
