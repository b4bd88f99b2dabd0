// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using AiOpsPolicy.Core.Compilation;
using AiOpsPolicy.Core.Results;

namespace AiOpsPolicy.Core.Tests.Properties;

/// <summary>
/// What the property tests share: the policy set is compiled once (by the caller, in a static lazy) through
/// <see cref="PolicyHarness"/>; every property case only writes its evidence to a fresh harness folder, loads it and
/// evaluates the gates at <see cref="TestClock.Now"/>.
/// </summary>
internal static class PropertyFixtures
{
    /// <summary>Validates and compiles a policy set; fails when it does not compile.</summary>
    /// <param name="documents">The policy documents.</param>
    /// <returns>The compiled set.</returns>
    public static CompiledPolicySet Compile(params string[] documents) => PolicyHarness.Compile(documents);

    /// <summary>Writes each kind's records to one envelope file, loads them and evaluates every gate; evidence errors fail.</summary>
    /// <param name="compiled">The compiled policy set.</param>
    /// <param name="files">Each evidence kind with its records as JSON objects, in file order.</param>
    /// <returns>The run's result.</returns>
    public static GateRunResult Run(CompiledPolicySet compiled, params (string Kind, IEnumerable<string> Records)[] files)
    {
        using var harness = new PolicyHarness();
        foreach (var (kind, records) in files)
        {
            harness.Write(kind, [.. records]);
        }

        return harness.Evaluate(compiled);
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
