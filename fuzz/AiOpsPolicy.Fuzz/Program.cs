// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Loading;
using AiOpsPolicy.Core.Text;
using AiOpsPolicy.Core.Validation;

namespace AiOpsPolicy.Fuzz;

/// <summary>
/// Mutation fuzzer for the policy loader and validator and the evidence loader. Usage:
/// <c>dotnet run --project fuzz/AiOpsPolicy.Fuzz -c Release -- [--seconds N] [--seed S] [--target policies|evidence|both]</c>.
/// Every input must end in diagnostics; an exception that escapes is a finding, saved under
/// fuzz/findings/&lt;hash&gt;.&lt;ext&gt; with its stack in &lt;hash&gt;.txt. Exit code 0 when there
/// were no findings, 1 when there were, 3 when an input hung.
/// </summary>
internal static class Program
{
    /// <summary>How long one input may take before it is reported as a hang.</summary>
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(30);

    public static int Main(string[] args)
    {
        var seconds = 60;
        var seed = 1;
        var target = "both";
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--seconds":
                    seconds = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--seed":
                    seed = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--target":
                    target = args[i + 1];
                    break;
                default:
                    Console.Error.WriteLine($"Unknown option {args[i]}");
                    return 2;
            }
        }

        var root = FindRoot();
        var findings = new Findings(Path.Combine(root, "fuzz", "findings"));
        var policySeeds = Directory.GetFiles(Path.Combine(root, "policies", "helpdesk"), "*.yaml").Order(StringComparer.Ordinal).ToArray();
        var evidenceSeeds = Directory.GetFiles(Path.Combine(root, "examples", "evidence")).Order(StringComparer.Ordinal).ToArray();
        var targets = target == "both" ? ["policies", "evidence"] : new[] { target };
        var exit = 0;
        foreach (var name in targets)
        {
            var budget = TimeSpan.FromSeconds((double)seconds / targets.Length);
            var stats = name == "policies"
                ? Run(budget, new PolicyTarget(policySeeds, seed), findings)
                : Run(budget, new EvidenceTarget(evidenceSeeds, seed), findings);
            Console.WriteLine(
                $"{name}: seed {seed}, {stats.Iterations:N0} iterations in {stats.Elapsed.TotalSeconds:N1} s ({stats.Iterations / stats.Elapsed.TotalSeconds:N0}/s), " +
                $"{stats.Crashes:N0} crashing input(s), {stats.Signatures:N0} distinct crash(es)");
            exit = Math.Max(exit, stats.Crashes > 0 ? 1 : 0);
        }

        return exit;
    }

    private static Stats Run(TimeSpan budget, ITarget target, Findings findings)
    {
        var clock = Stopwatch.StartNew();
        long iterations = 0;
        long crashes = 0;
        var signatures = new HashSet<string>(StringComparer.Ordinal);
        var started = 0L;
        byte[] current = [];
        var currentExtension = string.Empty;
        using var stop = new CancellationTokenSource();
        var watchdog = new Thread(() =>
        {
            while (!stop.IsCancelled())
            {
                var at = Interlocked.Read(ref started);
                if (at != 0 && Stopwatch.GetElapsedTime(at) > HangLimit)
                {
                    var path = findings.Save(current, currentExtension, $"hang: input took more than {HangLimit.TotalSeconds} s");
                    Console.WriteLine($"HANG ({target.Name}): {path}");
                    Environment.Exit(3);
                }

                Thread.Sleep(500);
            }
        })
        { IsBackground = true };
        watchdog.Start();

        while (clock.Elapsed < budget)
        {
            var (input, extension) = target.Next();
            current = input;
            currentExtension = extension;
            Interlocked.Exchange(ref started, Stopwatch.GetTimestamp());
            try
            {
                target.Feed(input, extension);
            }
            catch (Exception ex)
            {
                crashes++;
                var signature = ex.GetType().FullName + " @ " + TopFrame(ex);
                if (signatures.Add(signature))
                {
                    var path = findings.Save(input, extension, ex.ToString());
                    Console.WriteLine($"CRASH ({target.Name}): {ex.GetType().Name}: {ex.Message}\n    at {TopFrame(ex)}\n    input: {path}");
                }
            }
            finally
            {
                Interlocked.Exchange(ref started, 0);
            }

            iterations++;
        }

        stop.Cancel();
        return new Stats(iterations, clock.Elapsed, crashes, signatures.Count);
    }

    private static bool IsCancelled(this CancellationTokenSource source) => source.IsCancellationRequested;

    private static string TopFrame(Exception ex)
    {
        var frames = (ex.StackTrace ?? string.Empty).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var frame = frames.FirstOrDefault(f => f.Contains("AiOpsPolicy.Core", StringComparison.Ordinal)) ?? frames.FirstOrDefault() ?? "?";
        return frame.StartsWith("at ", StringComparison.Ordinal) ? frame[3..] : frame;
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AiOpsPolicy.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Run the fuzzer from inside the repository: no folder above it holds AiOpsPolicy.sln.");
    }

    private sealed record Stats(long Iterations, TimeSpan Elapsed, long Crashes, int Signatures);

    /// <summary>Saves crashing inputs by content hash.</summary>
    private sealed class Findings(string folder)
    {
        public string Save(byte[] input, string extension, string details)
        {
            Directory.CreateDirectory(folder);
            var hash = Convert.ToHexStringLower(SHA256.HashData(input))[..16];
            var path = Path.Combine(folder, hash + extension);
            File.WriteAllBytes(path, input);
            File.WriteAllText(Path.Combine(folder, hash + ".txt"), details);
            return path;
        }
    }

    private interface ITarget
    {
        string Name { get; }

        (byte[] Input, string Extension) Next();

        void Feed(byte[] input, string extension);
    }

    /// <summary>Mutates one file of the help-desk policy set and loads and validates the whole set in memory.</summary>
    private sealed class PolicyTarget : ITarget
    {
        private readonly Random _random;
        private readonly string[] _names;
        private readonly byte[][] _seeds;
        private readonly Mutator _mutator;
        private int _mutated;

        public PolicyTarget(string[] paths, int seed)
        {
            _random = new Random(seed);
            _names = [.. paths.Select(Path.GetFileName).OfType<string>()];
            _seeds = [.. paths.Select(File.ReadAllBytes)];
            _mutator = new Mutator(_random, _seeds);
        }

        public string Name => "policies";

        public (byte[] Input, string Extension) Next()
        {
            _mutated = _random.Next(_seeds.Length);
            return (_mutator.Mutate(_seeds[_mutated]), ".yaml");
        }

        public void Feed(byte[] input, string extension)
        {
            // In memory the loader gets text: invalid bytes become U+FFFD, NUL stays NUL, as a tool
            // holding policies in memory would hand them over.
            var files = _seeds.Select((bytes, i) => new SourceFile(_names[i], Encoding.UTF8.GetString(i == _mutated ? input : bytes))).ToList();
            var loaded = PolicyLoader.Load(files);
            _ = PolicyValidator.Validate(loaded);
        }
    }

    /// <summary>Mutates one evidence file, writes it to a temporary folder, and loads that folder.</summary>
    private sealed class EvidenceTarget : ITarget
    {
        private readonly Random _random;
        private readonly string[] _names;
        private readonly byte[][] _seeds;
        private readonly Mutator _mutator;
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "aiops-fuzz-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));

        public EvidenceTarget(string[] paths, int seed)
        {
            _random = new Random(seed);
            _names = [.. paths.Select(Path.GetFileName).OfType<string>()];
            _seeds = [.. paths.Select(File.ReadAllBytes)];
            _mutator = new Mutator(_random, _seeds);
            Directory.CreateDirectory(_folder);
        }

        public string Name => "evidence";

        public (byte[] Input, string Extension) Next()
        {
            var index = _random.Next(_seeds.Length);
            var name = _names[index];
            // The extension carries the file's full name so that kinds named after files still apply.
            return (_mutator.Mutate(_seeds[index]), "." + name);
        }

        public void Feed(byte[] input, string extension)
        {
            foreach (var old in Directory.GetFiles(_folder))
            {
                File.Delete(old);
            }

            File.WriteAllBytes(Path.Combine(_folder, extension.TrimStart('.')), input);
            _ = EvidenceLoader.Load([_folder]);
        }
    }
}
