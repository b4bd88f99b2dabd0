// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Tests.Docs;

/// <summary>docs/security.md states how many hostile cases each class has: counted from the built test assemblies, never by hand.</summary>
public sealed class HostileCorpusCountTests
{
    [Fact]
    public void HostileCounts_WhenCountedFromEveryTestAssembly_ShouldEqualTheTableInSecurityMd()
    {
        // Given
        var counts = HostileCorpusCount.Count();
        var generated = HostileCorpusCount.Table(counts);
        var doc = File.ReadAllText(HostileCorpusCount.DocPath).ReplaceLineEndings("\n");
        var start = doc.IndexOf(HostileCorpusCount.Start, StringComparison.Ordinal);
        var end = doc.IndexOf(HostileCorpusCount.End, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"docs/security.md has no generated hostile-count table; put this there:\n{generated}");
        var committed = doc[start..(end + HostileCorpusCount.End.Length + 1)];
        if (committed != generated && Environment.GetEnvironmentVariable("AIOPS_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(HostileCorpusCount.DocPath, doc[..start] + generated + doc[(end + HostileCorpusCount.End.Length + 1)..]);
            committed = generated;
        }

        // When / Then: every class the issue names is there with cases, and the committed table is the count
        Assert.All(["expression", "yaml", "evidence", "report", "console", "store", "cache", "bundle", "symlink", "determinism", "budget"], c => Assert.True(counts.ContainsKey(c), $"no hostile case of class '{c}'"));
        Assert.True(
            generated == committed,
            $"docs/security.md's hostile-count table is stale: regenerate it with AIOPS_UPDATE_DOCS=1 dotnet test tests/AiOpsPolicy.Core.Tests --filter HostileCorpusCount\nexpected:\n{generated}");
    }
}
