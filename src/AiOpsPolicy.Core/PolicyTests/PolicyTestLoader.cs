// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using System.Globalization;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Files;
using AiOpsPolicy.Core.Loading;
using AiOpsPolicy.Core.Results;
using AiOpsPolicy.Core.Syntax;
using AiOpsPolicy.Core.Text;
using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Core.PolicyTests;

/// <summary>
/// Finds and reads policy test files (<c>*.test.yaml</c>, <c>*.test.yml</c>) beside or under the
/// policies. Every problem is reported at its line and column, and a file with problems contributes
/// no tests.
/// </summary>
public static class PolicyTestLoader
{
    /// <summary>The kind of a policy test document.</summary>
    public const string Kind = "PolicyTest";

    private static readonly string[] Extensions = [".yaml", ".yml"];

    private static readonly string[] SpecKeys = ["asOf", "evidence", "evidencePath", "expect", "description"];

    /// <summary>Finds every test file under the given paths and reads its tests.</summary>
    /// <param name="paths">Policy folders (searched recursively) or test files.</param>
    /// <returns>The tests and every problem found.</returns>
    public static PolicyTestLoadResult Load(IReadOnlyList<string> paths)
    {
        var diagnostics = new List<Diagnostic>();
        var fullPaths = SourceFileReader.Enumerate(paths, Extensions, relative => !IsTestFile(relative), diagnostics)
            .Where(IsTestFile)
            .ToList();
        var problems = new List<PolicyTestProblem>(diagnostics.Select(d => new PolicyTestProblem(d.Location, d.Message)));
        var files = new List<(SourceFile File, string Directory)>();
        foreach (var fullPath in fullPaths)
        {
            var readProblems = new List<Diagnostic>();
            if (SourceFileReader.Read(fullPath, SourceFileReader.MaxPolicyFileBytes, readProblems) is { } file)
            {
                files.Add((file, Path.GetDirectoryName(fullPath) ?? "."));
            }

            problems.AddRange(readProblems.Select(d => new PolicyTestProblem(d.Location, d.Message)));
        }

        var loaded = Load(files);
        return loaded with { Problems = [.. problems, .. loaded.Problems] };
    }

    /// <summary>Reads the tests of files already in memory.</summary>
    /// <param name="files">Each file, with the folder its relative evidence paths are resolved against.</param>
    /// <returns>The tests and every problem found.</returns>
    public static PolicyTestLoadResult Load(IReadOnlyList<(SourceFile File, string Directory)> files)
    {
        var tests = ImmutableArray.CreateBuilder<PolicyTest>();
        var problems = new List<PolicyTestProblem>();
        var names = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        foreach (var (file, directory) in files)
        {
            var fileProblems = new List<PolicyTestProblem>();
            var fileTests = new List<PolicyTest>();
            var diagnostics = new List<Diagnostic>();
            var roots = YamlDocumentReader.Read(file, diagnostics);
            fileProblems.AddRange(diagnostics.Where(d => d.IsError).Select(d => new PolicyTestProblem(d.Location, d.Message)));
            foreach (var root in roots)
            {
                if (root is YamlScalar { IsNull: true })
                {
                    continue;
                }

                if (new Reader(file, directory, fileProblems).Read(root) is { } test)
                {
                    if (names.TryGetValue(test.Name, out var first))
                    {
                        fileProblems.Add(new PolicyTestProblem(test.Location, $"A policy test named '{test.Name}' is already declared at {first}. Give each test its own name"));
                        continue;
                    }

                    names[test.Name] = test.Location;
                    fileTests.Add(test);
                }
            }

            if (fileTests.Count == 0 && fileProblems.Count == 0)
            {
                fileProblems.Add(new PolicyTestProblem(SourceLocation.ForFile(file.Path), "The test file holds no PolicyTest document"));
            }

            problems.AddRange(fileProblems);
            if (fileProblems.Count == 0)
            {
                tests.AddRange(fileTests);
            }
        }

        return new PolicyTestLoadResult([.. files.Select(f => f.File.Path)], tests.ToImmutable(), [.. problems]);
    }

    /// <summary>Reads a status as reports write it.</summary>
    /// <param name="text">pass, warn, fail, error, insufficient-evidence or waived.</param>
    /// <param name="status">The status.</param>
    /// <returns>True when the word is a status.</returns>
    public static bool TryParseStatus(string text, out GateStatus status)
    {
        foreach (var candidate in Enum.GetValues<GateStatus>())
        {
            if (string.Equals(candidate.ToText(), text, StringComparison.Ordinal))
            {
                status = candidate;
                return true;
            }
        }

        status = default;
        return false;
    }

    private static bool IsTestFile(string path) =>
        path.EndsWith(".test.yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".test.yml", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads one document, adding a located problem for everything wrong with it.</summary>
    private sealed class Reader(SourceFile file, string directory, List<PolicyTestProblem> problems)
    {
        public PolicyTest? Read(YamlNode root)
        {
            if (root is not YamlMapping document)
            {
                return Fail(root, $"A policy test is a mapping (apiVersion, kind, metadata, spec), not a {root.ShapeName}");
            }

            var ok = true;
            if (Scalar(document, "apiVersion") is not { Value: PolicyLoader.ApiVersion })
            {
                ok = Report(document["apiVersion"] ?? document, $"A policy test needs 'apiVersion: {PolicyLoader.ApiVersion}'");
            }

            if (Scalar(document, "kind") is not { Value: Kind })
            {
                ok = Report(document["kind"] ?? document, $"A test file holds documents of kind '{Kind}' only");
            }

            var nameNode = (document["metadata"] as YamlMapping)?["name"] as YamlScalar;
            if (nameNode is null || string.IsNullOrWhiteSpace(nameNode.Value))
            {
                ok = Report(document["metadata"] ?? document, "A policy test needs 'metadata: { name: ... }'");
            }

            if (document["spec"] is not YamlMapping spec)
            {
                Fail(document["spec"] ?? document, "A policy test needs a 'spec' mapping with asOf, evidence or evidencePath, and expect");
                return null;
            }

            foreach (var key in spec.Entries.Select(e => e.Key).Where(k => !SpecKeys.Contains(k.Value, StringComparer.Ordinal)))
            {
                ok = Report(key, $"'{key.Value}' is not a field of a policy test's spec; the fields are {string.Join(", ", SpecKeys)}");
            }

            var asOf = ReadAsOf(spec, ref ok);
            var inline = ReadInlineEvidence(spec, ref ok);
            var (evidencePath, evidencePathLocation) = ReadEvidencePath(spec, ref ok);
            if (inline.IsEmpty && evidencePath is null && spec["evidence"] is null)
            {
                ok = Report(spec, "A policy test needs evidence: inline records under 'evidence', or a folder in 'evidencePath'");
            }

            var (gates, metrics) = ReadExpectations(spec, ref ok);
            if (!ok || nameNode is null)
            {
                return null;
            }

            return new PolicyTest
            {
                Name = nameNode.Value,
                File = file.Path,
                Location = nameNode.Location,
                AsOf = asOf,
                InlineEvidence = inline,
                EvidencePath = evidencePath,
                EvidencePathLocation = evidencePathLocation,
                Gates = gates,
                Metrics = metrics,
            };
        }

        private static YamlScalar? Scalar(YamlMapping mapping, string key) => mapping[key] as YamlScalar;

        private DateTimeOffset ReadAsOf(YamlMapping spec, ref bool ok)
        {
            if (spec["asOf"] is not YamlScalar scalar)
            {
                ok = Report(spec["asOf"] ?? spec, "A policy test needs 'asOf', the evaluation time, such as 2026-11-28T12:00:00Z");
                return default;
            }

            var value = scalar.Value;
            var t = value.IndexOf('T', StringComparison.Ordinal);
            if (t < 0 || !(value.EndsWith('Z') || value.AsSpan(t).LastIndexOfAny('+', '-') > 0)
                || !DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var asOf))
            {
                ok = Report(scalar, $"asOf must be an ISO 8601 time with an offset, such as 2026-11-28T12:00:00Z; got '{value}'");
                return default;
            }

            return asOf;
        }

        private ImmutableArray<InlineEvidence> ReadInlineEvidence(YamlMapping spec, ref bool ok)
        {
            switch (spec["evidence"])
            {
                case null:
                    return [];
                case YamlMapping kinds:
                    var result = ImmutableArray.CreateBuilder<InlineEvidence>();
                    foreach (var (key, value) in kinds.Entries)
                    {
                        if (!EvidenceKinds.TryParse(key.Value, out var kind))
                        {
                            ok = Report(key, $"'{key.Value}' is not an evidence kind; the kinds are {string.Join(", ", EvidenceKinds.Names)}");
                            continue;
                        }

                        var fits = value switch
                        {
                            YamlSequence => true,
                            YamlMapping envelope => envelope["records"] is YamlSequence
                                && envelope.Entries.All(e => e.Key.Value is "records" or "collectedAt" or "source"),
                            _ => false,
                        };
                        if (!fits)
                        {
                            ok = Report(value, $"The '{key.Value}' evidence is a list of records, or a mapping with 'records' and optionally 'collectedAt' and 'source'");
                            continue;
                        }

                        result.Add(new InlineEvidence(kind, value, key.Location));
                    }

                    return result.ToImmutable();
                case var other:
                    ok = Report(other, "'evidence' maps evidence kinds to their records, such as 'workflow-runs: { collectedAt: ..., records: [...] }'");
                    return [];
            }
        }

        private (string? Path, SourceLocation? Location) ReadEvidencePath(YamlMapping spec, ref bool ok)
        {
            switch (spec["evidencePath"])
            {
                case null:
                    return (null, null);
                case YamlScalar { IsNull: false } scalar when scalar.Value.Length > 0:
                    var full = Path.GetFullPath(Path.Combine(directory, scalar.Value));
                    if (!Directory.Exists(full) && !System.IO.File.Exists(full))
                    {
                        ok = Report(scalar, $"evidencePath '{scalar.Value}' is not a folder or file (it is resolved against the test file's folder)");
                    }
                    else if (EvidenceRoot(directory) is var root && (Configuration.HistoryStoreReference.ResolveLinks(full) is not { } real || !Configuration.HistoryStoreReference.IsInside(real, Configuration.HistoryStoreReference.ResolveLinks(root) ?? root)))
                    {
                        // Test files come from pull requests: they may point at evidence in the repository, never at
                        // the rest of the machine (whose files would then be parsed, and quoted in messages).
                        ok = Report(scalar, $"evidencePath '{scalar.Value}' leads outside the repository root '{SourceFileReader.DisplayPath(root)}'. Keep test evidence inside the repository");
                        return (null, scalar.Location);
                    }

                    return (full, scalar.Location);
                case var other:
                    ok = Report(other, "evidencePath is a folder, relative to the test file, such as ../../../examples/evidence");
                    return (null, null);
            }
        }

        /// <summary>
        /// The folder a test's evidencePath must stay in: the repository root (the nearest folder holding .git), else
        /// the working directory when the test file is under it, else the test file's folder.
        /// </summary>
        private static string EvidenceRoot(string testFolder)
        {
            var root = Configuration.HistoryStoreReference.FindRepositoryRoot(testFolder);
            if (root != testFolder || Directory.Exists(Path.Combine(root, ".git")) || System.IO.File.Exists(Path.Combine(root, ".git")))
            {
                return root;
            }

            var working = Directory.GetCurrentDirectory();
            return Configuration.HistoryStoreReference.IsInside(testFolder, working) ? working : testFolder;
        }

        private (ImmutableArray<GateExpectation> Gates, ImmutableArray<MetricExpectation> Metrics) ReadExpectations(YamlMapping spec, ref bool ok)
        {
            if (spec["expect"] is not YamlMapping expect)
            {
                ok = Report(spec["expect"] ?? spec, "A policy test needs 'expect' with 'gates' (gate: status) and/or 'metrics' (gate: { value, tolerance })");
                return ([], []);
            }

            foreach (var key in expect.Entries.Select(e => e.Key).Where(k => k.Value is not ("gates" or "metrics")))
            {
                ok = Report(key, $"'{key.Value}' is not a kind of expectation; write 'gates' or 'metrics'");
            }

            var gates = ImmutableArray.CreateBuilder<GateExpectation>();
            switch (expect["gates"])
            {
                case null:
                    break;
                case YamlMapping mapping:
                    foreach (var (key, value) in mapping.Entries)
                    {
                        if (value is YamlScalar scalar && TryParseStatus(scalar.Value, out var status))
                        {
                            gates.Add(new GateExpectation(key.Value, status, key.Location));
                        }
                        else
                        {
                            ok = Report(value, $"The expected status of gate '{key.Value}' must be one of pass, warn, fail, error, insufficient-evidence, waived");
                        }
                    }

                    break;
                case var other:
                    ok = Report(other, "'gates' maps gate names to their expected status, such as 'triage-sla: pass'");
                    break;
            }

            var metrics = ImmutableArray.CreateBuilder<MetricExpectation>();
            switch (expect["metrics"])
            {
                case null:
                    break;
                case YamlMapping mapping:
                    foreach (var (key, value) in mapping.Entries)
                    {
                        if (ReadMetric(key, value) is { } metric)
                        {
                            metrics.Add(metric);
                        }
                        else
                        {
                            ok = false;
                        }
                    }

                    break;
                case var other:
                    ok = Report(other, "'metrics' maps gate names to their expected value, such as 'triage-sla: { value: 96.67%, tolerance: 0.01% }'");
                    break;
            }

            if (gates.Count == 0 && metrics.Count == 0 && ok)
            {
                ok = Report(expect, "The test expects nothing: add a gate status under 'gates' or a value under 'metrics'");
            }

            return (gates.ToImmutable(), metrics.ToImmutable());
        }

        private MetricExpectation? ReadMetric(YamlScalar key, YamlNode value)
        {
            var (valueNode, toleranceNode) = value switch
            {
                YamlScalar scalar => (scalar, null),
                YamlMapping mapping when mapping.Entries.All(e => e.Key.Value is "value" or "tolerance") => (mapping["value"] as YamlScalar, mapping["tolerance"]),
                _ => ((YamlScalar?)null, (YamlNode?)null),
            };
            if (valueNode is null || !UnitParser.TryParseQuantity(valueNode.Value, out var expected))
            {
                Fail(valueNode ?? value, $"The expected value of gate '{key.Value}' is a percentage, a duration or a number ('93.33%', '2d', '4'), or a mapping with 'value' and 'tolerance'");
                return null;
            }

            var tolerance = MetricExpectation.DefaultTolerance(expected.Kind);
            if (toleranceNode is not null)
            {
                if (toleranceNode is not YamlScalar toleranceScalar || !UnitParser.TryParseQuantity(toleranceScalar.Value, out tolerance)
                    || (tolerance.Kind != expected.Kind && !(expected.Kind == QuantityKind.Percentage && tolerance.Kind == QuantityKind.Number && tolerance.Magnitude == 0)))
                {
                    Fail(toleranceNode, $"The tolerance of gate '{key.Value}' must be in the value's unit ({expected.Kind.ToString().ToLowerInvariant()}), such as 0.01% for 93.33%");
                    return null;
                }

                if (tolerance.Magnitude < 0)
                {
                    Fail(toleranceNode, $"The tolerance of gate '{key.Value}' cannot be negative");
                    return null;
                }
            }

            return new MetricExpectation(key.Value, expected, tolerance, key.Location);
        }

        private PolicyTest? Fail(YamlNode node, string message)
        {
            problems.Add(new PolicyTestProblem(node.Location, message));
            return null;
        }

        /// <summary>Reports a problem; returns false, for <c>ok = Report(...)</c>.</summary>
        private bool Report(YamlNode node, string message)
        {
            problems.Add(new PolicyTestProblem(node.Location, message));
            return false;
        }
    }
}
