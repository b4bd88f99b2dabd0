// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using AiOpsPolicy.Cli;
using AiOpsPolicy.Core;
using AiOpsPolicy.Core.Results;

namespace AiOpsPolicy.Sources.Tests.Prometheus;

/// <summary>The Prometheus collector against a real Prometheus server holding fixed-date data.</summary>
public sealed class PrometheusCollectTests : IClassFixture<PrometheusFixture>
{
    private const string AsOf = "2026-11-28T12:00:00Z";
    private readonly PrometheusFixture _fixture;

    public PrometheusCollectTests(PrometheusFixture fixture)
    {
        _fixture = fixture;
    }

    [Theory]
    [InlineData("Days(7)")]
    [InlineData("Days(2)")]
    [InlineData("Hours(6)")]
    public void Collect_WhenTheSlaComesFromTheHistogram_ShouldEqualTheSlaOfTheRecordsTheSeriesWereMadeFrom(string window)
    {
        // Given: the runs as records, and the histogram Prometheus scraped from them, collected.
        using var folder = new TempDirectory();
        var collected = Collect(folder, "7d");
        var records = Directory.CreateDirectory(folder.Combine("records")).FullName;
        File.WriteAllText(Path.Combine(records, "workflow-runs.json"), _fixture.Telemetry.RunsEvidence());
        var policies = folder.CopyFolder(Repository.Combine("examples", "collect", "policies"), "policies");
        File.AppendAllText(Path.Combine(policies, "gates.yaml"), $"---\napiVersion: aiops-policy/v1\nkind: Gate\nmetadata:\n  name: window-sla\nspec:\n  measure: SlaAttainment(\"ticket-triage\", \"inference\", {window})\n  bound:\n    min: 90%\n");

        // When
        var fromHistogram = Gate(policies, collected, "window-sla");
        var fromRecords = Gate(policies, records, "window-sla");

        // Then: the same share, numerator and denominator, and a share that is not trivially 0 or 1.
        var histogramMetric = Assert.Single(fromHistogram.Metrics);
        var recordMetric = Assert.Single(fromRecords.Metrics);
        Assert.Equal((recordMetric.Numerator, recordMetric.Denominator), (histogramMetric.Numerator, histogramMetric.Denominator));
        Assert.Equal(fromRecords.ObservedValue, fromHistogram.ObservedValue);
        Assert.InRange(fromHistogram.ObservedValue ?? 0, 0.5, 0.99);
        Assert.True(recordMetric.Denominator > 50, $"only {recordMetric.Denominator} runs in {window}");
        Assert.Equal(["workflow-run-counts"], fromHistogram.EvidenceKinds.ToArray());
    }

    [Fact]
    public void Collect_WhenProbesAreRead_ShouldWriteOneCheckPerConnectorPerWholeDayFromTheSamples()
    {
        // Given
        using var folder = new TempDirectory();
        var collected = Collect(folder, "7d");

        // When
        var checks = Records(Path.Combine(collected, "prometheus.connector-checks.json"));

        // Then: days 2026-11-22 to 2026-11-27 (the window starts at noon on the 21st), two connectors each.
        Assert.Equal(12, checks.Count);
        foreach (var check in checks)
        {
            var connector = check.GetProperty("connector").GetString();
            var day = DateOnly.Parse(check.GetProperty("day").GetString()!, CultureInfo.InvariantCulture);
            var samples = _fixture.Telemetry.Probes.Where(p => p.Connector == connector && DateOnly.FromDateTime(p.At.UtcDateTime) == day).ToList();
            Assert.Equal(1440, samples.Count);
            Assert.Equal(1 - samples.Average(s => s.Success), check.GetProperty("errorRate").GetDouble(), 9);
            Assert.Equal(samples.Average(s => s.Duration) * 1000, check.GetProperty("latencyMs").GetDouble(), 6);
            Assert.Equal(!samples.Any(s => s.Status == 401), check.GetProperty("authValid").GetBoolean());
        }

        Assert.Contains(checks, c => !c.GetProperty("authValid").GetBoolean());
    }

    [Fact]
    public void Collect_WhenALastSuccessGaugeIsRead_ShouldMeasureTheLagAtEachHour()
    {
        // Given
        using var folder = new TempDirectory();
        var collected = Collect(folder, "2d");

        // When
        var lags = Records(Path.Combine(collected, "prometheus.freshness.json"));

        // Then: one per hour of the window; the lag is the hour's time minus the last load scraped before it.
        Assert.Equal(48, lags.Count);
        foreach (var lag in lags)
        {
            var measured = DateTimeOffset.Parse(lag.GetProperty("measuredAt").GetString()!, CultureInfo.InvariantCulture);
            var scraped = measured.AddSeconds(-30);
            var lastLoad = _fixture.Telemetry.Loads.Last(l => l <= scraped);
            Assert.Equal((measured - lastLoad).TotalSeconds, lag.GetProperty("lag").GetDouble());
            Assert.Equal("kb-articles", lag.GetProperty("dataset").GetString());
        }
    }

    [Fact]
    public void Collect_WhenRunTwiceWithTheSameAsOf_ShouldWriteTheSameBytesAndAProvenanceThatHashesThem()
    {
        // Given
        using var first = new TempDirectory();
        using var second = new TempDirectory();

        // When
        var a = Collect(first, "7d");
        var b = Collect(second, "7d");

        // Then
        var files = Directory.GetFiles(a).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(
            ["prometheus.connector-checks.json", "prometheus.connector-checks.provenance.json", "prometheus.freshness.json", "prometheus.freshness.provenance.json", "prometheus.workflow-run-counts.json", "prometheus.workflow-run-counts.provenance.json"],
            files);
        foreach (var file in files)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(a, file)), File.ReadAllBytes(Path.Combine(b, file)));
        }

        using var provenance = JsonDocument.Parse(File.ReadAllText(Path.Combine(a, "prometheus.workflow-run-counts.provenance.json")));
        var root = provenance.RootElement;
        var evidence = File.ReadAllBytes(Path.Combine(a, "prometheus.workflow-run-counts.json"));
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(evidence)), root.GetProperty("contentHash").GetString());
        Assert.Equal(_fixture.Server.Url, root.GetProperty("endpoint").GetString());
        Assert.Equal("complete", root.GetProperty("status").GetString());
        Assert.Equal(AsOf, root.GetProperty("collectedAt").GetString());
        Assert.Equal("2026-11-21T12:00:00Z", root.GetProperty("timeRange").GetProperty("start").GetString());
        Assert.Equal(Records(Path.Combine(a, "prometheus.workflow-run-counts.json")).Count, root.GetProperty("records").GetInt32());
        Assert.Equal(
            ["triage_step_duration_seconds_count{step=\"inference\"}", "triage_step_duration_seconds_bucket{step=\"inference\"}"],
            root.GetProperty("queries").EnumerateArray().Select(q => q.GetProperty("query").GetString() ?? string.Empty).ToArray());
    }

    [Fact]
    public void Docs_WhenANewcomerRunsTheThreeCommandsOfCollectMd_ShouldGetAGateDecisionWithoutHandWrittenEvidence()
    {
        // Given: a Prometheus server and a Git repository, and the three commands of docs/collect.md.
        using var repository = Git.SampleHistory.Create(out _);
        using var folder = new TempDirectory();
        var commands = File.ReadAllText(Repository.Combine("docs", "collect.md"));
        Assert.Contains("sed 's#http://127.0.0.1:9090#http://YOUR-PROMETHEUS:9090#' examples/collect/sources.yaml > YOUR-REPOSITORY/aiops-sources.yaml", commands, StringComparison.Ordinal);
        Assert.Contains("-- collect --sources YOUR-REPOSITORY/aiops-sources.yaml --as-of 2026-11-28T12:00:00Z --out evidence/", commands, StringComparison.Ordinal);
        Assert.Contains("-- gate --policies examples/collect/policies --evidence evidence/ --as-of 2026-11-28T12:00:00Z", commands, StringComparison.Ordinal);
        using var console = new TestConsole();

        // When: 1. the example sources file with the server's address, at the repository's root;
        var sources = Path.Combine(repository.Path, "aiops-sources.yaml");
        File.WriteAllText(sources, File.ReadAllText(Repository.Combine("examples", "collect", "sources.yaml")).Replace("http://127.0.0.1:9090", _fixture.Server.Url, StringComparison.Ordinal));

        // 2. collect; 3. gate.
        var collected = Program.Run(["collect", "--sources", sources, "--as-of", AsOf, "--out", folder.Combine("evidence")], console, () => throw new InvalidOperationException("no clock"));
        var gated = Program.Run(["gate", "--policies", Repository.Combine("examples", "collect", "policies"), "--evidence", folder.Combine("evidence"), "--as-of", AsOf, "--no-cache", "--json", folder.Combine("report.json")], console, () => throw new InvalidOperationException("no clock"));

        // Then: every gate decided (none insufficient); the probes' day with HTTP 401 fails connector health (a warning).
        Assert.True(collected == 0 && gated == 0, console.OutText + console.ErrText);
        Assert.Contains("  ok      prometheus (prometheus): 3 file(s)", console.OutText, StringComparison.Ordinal);
        Assert.Contains("  ok      git (git): 2 file(s), 9 record(s)", console.OutText, StringComparison.Ordinal);
        Assert.Equal(
            new Dictionary<string, string?> { ["inference-sla"] = "pass", ["connectors-healthy"] = "warn", ["kb-articles-fresh"] = "pass", ["safe-deploy-time"] = "pass" },
            Statuses(folder.Combine("report.json")));
    }

    [Fact]
    public void GateCollect_WhenASourceFails_ShouldDecideWithTheGatesThatNeedItInsufficientEvidence()
    {
        // Given: the example sources, with the Git repository missing.
        using var folder = new TempDirectory();
        var sources = _fixture.WriteSources(folder.Path, withGit: true);
        using var console = new TestConsole();

        // When
        var exit = Program.Run(["gate", "--policies", Repository.Combine("examples", "collect", "policies"), "--collect", sources, "--as-of", AsOf, "--no-cache", "--json", folder.Combine("report.json")], console, () => throw new InvalidOperationException("no clock"));

        // Then: the Prometheus gates decided; time to deploy blocks as insufficient-evidence, naming the failed source.
        Assert.True(exit == 1, console.OutText + console.ErrText);
        Assert.Contains("AOP5102: Source 'git' failed: git failed on", console.ErrText, StringComparison.Ordinal);
        Assert.Equal(
            new Dictionary<string, string?> { ["inference-sla"] = "pass", ["connectors-healthy"] = "warn", ["kb-articles-fresh"] = "pass", ["safe-deploy-time"] = "insufficient-evidence" },
            Statuses(folder.Combine("report.json")));
        Assert.Contains("changes evidence is incomplete: source 'git' (git) failed", File.ReadAllText(folder.Combine("report.json")), StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> Statuses(string report)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(report));
        return document.RootElement.GetProperty("gates").EnumerateArray().ToDictionary(g => g.GetProperty("name").GetString()!, g => g.GetProperty("status").GetString());
    }

    private static List<JsonElement> Records(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return [.. document.RootElement.GetProperty("records").EnumerateArray().Select(r => r.Clone())];
    }

    private static GateResult Gate(string policies, string evidence, string gate)
    {
        var prepared = new PolicyEngine(null).Prepare([policies]);
        Assert.False(prepared.HasErrors, string.Join("\n", prepared.Diagnostics));
        using var compiled = prepared.Compiled!;
        var loaded = PolicyEngine.LoadEvidence([evidence]);
        Assert.False(loaded.HasErrors, string.Join("\n", loaded.Diagnostics));
        var result = PolicyEngine.Evaluate(compiled, loaded.Evidence, DateTimeOffset.Parse(AsOf, CultureInfo.InvariantCulture));
        return result.Gates.Single(g => g.Gate == gate);
    }

    private string Collect(TempDirectory folder, string window)
    {
        var sources = _fixture.WriteSources(folder.Path);
        var output = folder.Combine("evidence");
        using var console = new TestConsole();
        var exit = Program.Run(["collect", "--sources", sources, "--as-of", AsOf, "--window", window, "--out", output], console, () => throw new InvalidOperationException("no clock"));
        Assert.True(exit == 0, console.OutText + console.ErrText);
        return output;
    }
}
