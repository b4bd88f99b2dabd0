// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using AiOpsPolicy.Cli;
using AiOpsPolicy.Core.Evidence;

namespace AiOpsPolicy.Warehouse.Tests;

/// <summary>What the DuckDB push-down tests compare: a whole gate through the CLI, and a load's quality counts and codes.</summary>
internal static class PushDownGate
{
    /// <summary>Runs <c>gate</c> at <see cref="RunsWarehouse.Now"/> and returns its gates JSON with the evidence paths blanked.</summary>
    /// <param name="policies">The policy folder.</param>
    /// <param name="evidence">The evidence location.</param>
    /// <param name="report">Where the JSON report goes.</param>
    /// <param name="exitCode">The exit code (0 or 1, asserted).</param>
    /// <param name="whole">The whole report.</param>
    /// <param name="options">More options (<c>--no-push-down</c>).</param>
    /// <returns>The gates JSON.</returns>
    public static string Run(string policies, string evidence, string report, out int exitCode, out string whole, params string[] options)
    {
        using var console = new TestConsole();
        exitCode = Program.Run(["gate", "--policies", policies, "--evidence", evidence, "--as-of", RunsWarehouse.AsOf, "--no-cache", "--no-color", "--json", report, .. options], console, () => RunsWarehouse.Now);
        Assert.True(exitCode is 0 or 1, console.ErrText + console.OutText);
        whole = File.ReadAllText(report);
        using var document = JsonDocument.Parse(whole);

        // The gates name the evidence they read: the folder and the file are what differ.
        return Regex.Replace(document.RootElement.GetProperty("gates").GetRawText(), "\"path\": \"[^\"]*\"", "\"path\": \"\"");
    }

    /// <summary>The valid and invalid counts of each kind a load found.</summary>
    /// <param name="result">The load.</param>
    /// <returns>The counts as text.</returns>
    public static string Quality(EvidenceLoadResult result) =>
        string.Join("; ", result.Evidence.Quality.Kinds.Select(k => string.Create(CultureInfo.InvariantCulture, $"{k.Kind} {k.Valid} valid {k.Invalid} invalid")));

    /// <summary>The codes of a load's diagnostics, in order.</summary>
    /// <param name="result">The load.</param>
    /// <returns>The codes as text.</returns>
    public static string Codes(EvidenceLoadResult result) =>
        string.Join(", ", result.Diagnostics.Select(d => d.Descriptor.Id));
}
