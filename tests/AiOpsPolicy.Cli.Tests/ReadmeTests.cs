// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Text.RegularExpressions;

namespace AiOpsPolicy.Cli.Tests;

/// <summary>
/// The README's first command, run as a newcomer runs it (the built CLI as a process, from the repository
/// root, with the README's own arguments), and every line the README quotes from its output compared with
/// what it prints: the long quote line by line in order ("..." stands for lines left out), and each
/// one-line quote after a metric group's gate.
/// </summary>
public sealed partial class ReadmeTests
{
    [Fact]
    public async Task Readme_WhenItsGateCommandRuns_ShouldPrintEveryLineItQuotes()
    {
        // Given
        var readme = File.ReadAllText(Repository.Combine("README.md"));
        var command = CommandPattern().Match(readme);
        Assert.True(command.Success, "README.md has no 'dotnet run --project src/AiOpsPolicy.Cli -- gate ...' command.");
        using var temp = new TempDirectory();
        var args = command.Groups["args"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(a => a == "artifacts/report.json" ? temp.Combine("report.json") : a)
            .ToList();
        var quotes = Quotes(readme);

        // When
        var output = (await RunAsync(["gate", .. args, "--no-cache"])).Split('\n').Select(l => l.TrimEnd()).ToList();

        // Then
        Assert.True(quotes.Count >= 6, $"Only {quotes.Count} quoted outputs were found.");
        foreach (var quote in quotes)
        {
            var at = 0;
            foreach (var line in quote.Where(l => l.Length > 0 && l.Trim() != "..."))
            {
                var found = output.FindIndex(at, l => l == line.TrimEnd());
                Assert.True(found >= 0, $"The README quotes a line the gate does not print (after line {at}):\n{line}\n\nThe output:\n{string.Join('\n', output)}");
                at = found + 1;
            }
        }
    }

    private static async Task<string> RunAsync(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Repository.Root };
        start.Environment["NO_COLOR"] = "1";
        start.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(10));
        Assert.True(process.ExitCode == 1, $"The README says the example blocks (exit 1); it exited {process.ExitCode}.\n{await error}");
        return await output;
    }

    [GeneratedRegex(@"dotnet run --project src/AiOpsPolicy.Cli -- gate (?<args>[^\n`]+)")]
    private static partial Regex CommandPattern();

    /// <summary>The fenced blocks with no language: the README's quotes of the gate's output (other blocks name theirs: sh, yaml, text).</summary>
    private static List<List<string>> Quotes(string markdown)
    {
        var quotes = new List<List<string>>();
        List<string>? current = null;
        var inOtherFence = false;
        foreach (var line in markdown.Split('\n'))
        {
            if (!line.StartsWith("```", StringComparison.Ordinal))
            {
                current?.Add(line);
                continue;
            }

            if (current is not null)
            {
                quotes.Add(current);
                current = null;
            }
            else if (inOtherFence)
            {
                inOtherFence = false;
            }
            else if (line == "```")
            {
                current = [];
            }
            else
            {
                inOtherFence = true;
            }
        }

        return quotes;
    }
}
