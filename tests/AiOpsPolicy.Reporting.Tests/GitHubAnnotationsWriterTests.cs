// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Model;
using AiOpsPolicy.Core.Results;
using Snapshooter.Xunit;

namespace AiOpsPolicy.Reporting.Tests;

public sealed class GitHubAnnotationsWriterTests : ReportWriterTestBase
{
    [Fact]
    public void Write_WhenGivenTheHelpdeskRun_ShouldMatchTheSnapshot()
    {
        // Given
        var writer = new GitHubAnnotationsWriter(SampleResults.Options);

        // When
        var annotations = Render(writer, SampleResults.HelpdeskWaived);

        // Then
        Snapshot.Match(annotations);
    }

    [Fact]
    public void Write_WhenGivenTheHelpdeskRun_ShouldWriteOneLocatedErrorForTheBlockingGate()
    {
        // Given
        var writer = new GitHubAnnotationsWriter(SampleResults.Options);

        // When
        var lines = Render(writer, SampleResults.Helpdesk).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        // Then
        var error = Assert.Single(lines, l => l.StartsWith("::error ", StringComparison.Ordinal));
        Assert.Matches(@"^::error file=policies/helpdesk/gates\.yaml,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=aiops-policy gate triage-inference-sla%3A fail::Gate 'triage-inference-sla' fail", error);
        Assert.Equal(SampleResults.Helpdesk.Gates.Count(g => !g.Blocks && g.Status is GateStatus.Warn or GateStatus.InsufficientEvidence), lines.Count(l => l.StartsWith("::warning ", StringComparison.Ordinal)));
    }

    [Fact]
    public void Write_WhenTextHasSpecialCharacters_ShouldEscapeThemAsGitHubRequires()
    {
        // Given
        var gate = SampleResults.Gate("odd:name,with-comma", GateStatus.Warn, "50% of runs\r\nfailed: a,b", GateSeverity.Warn);
        var writer = new GitHubAnnotationsWriter(SampleResults.Options);

        // When
        var line = Render(writer, SampleResults.Run(gate));

        // Then
        Assert.Equal(
            "::warning file=policies/helpdesk/gates.yaml,line=3,col=5,endLine=3,endColumn=20,title=aiops-policy gate odd%3Aname%2Cwith-comma%3A warn::Gate 'odd:name,with-comma' warn (warn): 50%25 of runs%0D%0Afailed: a,b\n",
            line);
    }

    [Theory]
    [InlineData("100%", "100%25", "100%25")]
    [InlineData("a\r\nb", "a%0D%0Ab", "a%0D%0Ab")]
    [InlineData("k:v,w", "k:v,w", "k%3Av%2Cw")]
    public void Escape_WhenGivenReservedCharacters_ShouldPercentEncodeThem(string text, string data, string property)
    {
        // Given
        // (the text)

        // When
        var escapedData = GitHubAnnotationsWriter.EscapeData(text);
        var escapedProperty = GitHubAnnotationsWriter.EscapeProperty(text);

        // Then
        Assert.Equal(data, escapedData);
        Assert.Equal(property, escapedProperty);
    }
}
