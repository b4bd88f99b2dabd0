// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using AiOpsPolicy.Core.Compilation;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Results;

namespace AiOpsPolicy.Core.Tests.Properties;

/// <summary>
/// Runs generated evidence through the real engine. The policy set is compiled once (by the caller,
/// in a static lazy); every property case only writes its evidence to a fresh temporary folder,
/// loads it and evaluates the gates at <see cref="Now"/>.
/// </summary>
internal static class PropertyHarness
{
    /// <summary>The evaluation time of every property.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Validates and compiles a policy set; throws when it does not compile.</summary>
    /// <param name="documents">The policy documents.</param>
    /// <returns>The compiled set.</returns>
    public static CompiledPolicySet Compile(params string[] documents)
    {
        var validated = TestPolicies.Validate(documents);
        if (validated.HasErrors)
        {
            throw new InvalidOperationException(string.Join("\n", validated.Diagnostics));
        }

        var output = PolicyCompiler.Compile(validated.PolicySet);
        return output.Assembly is null
            ? throw new InvalidOperationException(string.Join("\n", output.Diagnostics))
            : CompilationCache.Load(validated.PolicySet, output.Assembly, fromCache: false);
    }

    /// <summary>Writes each kind's records to one envelope file, loads them and evaluates every gate.</summary>
    /// <param name="compiled">The compiled policy set.</param>
    /// <param name="files">Each evidence kind with its records as JSON objects, in file order.</param>
    /// <returns>The run's result.</returns>
    public static GateRunResult Run(CompiledPolicySet compiled, params (string Kind, IEnumerable<string> Records)[] files)
    {
        var folder = Path.Combine(Path.GetTempPath(), "aiops-property-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            foreach (var (kind, records) in files)
            {
                var text = $$"""{"apiVersion": "aiops-evidence/v1", "kind": "{{kind}}", "collectedAt": {{At(Now.AddHours(-1))}}, "records": [{{string.Join(",\n", records)}}]}""";
                File.WriteAllText(Path.Combine(folder, kind + ".json"), text);
            }

            var evidence = EvidenceLoader.Load([folder]);
            if (evidence.HasErrors)
            {
                throw new InvalidOperationException(string.Join("\n", evidence.Diagnostics));
            }

            return PolicyEngine.Evaluate(compiled, evidence.Evidence, Now);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A gate of the run by name.</summary>
    /// <param name="run">The run.</param>
    /// <param name="gate">The gate's name.</param>
    /// <returns>The gate's result.</returns>
    public static GateResult Gate(this GateRunResult run, string gate) => run.Gates.Single(g => g.Gate == gate);

    /// <summary>A time as evidence writes it, quoted for JSON, in the time's own offset.</summary>
    /// <param name="time">The time.</param>
    /// <returns>The JSON string.</returns>
    public static string At(DateTimeOffset time) => "\"" + time.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture) + "\"";

    /// <summary>A JSON boolean.</summary>
    /// <param name="value">The value.</param>
    /// <returns>true or false.</returns>
    public static string Json(bool value) => value ? "true" : "false";

    /// <summary>An optional JSON string property, with a trailing comma, or nothing.</summary>
    /// <param name="name">The property's name.</param>
    /// <param name="value">The value, or null to leave the property out.</param>
    /// <returns>The text.</returns>
    public static string Optional(string name, string? value) => value is null ? string.Empty : $"\"{name}\": {value}, ";
}
