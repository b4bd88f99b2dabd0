// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.RegularExpressions;

namespace AiOpsPolicy.Cli.Tests;

/// <summary>
/// docs/commands.md lists every environment variable the engine reads: an operator who sets one (or wonders why a run
/// behaves differently in CI) finds it there. The variables are the <c>AIOPS_POLICY_*</c> names in the sources.
/// </summary>
public sealed partial class EnvironmentVariablesDocTests
{
    [Fact]
    public void CommandsDoc_ShouldListEveryEnvironmentVariableTheEngineReads()
    {
        // Given
        var read = Directory.EnumerateFiles(Repository.Combine("src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => VariablePattern().Matches(File.ReadAllText(f)).Select(m => m.Groups["name"].Value))
            .ToHashSet(StringComparer.Ordinal);
        var doc = File.ReadAllText(Repository.Combine("docs", "commands.md"));

        // When
        var missing = read.Where(v => !doc.Contains($"`{v}`", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();

        // Then
        Assert.True(read.Count >= 10, $"Only {read.Count} variables were found in src: the pattern no longer matches the code.");
        Assert.True(missing.Count == 0, $"docs/commands.md (\"Environment variables\") does not list: {string.Join(", ", missing)}");
    }

    [GeneratedRegex("\"(?<name>AIOPS_POLICY_[A-Z_]+)\"")]
    private static partial Regex VariablePattern();
}
