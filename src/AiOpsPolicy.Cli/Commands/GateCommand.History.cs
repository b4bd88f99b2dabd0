// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Cli.Arguments;
using AiOpsPolicy.Core;
using AiOpsPolicy.Core.Compilation;
using AiOpsPolicy.Core.Configuration;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Evaluation;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Model;
using AiOpsPolicy.Core.Results;

namespace AiOpsPolicy.Cli.Commands;

/// <content>Where gate records runs and reads baselines from, and evaluation with the history store open.</content>
internal sealed partial class GateCommand
{
    /// <summary>
    /// Evaluates with the history store open when a gate has a baseline (only then: the database drivers load only
    /// when needed). A store that cannot be opened leaves those gates without a baseline, saying why.
    /// </summary>
    private static GateRunResult Evaluate(CompiledPolicySet compiled, EvidenceSet evidence, DateTimeOffset now, HistoryTargets history, EvaluationOptions options) =>
        history.Read is not { Length: > 0 } target || !compiled.Policies.Gates.Any(g => g.Baseline is not null)
            ? PolicyEngine.Evaluate(compiled, evidence, now, options)
            : EvaluateWithStore(compiled, evidence, now, target, options);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static GateRunResult EvaluateWithStore(CompiledPolicySet compiled, EvidenceSet evidence, DateTimeOffset now, string target, EvaluationOptions options)
    {
        History.IHistoryStore store;
        try
        {
            store = History.HistoryStoreFactory.OpenAsync(target).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return PolicyEngine.Evaluate(compiled, evidence, now, options with { History = new Unreadable(ex), HistoryName = HistoryTargets.Shown(target) });
        }

        try
        {
            return PolicyEngine.Evaluate(compiled, evidence, now, options with { History = store, HistoryName = HistoryTargets.Shown(target) });
        }
        finally
        {
            store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>A store that could not be opened: every read says why.</summary>
    private sealed class Unreadable(Exception problem) : IRunHistory
    {
        public IReadOnlyList<BaselineObservation> PassingObservations(string policySet, string gate, DateTimeOffset before, int count) =>
            throw new InvalidOperationException("it could not be opened: " + problem.Message.TrimEnd('.'), problem);

        public BaselineObservation? Observation(string runId, string gate) =>
            throw new InvalidOperationException("it could not be opened: " + problem.Message.TrimEnd('.'), problem);
    }
}

/// <summary>
/// The history targets of one gate run. Recording: --record, else $AIOPS_POLICY_HISTORY, else the PolicySet's
/// spec.history.store when spec.history.record is true. Baselines: --history, else the record target (--record or
/// $AIOPS_POLICY_HISTORY), else spec.history.store. A failed recording exits 2 with --require-record or
/// spec.history.require.
/// </summary>
/// <param name="Record">Where the run is recorded, if anywhere.</param>
/// <param name="Read">Where baselines are read from, if anywhere.</param>
/// <param name="RequireRecord">Whether a failed recording exits 2.</param>
internal sealed record HistoryTargets(string? Record, string? Read, bool RequireRecord)
{
    /// <summary>
    /// Resolves the targets. The PolicySet's store is resolved (a name through the operator configuration, a file
    /// inside the repository root) only when it is used: to record (record: true and no --record or
    /// $AIOPS_POLICY_HISTORY), or for baselines (a gate has one and no --history, --record or
    /// $AIOPS_POLICY_HISTORY). A store that cannot be resolved is the returned problem.
    /// </summary>
    public static (HistoryTargets Targets, Diagnostic? Problem) Resolve(GateArguments arguments, PolicySet policies, string? environment, OperatorConfiguration configuration)
    {
        var settings = policies.Manifest?.History;
        // The operator's own targets may be names the operator configuration declares, like the PolicySet's store.
        var explicitRecord = Resolved(arguments.RecordTarget ?? (environment is { Length: > 0 } ? environment : null), configuration);
        var manifestRecords = explicitRecord is null && settings is { Record: true };
        // Baselines are the only reads that change a verdict; trends are decoration and do without the store.
        var manifestRead = arguments.HistoryTarget is null && explicitRecord is null && policies.Gates.Any(g => g.Baseline is not null);
        string? fromManifest = null;
        if ((manifestRecords || manifestRead) && settings?.Store is { Length: > 0 } && policies.Manifest is { } manifest)
        {
            var (target, problem) = HistoryStoreReference.Resolve(manifest, configuration, arguments.RepositoryRoot);
            if (problem is not null)
            {
                return (new HistoryTargets(null, null, false), problem);
            }

            fromManifest = target;
        }

        var record = explicitRecord ?? (manifestRecords ? fromManifest : null);
        return (new HistoryTargets(record, Resolved(arguments.HistoryTarget, configuration) ?? explicitRecord ?? fromManifest, arguments.RequireRecord || settings is { Require: true }), null);
    }

    /// <summary>
    /// Resolves an operator's store (a command-line flag or $AIOPS_POLICY_HISTORY): a name the operator configuration
    /// declares is its target; anything else is taken as given, a file or a connection string. The Target is null
    /// for a store name that is neither declared nor an existing file: a typo must not become a new, empty store.
    /// </summary>
    /// <param name="store">The store as the operator wrote it.</param>
    /// <param name="configuration">The operator configuration.</param>
    /// <returns>The target, and whether it came from a declared name.</returns>
    public static (string? Target, bool Named) Named(string store, OperatorConfiguration configuration)
    {
        if (configuration.HistoryStores.TryGetValue(store, out var declared))
        {
            return (declared.Target, true);
        }

        return HistoryStoreReference.IsName(store) && !File.Exists(store) && !configuration.HistoryStores.IsEmpty ? (null, false) : (store, false);
    }

    /// <summary>What the operator configuration declares, for messages.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <returns>"no operator configuration was given", or the declared names.</returns>
    public static string Declared(OperatorConfiguration configuration) =>
        configuration.Path is null ? "no operator configuration was given"
        : configuration.HistoryStores.IsEmpty ? $"'{configuration.Path}' declares no history stores"
        : $"'{configuration.Path}' declares {string.Join(", ", configuration.HistoryStores.Keys)}";

    private static string? Resolved(string? store, OperatorConfiguration configuration) =>
        store is not null && configuration.HistoryStores.TryGetValue(store, out var declared) ? declared.Target : store;

    /// <summary>A target as messages show it: a file path, or "the PostgreSQL store" (a connection string may hold secrets).</summary>
    public static string Shown(string target) => LooksLikeConnectionString(target) ? "the PostgreSQL store" : target;

    /// <summary>
    /// Whether a target reads as a connection string or URL rather than a file path. Deliberately broader than the
    /// factory's PostgreSQL test: anything that might carry a password is never echoed, and is never a SQLite file.
    /// </summary>
    public static bool LooksLikeConnectionString(string target) =>
        target.Contains('=', StringComparison.Ordinal) || target.Contains("://", StringComparison.Ordinal);
}
