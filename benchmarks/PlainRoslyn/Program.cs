// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace PlainRoslyn;

/// <summary>
/// <c>PlainRoslyn &lt;expressions.txt&gt;</c>: one C# boolean expression per line over <c>Runs</c>
/// (an array of runs) and <c>Ctx</c> (a window), each made a static method of one class, parsed,
/// compiled as one <see cref="CSharpCompilation"/> and emitted to memory; then exits. The least a
/// program that compiles the rules with Roslyn must do: the floor for a cold <c>gate</c>.
/// </summary>
internal static class Program
{
    private const string Prelude = """
        #nullable enable
        using System;
        using System.Linq;

        public sealed record Run(string Id, string Workflow, string? Step, DateTimeOffset StartedAt, DateTimeOffset EndedAt, string Outcome)
        {
            public TimeSpan Duration => EndedAt - StartedAt;
        }

        public sealed class Window(DateTimeOffset asOf)
        {
            public DateTimeOffset AsOf { get; } = asOf;
            public DateTimeOffset From7 { get; } = asOf.AddDays(-7);
            public DateTimeOffset From14 { get; } = asOf.AddDays(-14);
        }

        public static class Rules
        {

        """;

    private static int Main(string[] args)
    {
        var source = new StringBuilder(Prelude);
        var count = 0;
        foreach (var line in File.ReadLines(args[0]).Where(l => l.Length > 0))
        {
            source.Append(CultureInfo.InvariantCulture, $"    public static bool R{count++}(Run[] Runs, Window Ctx) => {line};\n");
        }

        source.Append("}\n");
        string[] wanted = ["System.Private.CoreLib", "System.Runtime", "System.Linq", "System.Collections", "netstandard"];
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => wanted.Contains(Path.GetFileNameWithoutExtension(p), StringComparer.Ordinal))
            .Select(p => MetadataReference.CreateFromFile(p));
        var tree = CSharpSyntaxTree.ParseText(source.ToString(), new CSharpParseOptions(LanguageVersion.Latest));
        var compilation = CSharpCompilation.Create(
            "PlainRules",
            [tree],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, nullableContextOptions: NullableContextOptions.Enable));
        using var assembly = new MemoryStream();
        var result = compilation.Emit(assembly);
        foreach (var error in result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(5))
        {
            Console.Error.WriteLine(error.ToString());
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"expressions={count}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bytes={assembly.Length}"));
        return result.Success && count > 0 ? 0 : 1;
    }
}
