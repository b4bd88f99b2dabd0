// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Security.Cryptography;
using AiOpsPolicy.Core;
using AiOpsPolicy.Core.Compilation;

namespace AiOpsPolicy.Benchmarks;

/// <summary>
/// What authenticating compiled code costs on the warm path: the cache entry's HMAC-SHA256 (over the manifest fields
/// and the assembly, checked on every cache hit), reading the per-user key file, a whole cache-hit Prepare() with the
/// MAC against the same without the file reads, and a bundle's ECDSA P-256 signature check.
/// </summary>
internal static class TrustBenchmark
{
    public static void Run(string repoRoot, int gates, int runs, List<string> failures)
    {
        Console.WriteLine($"== trust: cost of the cache MAC and the bundle signature ({runs} runs, medians)");
        var generated = PolicyGenerator.Write(gates);
        var sets = new[] { ("helpdesk example", Path.Combine(repoRoot, "policies", "helpdesk")), ($"generated, {gates} gates", generated) };
        var temp = Directory.CreateTempSubdirectory("aiops-bench-trust-").FullName;
        try
        {
            var keyFile = Path.Combine(temp, "config", "cache.key");
            var key = CompilationCacheKey.FromFile(keyFile, Path.Combine(temp, "cache"), out var problem)
                ?? throw new HarnessException("no cache key: " + problem);
            Console.WriteLine(Summary.Header);
            Console.WriteLine(Summary.Rule);
            Console.WriteLine(Measure.Repeat("read the key file x1000 (0600 check included)", 1, runs, () => Measure.Time(() => Times(1000, () => CompilationCacheKey.FromFile(keyFile, Path.Combine(temp, "cache"), out _)))).Row);
            using (var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256))
            {
                var manifest = RandomNumberGenerator.GetBytes(700);
                var signature = ecdsa.SignData(manifest, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
                var spki = ecdsa.ExportSubjectPublicKeyInfo();
                Console.WriteLine(Measure.Repeat("ECDSA P-256 verify of a 700-byte manifest x1000", 1, runs, () => Measure.Time(() => Times(1000, () =>
                {
                    using var verifier = ECDsa.Create();
                    verifier.ImportSubjectPublicKeyInfo(spki, out _);
                    verifier.VerifyData(manifest, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
                }))).Row);
            }

            foreach (var (name, folder) in sets)
            {
                var cache = new CompilationCache(Path.Combine(temp, "cache-" + name.Length.ToString(CultureInfo.InvariantCulture)), key);
                var engine = new PolicyEngine(cache);
                engine.Prepare([folder]).Compiled?.Dispose();
                var dll = Directory.GetFiles(cache.Directory, "*.dll").Single();
                var bytes = File.ReadAllBytes(dll);
                var secret = RandomNumberGenerator.GetBytes(32);
                Console.WriteLine(Measure.Repeat($"{name}: HMAC-SHA256 of its {bytes.Length / 1024} KiB assembly x1000", 1, runs, () => Measure.Time(() => Times(1000, () => HMACSHA256.HashData(secret, bytes)))).Row);
                Console.WriteLine(Measure.Repeat($"{name}: SHA-256 of it x1000 (what format 1 did)", 1, runs, () => Measure.Time(() => Times(1000, () => SHA256.HashData(bytes)))).Row);
                Console.WriteLine(Measure.Repeat($"{name}: Prepare(), cache hit, MAC checked", 3, runs, () =>
                {
                    PreparedPolicies? prepared = null;
                    var ms = Measure.Time(() => prepared = engine.Prepare([folder]));
                    if (prepared?.Compiled is not { FromCache: true })
                    {
                        failures.Add($"trust: {name} was not a cache hit");
                    }

                    prepared?.Compiled?.Dispose();
                    return ms;
                }).Row);

                using var signing = BundleSigningKey.Generate();
                var bundle = Path.Combine(temp, "b" + name.Length.ToString(CultureInfo.InvariantCulture) + ".bundle");
                using (var stream = File.Create(bundle))
                {
                    PolicyEngine.Build([folder], stream, signing);
                }

                var problems = new List<string>();
                var trust = BundleTrust.Create([("bench", signing.PublicKeyPem)], allowUnsigned: false, problems);
                var unsignedTrust = BundleTrust.Create([], allowUnsigned: true, problems);
                var unsigned = Path.Combine(temp, "u" + name.Length.ToString(CultureInfo.InvariantCulture) + ".bundle");
                using (var stream = File.Create(unsigned))
                {
                    PolicyEngine.Build([folder], stream);
                }

                Console.WriteLine(Measure.Repeat($"{name}: LoadBundle, signed and checked", 3, runs, () => LoadOnce(bundle, trust, failures)).Row);
                Console.WriteLine(Measure.Repeat($"{name}: LoadBundle, unsigned (--allow-unsigned)", 3, runs, () => LoadOnce(unsigned, unsignedTrust, failures)).Row);
            }
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
            Directory.Delete(generated, recursive: true);
        }
    }

    private static void Times(int count, Action action)
    {
        for (var i = 0; i < count; i++)
        {
            action();
        }
    }

    private static double LoadOnce(string bundle, BundleTrust trust, List<string> failures)
    {
        PreparedPolicies? prepared = null;
        var ms = Measure.Time(() => prepared = PolicyEngine.LoadBundle(bundle, trust));
        if (prepared?.Compiled is null)
        {
            failures.Add("trust: a bundle was refused: " + string.Join("; ", prepared?.Diagnostics.Select(d => d.Message) ?? []));
        }

        prepared?.Compiled?.Dispose();
        return ms;
    }
}
