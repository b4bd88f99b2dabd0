// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text;
using AiOpsPolicy.Core.Evidence;

namespace AiOpsPolicy.Core.Tests.Evidence;

/// <summary>NDJSON files are streamed through a buffer, not read whole: what a user sees must not change.</summary>
public sealed class NdjsonStreamingTests
{
    private const string Header = """{"$evidence": {"kind": "workflow-runs", "collectedAt": "2026-11-28T11:00:00Z"}}""";

    [Fact]
    public void Load_WhenLinesAreLongerThanTheReadBufferAndEndInCrLfAfterABom_ShouldReadEveryRecord()
    {
        // Given: a BOM, CRLF line ends, no final newline, and one record far longer than the 1 MiB buffer
        var huge = new string('x', 3 << 20);
        var text = "\uFEFF" + Header + "\r\n"
            + Run("r1", "ok") + "\r\n"
            + Run("r2", huge) + "\r\n"
            + "\r\n"
            + Run("r3", "ok");

        // When
        var loaded = LoadOne(Encoding.UTF8.GetBytes(text));

        // Then
        Assert.DoesNotContain(loaded.Diagnostics, d => d.IsError);
        var runs = loaded.Evidence.Get<WorkflowRun>(EvidenceKind.WorkflowRuns);
        Assert.Equal(["r1", "r2", "r3"], runs.Select(r => r.Id));
        Assert.Equal(huge, runs[1].Outcome);
    }

    [Fact]
    public void Load_WhenALaterLineIsNotUtf8_ShouldRefuseTheWholeFileWithOnlyThatProblem()
    {
        // Given: line 2 has a bad field (reported alone if the file were UTF-8), line 3 a byte that is not UTF-8
        var start = Encoding.UTF8.GetBytes(Header + "\n" + Run("r1", "ok").Replace("\"ok\"", "1", StringComparison.Ordinal) + "\n");
        var bad = Encoding.Latin1.GetBytes(Run("r2", "café") + "\n");

        // When
        var loaded = LoadOne([.. start, .. bad]);

        // Then
        var error = Assert.Single(loaded.Diagnostics, d => d.IsError);
        Assert.Equal("AOP1007", error.Id);
        Assert.Contains($"byte offset {start.Length + bad.AsSpan().IndexOf((byte)0xE9)}", error.Message, StringComparison.Ordinal);
        Assert.Empty(loaded.Evidence.Get<WorkflowRun>(EvidenceKind.WorkflowRuns));
    }

    [Fact]
    public void Load_WhenTheSameRunsComeInTwoFiles_ShouldKeepTheFirstAndNameTheFirstFiveDuplicates()
    {
        // Given: seven runs in a.ndjson, all again (with another outcome) in b.ndjson
        var ids = Enumerable.Range(1, 7).Select(i => $"r{i}").ToArray();
        var first = Header + "\n" + string.Join("\n", ids.Select(id => Run(id, "ok")));
        var second = Header + "\n" + string.Join("\n", ids.Reverse().Select(id => Run(id, "late")));

        // When
        var loaded = Load(("a.ndjson", Encoding.UTF8.GetBytes(first)), ("b.ndjson", Encoding.UTF8.GetBytes(second)));

        // Then
        var runs = loaded.Evidence.Get<WorkflowRun>(EvidenceKind.WorkflowRuns);
        Assert.Equal(ids, runs.Select(r => r.Id));
        Assert.All(runs, r => Assert.Equal("ok", r.Outcome));
        var warning = Assert.Single(loaded.Diagnostics, d => d.Id == "AOP1107");
        Assert.Contains("r1, r2, r3, r4, r5", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("r6", warning.Message, StringComparison.Ordinal);
        Assert.StartsWith("7 workflow-runs record(s)", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WhenManyRunsNameTheSameWorkflow_ShouldShareOneStringForIt()
    {
        // Given
        var text = Header + "\n" + string.Join("\n", Enumerable.Range(1, 50).Select(i => Run($"r{i}", "ok")));

        // When
        var runs = LoadOne(Encoding.UTF8.GetBytes(text)).Evidence.Get<WorkflowRun>(EvidenceKind.WorkflowRuns);

        // Then: a million runs hold a few dozen names, not a million copies
        Assert.Equal(50, runs.Count);
        Assert.All(runs, r => Assert.Same(runs[0].Workflow, r.Workflow));
        Assert.All(runs, r => Assert.Same(runs[0].Outcome, r.Outcome));
    }

    private static string Run(string id, string outcome) =>
        $$"""{"id": "{{id}}", "workflow": "wf-1", "startedAt": "2026-11-27T10:00:00Z", "endedAt": "2026-11-27T10:30:00+00:00", "outcome": "{{outcome}}"}""";

    private static EvidenceLoadResult LoadOne(byte[] bytes) => Load(("workflow-runs.ndjson", bytes));

    private static EvidenceLoadResult Load(params (string Name, byte[] Bytes)[] files)
    {
        var folder = Path.Combine(Path.GetTempPath(), "aiops-ndjson-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            foreach (var (name, bytes) in files)
            {
                File.WriteAllBytes(Path.Combine(folder, name), bytes);
            }

            return PolicyEngine.LoadEvidence([folder]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
