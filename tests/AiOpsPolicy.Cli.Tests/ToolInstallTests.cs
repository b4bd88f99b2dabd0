// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Diagnostics;

namespace AiOpsPolicy.Cli.Tests;

/// <summary>
/// README's "Install" section, done the way a user does it: pack the CLI into a nupkg, install it as a
/// dotnet tool from that package (into a tool path, as <c>--global</c> does into ~/.dotnet/tools, and as a
/// local tool with a manifest), and run the installed command on the example.
/// </summary>
[Trait("Category", "Install")]
public sealed class ToolInstallTests
{
    [Fact]
    public async Task Install_WhenFromThePackedNupkgGlobalAndLocal_ShouldRunTheExampleGate()
    {
        // Given: the nupkg that 'dotnet cake build/build.cake --target=Pack' (dotnet pack) makes
        using var temp = new TempDirectory();
        var feed = Directory.CreateDirectory(temp.Combine("feed")).FullName;
        await RunAsync(temp.Path, "dotnet", "pack", Repository.Combine("src", "AiOpsPolicy.Cli", "AiOpsPolicy.Cli.csproj"), "-c", "Release", "--no-build", "--no-restore", "-o", feed);
        var package = Path.GetFileName(Assert.Single(Directory.GetFiles(feed, "AiOpsPolicy.Cli.*.nupkg")));
        var version = package["AiOpsPolicy.Cli.".Length..^".nupkg".Length];
        File.WriteAllText(temp.Combine("nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
              </packageSources>
            </configuration>
            """);

        // When: installed into a tool path (what --global does, without touching the user's ~/.dotnet/tools)
        var tools = temp.Combine("tools");
        await RunAsync(temp.Path, "dotnet", "tool", "install", "AiOpsPolicy.Cli", "--version", version, "--tool-path", tools, "--configfile", temp.Combine("nuget.config"));
        var (globalExit, globalOut) = await RunAsync(temp.Path, Path.Combine(tools, "aiops-policy"), "gate", "--policies", Repository.HelpdeskPolicies, "--evidence", Repository.ExampleEvidence, "--as-of", "2026-11-28T12:00:00Z", "--no-cache");

        // and as a local tool, with a manifest
        var project = Directory.CreateDirectory(temp.Combine("project")).FullName;
        await RunAsync(project, "dotnet", "new", "tool-manifest");
        await RunAsync(project, "dotnet", "tool", "install", "AiOpsPolicy.Cli", "--version", version, "--local", "--configfile", temp.Combine("nuget.config"));
        var (localExit, localOut) = await RunAsync(project, "dotnet", "tool", "run", "aiops-policy", "--", "--version");

        // Then
        Assert.Equal(1, globalExit);
        Assert.Contains("Decision: BLOCKED by 1 gate(s)", globalOut, StringComparison.Ordinal);
        Assert.Equal(0, localExit);
        Assert.StartsWith(version.Split('+')[0], localOut.Trim(), StringComparison.Ordinal);
        var manifest = Assert.Single(Directory.GetFiles(project, "dotnet-tools.json", SearchOption.AllDirectories));
        Assert.Contains("\"aiops-policy\"", File.ReadAllText(manifest), StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, string fileName, params string[] args)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory };
        start.Environment["NO_COLOR"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        var text = await output;
        if (fileName == "dotnet" && process.ExitCode != 0)
        {
            Assert.Fail($"{fileName} {string.Join(' ', args)} exited {process.ExitCode}:\n{text}\n{await error}");
        }

        return (process.ExitCode, text + await error);
    }
}
