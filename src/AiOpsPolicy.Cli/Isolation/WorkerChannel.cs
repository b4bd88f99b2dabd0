// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text;
using AiOpsPolicy.Core.Evaluation;
using AiOpsPolicy.Core.Model;
using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Cli.Isolation;

/// <summary>
/// The evaluation process's side of <see cref="GateSupervisor"/>: tells the supervisor what is being evaluated (one
/// short line per gate in a file the supervisor named), and reads which items an earlier process of the same run was
/// stopped in and how much of the total time it used. Lines hold numbers only, never policy or evidence text.
/// </summary>
internal sealed class WorkerChannel : IEvaluationProgress, IDisposable
{
    /// <summary>Set by the supervisor for the evaluation process: the progress file it reads.</summary>
    public const string ProgressVariable = "AIOPS_POLICY_WORKER";

    /// <summary>The items an earlier evaluation process was stopped in, with why: <c>g3=time;f0=memory:2048</c>.</summary>
    public const string StoppedVariable = "AIOPS_POLICY_WORKER_STOPPED";

    /// <summary>The milliseconds of the total budget that earlier evaluation processes of this run used.</summary>
    public const string SpentVariable = "AIOPS_POLICY_WORKER_SPENT_MS";

    private readonly Lock _lock = new();
    private readonly FileStream _file;
    private readonly string _stopped;

    private WorkerChannel(FileStream file, string stopped, TimeSpan spent)
    {
        _file = file;
        _stopped = stopped;
        Spent = spent;
    }

    /// <summary>Gets how much of the total time budget earlier evaluation processes used.</summary>
    public TimeSpan Spent { get; }

    /// <summary>The channel when this process is a supervised evaluation process; null otherwise.</summary>
    /// <returns>The channel, or null.</returns>
    public static WorkerChannel? FromEnvironment()
    {
        if (Environment.GetEnvironmentVariable(ProgressVariable) is not { Length: > 0 } path)
        {
            return null;
        }

        var spent = long.TryParse(Environment.GetEnvironmentVariable(SpentVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var ms) ? TimeSpan.FromMilliseconds(ms) : TimeSpan.Zero;
        var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, bufferSize: 1);
        return new WorkerChannel(file, Environment.GetEnvironmentVariable(StoppedVariable) ?? string.Empty, spent);
    }

    /// <summary>The explanation each stopped gate and finding is reported with, by its <see cref="EvaluationOptions"/> key.</summary>
    /// <param name="policies">The policy set (the same one the stopped process evaluated: same command line).</param>
    /// <param name="budgets">The budgets.</param>
    /// <returns>Key to explanation.</returns>
    public Dictionary<string, string> Stopped(PolicySet policies, EvaluationBudgets budgets)
    {
        var stopped = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in _stopped.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, reason) = entry.IndexOf('=', StringComparison.Ordinal) is var at and > 1 ? (entry[..at], entry[(at + 1)..]) : (entry, "time");
            if (!int.TryParse(key.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                continue;
            }

            var what = key[0] == 'g' && index < policies.Gates.Length ? $"gate '{policies.Gates[index].Name}'"
                : key[0] == 'f' && index < policies.Findings.Length ? $"finding '{policies.Findings[index].Name}'"
                : null;
            if (what is not null)
            {
                stopped[key] = Explain(what, reason, budgets);
            }
        }

        return stopped;
    }

    /// <inheritdoc />
    public void Started(TimeSpan totalLeft, TimeSpan itemTime) =>
        Write(ProgressWatch.StartedLine(totalLeft, itemTime));

    /// <inheritdoc />
    public void Gate(int index) => Write(ProgressWatch.GateLine(index));

    /// <inheritdoc />
    public void Between() => Write("B");

    /// <inheritdoc />
    public void Finding(int index) => Write(ProgressWatch.FindingLine(index));

    /// <inheritdoc />
    public void Abandoned(int index, bool finding) => Write(ProgressWatch.AbandonedLine(index, finding));

    /// <inheritdoc />
    public void Finished() => Write("D");

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();

    private static string Explain(string what, string reason, EvaluationBudgets budgets)
    {
        const string Again = "the evaluation process was stopped, and the run evaluated again without it";
        var colon = reason.IndexOf(':', StringComparison.Ordinal);
        var detail = colon > 0 ? reason[(colon + 1)..] : string.Empty;
        return (colon > 0 ? reason[..colon] : reason) switch
        {
            "total" => $"The run went over its total time budget of {UnitFormat.Duration(budgets.TotalTime)} while {what} was being evaluated: {Again}",
            "memory" => $"The evaluation process went over its memory limit of {detail} MiB while {what} was being evaluated: {Again}",
            "exit" => $"The evaluation process ended abnormally (exit code {detail}: a stack overflow, or killed for memory) while {what} was being evaluated; the run was evaluated again without it",
            _ => $"{char.ToUpperInvariant(what[0])}{what[1..]} went over its time budget of {UnitFormat.Duration(budgets.ExpressionTime)} and did not stop (a runaway inside a library call, where no guard runs): {Again}",
        };
    }

    private void Write(string line)
    {
        var bytes = Encoding.ASCII.GetBytes(line + "\n");
        lock (_lock)
        {
            try
            {
                // One write per line, unbuffered: the supervisor must see a gate start even if this process dies right after.
                _file.Write(bytes);
            }
            catch (IOException)
            {
                // Without the supervisor's file the run goes on; only the supervisor's view of it is lost.
            }
        }
    }
}
