// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Cli.Arguments;
using AiOpsPolicy.Cli.Isolation;
using AiOpsPolicy.Core;
using AiOpsPolicy.Core.Compilation;
using AiOpsPolicy.Core.Configuration;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Evaluation;
using AiOpsPolicy.Core.Files;
using AiOpsPolicy.Core.Model;
using AiOpsPolicy.Core.Text;
using AiOpsPolicy.Reporting;

namespace AiOpsPolicy.Cli.Commands;

/// <summary>
/// <c>aiops-policy gate</c>: evaluates every gate against the evidence, prints the decision and
/// writes the requested reports. Exit 0 allowed, 1 blocked, 2 invalid input or usage.
/// </summary>
internal sealed partial class GateCommand
{
    private readonly IConsole _console;
    private readonly Func<DateTimeOffset> _clock;

    public GateCommand(IConsole console, Func<DateTimeOffset> clock)
    {
        _console = console;
        _clock = clock;
    }

    public int Run(GateArguments arguments)
    {
        var configuration = OperatorSettings.Load(_console, arguments.ConfigPath, arguments.Policies);
        var trust = configuration is null || arguments.BundlePath is null ? BundleTrust.None : BundleKeys.Trust(_console, configuration, arguments.TrustedKeys, arguments.AllowUnsigned);
        if (configuration is null || trust is null)
        {
            return ExitCodes.InvalidInput;
        }

        // "Now" is fixed once, at the start, and recorded in the report: every window and every
        // evidence age in this run is measured from it.
        var now = arguments.AsOf ?? _clock();
        return arguments.CollectSources is { } sources ? CollectThenRun(arguments, sources, now, configuration, trust) : Run(arguments, now, configuration, trust);
    }

    /// <summary>
    /// Collects the operator's sources, then gates. Kept in its own method, never inlined, so that the
    /// collectors' assembly loads only when --collect is given, not on every gate.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private int CollectThenRun(GateArguments arguments, string sources, DateTimeOffset now, OperatorConfiguration configuration, BundleTrust trust)
    {
        // Collected evidence is read like any other folder; without --collect-out it lives only for this run.
        var folder = arguments.CollectOutput ?? Directory.CreateTempSubdirectory("aiops-collect-").FullName;
        try
        {
            // Whole seconds, as collect writes them: the files' collectedAt is the as-of time.
            var window = new Sources.Output.CollectionWindow(DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds()), arguments.CollectWindow);
            if (Collecting.Run(_console, sources, window, folder) is null)
            {
                return ExitCodes.InvalidInput;
            }

            arguments.Evidence.Add(folder);
            return Run(arguments, now, configuration, trust);
        }
        finally
        {
            if (arguments.CollectOutput is null)
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private int Run(GateArguments arguments, DateTimeOffset now, OperatorConfiguration configuration, BundleTrust trust)
    {
        // Budgets and memory are watched from the start (loading included), as a supervisor would (Isolation/InProcessWatch).
        using var watch = InProcessWatch.Start(() =>
        {
            _console.Out.Flush();
            _console.Err.Flush();
        });
        var cache = arguments.NoCache ? null : new CompilationCache(arguments.CacheDirectory ?? CompilationCache.DefaultDirectory());

        // Policies and evidence are independent until evaluation: the evidence is read on another
        // thread while the policies load, bind and come out of the cache (or compile). On a cache hit
        // the two take about as long as each other, so a machine with two cores saves most of one.
        if (EvidenceLocations.Split(arguments.Evidence, configuration, out var evidencePaths, out var databases) is { } locationProblem)
        {
            _console.Err.WriteLine(locationProblem.ToString());
            return ExitCodes.InvalidInput;
        }

        // The load asks for the gate's push-down plan only when it checks workflow runs kept in DuckDB, after their id
        // scan: by then the policies are usually prepared, and the check's one grouped scan also yields the tally's classes.
        // The plan is made on the loading thread, when asked: a gate over evidence no engine keeps never pays for it.
        var compiledForPlan = new TaskCompletionSource<CompiledPolicySet?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var loadingEvidence = Task.Run(() => EvidenceLocations.Load(evidencePaths, databases, pushDown: !arguments.NoPushDown, () =>
            compiledForPlan.Task.GetAwaiter().GetResult() is { } planned ? PolicyEngine.PlanPushDown(planned, now) : null));
        PreparedPolicies prepared;
        try
        {
            prepared = (arguments.BundlePath is { } bundle
                ? PolicyEngine.LoadBundle(bundle, trust)
                : new PolicyEngine(cache).Prepare(arguments.Policies)).CheckWaivers(now);
            compiledForPlan.TrySetResult(prepared.Compiled);
        }
        finally
        {
            // Whatever went wrong, the load must not wait for a plan that will not come.
            compiledForPlan.TrySetResult(null);
        }

        // While the evidence is still loading, this thread has nothing to do: it compiles the
        // generated gate code now rather than on each gate's first call during evaluation.
        if (prepared.Compiled is { } warming && !loadingEvidence.IsCompleted)
        {
            warming.WarmUp(() => loadingEvidence.IsCompleted);
        }

        var evidence = loadingEvidence.GetAwaiter().GetResult();
        var diagnostics = DiagnosticOrder.Sort(prepared.Diagnostics.Concat(evidence.Diagnostics)).ToList();
        using var compiled = prepared.Compiled;
        if (compiled is null || evidence.HasErrors)
        {
            ShowDiagnostics(diagnostics);
            _console.Err.WriteLine($"No gate was evaluated: fix the {diagnostics.Count(d => d.IsError)} error(s) above.");
            return ExitCodes.InvalidInput;
        }

        // Compiled code from the cache or a bundle: the JIT profile this run records is the one later runs of the set want.
        if (compiled.FromCache || arguments.BundlePath is not null)
        {
            JitProfile.NoteWarmRun(compiled.Policies.Digest);
        }

        var (history, storeProblem) = HistoryTargets.Resolve(arguments, compiled.Policies, Environment.GetEnvironmentVariable("AIOPS_POLICY_HISTORY"), configuration);
        if (storeProblem is not null)
        {
            ShowDiagnostics(diagnostics);
            _console.Err.WriteLine(storeProblem.ToString());
            _console.Err.WriteLine("No gate was evaluated: fix the error above.");
            return ExitCodes.InvalidInput;
        }

        // In a supervised evaluation process (Isolation/GateSupervisor), the supervisor is told which gate runs, and the
        // items an earlier process of this run was stopped in are reported as errors without being run again.
        // A policy set that raises the allocation budget can build a structure deep enough to overflow the evaluation
        // stack, which no watch inside the process survives: such a set is evaluated supervised from the start.
        if (compiled.Policies.Budgets.AllocationBytes > EvaluationBudgets.Default.AllocationBytes)
        {
            watch?.SuperviseFromStart();
        }

        using var worker = WorkerChannel.FromEnvironment();
        var options = worker is not null
            ? new EvaluationOptions { Progress = worker, Stopped = worker.Stopped(compiled.Policies, compiled.Policies.Budgets), Spent = worker.Spent }
            : watch is not null ? new EvaluationOptions { Progress = watch } : EvaluationOptions.Default;
        // The load's diagnostics are shown once evaluation is over, or has failed: a run handed over to the supervisor, or
        // an evaluation process it stopped, ends during evaluation, so only the process that reports the run shows them.
        Core.Results.GateRunResult result;
        try
        {
            result = Evaluate(compiled, evidence.Evidence, now, history, options) with
            {
                Diagnostics = [.. diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning)],
            };
        }
        finally
        {
            ShowDiagnostics(diagnostics);
        }

        // Trends cost a read of the store's last weeks: only for an HTML report or a person at a terminal, never
        // for a pipeline that only wants the verdict and machine-readable reports.
        var wantsTrends = _console.SupportsColor || arguments.Formats.Contains("html", StringComparer.Ordinal);
        var trends = wantsTrends ? GateTrends.Load(_console, history.Read, result) : null;
        var reportsWritten = WriteReports(arguments, result, trends);
        new ConsoleSummary(_console, color: _console.SupportsColor && !arguments.NoColor).Write(result, compiled.FromCache, trends);
        if (!reportsWritten)
        {
            _console.Err.WriteLine("Not every report was written (see above): exit 2, whatever the decision.");
            return ExitCodes.InvalidInput;
        }

        if (history.Record is { Length: > 0 } target && !Record(target, result) && history.RequireRecord)
        {
            _console.Err.WriteLine("The run was not recorded and --require-record (or spec.history.require) was given: exit 2, whatever the decision.");
            return ExitCodes.InvalidInput;
        }

        return result.Blocked ? ExitCodes.Blocked : ExitCodes.Success;
    }

    /// <summary>The load's warnings and errors on standard error, one line each.</summary>
    private void ShowDiagnostics(List<Diagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning))
        {
            _console.Err.WriteLine(Reporting.ConsoleText.Inline(diagnostic.ToString()));
        }
    }

    /// <summary>
    /// Records the run in the history store, in one transaction; a run recorded twice (same pipeline
    /// run id) is stored once. Kept in its own method, never inlined, so that the database drivers
    /// load only when a run is recorded.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private bool Record(string target, Core.Results.GateRunResult result)
    {
        try
        {
            var record = History.Runs.RunRecord.From(result, History.Runs.RunContext.FromEnvironment(Environment.GetEnvironmentVariables()));
            var store = History.HistoryStoreFactory.OpenAsync(target).GetAwaiter().GetResult();
            try
            {
                var outcome = store.RecordAsync(record).GetAwaiter().GetResult();
                _console.Out.WriteLine(outcome == History.Runs.RecordOutcome.Duplicate
                    ? $"Run {record.RunId} was already recorded; it is stored once."
                    : $"Recorded run {record.RunId}.");
            }
            finally
            {
                store.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }

            return true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var shown = HistoryTargets.Shown(target);
            _console.Err.WriteLine(Reporting.ConsoleText.Inline(Diagnostic.Create(DiagnosticCatalog.RecordFailed, SourceLocation.None, shown, ex.Message.TrimEnd('.')).ToString()));
            return false;
        }
    }

    /// <summary>
    /// Writes every report asked for: --json FILE, then each --format into --output DIR (default: the
    /// current directory). Each file is written whole or not at all; the github format goes to
    /// standard output. Returns false when any report could not be written, after trying them all.
    /// </summary>
    private bool WriteReports(GateArguments arguments, Core.Results.GateRunResult result, Reporting.Review.ReportTrends? trends)
    {
        var options = new ReportOptions { RepositoryRoot = arguments.RepositoryRoot, Trends = trends };
        var targets = new List<(IReportWriter Writer, string Path)>();
        if (arguments.JsonPath is { } jsonPath)
        {
            targets.Add((new JsonReportWriter(), jsonPath));
        }

        var written = true;
        foreach (var format in arguments.Formats)
        {
            var writer = ReportFormats.Create(format, options);
            if (format == ReportFormats.GitHub)
            {
                using var buffer = new MemoryStream();
                writer.Write(result, buffer);
                _console.WriteWorkflowCommands(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
                continue;
            }

            targets.Add((writer, Path.Combine(arguments.OutputDirectory ?? ".", writer.DefaultFileName)));
        }

        foreach (var (writer, path) in targets)
        {
            try
            {
                AtomicFile.Write(path, stream => writer.Write(result, stream));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _console.Err.WriteLine(Reporting.ConsoleText.Inline(Diagnostic.Create(DiagnosticCatalog.ReportWriteFailed, SourceLocation.None, path, $"{writer.Format} report: {ex.Message}").ToString()));
                written = false;
            }
        }

        return written;
    }
}
