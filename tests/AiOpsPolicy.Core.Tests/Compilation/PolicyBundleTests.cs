// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.IO.Compression;
using System.Text;
using AiOpsPolicy.Core.Compilation;

namespace AiOpsPolicy.Core.Tests.Compilation;

public sealed class PolicyBundleTests : IDisposable
{
    private static readonly DateTimeOffset Now = TestClock.Now;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "aiops-bundle-" + Guid.NewGuid().ToString("N"));
    private readonly string _policies = Path.Combine(Repository.Root, "policies", "helpdesk");
    private readonly string _evidence = Path.Combine(Repository.Root, "examples", "evidence");

    public PolicyBundleTests()
    {
        Directory.CreateDirectory(_folder);
    }

    /// <summary>The digest checks below the signature are what these tests are about: unsigned bundles are let through.</summary>
    private static BundleTrust AllowUnsigned { get; } = BundleTrust.Create([], allowUnsigned: true, new List<string>());

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void LoadBundle_WhenBuiltFromTheExample_ShouldEvaluateExactlyLikeTheSources()
    {
        // Given
        var bundle = Build("a.bundle");
        var evidence = PolicyEngine.LoadEvidence([_evidence]).Evidence;
        using var fromSources = new PolicyEngine(null).Prepare([_policies]).Compiled!;

        // When
        var prepared = PolicyEngine.LoadBundle(bundle, AllowUnsigned);
        using var fromBundle = prepared.Compiled!;

        // Then: unsigned, so allowed with a warning
        Assert.Equal(["AOP5031"], prepared.Diagnostics.Select(d => d.Id));
        Assert.Equal(fromSources.Policies.Digest, fromBundle.Policies.Digest);
        var expected = PolicyEngine.Evaluate(fromSources, evidence, Now);
        var actual = PolicyEngine.Evaluate(fromBundle, evidence, Now);
        Assert.Equal(expected.Gates.Select(g => (g.Gate, g.Status, g.Observed)), actual.Gates.Select(g => (g.Gate, g.Status, g.Observed)));
    }

    [Fact]
    public void Build_WhenRunTwice_ShouldWriteTheSameBytes()
    {
        // When
        var first = File.ReadAllBytes(Build("a.bundle"));
        var second = File.ReadAllBytes(Build("b.bundle"));

        // Then
        Assert.Equal(first, second);
    }

    [Theory]
    [InlineData("policies/gates.yaml", "digest")]
    [InlineData("policies.dll", "assembly does not match")]
    [InlineData("manifest.json", "not by this engine")]
    public void LoadBundle_WhenAnEntryWasAltered_ShouldRefuseIt(string entry, string reason)
    {
        // Given
        var bundle = Build("a.bundle");
        using (var zip = ZipFile.Open(bundle, ZipArchiveMode.Update))
        {
            var old = zip.GetEntry(entry)!;
            byte[] content;
            using (var stream = old.Open())
            using (var buffer = new MemoryStream())
            {
                stream.CopyTo(buffer);
                content = buffer.ToArray();
            }

            old.Delete();
            var text = Encoding.UTF8.GetString(content);
            content = entry switch
            {
                "manifest.json" => Encoding.UTF8.GetBytes(text.Replace("\"engineBuild\": \"", "\"engineBuild\": \"0.0.0+old+", StringComparison.Ordinal)),
                "policies.dll" => [.. content.Take(content.Length - 1), (byte)(content[^1] ^ 1)],
                _ => Encoding.UTF8.GetBytes(text.Replace("min: 95%", "min: 90%", StringComparison.Ordinal)),
            };
            using var rewritten = zip.CreateEntry(entry).Open();
            rewritten.Write(content);
        }

        // When
        var prepared = PolicyEngine.LoadBundle(bundle, AllowUnsigned);

        // Then
        Assert.Null(prepared.Compiled);
        var diagnostic = Assert.Single(prepared.Diagnostics);
        Assert.Equal("AOP5004", diagnostic.Id);
        Assert.Contains(reason, diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadBundle_WhenTheFileIsNotABundle_ShouldRefuseItClearly()
    {
        // Given
        var path = Path.Combine(_folder, "not-a.bundle");
        File.WriteAllText(path, "hello");

        // When
        var prepared = PolicyEngine.LoadBundle(path, AllowUnsigned);

        // Then
        Assert.Equal("AOP5004", Assert.Single(prepared.Diagnostics).Id);
    }

    private string Build(string name)
    {
        var path = Path.Combine(_folder, name);
        using (var stream = File.Create(path))
        {
            var diagnostics = PolicyEngine.Build([_policies], stream);
            Assert.DoesNotContain(diagnostics, d => d.IsError);
        }

        return path;
    }
}
