// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AiOpsPolicy.Testing;

/// <summary>
/// An attacker's assembly to swap for a compiled policy set: it has the generated type's name, and its static
/// constructor writes the pipeline's environment variable <c>AIOPS_TEST_SECRET</c> (or "ran") to a marker file. The
/// engine creates that type to evaluate, so the constructor runs with the pipeline's environment if the swapped
/// assembly is ever loaded and used. A test asserts the marker file never appears. Like a compiled policy set, it
/// carries a metric plan (empty), so that only the cache's MAC or the bundle's signature stands between it and a run.
/// </summary>
public static class HostilePayload
{
    /// <summary>Compiles the payload.</summary>
    /// <param name="markerPath">The file the static constructor writes.</param>
    /// <returns>The assembly's bytes.</returns>
    public static byte[] Compile(string markerPath)
    {
        var source = $$"""
            namespace AiOpsPolicy.Generated
            {
                public class CompiledPolicies
                {
                    static CompiledPolicies()
                    {
                        System.IO.File.WriteAllText(@"{{markerPath.Replace("\"", "\"\"", StringComparison.Ordinal)}}", System.Environment.GetEnvironmentVariable("AIOPS_TEST_SECRET") ?? "ran");
                    }
                }
            }
            """;
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p) is "System.Private.CoreLib.dll" or "System.Runtime.dll")
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create(
            "payload-" + Guid.NewGuid().ToString("N"),
            [CSharpSyntaxTree.ParseText(source)],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        // The resource name and format of the engine's metric plan (Core's Compilation/MetricPlan.cs): an assembly
        // without a readable plan is refused as unreadable before anything in it runs.
        var plan = new ResourceDescription("AiOpsPolicy.Generated.MetricPlan.json", () => new MemoryStream("""{"calls":[]}"""u8.ToArray()), isPublic: true);
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream, manifestResources: [plan]);
        if (!result.Success)
        {
            throw new InvalidOperationException("The payload does not compile: " + string.Join("; ", result.Diagnostics));
        }

        return stream.ToArray();
    }
}
