// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using AiOpsPolicy.Cli;
using AiOpsPolicy.Core;
using AiOpsPolicy.Core.Compilation;

namespace AiOpsPolicy.Benchmarks;

/// <summary>
/// The measurements that must run in a fresh process. The harness starts itself with one of these
/// modes and reads the <c>key=value</c> lines it prints.
/// </summary>
internal static class Child
{
    public const string PrepareMode = "child-prepare";

    public const string GateMode = "child-gate";

    /// <summary><c>child-prepare &lt;policies&gt; [cacheDir|-]</c>: times one Prepare() in this process.</summary>
    public static int Prepare(string[] args)
    {
        var cache = args.Length > 1 && args[1] != "-" ? new CompilationCache(args[1]) : null;
        var engine = new PolicyEngine(cache);
        PreparedPolicies? prepared = null;
        var ms = Measure.Time(() => prepared = engine.Prepare([args[0]]));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"prepare-ms={ms:F1}"));
        Console.WriteLine($"gates={prepared?.Compiled?.Policies.Gates.Length ?? -1}");
        Console.WriteLine($"errors={prepared?.Diagnostics.Count(d => d.IsError) ?? -1}");
        Console.WriteLine($"from-cache={prepared?.Compiled?.FromCache}");
        Console.WriteLine($"roslyn-assemblies={RoslynAssemblies()}");
        foreach (var diagnostic in prepared?.Diagnostics.Where(d => d.IsError).Take(5) ?? [])
        {
            Console.Error.WriteLine(diagnostic.ToString());
        }

        return prepared?.HasErrors == false ? 0 : 2;
    }

    /// <summary><c>child-gate &lt;cli args&gt;</c>: runs the CLI's real entry point in this process.</summary>
    public static int Gate(string[] args)
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        var start = self.WorkingSet64;
        var console = new CapturingConsole();
        var exit = AiOpsPolicy.Cli.Program.Run(args, console, () => DateTimeOffset.UtcNow);
        self.Refresh();
        self.Refresh();
        Console.WriteLine($"cli-exit={exit}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cpu-ms={self.TotalProcessorTime.TotalMilliseconds:F0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ws-start-mb={start / 1e6:F1}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak-ws-mb={self.PeakWorkingSet64 / 1e6:F1}"));
        Console.WriteLine($"roslyn-assemblies={RoslynAssemblies()}");
        Console.Error.Write(console.Err.ToString());
        return exit;
    }

    /// <summary>The Microsoft.CodeAnalysis assemblies loaded in this process, or "none".</summary>
    public static string RoslynAssemblies()
    {
        var names = AppDomain.CurrentDomain.GetAssemblies()
            .Select(a => a.GetName().Name ?? string.Empty)
            .Where(n => n.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToArray();
        return names.Length == 0 ? "none" : string.Join(",", names);
    }

    private sealed class CapturingConsole : IConsole
    {
        public TextWriter Out { get; } = TextWriter.Null;

        public TextWriter Err { get; } = new StringWriter(CultureInfo.InvariantCulture);

        public bool SupportsColor => false;
    }
}
