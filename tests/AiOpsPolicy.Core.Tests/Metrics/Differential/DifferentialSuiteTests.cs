// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text;
using AiOpsPolicy.Core.Compilation;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Results;

namespace AiOpsPolicy.Core.Tests.Metrics.Differential;

/// <summary>
/// The differential suite: random evidence sets written as files (NDJSON with and without a header,
/// JSON and YAML envelopes, CSV; random offsets, BOMs, CRLF, duration strings), full of edge cases
/// (times on the window's bounds and a tick either side, after --as-of, durations exactly at a target,
/// ties, absent optional fields and nulls, overlapping exports with duplicate keys, planted invalid
/// records, stale, incomplete, empty and absent files), loaded by the engine's loader and evaluated
/// with one gate per metric call (<see cref="MetricCases"/>), against a second implementation of
/// docs/metrics.md and docs/evidence.md (<see cref="References"/>, <see cref="World"/>). Values,
/// numerators, denominators, sample sizes, statuses and the quarantine's counts must be exactly equal.
/// </summary>
public sealed class DifferentialSuiteTests
{
    /// <summary>Declaration groups (one compilation each); every set of a group is evaluated with its declarations.</summary>
    private const int Groups = 10;

    /// <summary>Evidence sets per group: 1,000 sets in all, each checked against every metric call.</summary>
    private const int SetsPerGroup = 100;

    /// <summary>Evaluation times: midday, exactly midnight (whole-day windows), a tick before midnight, and a time with a fraction.</summary>
    private static readonly DateTimeOffset[] Nows =
    [
        new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero),
        new(2026, 11, 28, 0, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero).AddTicks(-1),
        new DateTimeOffset(2026, 11, 27, 7, 13, 20, TimeSpan.Zero).AddMilliseconds(500),
    ];

    [Fact]
    public void Metrics_WhenEvidenceFilesWithEdgeCasesAreLoadedAndEvaluated_ShouldEqualTheReferenceImplementationExactly()
    {
        // Given
        var mismatches = new List<string>();
        var decided = MetricCases.All.ToDictionary(c => c.Gate.Name, _ => 0, StringComparer.Ordinal);
        var insufficient = MetricCases.All.ToDictionary(c => c.Gate.Name, _ => 0, StringComparer.Ordinal);
        var quarantined = 0L;
        var root = Directory.CreateTempSubdirectory("aiops-differential-").FullName;
        try
        {
            for (var group = 0; group < Groups; group++)
            {
                var declarations = Declarations.Draw(new Random(1_000_000 + group), KindSpecs.All.Select(k => k.Name));
                var now = Nows[group % Nows.Length];
                using var compiled = Compile(declarations);
                for (var set = 0; set < SetsPerGroup; set++)
                {
                    var seed = (group * SetsPerGroup) + set;
                    var world = new World(seed, declarations, now);
                    world.Draft(KindSpecs.All);
                    var folder = Write(world, Path.Combine(root, seed.ToString(CultureInfo.InvariantCulture)));

                    // When
                    var loaded = EvidenceLoader.Load([folder]);
                    if (loaded.HasErrors)
                    {
                        mismatches.Add($"set {seed}: the load failed: {string.Join("; ", loaded.Diagnostics.Where(d => d.IsError).Take(3))}");
                        continue;
                    }

                    var run = PolicyEngine.Evaluate(compiled, loaded.Evidence, now);

                    // Then (collected): the quarantine's counts, then every metric call.
                    foreach (var spec in KindSpecs.All)
                    {
                        Assert.True(EvidenceKinds.TryParse(spec.Name, out var kind), spec.Name);
                        var quality = loaded.Evidence.Quality.Of(kind);
                        if ((quality?.Valid ?? 0) != world.ValidCount(spec.Name) || (quality?.Invalid ?? 0) != world.InvalidCount(spec.Name))
                        {
                            var listed = quality?.Listed.Select(q => $"{q.Location} {q.Record}: {q.Text}").FirstOrDefault();
                            mismatches.Add($"set {seed}, {spec.Name}: expected {world.ValidCount(spec.Name)} valid and {world.InvalidCount(spec.Name)} invalid record(s), the loader counted {quality?.Valid ?? 0} and {quality?.Invalid ?? 0} (first listed: {listed})");
                        }

                        quarantined += quality?.Invalid ?? 0;
                    }

                    foreach (var metric in MetricCases.All)
                    {
                        var actual = run.Gates.Single(g => g.Gate == metric.Gate.Name);
                        var (expected, problem) = Compare(metric, world, actual);
                        if (problem is not null)
                        {
                            mismatches.Add($"set {seed} (now {now:O}), {metric.Gate.Name}: {problem}");
                        }
                        else if (expected.Value is not null)
                        {
                            decided[metric.Gate.Name]++;
                        }
                        else if (!expected.IsError)
                        {
                            insufficient[metric.Gate.Name]++;
                        }
                    }

                    if (mismatches.Count == 0 || Environment.GetEnvironmentVariable("AIOPS_DIFFERENTIAL_KEEP") is null)
                    {
                        Directory.Delete(folder, recursive: true);
                    }
                }
            }
        }
        finally
        {
            if (mismatches.Count == 0 || Environment.GetEnvironmentVariable("AIOPS_DIFFERENTIAL_KEEP") is null)
            {
                Directory.Delete(root, recursive: true);
            }
        }

        // Then: equal everywhere; every call computed a value on a good share of the sets and was
        // insufficient on some (both sides of each edge were reached); invalid records were planted.
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} mismatch(es) (root {root}):\n" + string.Join("\n", mismatches.Take(20)));
        const int Sets = Groups * SetsPerGroup;
        Assert.All(MetricCases.All.Where(c => c.Kinds.Length > 0), c => Assert.True(
            decided[c.Gate.Name] >= Sets / 10 && insufficient[c.Gate.Name] > 0,
            $"{c.Gate.Name} computed a value on {decided[c.Gate.Name]} and was insufficient on {insufficient[c.Gate.Name]} of {Sets} sets"));
        Assert.True(quarantined > Sets, $"only {quarantined} invalid records were planted in {Sets} sets");
    }

    /// <summary>What the reference says of a gate, and how the engine's result differs from it (null when it does not).</summary>
    private static (Expected Expected, string? Problem) Compare(DifferentialCase metric, World world, GateResult actual)
    {
        var unusable = metric.Unusable(world);
        var expected = unusable is null ? metric.Reference(world) : Expected.Insufficient;
        var overTolerance = metric.Read(world).Where(world.OverTolerance).ToList();
        GateStatus[] statuses = expected.IsError ? [GateStatus.Error]
            : expected.Value is null || overTolerance.Count > 0 ? [GateStatus.InsufficientEvidence]
            : [GateStatus.Pass, GateStatus.Warn, GateStatus.Fail];
        var why = unusable ?? (overTolerance.Count > 0 ? $"{string.Join(", ", overTolerance)} over the tolerated invalid share" : null);
        if (!statuses.Contains(actual.Status))
        {
            return (expected, $"expected {string.Join(" or ", statuses.Select(s => s.ToText()))}{(why is null ? string.Empty : $" ({why})")} with {Describe(expected)}, engine said {actual.Status.ToText()} ({actual.ObservedValue?.ToString("R", CultureInfo.InvariantCulture)}): {actual.Explanation}");
        }

        if (expected.Value is null)
        {
            return (expected, null);
        }

        var result = actual.Metrics.SingleOrDefault();
        if (actual.ObservedValue != expected.Value || result is null || result.Numerator != expected.Numerator || result.Denominator != expected.Denominator || result.SampleSize != expected.Sample)
        {
            return (expected, $"expected {Describe(expected)}, engine {actual.ObservedValue?.ToString("R", CultureInfo.InvariantCulture)} ({result?.Numerator?.ToString("R", CultureInfo.InvariantCulture)}/{result?.Denominator?.ToString("R", CultureInfo.InvariantCulture)}, n={result?.SampleSize}): {actual.Explanation}");
        }

        return (expected, null);
    }

    private static string Describe(Expected expected) => expected.IsError ? "an error"
        : expected.Value is null ? "no value"
        : string.Create(CultureInfo.InvariantCulture, $"{expected.Value:R} ({expected.Numerator:R}/{expected.Denominator:R}, n={expected.Sample})");

    /// <summary>The policy set of a group: its declarations, the rubric and one gate per metric call, compiled.</summary>
    private static CompiledPolicySet Compile(Declarations declarations)
    {
        return PolicyHarness.Compile(declarations.Documents(MetricCases.All.Select(c => c.Gate)));
    }

    /// <summary>Writes the set's files, named so that path order is the drafted load order (<c>kind-file.kind.ext</c>).</summary>
    private static string Write(World world, string folder)
    {
        Directory.CreateDirectory(folder);
        for (var k = 0; k < KindSpecs.All.Count; k++)
        {
            if (!world.Files.TryGetValue(KindSpecs.All[k].Name, out var files))
            {
                continue;
            }

            for (var f = 0; f < files.Count; f++)
            {
                var name = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{k:D2}-{f:D2}.{files[f].Kind}.{files[f].Extension}").ToString();
                EvidenceWriter.Write(files[f], Path.Combine(folder, name), world.Random);
            }
        }

        return folder;
    }
}
