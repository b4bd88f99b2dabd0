// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AiOpsPolicy.Core.Compilation;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Loading;
using AiOpsPolicy.Core.Text;
using AiOpsPolicy.Core.Validation;

namespace AiOpsPolicy.Fuzz;

/// <summary>
/// Mutation fuzzer for the policy loader and validator and the evidence loader. Usage:
/// <c>dotnet run --project fuzz/AiOpsPolicy.Fuzz -c Release -- [--seconds N] [--seed S] [--target policies|evidence|expressions|both|all]</c>.
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
        var targets = target switch
        {
            "both" => ["policies", "evidence"],
            "all" => ["policies", "evidence", "expressions"],
            _ => new[] { target },
        };
        var exit = 0;
        foreach (var name in targets)
        {
            var budget = TimeSpan.FromSeconds((double)seconds / targets.Length);
            var stats = name switch
            {
                "policies" => Run(budget, new PolicyTarget(policySeeds, seed), findings),
                "expressions" => Run(budget, new ExpressionTarget(seed, Path.Combine(root, "fuzz", "findings")), findings),
                _ => Run(budget, new EvidenceTarget(evidenceSeeds, seed), findings),
            };
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

    /// <summary>
    /// Generates deep and long expressions (nested brackets, clause chains, unary, cast, member, lambda, conditional and
    /// interpolation chains, mixed and cut at random places), from well under the compiler's size limits to far over,
    /// and compiles each as a gate's condition. Every input must end in diagnostics or an assembly: an exception is a
    /// finding, and so is a stack overflow, which no handler catches: the input is written to
    /// <c>fuzz/findings/in-progress.txt</c> before it is compiled, so the one that killed the process is left there.
    /// </summary>
    private sealed class ExpressionTarget(int seed, string findings) : ITarget
    {
        private const string Workflow = """
            apiVersion: aiops-policy/v1
            kind: Workflow
            metadata:
              name: triage
            spec:
              steps:
                - name: inference
            """;

        private static readonly string[] Leaves = ["true", "Evidence.WorkflowRuns.Count > 0", "x", "1", "\"s\"", "Now", "r.Id", "SlaAttainment(\"triage\")"];

        private static readonly Func<Random, string, int, string>[] Shapes =
        [
            (r, e, n) => new string('(', n) + e + new string(')', n),
            (r, e, n) => string.Join(r.Next(2) == 0 ? " && " : "||", Enumerable.Repeat(e, n)),
            (r, e, n) => new string('!', n) + e,
            (r, e, n) => string.Concat(Enumerable.Repeat("(object)", n)) + e,
            (r, e, n) => "Evidence.WorkflowRuns" + string.Concat(Enumerable.Repeat(".Where(r => " + e + ")", n)) + ".Any()",
            (r, e, n) => string.Concat(Enumerable.Repeat("x => ", n)) + e,
            (r, e, n) => string.Concat(Enumerable.Repeat(e + " ? ", n)) + e + string.Concat(Enumerable.Repeat(" : false", n)),
            (r, e, n) => string.Concat(Enumerable.Repeat("$\"{", n)) + e + string.Concat(Enumerable.Repeat("}\"", n)),
            (r, e, n) => string.Concat(Enumerable.Repeat("new[] { ", n)) + e + string.Concat(Enumerable.Repeat(" }", n)),
            (r, e, n) => string.Concat(Enumerable.Repeat("[", n)) + e + string.Concat(Enumerable.Repeat("]", n)),
            (r, e, n) => "1" + string.Concat(Enumerable.Repeat(" + 1", n)) + " > 0",
        ];

        private readonly Random _random = new(seed);

        public string Name => "expressions";

        public (byte[] Input, string Extension) Next()
        {
            // Sizes spread over orders of magnitude, so that both sides of every limit are tried.
            var expression = Leaves[_random.Next(Leaves.Length)];
            for (var layer = _random.Next(1, 4); layer > 0; layer--)
            {
                // At most about 2 million characters: layers multiply, and the generator must not run out of memory itself.
                var size = Math.Min((int)Math.Pow(10, _random.NextDouble() * 5), 2_000_000 / (expression.Length + 10));
                expression = Shapes[_random.Next(Shapes.Length)](_random, expression, size);
            }

            if (_random.Next(4) == 0)
            {
                // Cut it anywhere: unbalanced brackets and unterminated strings.
                expression = expression[.._random.Next(expression.Length + 1)];
            }

            return (Encoding.UTF8.GetBytes(expression), ".txt");
        }

        public void Feed(byte[] input, string extension)
        {
            Directory.CreateDirectory(findings);
            File.WriteAllBytes(Path.Combine(findings, "in-progress" + extension), input);
            var expression = Encoding.UTF8.GetString(input);
            var gate = "apiVersion: aiops-policy/v1\nkind: Gate\nmetadata:\n  name: fuzzed\nspec:\n  condition: |-\n    " + expression.Replace("\n", " ", StringComparison.Ordinal) + "\n";
            var validated = PolicyValidator.Validate(PolicyLoader.Load([new SourceFile("fuzzed.yaml", Workflow + "\n---\n" + gate)]));
            if (!validated.HasErrors)
            {
                _ = PolicyCompiler.Compile(validated.PolicySet);
            }

            File.Delete(Path.Combine(findings, "in-progress" + extension));
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
