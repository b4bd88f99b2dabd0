// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Compilation;

namespace AiOpsPolicy.Core.Tests.Compilation;

public sealed class CompilationCacheTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "aiops-cache-" + Guid.NewGuid().ToString("N"));
    private readonly string _policies = Path.Combine(Repository.Root, "policies", "helpdesk");

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void Prepare_WhenRunTwice_ShouldTakeTheSecondFromTheCache()
    {
        // Given
        var engine = new PolicyEngine(new CompilationCache(_directory));

        // When
        using var first = engine.Prepare([_policies]).Compiled;
        using var second = engine.Prepare([_policies]).Compiled;

        // Then
        Assert.False(first!.FromCache);
        Assert.True(second!.FromCache);
    }

    [Theory]
    [InlineData("dll")]
    [InlineData("json")]
    public void Prepare_WhenCacheEntryIsCorrupt_ShouldRebuildItAndSaySo(string extension)
    {
        // Given: a cached entry whose file is then damaged.
        var engine = new PolicyEngine(new CompilationCache(_directory));
        engine.Prepare([_policies]).Compiled!.Dispose();
        var file = Directory.GetFiles(_directory, "*." + extension).Single();
        var bytes = File.ReadAllBytes(file);
        bytes[bytes.Length / 2] ^= 0x5A;
        File.WriteAllBytes(file, bytes);

        // When
        var prepared = engine.Prepare([_policies]);
        using var compiled = prepared.Compiled;

        // Then
        Assert.False(compiled!.FromCache);
        // A damaged DLL fails its MAC (AOP3010); a damaged manifest is unreadable or fails it too.
        Assert.Contains(prepared.Diagnostics, d => d.Id is "AOP3006" or "AOP3010");
        using var again = engine.Prepare([_policies]).Compiled;
        Assert.True(again!.FromCache);
    }

    [Fact]
    public void Prepare_WhenAnAuthenticEntryCarriesNoMetricPlan_ShouldRebuildItRatherThanEvaluateWithoutIt()
    {
        // Given: an entry stored under this machine's key whose assembly has the generated type but no metric plan, as
        // an engine from before the plan became data wrote them (had its build identity been the same).
        var cache = new CompilationCache(_directory);
        var engine = new PolicyEngine(cache);
        using (var compiled = engine.Prepare([_policies]).Compiled!)
        {
            Assert.True(cache.Store(compiled.Policies, WithoutPlan()));
        }

        // When
        var prepared = engine.Prepare([_policies]);
        using var rebuilt = prepared.Compiled;

        // Then: refused at load, said so, rebuilt; the rebuilt entry is used next time.
        Assert.False(rebuilt!.FromCache);
        Assert.Contains(prepared.Diagnostics, d => d.Id == "AOP3006" && d.Message.Contains("BadImageFormatException", StringComparison.Ordinal));
        Assert.NotEmpty(rebuilt.PlannedRequests);
        using var again = engine.Prepare([_policies]).Compiled;
        Assert.True(again!.FromCache);
    }

    [Fact]
    public void Key_WhenAPolicyFileChanges_ShouldChange()
    {
        // Given
        var copy = Path.Combine(_directory, "policies");
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(_policies))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        var before = new PolicyEngine(null).Prepare([copy]);
        var gates = Path.Combine(copy, "gates.yaml");

        // When
        File.WriteAllText(gates, File.ReadAllText(gates).Replace("min: 95%", "min: 90%", StringComparison.Ordinal));
        var after = new PolicyEngine(null).Prepare([copy]);

        // Then
        Assert.NotEqual(CompilationCache.Key(before.Compiled!.Policies), CompilationCache.Key(after.Compiled!.Policies));
        before.Compiled.Dispose();
        after.Compiled.Dispose();
    }

    /// <summary>An assembly with the generated type's name and nothing else: no metric plan resource.</summary>
    private static byte[] WithoutPlan()
    {
        var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create(
            "no-plan-" + Guid.NewGuid().ToString("N"),
            [Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("namespace AiOpsPolicy.Generated { public class CompiledPolicies { } }")],
            [Microsoft.CodeAnalysis.MetadataReference.CreateFromFile(typeof(object).Assembly.Location)],
            new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary));
        using var stream = new MemoryStream();
        Assert.True(compilation.Emit(stream).Success);
        return stream.ToArray();
    }
}
