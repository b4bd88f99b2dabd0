// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace AiOpsPolicy.Cli.Tests;

/// <summary>
/// Malformed policy and evidence files through the real command line: each run exits 2 with a
/// diagnostic that names the file (and, where there is one, the line and column), prints no stack
/// trace, and writes no report.
/// </summary>
public sealed class MalformedInputTests
{
    private const string AsOf = "2026-11-28T12:00:00Z";

    private const string Workflow = SamplePolicies.Workflow;

    private const string Gate = """
        apiVersion: aiops-policy/v1
        kind: Gate
        metadata:
          name: runs-exist
        spec:
          condition: Evidence.WorkflowRuns.Count > 0
        """;

    private const string CollectedAt = "2026-11-28T06:00:00Z";

    private const string RunsJson = """
        {"kind": "workflow-runs", "collectedAt": "2026-11-28T06:00:00Z", "records": [
          {"id": "r1", "workflow": "triage", "startedAt": "2026-11-27T10:00:00Z", "endedAt": "2026-11-27T10:30:00Z", "outcome": "ok"}
        ]}
        """;

    private const string RunsNdjson = """
        {"$evidence": {"kind": "workflow-runs", "collectedAt": "2026-11-28T06:00:00Z"}}
        {"id": "r1", "workflow": "triage", "startedAt": "2026-11-27T10:00:00Z", "endedAt": "2026-11-27T10:30:00Z", "outcome": "ok"}
        """;

    private const string RunsCsv = """
        # kind: workflow-runs
        # collectedAt: 2026-11-28T06:00:00Z
        id,workflow,startedAt,endedAt,outcome
        r1,triage,2026-11-27T10:00:00Z,2026-11-27T10:30:00Z,ok
        """;

    private const string RunsYaml = """
        kind: workflow-runs
        collectedAt: 2026-11-28T06:00:00Z
        records:
          - {id: r1, workflow: triage, startedAt: 2026-11-27T10:00:00Z, endedAt: 2026-11-27T10:30:00Z, outcome: ok}
        """;

    /// <summary>A broken policy file: its name, its bytes, the expected code, and whether the diagnostic has a line and column.</summary>
    public static TheoryData<string, byte[], string, bool> BrokenPolicies => new()
    {
        { "truncated.yaml", Utf8(Workflow[..Workflow.IndexOf("model]", StringComparison.Ordinal)]), "AOP1001", true },
        { "truncated-quote.yaml", Utf8("apiVersion: aiops-policy/v1\nkind: Gate\nmetadata:\n  name: \"unterminated\nspec:\n"), "AOP1001", true },
        { "binary.yaml", RandomBytes(4096, seed: 42), "AOP1007", true },
        { "nul.yaml", Utf8("apiVersion: aiops-policy/v1\nkind: Gate\0\0\0\nmetadata: {}\n"), "AOP1007", true },
        { "invalid-utf8.yaml", [.. Utf8("apiVersion: aiops-policy/v1\nkind: Gate\nmetadata:\n  name: caf"), 0xE9, .. Utf8("\nspec: {}\n")], "AOP1007", true },
        { "huge.yaml", Utf8("# " + new string('x', 5 * 1024 * 1024) + "\n" + Gate), "AOP1007", false },
        { "deep.yaml", Utf8("a: " + new string('[', 1000) + new string(']', 1000) + "\n"), "AOP1006", true },
        { "laughs.yaml", Utf8(BillionLaughs()), "AOP1006", true },
        { "duplicate.yaml", Utf8("apiVersion: aiops-policy/v1\nkind: Gate\nmetadata:\n  name: dup\n  name: dup2\nspec:\n  condition: 'true'\n"), "AOP1005", true },
        { "gate-types.yaml", Utf8(WrongGate), "AOP2003", true },
        { "workflow-types.yaml", Utf8(WrongWorkflow), "AOP2003", true },
    };

    /// <summary>A broken evidence file: its name, its bytes, the expected code, and whether the diagnostic has a line and column.</summary>
    public static TheoryData<string, byte[], string, bool> BrokenEvidence => new()
    {
        { "workflow-runs.json", Utf8(RunsJson[..(RunsJson.Length / 2)]), "AOP1102", true },
        { "workflow-runs.csv", Utf8(RunsCsv[..RunsCsv.LastIndexOf("2026", StringComparison.Ordinal)] + "\"2026-11"), "AOP1102", true },
        { "workflow-runs.yaml", Utf8(RunsYaml[..(RunsYaml.Length - 30)]), "AOP1001", true },
        { "workflow-runs.json", RandomBytes(4096, seed: 1), "AOP1102", true },
        { "workflow-runs.ndjson", RandomBytes(4096, seed: 2), "AOP1007", false },
        { "workflow-runs.csv", RandomBytes(4096, seed: 3), "AOP1007", false },
        { "workflow-runs.yaml", RandomBytes(4096, seed: 4), "AOP1007", false },
        { "workflow-runs.json", [0xFF, .. Utf8(RunsJson)], "AOP1102", true },
        { "workflow-runs.ndjson", Latin1(RunsNdjson.Replace("\"ok\"", "\"café\"", StringComparison.Ordinal)), "AOP1007", false },
        { "workflow-runs.csv", Latin1(RunsCsv.Replace(",ok", ",café", StringComparison.Ordinal)), "AOP1007", false },
        { "workflow-runs.yaml", Latin1(RunsYaml.Replace(": ok", ": café", StringComparison.Ordinal)), "AOP1007", false },
    };

    private static string WrongGate => """
        apiVersion: aiops-policy/v1
        kind: Gate
        metadata:
          name: [not, a, name]
          owner: {team: x}
          description: [x]
          labels: [x]
        spec:
          description: {a: b}
          measure: [1, 2]
          bound: 95%
          severity: {level: block}
          condition: {a: b}
        """;

    private static string WrongWorkflow => """
        apiVersion: aiops-policy/v1
        kind: Workflow
        metadata:
          name: {a: b}
          owner: [x]
        spec:
          trigger: [x]
          systems: zendesk
          sla: 1h
          steps: {name: x}
        """;

    [Theory]
    [MemberData(nameof(BrokenPolicies))]
    public void Run_WhenAPolicyFileIsMalformed_ShouldExit2WithALocatedErrorAndNoReport(string name, byte[] content, string code, bool positioned)
    {
        // Given
        using var temp = new TempDirectory();
        var policies = temp.Combine("policies");
        Directory.CreateDirectory(policies);
        File.WriteAllText(Path.Combine(policies, "workflow.yaml"), Workflow);
        File.WriteAllBytes(Path.Combine(policies, name), content);
        var evidence = temp.Combine("evidence");
        Directory.CreateDirectory(evidence);
        File.WriteAllText(Path.Combine(evidence, "workflow-runs.ndjson"), RunsNdjson);

        // When / Then
        AssertRejected(temp, policies, evidence, name, code, positioned);
    }

    [Theory]
    [MemberData(nameof(BrokenEvidence))]
    public void Run_WhenAnEvidenceFileIsMalformed_ShouldExit2WithALocatedErrorAndNoReport(string name, byte[] content, string code, bool positioned)
    {
        // Given
        using var temp = new TempDirectory();
        var policies = RunsGatePolicies(temp);
        var evidence = temp.Combine("evidence");
        Directory.CreateDirectory(evidence);
        File.WriteAllBytes(Path.Combine(evidence, name), content);

        // When / Then
        AssertRejected(temp, policies, evidence, name, code, positioned);
    }

    [Fact]
    [Trait("Hostile", "evidence")]
    public void Run_WhenOneEvidenceRecordIsTruncatedOrInvalid_ShouldDecideOnTheOthersAndWriteEveryReportWithTheDataQuality()
    {
        // Given: a truncated NDJSON line and a record with a time that has no offset, beside a good run.
        using var temp = new TempDirectory();
        using var console = new TestConsole();
        var policies = RunsGatePolicies(temp);
        var evidence = temp.Combine("evidence");
        Directory.CreateDirectory(evidence);
        File.WriteAllText(Path.Combine(evidence, "workflow-runs.ndjson"), RunsNdjson + "\n" + """{"id": "r2", "workflow": "triage", "startedAt": "2026-11-27T10:00:00", "endedAt": "2026-11-27T10:30:00Z", "outcome": "ok"}""" + "\n" + RunsNdjson.Split('\n')[1][..40] + "\n");
        var output = temp.Combine("out");

        // When
        var exitCode = Program.Run(
            ["gate", "--policies", policies, "--evidence", evidence, "--as-of", AsOf, "--no-cache", "--json", temp.Combine("report.json"), "--format", "markdown,html", "--output", output],
            console,
            () => throw new InvalidOperationException("The clock must not be read when --as-of is given."));

        // Then: a decision (the gate reading workflow-runs is insufficient-evidence, so it blocks), every report, the records listed.
        Assert.True(exitCode == 1, $"exit {exitCode}:\n{console.OutText}{console.ErrText}");
        Assert.Matches(new Regex(@"workflow-runs\.ndjson\(3,1\): warning AOP1104: Record line 3: field 'startedAt': '2026-11-27T10:00:00' has no offset", RegexOptions.None, TimeSpan.FromSeconds(5)), console.ErrText);
        Assert.Matches(new Regex(@"workflow-runs\.ndjson\(4,\d+\): warning AOP1104: Record line 4: the record is not well-formed JSON", RegexOptions.None, TimeSpan.FromSeconds(5)), console.ErrText);
        Assert.Contains("Data quality: 2 invalid evidence record(s) left out", console.OutText, StringComparison.Ordinal);
        using var report = System.Text.Json.JsonDocument.Parse(File.ReadAllText(temp.Combine("report.json")));
        var quality = report.RootElement.GetProperty("evidence").GetProperty("dataQuality");
        Assert.Equal(2, quality.GetProperty("invalid").GetInt32());
        Assert.Equal("insufficient-evidence", report.RootElement.GetProperty("gates")[0].GetProperty("status").GetString());
        Assert.Contains("## Data quality", File.ReadAllText(Path.Combine(output, "aiops-policy-summary.md")), StringComparison.Ordinal);
        Assert.Contains("id=\"data-quality\"", File.ReadAllText(Directory.EnumerateFiles(output, "*.html").Single()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"kind\": \"workflow-runs\", \"collectedAt\": \"2026-11-28T06:00:00Z\", \"records\": [],}", "(1,80): error AOP1102: Evidence is not well formed: The JSON object contains a trailing comma at the end, which JSON does not allow: remove it. Fix or re-export the file")]
    [InlineData("{\"kind\": \"workflow-runs\",\n \"records\": [1,]}", "(2,16): error AOP1102: Evidence is not well formed: The JSON array contains a trailing comma at the end, which JSON does not allow: remove it. Fix or re-export the file")]
    [InlineData("{\"kind\": \"workflow-runs\", \"records\": [] \"x\"}", "(1,41): error AOP1102: Evidence is not well formed: '\"' is invalid after a value. Expected either ',', '}', or ']'. Fix or re-export the file")]
    public void Run_WhenAJsonEvidenceFileIsNotJson_ShouldSayWhatIsWrongInTheWritersTermsOnceLocated(string json, string expected)
    {
        // Given: the reader's own words ("Change the reader options", "LineNumber: 0 | BytePositionInLine: 78", counted
        // from zero) are for the program that reads, not for the person who exported the file
        using var temp = new TempDirectory();
        using var console = new TestConsole();
        var policies = RunsGatePolicies(temp);
        var evidence = Directory.CreateDirectory(temp.Combine("evidence")).FullName;
        File.WriteAllText(Path.Combine(evidence, "workflow-runs.json"), json);

        // When
        var exitCode = Program.Run(["gate", "--policies", policies, "--evidence", evidence, "--as-of", AsOf, "--no-cache"], console, () => DateTimeOffset.MinValue);

        // Then
        Assert.Equal(2, exitCode);
        Assert.Contains("workflow-runs.json" + expected + "\n", console.ErrText, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", console.ErrText, StringComparison.Ordinal);
        Assert.DoesNotContain("reader options", console.ErrText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gate-types.yaml", "name,owner,description,labels,measure,bound,severity,condition")]
    [InlineData("workflow-types.yaml", "name,owner,trigger,systems,sla,steps")]
    public void Run_WhenEveryFieldHasTheWrongType_ShouldReportEachField(string name, string fields)
    {
        // Given
        using var temp = new TempDirectory();
        using var console = new TestConsole();
        var policies = temp.Combine("policies");
        Directory.CreateDirectory(policies);
        File.WriteAllText(Path.Combine(policies, name), name.StartsWith("gate", StringComparison.Ordinal) ? WrongGate : WrongWorkflow);

        // When
        var exitCode = Program.Run(["validate", policies], console, () => throw new InvalidOperationException("The clock must not be read."));

        // Then: one located schema error per field (the message names the field).
        Assert.Equal(2, exitCode);
        var output = console.OutText + console.ErrText;
        var errors = output.Split('\n').Where(l => l.Contains("error AOP", StringComparison.Ordinal)).ToList();
        Assert.All(errors, l => Assert.Matches(@"^\S*" + Regex.Escape(name) + @"\(\d+,\d+\): error AOP2003: ", l));
        foreach (var field in fields.Split(','))
        {
            Assert.True(errors.Any(l => l.Contains($".{field} ", StringComparison.Ordinal)), $"No error names '{field}':\n{output}");
        }

        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    private static void AssertRejected(TempDirectory temp, string policies, string evidence, string name, string code, bool positioned)
    {
        using var console = new TestConsole();
        var report = temp.Combine("report.json");

        // When
        var exitCode = Program.Run(
            ["gate", "--policies", policies, "--evidence", evidence, "--as-of", AsOf, "--no-cache", "--json", report],
            console,
            () => throw new InvalidOperationException("The clock must not be read when --as-of is given."));

        // Then
        var output = console.OutText + console.ErrText;
        Assert.True(exitCode == 2, $"exit {exitCode}:\n{output}");
        var position = positioned ? @"\(\d+,\d+\)" : @"(\(\d+,\d+\))?";
        Assert.Matches(new Regex($@"(^|\n)\S*{Regex.Escape(name)}{position}: error {code}: ", RegexOptions.None, TimeSpan.FromSeconds(5)), console.ErrText);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("AOP5003", output, StringComparison.Ordinal);
        Assert.False(File.Exists(report), "A report was written for input that was refused.");
    }

    /// <summary>A policy folder with the triage workflow and a gate that needs its runs.</summary>
    private static string RunsGatePolicies(TempDirectory temp)
    {
        var policies = temp.Combine("policies");
        Directory.CreateDirectory(policies);
        File.WriteAllText(Path.Combine(policies, "workflow.yaml"), Workflow);
        File.WriteAllText(Path.Combine(policies, "gate.yaml"), Gate);
        return policies;
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] Latin1(string text) => Encoding.Latin1.GetBytes(text);

    private static byte[] RandomBytes(int length, int seed)
    {
        // Seeded, so that every run sees the same bytes; NUL and high bytes included.
#pragma warning disable CA5394 // Test data, not security.
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
#pragma warning restore CA5394
        bytes[length / 2] = 0;
        return bytes;
    }

    private static string BillionLaughs()
    {
        var text = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i < 10; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]\n");
        }

        return text.ToString();
    }
}
