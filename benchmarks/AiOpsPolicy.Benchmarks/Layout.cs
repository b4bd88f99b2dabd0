// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Benchmarks;

/// <summary>Where things are: the repository, the build outputs the harness runs, the dotnet host.</summary>
internal sealed record Layout(string RepoRoot, string CliDll, string NoopDll, string HarnessDll, string DotnetHost, string RulesEnginePrepareDll, string PlainRoslynDll)
{
    public string HelpdeskPolicies => Path.Combine(RepoRoot, "policies", "helpdesk");

    public string ExampleEvidence => Path.Combine(RepoRoot, "examples", "evidence");

    /// <summary>
    /// The CLI published ReadyToRun for linux-x64 by <c>dotnet cake build/build.cake --target=Publish</c>,
    /// or null when it has not been published (the harness then measures the JIT build only).
    /// </summary>
    public string? PublishedCliDll
    {
        get
        {
            var dll = Path.Combine(RepoRoot, "artifacts", "publish", "linux-x64", "aiops-policy.dll");
            return File.Exists(dll) ? dll : null;
        }
    }

    /// <summary>
    /// The self-contained composite ReadyToRun CLI's executable (<c>--target=PublishComposite</c>),
    /// or null when it has not been published.
    /// </summary>
    public string? PublishedCompositeCli
    {
        get
        {
            var exe = Path.Combine(RepoRoot, "artifacts", "publish", "linux-x64-composite", "aiops-policy");
            return File.Exists(exe) ? exe : null;
        }
    }

    /// <summary>The --as-of time the example evidence is written for.</summary>
    public static string AsOf => "2026-11-28T12:00:00Z";

    /// <summary>
    /// Finds the repository above the harness's own output folder, and the CLI, Noop, RulesEnginePrepare and PlainRoslyn outputs of
    /// the same configuration and target framework (bin/&lt;Configuration&gt;/&lt;tfm&gt;), which the
    /// harness's project references build.
    /// </summary>
    public static Layout Locate()
    {
        var baseDir = Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory);
        var tfm = Path.GetFileName(baseDir);
        var configuration = Path.GetFileName(Path.GetDirectoryName(baseDir)) ?? "Release";
        var root = new DirectoryInfo(baseDir);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Directory.Packages.props")))
        {
            root = root.Parent;
        }

        if (root is null)
        {
            throw new HarnessException($"cannot find the repository root above {baseDir}");
        }

        var cli = Path.Combine(root.FullName, "src", "AiOpsPolicy.Cli", "bin", configuration, tfm, "aiops-policy.dll");
        var noop = Path.Combine(root.FullName, "benchmarks", "Noop", "bin", configuration, tfm, "Noop.dll");
        var rulesEngine = Path.Combine(root.FullName, "benchmarks", "RulesEnginePrepare", "bin", configuration, tfm, "RulesEnginePrepare.dll");
        var plainRoslyn = Path.Combine(root.FullName, "benchmarks", "PlainRoslyn", "bin", configuration, tfm, "PlainRoslyn.dll");
        foreach (var dll in new[] { cli, noop, rulesEngine, plainRoslyn })
        {
            if (!File.Exists(dll))
            {
                throw new HarnessException($"{dll} does not exist: build with `dotnet build -c {configuration} benchmarks/AiOpsPolicy.Benchmarks` first");
            }
        }

        return new Layout(root.FullName, cli, noop, Path.Combine(baseDir, "AiOpsPolicy.Benchmarks.dll"), FindDotnetHost(), rulesEngine, plainRoslyn);
    }

    private static string FindDotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        var self = Environment.ProcessPath;
        return self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }
}
