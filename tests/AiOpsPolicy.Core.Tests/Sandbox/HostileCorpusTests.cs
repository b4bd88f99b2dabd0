// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Compilation;
using AiOpsPolicy.Core.Results;

namespace AiOpsPolicy.Core.Tests.Sandbox;

/// <summary>
/// Issue 12's hostile expressions beyond the first corpus: clock-, time-zone- and hash-seed-dependent APIs, the
/// engine's generated members, expressions too large or too deep to compile safely, budget runaways that allocate in
/// one library call, and YAML that dresses an expression up. Each case states its exact outcome: the code, what the
/// message says (with the fix it names), and the line and column it points at.
/// </summary>
public sealed class HostileCorpusTests
{
    /// <summary>APIs that read the clock, the host's time zone or a per-process hash seed: expression, message fragment, the text the diagnostic points at.</summary>
    public static TheoryData<string, string, string> NotDeterministic => new()
    {
        { "DateTime.Parse(\"00:00\") > DateTime.MinValue", "today's date", "Parse" },
        { "DateTime.TryParse(\"00:00\", out var t) && t.Year > 2000", "today's date", "TryParse" },
        { "DateTime.ParseExact(\"05:00\", \"HH:mm\", null) > DateTime.MinValue", "today's date", "ParseExact" },
        { "Convert.ToDateTime(\"00:00\") > DateTime.MinValue", "today's date", "ToDateTime" },
        { "DateTimeOffset.Parse(\"2026-11-28 10:00\") < Now", "today's date", "Parse" },
        { "DateTimeOffset.TryParse(\"10:00\", out var t) && t < Now", "today's date", "TryParse" },
        { "DateOnly.Parse(\"Mar 5\").Year > 2000", "today's date", "Parse" },
        { "Now.LocalDateTime.Hour > 8", "the host's time zone", "LocalDateTime" },
        { "Now.ToLocalTime().Hour > 8", "the host's time zone", "ToLocalTime" },
        { "Now.UtcDateTime.ToLocalTime().Hour > 8", "the host's time zone", "ToLocalTime" },
        { "Now.DateTime.ToUniversalTime().Hour > 8", "the host's time zone", "ToUniversalTime" },
        { "Now.DateTime.IsDaylightSavingTime()", "the host's time zone", "IsDaylightSavingTime" },
        { "DateTime.FromFileTime(0).Year > 1600", "the host's time zone", "FromFileTime" },
        { "new DateTimeOffset(Now.DateTime) == Now", "the host's time zone", "new DateTimeOffset(Now.DateTime)" },
        { "Now > new DateTime(2026, 1, 1)", "the host's time zone", "new DateTime(2026, 1, 1)" },
        { "TimeZoneInfo.Local.BaseUtcOffset > TimeSpan.Zero", "the host's time zone", "TimeZoneInfo" },
        { "Now.DateTime.ToString(\"yyyy-MM-dd zzz\").Length > 0", "the host's time-zone offset", "Now.DateTime.ToString(\"yyyy-MM-dd zzz\")" },
        { "$\"{(object)Now.DateTime:zzz}\".Length > 0", "the host's time-zone offset", "{(object)Now.DateTime:zzz}" },
        { "StringComparer.Ordinal.GetHashCode(\"x\") != 0", "randomized hashing: hash codes differ from process to process", "GetHashCode" },
        { "EqualityComparer<string>.Default.GetHashCode(\"x\") != 0", "randomized hashing: hash codes differ from process to process", "GetHashCode" },
        { "string.GetHashCode(\"x\", StringComparison.Ordinal) != 0", "randomized hashing: hash codes differ from process to process", "GetHashCode" },
        { "(Evidence.WorkflowRuns.Count, \"x\").GetHashCode() != 0", "randomized hashing: hash codes differ from process to process", "GetHashCode" },
        { "HashCode.Combine(1, 2) != 0", "randomized hashing", "HashCode" },
        { "string.IsInterned(\"ok\") != null", "the process's string table", "IsInterned" },
        { "Evidence.WorkflowRuns.Shuffle().First().Id == \"r1\"", "randomness", "Shuffle" },
        { "Math.ReciprocalEstimate(3.0) > 0.3", "differs between processors", "ReciprocalEstimate" },
    };

    [Theory]
    [Trait("Hostile", "determinism")]
    [MemberData(nameof(NotDeterministic))]
    public void Compile_WhenAnExpressionReadsTheClockTheZoneOrAHashSeed_ShouldBeRefusedWithAFixAtItsColumn(string expression, string message, string at)
    {
        // A 'z' format is refused by its shape (AOP3007), every API by its symbol (AOP3005).
        AssertRefused(expression, message.Contains("time-zone offset", StringComparison.Ordinal) ? "AOP3007" : "AOP3005", message, at);
    }

    [Theory]
    [Trait("Hostile", "determinism")]
    [InlineData("new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero) < Now")]
    [InlineData("Now.UtcDateTime.Hour >= 0 && Now.ToOffset(TimeSpan.FromHours(2)).Hour >= 0")]
    [InlineData("$\"{Now:yyyy-MM-dd zzz}\".Length > 0 && Now.ToString(\"HH:mm zzz\").Length > 0")]
    [InlineData("TimeSpan.Parse(\"01:00\") == Hours(1) && TimeOnly.Parse(\"10:00\").Hour == 10")]
    public void Compile_WhenAnExpressionUsesTimesThatDoNotDependOnTheHost_ShouldCompile(string expression)
    {
        // Given / When
        var (output, _) = SandboxFixtures.CompileCondition(expression);

        // Then
        Assert.True(output.Assembly is not null, SandboxFixtures.Describe(output.Diagnostics));
    }

    /// <summary>The engine's generated and dispatch members: expression, message fragment, the text the diagnostic points at.</summary>
    public static TheoryData<string, string, string> GeneratedMembers => new()
    {
        { "EvaluateFindingWhen(0)", "the engine's own", "EvaluateFindingWhen" },
        { "EvaluateFindingPart(0, 0) != null", "the engine's own", "EvaluateFindingPart" },
        { "EvaluateClause(0, 0)", "the engine's own", "EvaluateClause" },
        { "ClauseTexts(0).Count() > 0", "the engine's own", "ClauseTexts" },
        { "EvaluateRubricCheck(0, null)", "the engine's own", "EvaluateRubricCheck" },
        { "base.EvaluateCondition(0)", "the engine's own", "EvaluateCondition" },
        { "base.EvaluateFindingWhen(0)", "the engine's own", "EvaluateFindingWhen" },
        { "new AiOpsPolicy.Generated.CompiledPolicies().Now < Now", "the engine's own generated members", "new AiOpsPolicy.Generated.CompiledPolicies()" },
        { "nameof(EvaluateCondition) != \"\"", "the engine's own", "EvaluateCondition" },
        { "nameof(System.IO.File.Exists) != \"\"", "the file system", "File" },
        { "nameof(Environment) != \"\"", "the environment", "Environment" },
    };

    [Theory]
    [Trait("Hostile", "expression")]
    [MemberData(nameof(GeneratedMembers))]
    public void Compile_WhenAnExpressionNamesTheEnginesOwnMembers_ShouldBeRefusedAtTheName(string expression, string message, string at)
    {
        AssertRefused(expression, "AOP3005", message, at);
    }

    /// <summary>Expressions too large to hand to Roslyn: the expression, the message fragment, the offset the diagnostic points at.</summary>
    public static TheoryData<string, string, int> TooLarge => new()
    {
        { new string('(', 10_000) + "true" + new string(')', 10_000), "is 20,004 characters long; at most 10,000 are allowed", 10_000 },
        { string.Join(" && ", Enumerable.Repeat("true", 100_000)), "is 799,996 characters long", 10_000 },
        { string.Join("&&", Enumerable.Repeat("true", 1_300)), "has more than 2,500 tokens", 5_002 },
        { new string('!', 2_600) + "true", "has more than 2,500 tokens", 2_500 },
        { new string('(', 65) + "true" + new string(')', 65), "nests brackets more than 64 levels deep", 64 },
        { "new[] { " + new string('[', 70), "nests brackets more than 64 levels deep", 71 },
        { "\"" + new string('x', 10_001) + "\" != null", "characters long", 10_000 },
        { "x => " + string.Concat(Enumerable.Repeat("$\"{", 90)) + "x" + string.Concat(Enumerable.Repeat("}\"", 90)), "has more than 6 interpolated strings", 23 },
    };

    [Theory]
    [Trait("Hostile", "expression")]
    [MemberData(nameof(TooLarge))]
    public void Compile_WhenAnExpressionIsTooLargeOrTooDeep_ShouldBeRefusedBeforeRoslynAtThePlaceOfTheLimit(string expression, string message, int offset)
    {
        // Given / When
        var (output, line) = SandboxFixtures.CompileCondition(expression);

        // Then: exactly one AOP3012, at the character where the limit is crossed.
        Assert.Null(output.Assembly);
        var diagnostic = Assert.Single(output.Diagnostics);
        Assert.Equal("AOP3012", diagnostic.Id);
        Assert.Contains(message, diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("Move parts of it into definitions", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal((line, SandboxFixtures.ExpressionColumn + offset), (diagnostic.Location.StartLine, diagnostic.Location.StartColumn));
    }

    /// <summary>Expressions just within the limits, of every deep shape: each compiles without overflowing the stack.</summary>
    public static TheoryData<string> JustWithinLimits => new()
    {
        new string('!', 2_400) + "true",
        new string('(', 64) + "true" + new string(')', 64),
        string.Join("&&", Enumerable.Repeat("true", 830)),
        string.Join("||", Enumerable.Repeat("Evidence.WorkflowRuns.Count>0", 120)),
        "Evidence.WorkflowRuns" + string.Concat(Enumerable.Repeat(".Where(r=>true)", 200)) + ".Any()",
        string.Concat(Enumerable.Repeat("(object)", 600)) + "true != null",
        "1" + string.Concat(Enumerable.Repeat("+1", 1_200)) + " > 0",
    };

    [Theory]
    [Trait("Hostile", "expression")]
    [MemberData(nameof(JustWithinLimits))]
    public void Compile_WhenAnExpressionIsDeepButWithinTheLimits_ShouldCompileOnASmallStack(string expression)
    {
        // Given: a thread with the 1.5 MiB stack .NET gives secondary threads on Linux, less than a main thread has.
        CompileOutput? output = null;
        var thread = new Thread(() => output = SandboxFixtures.CompileCondition(expression).Output, 1536 * 1024);

        // When
        thread.Start();
        thread.Join();

        // Then
        Assert.NotNull(output);
        Assert.True(output.Assembly is not null, SandboxFixtures.Describe(output.Diagnostics));
    }

    private const string Stopped = "The condition of gate 'b-hostile' was stopped: gate 'b-hostile' went over its allocation budget of 64 MiB";

    /// <summary>Allocations no guard sees until the call returns: expression, and the explanation.</summary>
    public static TheoryData<string, string> AllocationRunaways => new()
    {
        { "Enumerable.Range(0, 63).Select(i => new byte[50_000_000]).ToList().Count > 0", Stopped },
        { "new string('x', 1_000_000_000).Length > 0", Stopped },
        { "new long[100_000_000].Append(1L).Count() > 0", Stopped },
        { "Enumerable.Repeat(0L, 50_000_000).ToArray().Count() > 0", Stopped },
        { "string.Concat(Enumerable.Repeat(\"xy\", 50_000_000)).Length > 0", Stopped },
        { "Evidence.WorkflowRuns.Select(r => new string('x', 200_000_000)).Count() > 0", Stopped },
    };

    [Theory]
    [Trait("Hostile", "budget")]
    [MemberData(nameof(AllocationRunaways))]
    public void Evaluate_WhenOneCallAllocatesPastTheBudget_ShouldStopTheGateWithTheAllocationBudget(string expression, string explanation)
    {
        // Given
        var hostile = SandboxFixtures.ConditionGate("b-hostile", expression);
        var after = SandboxFixtures.ConditionGate("c-after", "Evidence.WorkflowRuns.Count == 3");

        // When
        var result = SandboxFixtures.EvaluateUnder(SandboxFixtures.AllocationOnly, hostile, after);

        // Then
        var gate = result.Gate("b-hostile");
        Assert.Equal(GateStatus.Error, gate.Status);
        Assert.Equal(explanation, gate.Explanation);
        Assert.Equal(GateStatus.Pass, result.Gate("c-after").Status);
    }

    [Fact]
    [Trait("Hostile", "expression")]
    public void Evaluate_WhenAConditionDeclaresAPatternVariableAcrossClauses_ShouldEvaluateIt()
    {
        // Given: the engine bug (AOP5003: the clause copies did not compile).
        var gate = SandboxFixtures.ConditionGate("a-pattern", "Evidence.WorkflowRuns.Count is var n && n >= 0 && n < 10");

        // When
        var result = SandboxFixtures.Evaluate(gate);

        // Then: one clause (the clauses share n), and the condition holds.
        var evaluated = result.Gate("a-pattern");
        Assert.Equal(GateStatus.Pass, evaluated.Status);
        Assert.Equal("the condition holds", evaluated.Explanation);
    }

    [Fact]
    [Trait("Hostile", "expression")]
    public void Evaluate_WhenAClauseThrows_ShouldSayTheClauseThrewAndPointAtTheExpressionsOwnLine()
    {
        // Given: a block scalar; the expression is on the line below "condition: |-", indented by four.
        var gate = SandboxFixtures.ConditionGate("a-throws", "Evidence.WorkflowRuns.Count > 0 &&\n1 / (Evidence.WorkflowRuns.Count - 3) > 0");

        // The expression's first line in the file the harness writes: the manifest and the workflow come first.
        var documents = string.Join("\n---\n", SandboxFixtures.SmallBudgets, TestPolicies.Workflow, gate).Split('\n');
        var line = Array.FindIndex(documents, l => l.StartsWith("  condition: ", StringComparison.Ordinal)) + 2;

        // When
        var result = SandboxFixtures.Evaluate(gate);

        // Then
        var evaluated = result.Gate("a-throws");
        Assert.Equal(GateStatus.Error, evaluated.Status);
        Assert.Equal((line, SandboxFixtures.ExpressionColumn), (evaluated.Location.StartLine, evaluated.Location.StartColumn));
        Assert.Contains($"The condition of gate 'a-throws' threw DivideByZeroException at policy.yaml({line},{SandboxFixtures.ExpressionColumn})", evaluated.Explanation, StringComparison.Ordinal);
        Assert.DoesNotContain(" is threw ", evaluated.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Hostile", "expression")]
    public void Explain_WhenAClauseThrowsWhileTheConditionDecides_ShouldWordItAsThrew()
    {
        // Given: the first clause decides (false), the second throws on its own.
        var gate = SandboxFixtures.ConditionGate("a-clause", "Evidence.WorkflowRuns.Count > 5 && 1 / (Evidence.WorkflowRuns.Count - 3) > 0");

        // When
        var result = SandboxFixtures.Evaluate(gate);

        // Then
        var evaluated = result.Gate("a-clause");
        Assert.Equal(GateStatus.Fail, evaluated.Status);
        Assert.Equal(
            "the condition does not hold; clauses: `Evidence.WorkflowRuns.Count > 5` is false; `1 / (Evidence.WorkflowRuns.Count - 3) > 0` threw DivideByZeroException: Attempted to divide by zero.",
            evaluated.Explanation);
    }

    /// <summary>
    /// YAML that dresses a hostile expression up (anchors, escapes, tags, comments, folding, duplicate keys, other
    /// node kinds): the gate's spec lines, the code of the first error (or empty when it must compile), and a fragment
    /// of its message.
    /// </summary>
    public static TheoryData<string, string, string> YamlTricks => new()
    {
        { "  description: &x System.IO.File.Exists(\"/etc/passwd\")\n  condition: *x", "AOP3005", "the file system" },
        { "  condition: \"System.IO.\\u0046ile.Exists(\\\"x\\\")\"", "AOP3005", "the file system" },
        { "  condition: \"System.Environment.\\x47etEnvironmentVariable(\\\"PGPASSWORD\\\") != null\"", "AOP3005", "the environment" },
        { "  condition: >-\n    Evidence.WorkflowRuns.Count > 0 &&\n    System.IO.File.Exists(\"x\")", "AOP3005", "the file system" },
        { "  condition: Evidence.WorkflowRuns.Count > 0 #|| System.IO.File.Exists(\"x\")", string.Empty, string.Empty },
        { "  condition: !!str System.IO.File.Exists(\"x\")", "AOP3005", "the file system" },
        { "  condition: Evidence.WorkflowRuns.Count > 0\n  condition: System.IO.File.Exists(\"x\")", "AOP1005", "condition" },
        { "  condition:\n    - System.IO.File.Exists(\"x\")", "AOP2", "condition" },
        { "  condition: ~", "AOP2", "condition" },
        { "  condition: |-\n    true; } } class X { static X() { System.Environment.Exit(1); } bool B() => true", "AOP3001", "does not parse as one C# expression" },
    };

    [Theory]
    [Trait("Hostile", "yaml")]
    [MemberData(nameof(YamlTricks))]
    public void Compile_WhenYamlDressesAnExpressionUp_ShouldCheckTheExpressionYamlGives(string spec, string code, string message)
    {
        // Given
        var gate = TestPolicies.Gate("dressed", spec);

        // When
        var validated = TestPolicies.Validate(TestPolicies.Workflow, gate);
        var diagnostics = validated.HasErrors ? validated.Diagnostics : PolicyCompiler.Compile(validated.PolicySet).Diagnostics;

        // Then
        var first = diagnostics.FirstOrDefault(d => d.IsError);
        if (code.Length == 0)
        {
            Assert.Null(first);
            return;
        }

        Assert.True(first is not null && first.Id.StartsWith(code, StringComparison.Ordinal) && first.Message.Contains(message, StringComparison.Ordinal), SandboxFixtures.Describe(diagnostics));
        Assert.Equal("policy.yaml", first.Location.Path);
        Assert.True(first.Location.StartLine > 0);
    }

    private static void AssertRefused(string expression, string code, string message, string at)
    {
        // Given / When
        var (output, line) = SandboxFixtures.CompileCondition(expression);

        // Then: refused, with the message, at the column of the text it names.
        Assert.Null(output.Assembly);
        var column = SandboxFixtures.ExpressionColumn + expression.IndexOf(at, StringComparison.Ordinal);
        Assert.True(
            output.Diagnostics.Any(d => d.Id == code && d.Message.Contains(message, StringComparison.Ordinal) && d.Location.StartLine == line && d.Location.StartColumn == column),
            $"Expected {code} '{message}' at ({line},{column}), got:\n{SandboxFixtures.Describe(output.Diagnostics)}");
    }
}
