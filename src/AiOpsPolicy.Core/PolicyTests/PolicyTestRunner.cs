// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using AiOpsPolicy.Core.Compilation;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Model;
using AiOpsPolicy.Core.Results;
using AiOpsPolicy.Core.Syntax;
using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Core.PolicyTests;

/// <summary>
/// Runs policy tests against a policy set compiled once: for each test, loads its evidence (inline
/// records are written to a temporary folder as evidence files first), evaluates every gate at the
/// test's time, and checks each expectation.
/// </summary>
public static partial class PolicyTestRunner
{
    /// <summary>Runs the tests.</summary>
    /// <param name="compiled">The compiled policy set.</param>
    /// <param name="tests">The tests.</param>
    /// <returns>Every test's result, in the tests' order.</returns>
    public static PolicyTestRunResult Run(CompiledPolicySet compiled, IReadOnlyList<PolicyTest> tests) =>
        new(compiled.Policies.Name, [.. tests.Select(t => Run(compiled, t))]);

    /// <summary>Runs one test.</summary>
    /// <param name="compiled">The compiled policy set.</param>
    /// <param name="test">The test.</param>
    /// <returns>Its result.</returns>
    public static PolicyTestResult Run(CompiledPolicySet compiled, PolicyTest test)
    {
        var watch = Stopwatch.StartNew();
        var gates = compiled.Policies.Gates.Select(g => g.Name).ToHashSet(StringComparer.Ordinal);
        gates.UnionWith(compiled.Policies.Rollups.SelectMany(r => RollupEntities.Names(r, compiled.Policies.Workflows, compiled.Policies.Controls)));
        var unknown = test.Gates.Select(g => (g.Gate, g.Location)).Concat(test.Metrics.Select(m => (m.Gate, m.Location)))
            .Where(g => !gates.Contains(g.Gate))
            .Select(g => new PolicyTestProblem(g.Location, $"The policy set has no gate named '{g.Gate}'{Suggest(g.Gate, gates)}"))
            .ToImmutableArray();
        if (!unknown.IsEmpty)
        {
            return new PolicyTestResult(test, PolicyTestOutcome.Error, [], unknown, watch.Elapsed);
        }

        var folder = test.InlineEvidence.IsEmpty ? null : Directory.CreateTempSubdirectory("aiops-policy-test-").FullName;
        try
        {
            var paths = new List<string>();
            if (test.EvidencePath is { } evidencePath)
            {
                paths.Add(evidencePath);
            }

            IReadOnlyDictionary<string, InlineEvidence> written = new Dictionary<string, InlineEvidence>();
            if (folder is not null)
            {
                written = InlineEvidenceWriter.Write(test, folder);
                paths.Add(folder);
            }

            var evidence = EvidenceLoader.Load(paths);
            // A policy test's evidence is written by its author: a record the contract refuses is the
            // test's mistake, so the test errors at the record rather than quarantining it.
            if (evidence.HasErrors || !evidence.Evidence.Quality.IsClean)
            {
                var problems = evidence.Diagnostics
                    .Where(d => d.IsError || d.Id is "AOP1104" or "AOP1105" or "AOP1109")
                    .Select(d => Relocate(d, written, test))
                    .ToImmutableArray();
                return new PolicyTestResult(test, PolicyTestOutcome.Error, [], problems, watch.Elapsed);
            }

            var run = PolicyEngine.Evaluate(compiled, evidence.Evidence, test.AsOf);
            var expectations = Check(test, run, compiled.Policies);
            var outcome = expectations.All(e => e.Held) ? PolicyTestOutcome.Passed : PolicyTestOutcome.Failed;
            return new PolicyTestResult(test, outcome, expectations, [], watch.Elapsed);
        }
        finally
        {
            if (folder is not null)
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>Checks a test's expectations against a run's results.</summary>
    /// <param name="test">The test.</param>
    /// <param name="run">The run.</param>
    /// <param name="policies">The policy set the run evaluated, for the units of the gates' bounds.</param>
    /// <returns>Every expectation, checked: gate statuses first, then values, in the order written.</returns>
    public static ImmutableArray<ExpectationResult> Check(PolicyTest test, GateRunResult run, PolicySet policies)
    {
        var units = policies.Gates.ToDictionary(g => g.Name, g => g.Bound?.Kind, StringComparer.Ordinal);
        var byName = run.Gates.ToDictionary(g => g.Gate, StringComparer.Ordinal);
        var results = ImmutableArray.CreateBuilder<ExpectationResult>();
        foreach (var expectation in test.Gates)
        {
            var actual = byName[expectation.Gate];
            results.Add(new ExpectationResult(
                expectation.Gate,
                "status",
                expectation.Status.ToText(),
                Describe(actual),
                actual.Status == expectation.Status,
                expectation.Location));
        }

        foreach (var expectation in test.Metrics)
        {
            var actual = byName[expectation.Gate];
            var (held, text) = CheckValue(expectation, actual, units.GetValueOrDefault(expectation.Gate));
            results.Add(new ExpectationResult(expectation.Gate, "value", expectation.Text, text, held, expectation.Location));
        }

        return results.ToImmutable();
    }

    private static (bool Held, string Actual) CheckValue(MetricExpectation expectation, GateResult actual, QuantityKind? observedKind)
    {
        if (actual.ObservedValue is not { } observed)
        {
            return (false, $"no value ({actual.Status.ToText()}: {actual.Explanation})");
        }

        var bound = actual.Bound is null ? null : $"; bound {actual.Bound}";
        var shown = $"{actual.Observed ?? UnitFormat.Number(observed)} ({actual.Status.ToText()}{bound})";
        var kind = expectation.Value.Kind;
        if (observedKind is { } k && k != kind && !(k == QuantityKind.Number && kind == QuantityKind.Percentage))
        {
            return (false, $"{shown}, a {k.ToString().ToLowerInvariant()}, not a {kind.ToString().ToLowerInvariant()}");
        }

        // A tolerance is inclusive; the small epsilon absorbs the rounding of values written in text.
        var held = Math.Abs(observed - expectation.Value.Magnitude) <= expectation.Tolerance.Magnitude + 1e-12;
        return (held, shown);
    }

    private static string Describe(GateResult result)
    {
        var value = result.Observed is { } observed ? $" ({observed}{(result.Bound is { } b ? $", bound {b}" : string.Empty)})"
            : result.ConditionHeld is { } held ? $" (condition {(held ? "holds" : "does not hold")})"
            : result.Status is GateStatus.Error or GateStatus.InsufficientEvidence ? $" ({result.Explanation})"
            : string.Empty;
        return result.Status.ToText() + value;
    }

    private static PolicyTestProblem Relocate(Diagnostic diagnostic, IReadOnlyDictionary<string, InlineEvidence> written, PolicyTest test)
    {
        foreach (var (path, evidence) in written)
        {
            if (diagnostic.Location.IsInFile && Path.GetFullPath(diagnostic.Location.Path) == path)
            {
                var location = evidence.Location;
                var records = (evidence.Node as YamlMapping)?["records"] as YamlSequence ?? evidence.Node as YamlSequence;
                var number = RecordNumber().Match(diagnostic.Message);
                if (records is not null && number.Success && int.TryParse(number.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                    && index >= 1 && index <= records.Items.Length)
                {
                    location = records.Items[index - 1].Location;
                }

                return new PolicyTestProblem(location, $"In the inline '{EvidenceKinds.Name(evidence.Kind)}' evidence: {diagnostic.Id}: {diagnostic.Message}");
            }
        }

        var at = diagnostic.Location.IsInFile ? diagnostic.Location : test.EvidencePathLocation ?? test.Location;
        return new PolicyTestProblem(at, $"{diagnostic.Id}: {diagnostic.Message}");
    }

    private static string Suggest(string name, HashSet<string> gates)
    {
        var close = gates.Where(g => g.Contains(name, StringComparison.Ordinal) || name.Contains(g, StringComparison.Ordinal)).Order(StringComparer.Ordinal).FirstOrDefault();
        return close is null ? string.Empty : $" (did you mean '{close}'?)";
    }

    [GeneratedRegex(@"#(\d+)")]
    private static partial Regex RecordNumber();
}
