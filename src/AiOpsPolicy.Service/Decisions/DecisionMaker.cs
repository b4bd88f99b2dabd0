// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AiOpsPolicy.Core;
using AiOpsPolicy.Core.Configuration;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Evaluation;
using AiOpsPolicy.Core.Files;
using AiOpsPolicy.Core.Results;
using AiOpsPolicy.Core.Text;
using AiOpsPolicy.Core.Validation;
using AiOpsPolicy.History;
using AiOpsPolicy.History.Decisions;
using AiOpsPolicy.History.Runs;
using AiOpsPolicy.Reporting;
using AiOpsPolicy.Service.Api;
using AiOpsPolicy.Service.Bundles;
using AiOpsPolicy.Service.Security;

namespace AiOpsPolicy.Service.Decisions;

/// <summary>
/// Makes one decision the way <c>gate --bundle ... --json --record</c> does: the policy set's bundle, the evidence
/// through the engine's loader, evaluation, the JSON report, and the run recorded with its decision log entry in one
/// transaction. A decision that cannot be logged is not given (fail closed).
/// </summary>
public sealed class DecisionMaker : IDisposable
{
    /// <summary>The longest idempotency key or context value accepted.</summary>
    public const int MaxTextLength = 400;

    private readonly ServiceSettings _settings;
    private readonly IHistoryStore _store;
    private readonly BundleRegistry _bundles;
    private readonly TimeProvider _time;
    private readonly string _requests;
    private readonly SemaphoreSlim _slots;

    /// <summary>Initializes a new instance of the <see cref="DecisionMaker"/> class.</summary>
    /// <param name="settings">The service settings.</param>
    /// <param name="store">The history store (the decision log).</param>
    /// <param name="bundles">The bundles.</param>
    /// <param name="time">The clock, for decisions that give no <c>asOf</c>.</param>
    /// <param name="workFolder">A private folder for request evidence.</param>
    public DecisionMaker(ServiceSettings settings, IHistoryStore store, BundleRegistry bundles, TimeProvider time, string workFolder)
    {
        _settings = settings;
        _store = store;
        _bundles = bundles;
        _time = time;
        _requests = workFolder;
        Directory.CreateDirectory(workFolder);
        _slots = new SemaphoreSlim(settings.Limits.EffectiveConcurrentDecisions);
    }

    /// <summary>Decides on a policy set for a caller.</summary>
    /// <param name="caller">The authenticated caller; it must own the set.</param>
    /// <param name="policySet">The policy set.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation (the client went away).</param>
    /// <returns>The decision, or why there is none.</returns>
    public async Task<(DecisionResponse? Decision, bool Replayed, ServiceProblem? Problem)> DecideAsync(Caller caller, string policySet, DecisionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        var tenant = caller.Tenant ?? throw new InvalidOperationException("Only a tenant's token decides.");
        if (Check(request) is { } invalid)
        {
            return (null, false, invalid);
        }

        var now = request.AsOf is { } asOf ? ParseTime(asOf) : _time.GetUtcNow();
        var decisionId = DecisionId(tenant.Name, policySet, request.IdempotencyKey, now);

        // The slot first, then the database: every decision holds a pooled connection while it reads and writes the log,
        // so the slots bound the connections an instance opens (a burst of 200 clients opened 100 per instance and
        // exhausted a shared server's max_connections for every other user of it).
        if (!await _slots.WaitAsync(TimeSpan.FromSeconds(_settings.Limits.QueueTimeoutSeconds), cancellationToken).ConfigureAwait(false))
        {
            return (null, false, ServiceProblem.Of(503, DiagnosticCatalog.ServiceBusy, $"{_settings.Limits.QueueTimeoutSeconds} s", _settings.Limits.EffectiveConcurrentDecisions));
        }

        string? folder = null;
        try
        {
            LoadedBundle? bundle;
            try
            {
                if (request.IdempotencyKey is not null && await _store.DecisionAsync(decisionId, cancellationToken).ConfigureAwait(false) is { } earlier)
                {
                    return (ToResponse(earlier), true, null);
                }

                bundle = await _bundles.ForPolicySetAsync(policySet, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsStoreFailure(ex, cancellationToken))
            {
                return (null, false, ServiceProblem.Of(503, DiagnosticCatalog.DecisionLogUnavailable, "read", Reason(ex)));
            }

            if (bundle is null)
            {
                return (null, false, ServiceProblem.Of(409, DiagnosticCatalog.BundleNotLoaded, policySet));
            }

            if (bundle.Compiled is not { } compiled)
            {
                return (null, false, new ServiceProblem(503, bundle.Diagnostics, null));
            }

            folder = Path.Combine(_requests, decisionId + "-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            var problems = new List<string>();
            var (evidencePath, digests, shownAs) = Evidence(request, tenant, folder, problems);
            if (evidencePath is null)
            {
                return (null, false, Invalid(problems));
            }

            var evaluated = Evaluate(compiled, evidencePath, shownAs, now);
            if (evaluated.Problem is { } problem)
            {
                return (null, false, problem);
            }

            var result = evaluated.Result ?? throw new InvalidOperationException("An evaluation without a result or a problem.");
            var exitCode = result.Blocked ? 1 : 0;
            using var buffer = new MemoryStream();
            new JsonReportWriter().Write(result, buffer);
            // Records in the report name the file they came from (sourceFiles): show those as the caller named them too.
            var report = shownAs(Encoding.UTF8.GetString(buffer.ToArray()));
            var entry = new DecisionLogEntry(tenant.Name, caller.Identity, bundle.Digest, digests, exitCode, report);
            var context = request.Context;
            var record = RunRecord.From(result, new RunContext(decisionId, context?.Provider ?? "service", context?.Pipeline, context?.Commit, context?.Environment)) with
            {
                DecisionLog = entry,
            };

            try
            {
                if (await _store.RecordAsync(record, cancellationToken).ConfigureAwait(false) == RecordOutcome.Duplicate
                    && await _store.DecisionAsync(decisionId, cancellationToken).ConfigureAwait(false) is { } stored)
                {
                    // The same idempotency key raced this request, and the other one was logged first: its decision stands.
                    return (ToResponse(stored), true, null);
                }
            }
            catch (Exception ex) when (IsStoreFailure(ex, cancellationToken))
            {
                return (null, false, ServiceProblem.Of(503, DiagnosticCatalog.DecisionLogUnavailable, "written", Reason(ex)));
            }

            return (ToResponse(new StoredDecision(decisionId, result.PolicySet, result.Decision, result.EvaluatedAt, entry)), false, null);
        }
        finally
        {
            _slots.Release();
            if (folder is not null)
            {
                // After the answer, not before it: removing the request's files took 50-120 ms of a 150-300 ms decision
                // on the shared benchmark machine (docs/performance.md). The folder is private, and the whole work folder
                // is removed at shutdown if this is cut short.
                _ = Task.Run(() => TryDelete(folder), CancellationToken.None);
            }
        }
    }

    /// <summary>Reads a logged decision of the caller's tenant back.</summary>
    /// <param name="caller">The caller.</param>
    /// <param name="policySet">The policy set in the URL; the decision must be of it.</param>
    /// <param name="decisionId">The decision id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The decision, or why there is none.</returns>
    public async Task<(DecisionResponse? Decision, ServiceProblem? Problem)> ReadAsync(Caller caller, string policySet, string decisionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        StoredDecision? stored;
        try
        {
            stored = decisionId.Length <= MaxTextLength ? await _store.DecisionAsync(decisionId, cancellationToken).ConfigureAwait(false) : null;
        }
        catch (Exception ex) when (IsStoreFailure(ex, cancellationToken))
        {
            return (null, ServiceProblem.Of(503, DiagnosticCatalog.DecisionLogUnavailable, "read", Reason(ex)));
        }

        if (stored is null || stored.PolicySet != policySet || stored.Entry.Tenant != caller.Tenant?.Name)
        {
            return (null, ServiceProblem.Of(404, DiagnosticCatalog.PolicySetUnknown, $"Policy set '{policySet}' has no decision '{CallerText.Printable(decisionId)}' this token may read"));
        }

        return (ToResponse(stored), null);
    }

    /// <inheritdoc />
    public void Dispose() => _slots.Dispose();

    /// <summary>The response for a logged decision.</summary>
    internal static DecisionResponse ToResponse(StoredDecision stored)
    {
        using var report = JsonDocument.Parse(stored.Entry.Report);
        return new DecisionResponse
        {
            Id = stored.DecisionId,
            PolicySet = stored.PolicySet,
            Decision = stored.Decision,
            ExitCode = stored.Entry.ExitCode,
            ExitMeaning = stored.Entry.ExitCode == 0
                ? "allowed: every blocking gate passed (warnings allowed); the CLI would exit 0"
                : "blocked: a blocking gate did not pass; the CLI would exit 1",
            DecidedAt = stored.DecidedAt,
            Caller = stored.Entry.Caller,
            BundleDigest = stored.Entry.BundleDigest,
            Evidence = [.. stored.Entry.EvidenceDigests.Select(d => new EvidenceFileDigest { Name = d.Name, Sha256 = d.Sha256, Bytes = d.Bytes })],
            Report = report.RootElement.Clone(),
        };
    }

    /// <summary>The decision id: random, or from the idempotency key so that a retry finds the first decision.</summary>
    private static string DecisionId(string tenant, string policySet, string? key, DateTimeOffset now)
    {
        if (key is null)
        {
            return Guid.CreateVersion7(now).ToString("N");
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{tenant}\n{policySet}\n{key}"));
        return "k" + Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }

    private static ServiceProblem? Check(DecisionRequest request)
    {
        var problems = new List<string>();
        if ((request.Evidence is null) == (request.EvidenceRef is null))
        {
            problems.Add("Give exactly one of 'evidence' (files inline) and 'evidenceRef' (collected evidence)");
        }

        if (request.AsOf is { } asOf && ParseTimeOrNull(asOf) is null)
        {
            problems.Add($"'asOf' needs an ISO 8601 time with an offset, such as 2026-11-28T12:00:00Z; got '{CallerText.Printable(asOf)}'");
        }

        foreach (var (name, value) in new[]
        {
            ("idempotencyKey", request.IdempotencyKey), ("context.provider", request.Context?.Provider), ("context.pipeline", request.Context?.Pipeline),
            ("context.commit", request.Context?.Commit), ("context.environment", request.Context?.Environment),
        })
        {
            if (value is not null && (value.Length == 0 || value.Length > MaxTextLength || value.Any(char.IsControl)))
            {
                problems.Add($"'{name}' must be 1 to {MaxTextLength} characters without control characters");
            }
        }

        if (request.Context?.Provider is { Length: > 40 })
        {
            problems.Add("'context.provider' must be at most 40 characters");
        }

        return problems.Count == 0 ? null : Invalid(problems);
    }

    private static ServiceProblem Invalid(List<string> problems) =>
        new(400, [.. problems.Select(p => Diagnostic.Create(DiagnosticCatalog.RequestInvalid, SourceLocation.ForFile("request"), p))], ServiceProblem.InvalidInput);

    private static DateTimeOffset ParseTime(string value) => ParseTimeOrNull(value) ?? throw new InvalidOperationException("asOf was checked");

    /// <summary>An ISO 8601 time with an offset, as <c>gate --as-of</c> takes it; never a guessed time zone.</summary>
    private static DateTimeOffset? ParseTimeOrNull(string value)
    {
        var t = value.IndexOf('T', StringComparison.Ordinal);
        return t >= 0 && (value.EndsWith('Z') || value.AsSpan(t).LastIndexOfAny('+', '-') > 0)
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : null;
    }

    /// <summary>Where the request's evidence is, its digests, and how its file names are shown.</summary>
    private (string? Path, ImmutableArray<EvidenceDigest> Digests, Func<string, string> ShownAs) Evidence(DecisionRequest request, ServiceTenant tenant, string folder, List<string> problems)
    {
        if (request.Evidence is { } files)
        {
            var digests = EvidenceIntake.WriteInline(files, folder, _settings.Limits.MaxEvidenceFiles, problems);
            return (problems.Count == 0 ? folder : null, digests, Renamer(folder, string.Empty));
        }

        var reference = request.EvidenceRef ?? string.Empty;
        if (EvidenceIntake.Resolve(_settings.EvidenceRoot, tenant.Name, reference, problems) is not { } resolved)
        {
            return (null, [], s => s);
        }

        var prefix = File.Exists(resolved) ? Path.GetDirectoryName(resolved) ?? resolved : resolved;
        var shownPrefix = File.Exists(resolved) ? Path.GetDirectoryName(reference)?.Replace('\\', '/') ?? string.Empty : reference;
        return (resolved, EvidenceIntake.DigestReferenced(resolved), Renamer(prefix, shownPrefix));
    }

    /// <summary>Paths of this instance's files are shown as the caller named them: inline names, or the path below the reference.</summary>
    private static Func<string, string> Renamer(string folder, string shownPrefix)
    {
        var display = SourceFileReader.DisplayPath(Path.GetFullPath(folder)).TrimEnd('/') + "/";
        var full = Path.GetFullPath(folder).TrimEnd('/') + "/";
        var prefix = shownPrefix.Length == 0 ? string.Empty : shownPrefix.TrimEnd('/') + "/";
        var escaped = JsonEncodedText.Encode(full).ToString();
        return text => text.Replace(full, prefix, StringComparison.Ordinal).Replace(display, prefix, StringComparison.Ordinal).Replace(escaped, prefix, StringComparison.Ordinal);
    }

    /// <summary>Loads the evidence and evaluates, as <c>gate</c> does; errors stop before evaluation with exit code 2.</summary>
    private (GateRunResult? Result, ServiceProblem? Problem) Evaluate(Core.Compilation.CompiledPolicySet compiled, string evidencePath, Func<string, string> shownAs, DateTimeOffset now)
    {
        var evidence = PolicyEngine.LoadEvidence([evidencePath]);
        var waivers = WaiverChecks.Check(compiled.Policies, now);
        var diagnostics = DiagnosticOrder.Sort(waivers.Concat(evidence.Diagnostics).Select(d => Rename(d, shownAs))).ToImmutableArray();
        if (evidence.HasErrors || waivers.Any(d => d.IsError))
        {
            return (null, new ServiceProblem(422, [.. diagnostics.Where(d => d.IsError), .. diagnostics.Where(d => !d.IsError)], ServiceProblem.InvalidInput));
        }

        var result = PolicyEngine.Evaluate(compiled, evidence.Evidence, now, new EvaluationOptions { History = _store, HistoryName = "the decision log" });
        return (result with
        {
            Diagnostics = [.. diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning)],
            Evidence = [.. result.Evidence.Select(f => f with { Path = shownAs(f.Path) })],
        }, null);
    }

    private static Diagnostic Rename(Diagnostic diagnostic, Func<string, string> shownAs) =>
        diagnostic with { Message = shownAs(diagnostic.Message), Location = diagnostic.Location with { Path = shownAs(diagnostic.Location.Path) } };

    /// <summary>Whether an exception is the store failing (not the client going away, not a bug worth a 500).</summary>
    private static bool IsStoreFailure(Exception ex, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested && ex is System.Data.Common.DbException or TimeoutException or IOException or System.Net.Sockets.SocketException or InvalidOperationException or OperationCanceledException;

    /// <summary>A store failure's reason, without a connection string.</summary>
    private static string Reason(Exception ex) => ex.GetType().Name + ": " + ex.Message.TrimEnd('.').ReplaceLineEndings(" ");

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort: a private folder below this instance's work folder, removed with it at shutdown.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
