// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.RegularExpressions;

namespace AiOpsPolicy.Core.Tests.Architecture;

/// <summary>
/// The guard that keeps every project's folders in one direction: a folder never imports a folder that imports it,
/// directly or through others (docs/architecture.md, "Folder map"). A folder imports another when one of its files
/// names the other's namespace (a using directive or a qualified name) or names one of its types relative to the
/// project's namespace (<c>Evidence.EvidenceKind</c>); the files at a project's root (facades and entry points such as
/// <c>PolicyEngine</c>, <c>Program</c>, <c>IHistoryStore</c>) are outside the graph: they sit above its folders.
/// </summary>
public sealed partial class FolderDependencyTests
{
    /// <summary>Every project under <c>src/</c>, each guarded (<see cref="Projects_WhenListed_ShouldBeEverySourceProject"/> keeps the list whole).</summary>
    private static readonly string[] GuardedProjects =
    [
        "AiOpsPolicy.Cli",
        "AiOpsPolicy.Core",
        "AiOpsPolicy.History",
        "AiOpsPolicy.Reporting",
        "AiOpsPolicy.Service",
        "AiOpsPolicy.Sources",
        "AiOpsPolicy.Warehouse",
    ];

    public static TheoryData<string> Projects()
    {
        var projects = new TheoryData<string>();
        foreach (var project in GuardedProjects)
        {
            projects.Add(project);
        }

        return projects;
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void Folders_WhenTheirImportsAreFollowed_ShouldFormNoCycle(string project)
    {
        // Given
        var directory = Repository.Combine("src", project);

        // When, Then
        AssertNoCycle(directory, project);
    }

    [Fact]
    public void Projects_WhenListed_ShouldBeEverySourceProject()
    {
        // Given: a new project is guarded from its first folder.
        var projects = Directory.GetFiles(Repository.Combine("src"), "*.csproj", SearchOption.AllDirectories)
            .Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal);

        // When, Then
        Assert.Equal(projects, GuardedProjects);
    }

    [Fact]
    public void AssertNoCycle_WhenTwoFoldersOfAProjectImportEachOther_ShouldFailNamingTheCycleAndItsFiles()
    {
        // Given: a project on disk whose Api folder uses Decisions' namespace and whose Decisions folder names an Api
        // type relative to the project's namespace, with a third folder pointing one way at both.
        using var root = new TempDirectory();
        var project = root.Combine("AiOpsPolicy.Sample");
        Write(project, "Api/Problems.cs", "using AiOpsPolicy.Sample.Decisions;\nnamespace AiOpsPolicy.Sample.Api;\ninternal static class Problems { }\n");
        Write(project, "Decisions/Maker.cs", "namespace AiOpsPolicy.Sample.Decisions;\ninternal static class Maker { public static string Shown = Api.Problems.ToString(); }\n");
        Write(project, "Hosting/Host.cs", "using AiOpsPolicy.Sample.Api;\nusing AiOpsPolicy.Sample.Decisions;\nnamespace AiOpsPolicy.Sample.Hosting;\n");

        // When
        var failure = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AssertNoCycle(project, "AiOpsPolicy.Sample"));

        // Then
        Assert.Contains("Api <-> Decisions (Api -> Decisions: Api/Problems.cs, Decisions -> Api: Decisions/Maker.cs)", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Hosting", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AssertNoCycle_WhenAProjectsFoldersPointOneWay_ShouldPass()
    {
        // Given: the same project with the relative name gone, and a root file that imports everything.
        using var root = new TempDirectory();
        var project = root.Combine("AiOpsPolicy.Sample");
        Write(project, "Api/Problems.cs", "using AiOpsPolicy.Sample.Decisions;\nnamespace AiOpsPolicy.Sample.Api;\n");
        Write(project, "Decisions/Maker.cs", "namespace AiOpsPolicy.Sample.Decisions;\n");
        Write(project, "Program.cs", "using AiOpsPolicy.Sample.Api;\nusing AiOpsPolicy.Sample.Decisions;\nnamespace AiOpsPolicy.Sample;\n");

        // When
        var cycles = Cycles(Imports(project, "AiOpsPolicy.Sample"));

        // Then
        Assert.Empty(cycles);
        AssertNoCycle(project, "AiOpsPolicy.Sample");
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

    /// <summary>Fails, naming each cycle and the files that make it, when a project's folders import each other.</summary>
    private static void AssertNoCycle(string projectDirectory, string rootNamespace)
    {
        var imports = Imports(projectDirectory, rootNamespace);
        var cycles = Cycles(imports).Select(c => string.Join(" <-> ", c)).ToList();
        Assert.True(cycles.Count == 0, $"{rootNamespace}'s folders import each other: " + string.Join("; ", cycles.Select(c => c + " (" + Evidence(imports, c) + ")"))
            + ". Move what both need into a folder both point at, or the joining code to the project's root (docs/architecture.md).");
    }

    /// <summary>For each folder of a project, the folders its files import and, for each, the files that do.</summary>
    private static Dictionary<string, Dictionary<string, List<string>>> Imports(string projectDirectory, string rootNamespace)
    {
        var folders = Directory.GetDirectories(projectDirectory).Select(Path.GetFileName).OfType<string>().Where(f => f is not ("bin" or "obj")).ToHashSet(StringComparer.Ordinal);
        var qualified = new Regex(@"\b" + Regex.Escape(rootNamespace) + @"\.([A-Z][A-Za-z0-9]*)", RegexOptions.CultureInvariant);
        var imports = new Dictionary<string, Dictionary<string, List<string>>>(StringComparer.Ordinal);
        foreach (var folder in folders)
        {
            var targets = imports[folder] = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var file in Directory.EnumerateFiles(Path.Combine(projectDirectory, folder), "*.cs", SearchOption.AllDirectories))
            {
                var text = File.ReadAllText(file);
                // Inside a project, a sibling folder's type can also be named relative to the shared namespace
                // (Evaluation.RollupEntities, Evidence.EvidenceKind): count it when the folder has a file of that name.
                var relative = RelativeName().Matches(text)
                    .Where(m => File.Exists(Path.Combine(projectDirectory, m.Groups[1].Value, m.Groups[2].Value + ".cs")))
                    .Select(m => m.Groups[1].Value);
                foreach (var target in qualified.Matches(text).Select(m => m.Groups[1].Value).Concat(relative).Distinct(StringComparer.Ordinal))
                {
                    if (target != folder && folders.Contains(target))
                    {
                        (targets.TryGetValue(target, out var files) ? files : targets[target] = []).Add(Path.GetRelativePath(projectDirectory, file).Replace('\\', '/'));
                    }
                }
            }
        }

        return imports;
    }

    private static void Write(string projectDirectory, string relativePath, string text)
    {
        var path = Path.Combine(projectDirectory, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
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

    /// <summary>A qualified name that starts with a capitalised identifier not itself qualified: <c>Folder.Type</c>.</summary>
    [GeneratedRegex(@"(?<![\w.])([A-Z][A-Za-z0-9]*)\.([A-Z][A-Za-z0-9]*)\b")]
    private static partial Regex RelativeName();
}
