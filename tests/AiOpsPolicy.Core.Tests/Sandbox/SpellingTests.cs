// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Tests.Sandbox;

/// <summary>
/// The sandbox checks resolved symbols, not text: a forbidden symbol (here System.IO.File and
/// System.IO.FileInfo) cannot be reached through any spelling, and each refusal points at the
/// refused name itself.
/// </summary>
public sealed class SpellingTests
{
    /// <summary>The expression, the text at whose first occurrence the refusal is expected, and the code.</summary>
    public static TheoryData<string, string, string> Spellings => new()
    {
        // Plain, global::, verbatim, escaped and spaced-out names all resolve to System.IO.File.
        { "System.IO.File.Exists(\"x\")", "File", "AOP3005" },
        { "global::System.IO.File.Exists(\"x\")", "File", "AOP3005" },
        { "System.IO.@File.Exists(\"x\")", "@File", "AOP3005" },
        { "System.IO.\\u0046ile.Exists(\"x\")", "\\u0046ile", "AOP3005" },
        { "System . IO /* a comment */ . File . Exists(\"x\")", "File", "AOP3005" },

        // A method group passed to LINQ, and a call inside an interpolated string.
        { "new[] { \"x\" }.Any(System.IO.File.Exists)", "File", "AOP3005" },
        { "$\"{System.IO.File.Exists(\"x\")}\" == \"True\"", "File", "AOP3005" },

        // An extension method on an allowed type that returns a type off the list.
        { "\"x\".AsSpan().Length == 1", "AsSpan", "AOP3005" },

        // A lambda parameter of a forbidden type.
        { "Enumerable.Empty<object>().Select(o => o.ToString()).Any((System.IO.FileInfo f) => f.Exists)", "FileInfo", "AOP3005" },

        // default, casts, type patterns.
        { "default(System.IO.FileInfo) == null", "FileInfo", "AOP3005" },
        { "(System.IO.FileInfo)null == null", "FileInfo", "AOP3005" },
        { "(object)\"x\" is System.IO.FileInfo", "FileInfo", "AOP3005" },
        { "((object)\"x\" as System.IO.FileInfo) == null", "FileInfo", "AOP3005" },

        // Generic type arguments, tuple elements, array types.
        { "new List<System.IO.FileInfo>().Count == 0", "FileInfo", "AOP3005" },
        { "Enumerable.Empty<System.IO.FileInfo>().Any()", "FileInfo", "AOP3005" },
        { "default((int, System.IO.FileInfo)).Item1 == 0", "FileInfo", "AOP3005" },
        { "new List<(int Count, System.IO.FileInfo File)>().Count == 0", "FileInfo", "AOP3005" },
        { "new System.IO.FileInfo[0].Length == 0", "FileInfo", "AOP3005" },
        { "new System.IO.FileInfo[0][0][0] == null", "FileInfo", "AOP3005" },
    };

    [Theory]
    [Trait("Hostile", "expression")]
    [MemberData(nameof(Spellings))]
    public void Compile_WhenForbiddenSymbolIsSpelledDifferently_ShouldRefuseItAtTheName(string expression, string marker, string code)
    {
        // Given
        var column = SandboxFixtures.ExpressionColumn + expression.IndexOf(marker, StringComparison.Ordinal);

        // When
        var (output, line) = SandboxFixtures.CompileCondition(expression);

        // Then
        Assert.Null(output.Assembly);
        Assert.True(
            output.Diagnostics.Any(d => d.Id == code && d.Location.StartLine == line && d.Location.StartColumn == column),
            $"Expected {code} at ({line},{column}), got:\n{SandboxFixtures.Describe(output.Diagnostics)}");
    }

    [Fact]
    [Trait("Hostile", "expression")]
    public void Compile_WhenAliasIsDeclaredInTheExpression_ShouldRefuseItAsNotAnExpression()
    {
        // Given: a using alias is a directive, not an expression, so it cannot rename File.
        var expression = "using X = System.IO.File; X.Exists(\"x\")";

        // When
        var (output, line) = SandboxFixtures.CompileCondition(expression);

        // Then
        Assert.Null(output.Assembly);
        var diagnostic = Assert.Single(output.Diagnostics);
        Assert.Equal("AOP3001", diagnostic.Id);
        Assert.Equal(line, diagnostic.Location.StartLine);
    }
}
