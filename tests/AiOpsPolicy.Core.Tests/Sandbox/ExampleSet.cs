// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.RegularExpressions;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Results;
using AiOpsPolicy.Core.Text;

namespace AiOpsPolicy.Core.Tests.Sandbox;

/// <summary>
/// The shipped example (policies/helpdesk, examples/evidence) split into documents, so that tests can evaluate its
/// gates alone, in another order, or next to hostile gates. Every gate document becomes a file of its own, named after
/// the gate; every other document keeps its own file.
/// </summary>
internal static partial class ExampleSet
{
    /// <summary>The evaluation time the README uses for the example.</summary>
    public static readonly DateTimeOffset AsOf = TestClock.Now;

    private static readonly Lazy<(List<SourceFile> Others, List<(string Name, string Text)> Gates)> Documents = new(Split);

    private static readonly Lazy<EvidenceSet> LoadedEvidence = new(() =>
    {
        var loaded = EvidenceLoader.Load([Repository.ExampleEvidence]);
        Assert.False(loaded.HasErrors, string.Join("\n", loaded.Diagnostics));
        return loaded.Evidence;
    });

    /// <summary>Gets the example's gates: each name with its document.</summary>
    public static IReadOnlyList<(string Name, string Text)> Gates => Documents.Value.Gates;

    /// <summary>Gets the example evidence, loaded once.</summary>
    public static EvidenceSet Evidence => LoadedEvidence.Value;

    /// <summary>Compiles the example's other documents with the given gate documents, in that order, and evaluates them.</summary>
    /// <param name="gates">The gate documents, each with a name for its file.</param>
    /// <returns>The run's result.</returns>
    public static GateRunResult Evaluate(IEnumerable<(string Name, string Text)> gates)
    {
        using var compiled = PolicyHarness.Compile(Documents.Value.Others.Concat(gates.Select(g => new SourceFile($"gates/{g.Name}.yaml", g.Text))).ToList());
        return PolicyEngine.Evaluate(compiled, Evidence, AsOf);
    }

    /// <summary>What a gate's result says, without where its file is: the part that must not depend on other gates.</summary>
    /// <param name="result">The gate's result.</param>
    /// <returns>Status, observed value, condition, explanation, clauses and metrics as one text.</returns>
    public static string Verdict(GateResult result) =>
        string.Join(
            " | ",
            result.Status,
            result.Observed,
            result.ObservedValue,
            result.ConditionHeld,
            result.Explanation,
            string.Join(";", result.Clauses.Select(c => $"{c.Text}={c.Value}/{c.Problem}")),
            string.Join(";", result.Metrics.Select(m => $"{m}/{m.SampleSize}/{string.Join(",", m.FailingRecords)}")),
            string.Join(";", result.EvidenceKinds));

    private static (List<SourceFile> Others, List<(string Name, string Text)> Gates) Split()
    {
        var others = new List<SourceFile>();
        var gates = new List<(string Name, string Text)>();
        foreach (var path in Directory.GetFiles(Repository.HelpdeskPolicies, "*.yaml").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            var documents = DocumentSeparator().Split(File.ReadAllText(path)).Where(d => d.Contains("apiVersion:", StringComparison.Ordinal)).ToList();
            for (var i = 0; i < documents.Count; i++)
            {
                var text = documents[i] + "\n";
                if (text.Contains("\nkind: Gate\n", StringComparison.Ordinal))
                {
                    gates.Add((GateName().Match(text).Groups[1].Value, text));
                }
                else
                {
                    others.Add(new SourceFile($"{name}.{i}.yaml", text));
                }
            }
        }

        return (others, gates);
    }

    [GeneratedRegex(@"^---\s*$", RegexOptions.Multiline)]
    private static partial Regex DocumentSeparator();

    [GeneratedRegex(@"\nmetadata:\n  name: ([^\s]+)")]
    private static partial Regex GateName();
}
