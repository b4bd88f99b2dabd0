// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text;

namespace AiOpsPolicy.Reporting.Tests.Hostile;

/// <summary>
/// Hostile text on its way to a terminal or a CI log (issue 12, item 6): each case is text an attacker
/// controls (a policy version, a waiver reason, an evidence id, a file name, an exception message) and
/// the exact text that may be printed for it.
/// </summary>
[Trait("Hostile", "console")]
public sealed class ConsoleTextHostileTests
{
    [Theory]
    [InlineData("a\nb", "a\\nb")]
    [InlineData("a\r\nb", "a\\r\\nb")]
    [InlineData("a\tb", "a\\tb")]
    [InlineData("\u001b[31mred\u001b[0m", "red")]
    [InlineData("\u001b]0;owned\u0007title", "title")]
    [InlineData("\u001b]8;;https://evil.example\u001b\\click\u001b]8;;\u001b\\", "click")]
    [InlineData("\u001b]52;c;ZXZpbA==\u0007x", "x")]
    [InlineData("\u009b2Jx", "x")]
    [InlineData("\u009d0;t\u009cx", "x")]
    [InlineData("\u001bPq#0;2;0;0;0\u001b\\x", "x")]
    [InlineData("\u001b7saved\u001b8", "saved")]
    [InlineData("\u001b[?1049hscreen", "screen")]
    [InlineData("bell\u0007", "bell\\u0007")]
    [InlineData("a\u0000b", "a\\u0000b")]
    [InlineData("a\u007fb", "a\\u007Fb")]
    [InlineData("\u0085x", "\\u0085x")]
    [InlineData("\u202Eevil", "\\u202Eevil")]
    [InlineData("\u2066x\u2069", "\\u2066x\\u2069")]
    [InlineData("a\u2028b", "a\\u2028b")]
    [InlineData("pro\u200Bd", "pro\\u200Bd")]
    [InlineData("aiops-policy/v\uFEFF1", "aiops-policy/v\\uFEFF1")]
    [InlineData("a\u2060b\u2062c\u180E", "a\\u2060b\\u2062c\\u180E")]
    [InlineData("ok\U000E0041\U000E0042", "ok\\uDB40\\uDC41\\uDB40\\uDC42")]
    [InlineData("family \U0001F468\u200D\U0001F469\u200D\U0001F467 rat \U0001F400", "family \U0001F468\u200D\U0001F469\u200D\U0001F467 rat \U0001F400")]
    [InlineData("::error::forged", ":\\:error::forged")]
    [InlineData("  ::set-output name=x::y", "  :\\:set-output name=x::y")]
    [InlineData("ok\n::error::x", "ok\\n::error::x")]
    [InlineData("x ##[error]forged", "x ##\\[error]forged")]
    [InlineData("##vso[task.setvariable variable=x]y", "##vso\\[task.setvariable variable=x]y")]
    [InlineData("##teamcity[buildStatus status='SUCCESS']", "##teamcity\\[buildStatus status='SUCCESS']")]
    [InlineData("\u001b]0;never terminated\nnext", "\\nnext")]
    [InlineData("\u001b[12", "")]
    [InlineData("tt-887384-inference", "tt-887384-inference")]
    public void Inline_WhenTextIsHostile_ShouldGiveOneInertLine(string text, string expected)
    {
        // Given: text from a policy file, evidence or an exception

        // When
        var shown = ConsoleText.Inline(text);

        // Then
        Assert.Equal(expected, shown);
    }

    [Theory]
    [InlineData(false, "line1\n::error::x\n", "line1\n:\\:error::x\n")]
    [InlineData(false, "fake\rpass\n", "fake\\rpass\n")]
    [InlineData(false, "windows\r\nline", "windows\r\nline")]
    [InlineData(false, "\u001b[1;31mX\u001b[0m", "X")]
    [InlineData(true, "\u001b[1;31mX\u001b[0m", "\u001b[1;31mX\u001b[0m")]
    [InlineData(true, "\u001b[2Jwiped\u001b[?25l", "wiped")]
    [InlineData(true, "\u009b31mX", "X")]
    [InlineData(true, "\u001b]0;title\u0007\u001b[8mhidden", "\u001b[8mhidden")]
    [InlineData(false, "tab\tkept\n", "tab\tkept\n")]
    public void Append_WhenTheWholeOutputIsFiltered_ShouldKeepLinesAndOnlyTheCliColours(bool allowColor, string text, string expected)
    {
        // Given
        var filter = new ConsoleTextFilter(singleLine: false, allowColor);
        var output = new StringBuilder();

        // When
        filter.Append(text, output);
        filter.Complete(output);

        // Then
        Assert.Equal(expected, output.ToString());
    }

    [Fact]
    public void Append_WhenAnEscapeSequenceIsSplitAcrossWrites_ShouldStillRemoveIt()
    {
        // Given: a sequence cut in two by the writer, as a TextWriter may do
        var filter = new ConsoleTextFilter(singleLine: false, allowColor: false);
        var output = new StringBuilder();

        // When
        filter.Append("before \u001b]0;", output);
        filter.Append("owned\u0007 after\n:", output);
        filter.Append(":error::x\n", output);

        // Then
        Assert.Equal("before  after\n:\\:error::x\n", output.ToString());
    }

    [Theory]
    [InlineData("a\u001b[31m%\r\nb", "a%25%0D%0Ab")]
    [InlineData("100%\n::error::forged", "100%25%0A:\\:error::forged")]
    [InlineData("\u001b]8;;https://evil.example\u0007link", "link")]
    public void EscapeData_WhenAnAnnotationMessageIsHostile_ShouldFollowGitHubsRulesWithoutEscapeSequences(string text, string expected)
    {
        // Given: an annotation's message (GitHub: %, CR and LF are escaped in data)

        // When
        var escaped = GitHubAnnotationsWriter.EscapeData(text);

        // Then
        Assert.Equal(expected, escaped);
    }

    [Theory]
    [InlineData("x:y,z\n", "x%3Ay%2Cz%0A")]
    [InlineData("gates.yaml,line=1::error::x", "gates.yaml%2Cline=1%3A%3Aerror%3A%3Ax")]
    public void EscapeProperty_WhenAnAnnotationPropertyIsHostile_ShouldFollowGitHubsRules(string text, string expected)
    {
        // Given: a property value (GitHub: also : and , are escaped)

        // When
        var escaped = GitHubAnnotationsWriter.EscapeProperty(text);

        // Then
        Assert.Equal(expected, escaped);
    }
}
