// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Compilation;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Loading;
using AiOpsPolicy.Core.Results;
using AiOpsPolicy.Core.Text;
using AiOpsPolicy.Core.Validation;

namespace AiOpsPolicy.Core.Tests;

/// <summary>
/// The one way Core's tests run policy text against evidence, through the public path: the documents are validated and
/// compiled into one set (a diagnostic error fails the test and shows the diagnostics), evidence files are written to a
/// temporary folder of the harness's own and loaded like any other, and the gates are evaluated at
/// <see cref="TestClock.Now"/> unless a test says otherwise. Tests differ only in the policies and the evidence they
/// give it, never in how they are run.
/// </summary>
internal sealed class PolicyHarness : IDisposable
{
    private readonly TempDirectory _evidence = new();

    /// <summary>Gets the folder the evidence files are written to.</summary>
    public string EvidenceFolder => _evidence.Path;

    /// <summary>Validates and compiles policy documents (one file, documents separated by <c>---</c>).</summary>
    /// <param name="documents">The policy documents.</param>
    /// <returns>The compiled set; the caller disposes it.</returns>
    public static CompiledPolicySet Compile(params string[] documents) => Compile(TestPolicies.Validate(documents));

    /// <summary>Validates and compiles policy files.</summary>
    /// <param name="files">The policy files, in path order.</param>
    /// <returns>The compiled set; the caller disposes it.</returns>
    public static CompiledPolicySet Compile(IReadOnlyList<SourceFile> files) => Compile(PolicyValidator.Validate(PolicyLoader.Load(files)));

    /// <summary>Validates, compiles and evaluates policy documents against evidence files written to a fresh folder.</summary>
    /// <param name="documents">The policy documents.</param>
    /// <param name="evidenceFiles">The evidence files: name and content.</param>
    /// <param name="now">The evaluation time; <see cref="TestClock.Now"/> when null.</param>
    /// <param name="evidenceErrorsAllowed">Whether evidence diagnostics (records left out) are part of the test rather than a failure.</param>
    /// <returns>The run's result.</returns>
    public static GateRunResult Run(string[] documents, IEnumerable<(string FileName, string Content)> evidenceFiles, DateTimeOffset? now = null, bool evidenceErrorsAllowed = false)
    {
        using var harness = new PolicyHarness();
        foreach (var (fileName, content) in evidenceFiles)
        {
            harness.WriteFile(fileName, content);
        }

        using var compiled = Compile(documents);
        return harness.Evaluate(compiled, now, evidenceErrorsAllowed);
    }

    /// <summary>Writes one evidence file.</summary>
    /// <param name="fileName">The file's name.</param>
    /// <param name="content">Its text.</param>
    public void WriteFile(string fileName, string content) => File.WriteAllText(_evidence.Combine(fileName), content);

    /// <summary>Writes one evidence file line by line (NDJSON).</summary>
    /// <param name="fileName">The file's name.</param>
    /// <param name="lines">Its lines.</param>
    public void WriteLines(string fileName, IEnumerable<string> lines) => File.WriteAllLines(_evidence.Combine(fileName), lines);

    /// <summary>Writes one evidence file of a kind: a JSON envelope collected an hour before <see cref="TestClock.Now"/>.</summary>
    /// <param name="kind">The kind's kebab-case name; the file is named after it.</param>
    /// <param name="records">The records, each a JSON object.</param>
    public void Write(string kind, params string[] records) =>
        WriteFile(kind + ".json", $$"""{"apiVersion": "aiops-evidence/v1", "kind": "{{kind}}", "collectedAt": {{TestClock.HoursAgo(1)}}, "records": [{{string.Join(",\n", records)}}]}""");

    /// <summary>Loads the evidence folder as the engine does.</summary>
    /// <returns>The evidence and its diagnostics.</returns>
    public EvidenceLoadResult LoadEvidence() => EvidenceLoader.Load([_evidence.Path]);

    /// <summary>Loads the evidence folder and evaluates a compiled set against it.</summary>
    /// <param name="compiled">The compiled set.</param>
    /// <param name="now">The evaluation time; <see cref="TestClock.Now"/> when null.</param>
    /// <param name="evidenceErrorsAllowed">Whether evidence diagnostics are part of the test rather than a failure.</param>
    /// <returns>The run's result.</returns>
    public GateRunResult Evaluate(CompiledPolicySet compiled, DateTimeOffset? now = null, bool evidenceErrorsAllowed = false)
    {
        var evidence = LoadEvidence();
        Assert.True(evidenceErrorsAllowed || !evidence.HasErrors, string.Join("\n", evidence.Diagnostics));
        return PolicyEngine.Evaluate(compiled, evidence.Evidence, now ?? TestClock.Now);
    }

    /// <summary>Validates, compiles and evaluates policy documents against the evidence folder; evidence errors fail the test.</summary>
    /// <param name="documents">The policy documents.</param>
    /// <returns>The run's result.</returns>
    public GateRunResult Run(params string[] documents)
    {
        using var compiled = Compile(documents);
        return Evaluate(compiled);
    }

    /// <summary>Evaluates like <see cref="Run(string[])"/>, returning the evidence diagnostics (records left out) as well.</summary>
    /// <param name="documents">The policy documents.</param>
    /// <returns>The run's result and the evidence diagnostics.</returns>
    public (GateRunResult Result, IReadOnlyList<Diagnostic> Diagnostics) RunAllowingEvidenceErrors(params string[] documents)
    {
        using var compiled = Compile(documents);
        var evidence = LoadEvidence();
        return (PolicyEngine.Evaluate(compiled, evidence.Evidence, TestClock.Now), [.. evidence.Diagnostics]);
    }

    /// <summary>Evaluates one gate with a measure and a bound, such as <c>min: 50%</c>, next to the <see cref="TestPolicies.Workflow"/> declaration.</summary>
    /// <param name="measure">The measure, as YAML (quote it when it has named arguments).</param>
    /// <param name="bound">The bound line.</param>
    /// <returns>The gate's result.</returns>
    public GateResult Evaluate(string measure, string bound) =>
        Assert.Single(Run(TestPolicies.Workflow, TestPolicies.Gate("metric", $"  measure: {measure}\n  bound:\n    {bound}")).Gates);

    /// <inheritdoc />
    public void Dispose() => _evidence.Dispose();

    private static CompiledPolicySet Compile(ValidationResult validated)
    {
        Assert.False(validated.HasErrors, string.Join("\n", validated.Diagnostics));
        var output = PolicyCompiler.Compile(validated.PolicySet);
        Assert.True(output.Assembly is not null, string.Join("\n", output.Diagnostics));
        return CompilationCache.Load(validated.PolicySet, output.Assembly, fromCache: false);
    }
}
