// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core;
using AiOpsPolicy.Core.Evaluation;
using AiOpsPolicy.Core.Results;
using AiOpsPolicy.Core.Text;
using AiOpsPolicy.History.Runs;

namespace AiOpsPolicy.History.Tests;

/// <summary>
/// Gate baselines against every backend: the two reads a baseline needs (<see cref="IRunHistory"/>), and the engine's
/// arithmetic over runs recorded in a real store (median of the last passing runs with a tolerance, a pinned run, fewer
/// runs than asked, none).
/// </summary>
public abstract class BaselineContractTests : IAsyncLifetime
{
    private const string PolicySet = "checkout";
    private const string Gate = "queue-depth";
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private readonly string _evidence = Path.Combine(Path.GetTempPath(), "aiops-baseline-" + Guid.NewGuid().ToString("N"));

    public abstract Task InitializeAsync();

    public virtual Task DisposeAsync()
    {
        if (Directory.Exists(_evidence))
        {
            Directory.Delete(_evidence, recursive: true);
        }

        return Task.CompletedTask;
    }

    protected abstract Task<IHistoryStore> OpenStoreAsync();

    [Fact]
    public async Task PassingObservationsAsync_ShouldReturnTheLatestPassingRunsBeforeTheTimeLatestFirst()
    {
        // Given: r3 failed, r5 is at the cut-off (not before it), "other" is another policy set, and r0 is a seeding run
        // (measured, insufficient-evidence for want of a baseline), which counts.
        await using var store = await OpenStoreAsync();
        await Record(store, ("r0", 0, "insufficient-evidence", 7), ("r1", 1, "pass", 10), ("r2", 2, "pass", 12), ("r3", 3, "fail", 50), ("r4", 4, "pass", 11), ("r5", 5, "pass", 9));
        await store.RecordAsync(Run("other", Now.AddDays(-1), "pass", 1, policySet: "other"));

        // When
        var latest = await store.PassingObservationsAsync(PolicySet, Gate, Now.AddDays(-10 + 5), 3);
        var all = await store.PassingObservationsAsync(PolicySet, Gate, Now.AddDays(-10 + 5), 10);

        // Then
        Assert.Equal(["r4", "r2", "r1"], latest.Select(o => o.RunId).ToArray());
        Assert.Equal([11d, 12d, 10d], latest.Select(o => o.Value).ToArray());
        Assert.All(latest, o => Assert.Equal("pass", o.Status));
        Assert.Equal(["r4", "r2", "r1", "r0"], all.Select(o => o.RunId).ToArray());
        var observations = latest;
        Assert.Equal(Now.AddDays(-10 + 4), observations[0].EvaluatedAt);
    }

    [Fact]
    public async Task ObservationAsync_ShouldReturnThePinnedRunsValueWhateverItsStatusAndNullWhenUnknown()
    {
        // Given
        await using var store = await OpenStoreAsync();
        await Record(store, ("r1", 1, "pass", 10), ("r2", 2, "fail", 50));

        // When
        var failed = await store.ObservationAsync("r2", Gate);
        var unknownRun = await store.ObservationAsync("nope", Gate);
        var unknownGate = await store.ObservationAsync("r1", "no-such-gate");

        // Then
        Assert.Equal(("r2", 50d, "fail"), (failed?.RunId, failed?.Value, failed?.Status));
        Assert.Null(unknownRun);
        Assert.Null(unknownGate);
    }

    [Theory]
    [InlineData(13, GateStatus.Fail)]
    [InlineData(12, GateStatus.Pass)]
    public async Task Evaluate_WhenComparedWithTheMedianOfPassingRuns_ShouldAllowTheToleranceAndNoMore(int observed, GateStatus expected)
    {
        // Given: passing runs at 10, 12 and 11 (median 11); 10% tolerance makes the limit 12.1. A failed run is ignored.
        await using var store = await OpenStoreAsync();
        await Record(store, ("r1", 1, "pass", 10), ("r2", 2, "pass", 12), ("r3", 3, "fail", 40), ("r4", 4, "pass", 11));

        // When
        var gate = Evaluate(store, observed, "from: passing-runs\n    runs: 3\n    tolerance: 10%");

        // Then
        Assert.Equal(expected, gate.Status);
        Assert.Equal(11, gate.Baseline?.Value);
        Assert.Equal(12.1, gate.Baseline?.Limit ?? 0, 9);
        Assert.Equal(["r4", "r2", "r1"], gate.Baseline?.Runs.ToArray() ?? []);
        Assert.Contains("the median 11 of the last 3 passing run(s) (r4, r2, r1)", gate.Explanation, StringComparison.Ordinal);
        Assert.Contains("with 10% tolerance the limit is at most 12.1", gate.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_WhenHistoryHasFewerPassingRunsThanAsked_ShouldUseThemAndSaySo()
    {
        // Given
        await using var store = await OpenStoreAsync();
        await Record(store, ("r1", 1, "pass", 10), ("r2", 2, "pass", 20));

        // When
        var gate = Evaluate(store, 25, "runs: 5\n    tolerance: 0%");

        // Then: the median of two is the lower middle one (nearest rank), as every engine percentile.
        Assert.Equal(GateStatus.Fail, gate.Status);
        Assert.Equal(10, gate.Baseline?.Value);
        Assert.Contains("only 2 of the 5 asked for are recorded", gate.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_WhenNoRunWasRecorded_ShouldBeInsufficientAndSayHowToSeedABaseline()
    {
        // Given: the only run is after the evaluation time, so it does not count.
        await using var store = await OpenStoreAsync();
        await store.RecordAsync(Run("later", Now.AddDays(1), "pass", 1));

        // When
        var gate = Evaluate(store, 5, "tolerance: 10%");

        // Then
        Assert.Equal(GateStatus.InsufficientEvidence, gate.Status);
        Assert.True(gate.Blocks);
        Assert.Contains("no run of policy set 'checkout' before 2026-11-28T12:00Z in which gate 'queue-depth' passed", gate.Explanation, StringComparison.Ordinal);
        Assert.Contains("gate --record", gate.Explanation, StringComparison.Ordinal);
        Assert.NotNull(gate.Baseline);
        Assert.Empty(gate.Baseline.Runs);
    }

    [Fact]
    public async Task Evaluate_WhenNoBaselineButAnAbsoluteBound_ShouldApplyTheBoundOnlyAndSaySo()
    {
        // Given
        await using var store = await OpenStoreAsync();

        // When
        var within = Evaluate(store, 5, "tolerance: 10%", bound: "max: 100");
        var outside = Evaluate(store, 500, "tolerance: 10%", bound: "max: 100");

        // Then
        Assert.Equal((GateStatus.Pass, GateStatus.Fail), (within.Status, outside.Status));
        Assert.Contains("baseline not applied, only the bound", within.Explanation, StringComparison.Ordinal);
        Assert.Null(within.Baseline?.Held);
    }

    [Fact]
    public async Task Evaluate_WhenPinnedToARun_ShouldCompareWithThatRunEvenIfItFailed()
    {
        // Given: a pinned run of 50 (it failed its old bound; the pin is the user's choice), higher is better.
        await using var store = await OpenStoreAsync();
        await Record(store, ("pinned", 1, "fail", 50), ("r2", 2, "pass", 10));

        // When
        var worse = Evaluate(store, 44, "from: run\n    run: pinned\n    tolerance: 10%\n    direction: higher-is-better");
        var enough = Evaluate(store, 45, "from: run\n    run: pinned\n    tolerance: 10%\n    direction: higher-is-better");
        var unknown = Evaluate(store, 45, "from: run\n    run: no-such-run\n    direction: higher-is-better");

        // Then
        Assert.Equal((GateStatus.Fail, GateStatus.Pass), (worse.Status, enough.Status));
        Assert.Contains("the value 50 in pinned run pinned; with 10% tolerance the limit is at least 45", enough.Explanation, StringComparison.Ordinal);
        Assert.Equal(GateStatus.InsufficientEvidence, unknown.Status);
        Assert.Contains("the pinned run 'no-such-run' is not in", unknown.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_WhenNoStoreIsAvailable_ShouldBeInsufficientAndSayWhereToGiveOne()
    {
        // When
        var gate = Evaluate(null, 5, "tolerance: 10%");

        // Then
        Assert.Equal(GateStatus.InsufficientEvidence, gate.Status);
        Assert.Contains("no history store to read the baseline from. Give one with --history FILE", gate.Explanation, StringComparison.Ordinal);
    }

    private static async Task Record(IHistoryStore store, params (string Id, int Day, string Status, double Value)[] runs)
    {
        foreach (var (id, day, status, value) in runs)
        {
            await store.RecordAsync(Run(id, Now.AddDays(-10 + day), status, value));
        }
    }

    private static RunRecord Run(string id, DateTimeOffset at, string status, double value, string policySet = PolicySet) => new()
    {
        RunId = id,
        RecordedAt = at,
        EngineVersion = "0.1.0",
        PolicySet = policySet,
        PolicyDigest = "sha256:p",
        EvidenceDigest = "sha256:e",
        Decision = status == "pass" ? "allowed" : "blocked",
        Gates =
        [
            new GateRecord("other-gate", "block", "pass", "1", 1, "<= 2", []),
            new GateRecord(Gate, "block", status, value.ToString(System.Globalization.CultureInfo.InvariantCulture), value, null, []),
        ],
    };

    /// <summary>Evaluates one gate whose measure is the number of workflow runs in the evidence.</summary>
    private GateResult Evaluate(IRunHistory? history, int observed, string baseline, string? bound = null)
    {
        Directory.CreateDirectory(_evidence);
        var lines = new List<string> { $$$"""{"$evidence": {"kind": "workflow-runs", "collectedAt": "{{{Now.AddHours(-1):O}}}"}}""" };
        lines.AddRange(Enumerable.Range(0, observed).Select(i => $$"""{"id": "w{{i}}", "workflow": "triage", "startedAt": "{{Now.AddHours(-3):O}}", "endedAt": "{{Now.AddHours(-2):O}}", "outcome": "ok"}"""));
        File.WriteAllLines(Path.Combine(_evidence, "runs.ndjson"), lines);
        var direction = bound is null && !baseline.Contains("direction", StringComparison.Ordinal) ? "\n    direction: lower-is-better" : string.Empty;
        var boundText = bound is null ? string.Empty : $"\n  bound:\n    {bound}";
        var policy = $"""
            apiVersion: aiops-policy/v1
            kind: PolicySet
            metadata:
              name: {PolicySet}
            spec: {"{}"}
            ---
            apiVersion: aiops-policy/v1
            kind: Gate
            metadata:
              name: {Gate}
            spec:
              measure: Evidence.WorkflowRuns.Count{boundText}
              baseline:
                {baseline}{direction}
            """;
        var prepared = new PolicyEngine(null).Prepare([new SourceFile("policy.yaml", policy + "\n")]);
        Assert.True(prepared.Compiled is not null, string.Join("\n", prepared.Diagnostics));
        using var compiled = prepared.Compiled;
        var evidence = PolicyEngine.LoadEvidence([_evidence]);
        var options = new EvaluationOptions { History = history, HistoryName = history is null ? null : "history.db" };
        return Assert.Single(PolicyEngine.Evaluate(compiled, evidence.Evidence, Now, options).Gates);
    }
}

public sealed class SqliteBaselineContractTests : BaselineContractTests
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "aiops-history-" + Guid.NewGuid().ToString("N"));

    public override Task InitializeAsync() => Task.CompletedTask;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    protected override async Task<IHistoryStore> OpenStoreAsync() => await HistoryStoreFactory.OpenAsync(Path.Combine(_directory, "history.db"));
}

/// <summary>The same against a real PostgreSQL, one fresh database per test (see <see cref="PostgresHistoryStoreTests"/>).</summary>
public sealed class PostgresBaselineContractTests : BaselineContractTests
{
    private PostgresTestDatabase? _database;

    public override async Task InitializeAsync() => _database = await PostgresTestDatabase.CreateAsync("aiops_history_test_b");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    protected override async Task<IHistoryStore> OpenStoreAsync() =>
        await HistoryStoreFactory.OpenAsync((_database ?? throw new InvalidOperationException("The database is created in InitializeAsync.")).ConnectionString);
}
