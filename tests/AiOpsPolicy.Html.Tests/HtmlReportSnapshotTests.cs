// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using Snapshooter.Xunit;

namespace AiOpsPolicy.Html.Tests;

public sealed class HtmlReportSnapshotTests
{
    [Fact]
    public void Write_WhenRunOnTheHelpdeskExample_ShouldWriteTheSnapshottedHtml()
    {
        // Given
        var result = ExampleReport.Result with { EngineVersion = "<engine-version>" };

        // When
        var html = ExampleReport.Render(result);

        // Then
        var root = Repository.Root + Path.DirectorySeparatorChar;
        var wrappableRoot = root.Replace("/", "/<wbr>", StringComparison.Ordinal);
        var scrubbed = html
            .Replace(wrappableRoot, string.Empty, StringComparison.Ordinal)
            .Replace(root, string.Empty, StringComparison.Ordinal);
        Assert.DoesNotContain(root, scrubbed, StringComparison.Ordinal);
        Assert.DoesNotContain(wrappableRoot, scrubbed, StringComparison.Ordinal);
        Snapshot.Match(scrubbed);
    }
}
