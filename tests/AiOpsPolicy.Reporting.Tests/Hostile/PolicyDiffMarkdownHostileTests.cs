// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.RegularExpressions;
using AiOpsPolicy.Core.Diffing;
using AiOpsPolicy.Core.Model;
using AiOpsPolicy.Core.Results;
using AiOpsPolicy.Reporting.Diff;
using Markdig;

namespace AiOpsPolicy.Reporting.Tests.Hostile;

/// <summary>
/// <c>diff --format markdown</c> is posted as a pull-request comment, and the pull request writes every value in
/// it (issue 12): a description, an expression, a waiver reason, a name, a revision. Each piece must come out of
/// the same neutraliser as gate's Markdown summary: no mention, no link, no HTML, no markup, no table break and
/// no line of its own (a workflow command). Checked on the exact text and on a GFM rendering.
/// </summary>
[Trait("Hostile", "report")]
public sealed partial class PolicyDiffMarkdownHostileTests
{
    private static readonly MarkdownPipeline Gfm = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    [Theory]
    [InlineData("cc @octocat and @github/security-team")]
    [InlineData("see https://evil.example/x, www.evil.example and ops@example.com")]
    [InlineData("<img src=x onerror=alert(1)> <b>bold</b> <https://evil.example>")]
    [InlineData("[click](https://evil.example) ![pixel](https://track.example/p.png)")]
    [InlineData("x\n::error file=a.yaml::forged verdict\n::stop-commands::abc")]
    [InlineData("a | b\n| forged | row |\n# heading")]
    [InlineData("closes #123 and `code` and **bold**")]
    public void Write_WhenAChangedValueIsHostile_ShouldRenderItInertInEveryCell(string hostile)
    {
        // Given: one change whose every text field is the hostile text, and a flip with a hostile observed value
        var diff = Diff(hostile);

        // When
        var markdown = PolicyDiffMarkdown.Write(diff);

        // Then: the exact escaped text fills each cell, the table keeps its shape and no line is the hostile text's own
        var escaped = MarkdownReportWriter.Escape(hostile);
        Assert.Contains($"| changed | gate | {escaped} | {escaped} | {escaped} | {escaped} |\n", markdown, StringComparison.Ordinal);
        Assert.Contains($"| gate-a | block | **fail** ({escaped}) | **pass** ({escaped}) |\n", markdown, StringComparison.Ordinal);
        Assert.Contains($"This PR {escaped}; with this evidence", markdown, StringComparison.Ordinal);
        Assert.Contains($"Comparing {escaped} (base) with {escaped} (head).", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain(markdown.Split('\n'), line => line.StartsWith("::", StringComparison.Ordinal) || line.StartsWith("# ", StringComparison.Ordinal));
        var rows = markdown.Split('\n').Where(line => line.StartsWith('|')).ToList();
        Assert.Equal(6, rows.Count);
        Assert.All(rows.Take(3), row => Assert.Equal(7, Pipes(row)));
        Assert.All(rows.Skip(3), row => Assert.Equal(5, Pipes(row)));
    }

    [Theory]
    [InlineData("cc @octocat and @github/security-team")]
    [InlineData("see https://evil.example/x, www.evil.example and ops@example.com mailto:boss@example.com")]
    [InlineData("<img src=x onerror=alert(1)> <b>bold</b> <https://evil.example> <script>alert(1)</script>")]
    [InlineData("[click](https://evil.example) ![pixel](https://track.example/p.png)")]
    public void Write_WhenRenderedAsGitHubWould_ShouldHaveNoLinkNoMentionAndNoTagButTheTables(string hostile)
    {
        // Given
        var diff = Diff(hostile);

        // When
        var html = Markdown.ToHtml(PolicyDiffMarkdown.Write(diff), Gfm);

        // Then: the only tags are the writer's own (heading, paragraph, table, emphasis, the code span round a gate name)
        Assert.DoesNotContain("<a ", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.All(TagPattern().Matches(html), tag => Assert.Matches("^</?(h3|h4|p|table|thead|tbody|tr|th|td|strong|code)( [^>]*)?>$", tag.Value));
        var text = System.Net.WebUtility.HtmlDecode(TagPattern().Replace(html, " "));
        Assert.Empty(MentionPattern().Matches(text));
    }

    /// <summary>The cell separators of a table row: pipes not escaped with a backslash.</summary>
    private static int Pipes(string row) => row.Where((c, i) => c == '|' && (i == 0 || row[i - 1] != '\\')).Count();

    private static PolicyDiff Diff(string hostile) => new()
    {
        Base = hostile,
        Head = hostile,
        Changes = [new PolicyChange(PolicyKind.Gate, hostile, hostile, PolicyChangeKind.Changed, hostile, hostile, hostile)],
        EvaluatedAt = new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero),
        Flips = [new GateFlip("gate-a", GateSeverity.Block, GateStatus.Fail, hostile, GateStatus.Pass, hostile)],
        BaseDecision = "blocked",
        HeadDecision = "allowed",
    };

    /// <summary>GitHub's user and team mention pattern (html-pipeline's MentionFilter): @ after a non-word character, then a login.</summary>
    [GeneratedRegex(@"(?:^|\W)@[a-z0-9][a-z0-9-]*(?:/[a-z0-9][a-z0-9_-]*)?", RegexOptions.IgnoreCase)]
    private static partial Regex MentionPattern();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex TagPattern();
}
