// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.RegularExpressions;
using AiOpsPolicy.Core.Results;
using Markdig;

namespace AiOpsPolicy.Reporting.Tests.Hostile;

/// <summary>
/// Hostile text in the Markdown summary that a PR comment or job summary shows (issue 12, item 9):
/// evidence and policy text must not ping anyone, link anywhere, reference issues or inject markup.
/// Each case asserts the exact escaped text, and the rendering is checked with a GFM renderer
/// (Markdig with its GitHub-style autolinks) and GitHub's mention pattern.
/// </summary>
[Trait("Hostile", "report")]
public sealed partial class MarkdownHostileTests
{
    private static readonly MarkdownPipeline Gfm = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    [Theory]
    [InlineData("ping @octocat now", "ping @&#8203;octocat now")]
    [InlineData("@github/security-team", "@&#8203;github/security-team")]
    [InlineData("mail ops-lead@example.com", "mail ops-lead@&#8203;example.com")]
    [InlineData("see https://evil.example/x", "see https:&#8203;//evil.example/x")]
    [InlineData("see http://evil.example", "see http:&#8203;//evil.example")]
    [InlineData("ftp://files.example", "ftp:&#8203;//files.example")]
    [InlineData("www.evil.example", "www&#8203;\\.evil.example")]
    [InlineData("mailto:boss@example.com", "mailto:&#8203;boss@&#8203;example.com")]
    [InlineData("closes #123", "closes \\#&#8203;123")]
    [InlineData("[click](https://evil.example)", "\\[click\\](https:&#8203;//evil.example)")]
    [InlineData("<https://evil.example>", "&lt;https:&#8203;//evil.example&gt;")]
    [InlineData("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;")]
    [InlineData("![pixel](https://track.example/p.png)", "\\!\\[pixel\\](https:&#8203;//track.example/p.png)")]
    [InlineData("a | b\n# heading", "a \\| b \\# heading")]
    [InlineData("**bold** `code` ~~gone~~", "\\*\\*bold\\*\\* \\`code\\` \\~\\~gone\\~\\~")]
    [InlineData("\u001b[31mred\u202E", " \\[31mred ")]
    [InlineData("pro\u200Bd \uFEFFv1 ok\U000E0041\U000E0042", "pro d  v1 ok  ")]
    [InlineData("\U0001F468\u200D\U0001F469 \U0001F400", "\U0001F468\u200D\U0001F469 \U0001F400")]
    public void Escape_WhenUntrustedTextIsHostile_ShouldGiveInertMarkdown(string text, string expected)
    {
        // Given: a waiver reason, finding message or evidence id

        // When
        var escaped = MarkdownReportWriter.Escape(text);

        // Then
        Assert.Equal(expected, escaped);
    }

    [Theory]
    [InlineData("ping @octocat and @github/security-team")]
    [InlineData("see https://evil.example/x and www.evil.example and ops@example.com")]
    [InlineData("[click](https://evil.example) <https://evil.example> <b>bold</b>")]
    public void Write_WhenAFailingGatesExplanationIsHostile_ShouldRenderWithoutLinksMentionsOrMarkup(string explanation)
    {
        // Given
        var gate = SampleResults.Gate("hostile-gate", GateStatus.Fail, explanation);
        var result = SampleResults.Helpdesk with { Gates = [gate] };

        // When
        using var stream = new MemoryStream();
        new MarkdownReportWriter(SampleResults.Options).Write(result, stream);
        var markdown = System.Text.Encoding.UTF8.GetString(stream.ToArray());
        var html = Markdown.ToHtml(markdown, Gfm);

        // Then: no link and no tag but the writer's own, and GitHub's mention pattern finds no one
        Assert.DoesNotContain("<a ", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        var text = System.Net.WebUtility.HtmlDecode(TagPattern().Replace(html, " "));
        Assert.Empty(MentionPattern().Matches(text));
        Assert.Contains(explanation.Replace("@", "@\u200B", StringComparison.Ordinal)[..10], text, StringComparison.Ordinal);
    }

    /// <summary>GitHub's user and team mention pattern (html-pipeline's MentionFilter): @ after a non-word character, then a login.</summary>
    [GeneratedRegex(@"(?:^|\W)@[a-z0-9][a-z0-9-]*(?:/[a-z0-9][a-z0-9_-]*)?", RegexOptions.IgnoreCase)]
    private static partial Regex MentionPattern();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex TagPattern();
}
