// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.RegularExpressions;

namespace AiOpsPolicy.Core.Tests.Architecture;

/// <summary>
/// The guard that keeps Core's folders in one direction: a folder never imports a folder that imports it, directly or
/// through others (docs/architecture.md). A folder imports another when one of its files names the other's namespace
/// (a using directive or a qualified name) or names one of its types relative to Core's namespace
/// (<c>Evidence.EvidenceKind</c>); the files at Core's root (the <c>PolicyEngine</c> facade) are outside the graph.
/// </summary>
public sealed partial class FolderDependencyTests
{
    [Fact]
    public void CoreFolders_WhenTheirImportsAreFollowed_ShouldFormNoCycle()
    {
        // Given
        var imports = CoreImports();

        // When
        var cycles = Cycles(imports).Select(c => string.Join(" <-> ", c)).ToList();

        // Then
        Assert.True(cycles.Count == 0, "Core folders import each other: " + string.Join("; ", cycles.Select(c => c + " (" + Evidence(imports, c) + ")"))
            + ". Move what both need into a folder both point at (docs/architecture.md).");
    }

    [Fact]
    public void Cycles_WhenThreeFoldersImportInARing_ShouldFindOneCycleOfThree()
    {
        // Given: A -> B -> C -> A, and D -> A (outside the ring)
        var imports = new Dictionary<string, Dictionary<string, List<string>>>
        {
            ["A"] = new() { ["B"] = ["A/x.cs"] },
            ["B"] = new() { ["C"] = ["B/y.cs"] },
            ["C"] = new() { ["A"] = ["C/z.cs"] },
            ["D"] = new() { ["A"] = ["D/w.cs"] },
        };

        // When
        var cycles = Cycles(imports);

        // Then
        Assert.Equal(["A", "B", "C"], Assert.Single(cycles));
    }

    [Fact]
    public void Cycles_WhenImportsPointOneWay_ShouldFindNone()
    {
        // Given
        var imports = new Dictionary<string, Dictionary<string, List<string>>>
        {
            ["Evaluation"] = new() { ["Expressions"] = ["Evaluation/a.cs"] },
            ["Metrics"] = new() { ["Expressions"] = ["Metrics/b.cs"] },
            ["Compilation"] = new() { ["Expressions"] = ["Compilation/c.cs"], ["Metrics"] = ["Compilation/d.cs"] },
        };

        // When
        var cycles = Cycles(imports);

        // Then
        Assert.Empty(cycles);
    }

    /// <summary>For each folder of Core, the folders its files import and, for each, the files that do.</summary>
    private static Dictionary<string, Dictionary<string, List<string>>> CoreImports()
    {
        var core = Repository.Combine("src", "AiOpsPolicy.Core");
        var folders = Directory.GetDirectories(core).Select(Path.GetFileName).OfType<string>().Where(f => f is not ("bin" or "obj")).ToHashSet(StringComparer.Ordinal);
        var imports = new Dictionary<string, Dictionary<string, List<string>>>(StringComparer.Ordinal);
        foreach (var folder in folders)
        {
            var targets = imports[folder] = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var file in Directory.EnumerateFiles(Path.Combine(core, folder), "*.cs", SearchOption.AllDirectories))
            {
                var text = File.ReadAllText(file);
                // Inside Core, a sibling folder's type can also be named relative to the shared namespace
                // (Evaluation.RollupEntities, Evidence.EvidenceKind): count it when the folder has a file of that name.
                var relative = RelativeName().Matches(text)
                    .Where(m => File.Exists(Path.Combine(core, m.Groups[1].Value, m.Groups[2].Value + ".cs")))
                    .Select(m => m.Groups[1].Value);
                foreach (var target in CoreNamespace().Matches(text).Select(m => m.Groups[1].Value).Concat(relative).Distinct(StringComparer.Ordinal))
                {
                    if (target != folder && folders.Contains(target))
                    {
                        (targets.TryGetValue(target, out var files) ? files : targets[target] = []).Add(Path.GetRelativePath(core, file));
                    }
                }
            }
        }

        return imports;
    }

    /// <summary>Every strongly connected set of two or more folders (Tarjan), each sorted by name; the sets sorted too.</summary>
    private static List<List<string>> Cycles(Dictionary<string, Dictionary<string, List<string>>> imports)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var cycles = new List<List<string>>();

        void Visit(string folder)
        {
            index[folder] = low[folder] = index.Count;
            stack.Push(folder);
            foreach (var target in imports.GetValueOrDefault(folder)?.Keys ?? Enumerable.Empty<string>())
            {
                if (!index.TryGetValue(target, out var visited))
                {
                    Visit(target);
                    low[folder] = Math.Min(low[folder], low[target]);
                }
                else if (stack.Contains(target))
                {
                    low[folder] = Math.Min(low[folder], visited);
                }
            }

            if (low[folder] == index[folder])
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    component.Add(member);
                }
                while (member != folder);
                if (component.Count > 1)
                {
                    cycles.Add([.. component.Order(StringComparer.Ordinal)]);
                }
            }
        }

        foreach (var folder in imports.Keys.Order(StringComparer.Ordinal))
        {
            if (!index.ContainsKey(folder))
            {
                Visit(folder);
            }
        }

        return [.. cycles.OrderBy(c => c[0], StringComparer.Ordinal)];
    }

    /// <summary>Which files make each import of a cycle, for the failure message.</summary>
    private static string Evidence(Dictionary<string, Dictionary<string, List<string>>> imports, string cycle)
    {
        var members = cycle.Split(" <-> ");
        return string.Join(", ", members.SelectMany(from => imports[from].Where(t => members.Contains(t.Key)).Select(t => $"{from} -> {t.Key}: {string.Join(' ', t.Value.Order(StringComparer.Ordinal).Take(3))}{(t.Value.Count > 3 ? " ..." : string.Empty)}")));
    }

    [GeneratedRegex(@"\bAiOpsPolicy\.Core\.([A-Z][A-Za-z0-9]*)")]
    private static partial Regex CoreNamespace();

    /// <summary>A qualified name that starts with a capitalised identifier not itself qualified: <c>Folder.Type</c>.</summary>
    [GeneratedRegex(@"(?<![\w.])([A-Z][A-Za-z0-9]*)\.([A-Z][A-Za-z0-9]*)\b")]
    private static partial Regex RelativeName();
}
