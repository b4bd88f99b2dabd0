// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.RegularExpressions;
using AiOpsPolicy.Core.Diagnostics;

namespace AiOpsPolicy.Core.Tests.Diagnostics;

public sealed partial class DiagnosticCatalogTests
{
    [Fact]
    public void All_ShouldHaveUniqueWellFormedCodesInTheirCategoryRange()
    {
        // Given
        var all = DiagnosticCatalog.All;

        // Then
        Assert.Equal(all.Length, all.Select(d => d.Id).Distinct(StringComparer.Ordinal).Count());
        foreach (var descriptor in all)
        {
            Assert.Matches(CodePattern(), descriptor.Id);
            var range = descriptor.Category switch
            {
                DiagnosticCategory.Load => '1',
                DiagnosticCategory.Schema => '2',
                DiagnosticCategory.Compile => '3',
                DiagnosticCategory.Evaluate => '4',
                _ => '5',
            };
            Assert.Equal(range, descriptor.Id[3]);
        }
    }

    [Fact]
    public void DiagnosticsDoc_ShouldHaveASectionForEveryCode()
    {
        // Given
        var doc = File.ReadAllText(Path.Combine(Repository.Root, "docs", "diagnostics.md"));

        // Then
        foreach (var descriptor in DiagnosticCatalog.All)
        {
            Assert.Contains("## " + descriptor.Id, doc, StringComparison.Ordinal);
        }
    }

    [GeneratedRegex("^AOP[1-5][0-9]{3}$")]
    private static partial Regex CodePattern();
}
