// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Results;

namespace AiOpsPolicy.Core.Tests.Sandbox;

/// <summary>
/// A corpus of hostile policy expressions, each with its expected outcome as data: refused at
/// compile time with a diagnostic code, or stopped at run time with the gate ending in error (or
/// insufficient-evidence) while the other gates of the same run still pass.
/// </summary>
public sealed class HostileExpressionTests
{
    /// <summary>Expressions refused at compile time: the expression, the expected code, and a fragment of the message.</summary>
    public static TheoryData<string, string, string> RefusedAtCompileTime => new()
    {
        // Files and directories.
        { "System.IO.File.Exists(\"/etc/passwd\")", "AOP3005", "the file system" },
        { "System.IO.File.ReadAllText(\"/etc/passwd\").Length > 0", "AOP3005", "the file system" },
        { "System.IO.Directory.GetFiles(\"/\").Length > 0", "AOP3005", "the file system" },
        { "new System.IO.FileInfo(\"/etc/passwd\").Length > 0", "AOP3005", "the file system" },
        { "System.IO.Path.GetTempPath() != \"\"", "AOP3005", "the file system" },

        // Network: the networking assemblies are not even referenced, so the names do not resolve.
        { "new System.Net.Http.HttpClient() != null", "AOP3002", "CS0234" },
        { "System.Net.Dns.GetHostName() != \"\"", "AOP3002", "CS0234" },

        // Processes and the debugger.
        { "System.Diagnostics.Process.Start(\"sh\") != null", "AOP3002", "CS0234" },
        { "System.Diagnostics.Stopwatch.GetTimestamp() > 0", "AOP3005", "processes and the debugger" },
        { "System.Diagnostics.Debugger.IsAttached", "AOP3005", "processes and the debugger" },
        { "System.Diagnostics.Debugger.Launch()", "AOP3005", "processes and the debugger" },

        // The environment.
        { "System.Environment.GetEnvironmentVariable(\"GITHUB_TOKEN\") != null", "AOP3005", "the environment" },
        { "Environment.ProcessorCount > 0", "AOP3005", "the environment" },
        { "Evidence.WorkflowRuns.Count > 0 || Environment.ExitCode == 0", "AOP3005", "the environment" },
        { "Evidence.WorkflowRuns.All(r => System.Environment.TickCount64 > 0)", "AOP3005", "the environment" },

        // Console: System.Console.dll is not referenced, so the names do not resolve.
        { "System.Console.ReadLine() != null", "AOP3002", "CS0234" },
        { "Console.Out != null", "AOP3002", "CS0103" },

        // Reflection.
        { "\"x\".GetType().Name == \"String\"", "AOP3005", "reflection" },
        { "Evidence.WorkflowRuns.Any(r => r.GetType().Assembly != null)", "AOP3005", "reflection" },
        { "typeof(string).Name == \"String\"", "AOP3007", "typeof" },
        { "Type.GetType(\"System.IO.File\") != null", "AOP3005", "reflection" },
        { "Activator.CreateInstance<object>() != null", "AOP3005", "reflection" },
        { "System.Reflection.Assembly.Load(\"evil\") != null", "AOP3005", "reflection" },
        { "((System.Reflection.MethodInfo)null) == null", "AOP3005", "reflection" },
        { "((Delegate)(Func<int>)(() => 1)).DynamicInvoke() != null", "AOP3005", "reflection" },
        { "Convert.ChangeType(1, TypeCode.Int32) != null", "AOP3005", "reflection" },

        // dynamic and dynamic code.
        { "((dynamic)1) == 1", "AOP3007", "dynamic" },
        { "System.Linq.Expressions.Expression.Constant(1) != null", "AOP3002", "CS0234" },
        { "Regex.CompileToAssembly(null, null) == null", "AOP3005", "regular expressions without a match timeout" },

        // Threads, tasks, the thread pool and timers.
        { "System.Threading.Tasks.Task.Run(() => 1).Result == 1", "AOP3005", "threads, tasks and timers" },
        { "System.Threading.ThreadPool.ThreadCount > 0", "AOP3005", "threads, tasks and timers" },
        { "new System.Threading.Timer(null) != null", "AOP3005", "threads, tasks and timers" },
        { "new System.Threading.Thread(() => Evidence.WorkflowRuns.Count.ToString()) != null", "AOP3005", "threads, tasks and timers" },
        { "Evidence.WorkflowRuns.AsParallel().Count() > 0", "AOP3002", "CS1061" },

        // Interop, unsafe code and the stack.
        { "System.Runtime.InteropServices.Marshal.SizeOf<int>() == 4", "AOP3005", "native interop" },
        { "System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(1) > 0", "AOP3005", "runtime internals" },
        { "*(int*)0 == 0", "AOP3007", "pointers" },
        { "stackalloc int[100000000].Length > 0", "AOP3007", "stackalloc" },
        { "__makeref(Evidence) != null", "AOP3007", "references" },

        // The garbage collector, the runtime's configuration, assembly loading.
        { "GC.GetTotalMemory(false) > 0", "AOP3005", "the garbage collector" },
        { "AppDomain.CurrentDomain.FriendlyName != \"\"", "AOP3005", "the runtime's configuration" },
        { "AppContext.BaseDirectory != \"\"", "AOP3005", "the runtime's configuration" },
        { "System.Runtime.Loader.AssemblyLoadContext.Default != null", "AOP3005", "assembly loading" },

        // Fully qualified and global:: names resolve to the same refused symbol.
        { "global::System.IO.File.Exists(\"x\")", "AOP3005", "the file system" },
        { "global::System.Environment.UserName != \"\"", "AOP3005", "the environment" },

        // The wall clock, randomness, randomized hashing, culture.
        { "DateTime.Now > DateTime.MinValue", "AOP3005", "the wall clock" },
        { "DateTime.UtcNow.Year > 2000", "AOP3005", "the wall clock" },
        { "DateTime.Today.Year > 2000", "AOP3005", "the wall clock" },
        { "DateTimeOffset.Now.Year > 2000", "AOP3005", "the wall clock" },
        { "DateTimeOffset.UtcNow > Now", "AOP3005", "the wall clock" },
        { "new Random().Next() > 0", "AOP3005", "randomness" },
        { "Random.Shared.Next() > 0", "AOP3005", "randomness" },
        { "Guid.NewGuid() != Guid.Empty", "AOP3005", "randomness" },
        { "\"x\".GetHashCode() != 0", "AOP3005", "randomized hashing" },
        { "Evidence.WorkflowRuns.Any(r => r.Id.GetHashCode() % 2 == 0)", "AOP3005", "randomized hashing" },
        { "System.Globalization.CultureInfo.CurrentCulture.Name != \"\"", "AOP3005", "culture-dependent formatting" },

        // Exceptions and the engine's internals.
        { "new Exception(\"x\").Message != \"\"", "AOP3005", "exceptions" },
        { "((AiOpsPolicy.Core.Evidence.EvidenceSet)null) == null", "AOP3005", "engine internals" },
        { "AiOpsPolicy.Core.Expressions.ExpressionGuard.Enter() == 0", "AOP3005", "engine internals" },

        // Refused shapes: statement lambdas, anonymous methods, throw.
        { "Evidence.WorkflowRuns.Any(r => { return true; })", "AOP3007", "statement body" },
        { "Evidence.WorkflowRuns.Select(r => { System.Environment.Exit(1); return r; }).Any()", "AOP3007", "statement body" },
        { "Evidence.WorkflowRuns.Any(delegate (WorkflowRun r) { return true; })", "AOP3007", "anonymous method" },
        { "Evidence.WorkflowRuns.Count > 0 ? true : throw new InvalidOperationException()", "AOP3007", "throw" },

        // Self-calling delegates: the Y combinator needs a call through a cast or a parameter.
        { "((Func<object, bool>)(f => ((Func<object, bool>)f)(f)))(null)", "AOP3007", "calling a delegate" },
        { "new Func<int, bool>(x => x > 0)(1)", "AOP3007", "calling a delegate" },
        { "((Func<int, bool>)(x => x > 0)).Invoke(1)", "AOP3007", "calling a delegate" },
        { "Evidence.WorkflowRuns.Select<WorkflowRun, Func<int, bool>>(r => i => i > 0).First()(1)", "AOP3007", "calling a delegate" },

        // The engine's generated members and dispatch.
        { "EvaluateCondition(0)", "AOP3005", "the engine's own" },
        { "Condition_0()", "AOP3005", "the engine's own generated members" },
        { "Measure_0() != null", "AOP3002", "CS0103" },

        // Text that tries to leave the expression, directives, several expressions.
        { "1; } } class X {", "AOP3001", "does not parse as one C# expression" },
        { "true; } static void Main() { System.IO.File.Delete(\"x\"); } bool B() { return true;", "AOP3001", "does not parse as one C# expression" },
        { "#r \"evil.dll\"\ntrue", "AOP3001", "CS7011" },
        { "#load \"evil.csx\"\ntrue", "AOP3001", "CS8097" },
        { "#define EVIL\ntrue", "AOP3001", "preprocessor directive" },
        { "#if EVIL\nSystem.IO.File.Exists(\"x\") ||\n#endif\ntrue", "AOP3001", "preprocessor directive" },
        { "#pragma warning disable\ntrue", "AOP3001", "preprocessor directive" },
        { "true; true", "AOP3001", "does not parse as one C# expression" },
        { "true, false", "AOP3001", "does not parse as one C# expression" },
        { "using X = System.IO.File; true", "AOP3001", "does not parse as one C# expression" },
    };

    [Theory]
    [Trait("Hostile", "expression")]
    [MemberData(nameof(RefusedAtCompileTime))]
    public void Compile_WhenExpressionIsHostile_ShouldBeRefusedWithItsCode(string expression, string code, string message)
    {
        // Given
        var text = expression;

        // When
        var (output, line) = SandboxFixtures.CompileCondition(text);

        // Then: no assembly, and the expected diagnostic inside the expression's lines.
        Assert.Null(output.Assembly);
        var lines = text.Split('\n').Length;
        Assert.True(
            output.Diagnostics.Any(d => d.Id == code && d.Message.Contains(message, StringComparison.Ordinal) && d.Location.Path == "policy.yaml" && d.Location.StartLine >= line && d.Location.StartLine < line + lines),
            $"Expected {code} '{message}' on lines {line}..{line + lines - 1}, got:\n{SandboxFixtures.Describe(output.Diagnostics)}");
    }

    /// <summary>Expressions that compile but run away or throw: the expression, the gate's expected status, and a fragment of its explanation.</summary>
    public static TheoryData<string, GateStatus, string> StoppedAtRunTime => new()
    {
        // An endless loop of guarded lambdas: the guard sees the clock.
        { "Enumerable.Range(0, int.MaxValue).Select(i => i).Count(i => i < 0) > 0", GateStatus.Error, "went over its time budget of 1s" },

        // A billion-element loop inside one library call: no guard runs, the gate is abandoned.
        { "Enumerable.Repeat(1L, int.MaxValue).Sum() > 0", GateStatus.Error, "inside a library call and was abandoned" },

        // One allocation past the runtime's limits fails on its own.
        { "new string('x', int.MaxValue).Length > 0", GateStatus.Error, "tried to allocate more memory than the process can hold" },

        // Many allocations through lambdas: the allocation budget.
        { "Enumerable.Range(0, 100000000).Select(i => new long[1000]).Count() > 0", GateStatus.Error, "went over its allocation budget of 64 MiB" },

        // Exceptions the expression throws, with the expression's location.
        { "1 / (Evidence.WorkflowRuns.Count - 3) > 0", GateStatus.Error, "threw DivideByZeroException at policy.yaml(" },
        { "Evidence.WorkflowRuns.FirstOrDefault(r => r.Step == \"nope\").Outcome.Length > 0", GateStatus.Error, "threw NullReferenceException at policy.yaml(" },
        { "Evidence.WorkflowRuns.First(r => r.Step == \"nope\").Outcome.Length > 0", GateStatus.Error, "threw InvalidOperationException at policy.yaml(" },
        { "Evidence.WorkflowRuns[5].Outcome == \"ok\"", GateStatus.Error, "threw IndexOutOfRangeException at policy.yaml(" },
        { "int.Parse(Evidence.WorkflowRuns[0].Id) > 0", GateStatus.Error, "threw FormatException at policy.yaml(" },
        { "checked(int.MaxValue + Evidence.WorkflowRuns.Count) > 0", GateStatus.Error, "threw OverflowException at policy.yaml(" },

        // Evidence the run was not given.
        { "Evidence.Incidents.Count(i => i.IsOpen) == 0", GateStatus.InsufficientEvidence, "Insufficient evidence" },
    };

    [Theory]
    [Trait("Hostile", "budget")]
    [MemberData(nameof(StoppedAtRunTime))]
    public void Evaluate_WhenExpressionRunsAwayOrThrows_ShouldEndThatGateOnly(string expression, GateStatus status, string explanation)
    {
        // Given: a gate before and a gate after the hostile one.
        var before = SandboxFixtures.ConditionGate("a-before", "Evidence.WorkflowRuns.Count == 3");
        var hostile = SandboxFixtures.ConditionGate("b-hostile", expression);
        var after = SandboxFixtures.ConditionGate("c-after", "Evidence.WorkflowRuns.Any(r => r.Step == \"inference\")");

        // When
        var result = SandboxFixtures.Evaluate(before, hostile, after);

        // Then
        var gate = result.Gate("b-hostile");
        Assert.Equal(status, gate.Status);
        Assert.True(gate.Explanation.Contains(explanation, StringComparison.Ordinal), gate.Explanation);
        Assert.Equal("policy.yaml", gate.Location.Path);
        Assert.Equal(GateStatus.Pass, result.Gate("a-before").Status);
        Assert.Equal(GateStatus.Pass, result.Gate("c-after").Status);
    }

    [Fact]
    [Trait("Hostile", "budget")]
    public void Evaluate_WhenIteratorChainIsMillionsDeep_ShouldStopOrFinishAndTheProcessSurvive()
    {
        // Given: every Aggregate step wraps the sequence in one more Distinct; enumerating the chain
        // nests one frame per level where no guard runs.
        var hostile = SandboxFixtures.ConditionGate("b-hostile", "Enumerable.Range(0, 5000000).Aggregate(Enumerable.Range(0, 3), (acc, i) => acc.Distinct()).Sum() > 0");
        var after = SandboxFixtures.ConditionGate("c-after", "Evidence.WorkflowRuns.Count == 3");

        // When
        var result = SandboxFixtures.Evaluate(hostile, after);

        // Then: stopped by the allocation budget, or it completed; either way the run goes on.
        var gate = result.Gate("b-hostile");
        Assert.True(
            gate.Status == GateStatus.Pass || (gate.Status == GateStatus.Error && gate.Explanation.Contains("budget", StringComparison.Ordinal)),
            $"{gate.Status}: {gate.Explanation}");
        Assert.Equal(GateStatus.Pass, result.Gate("c-after").Status);
    }

    [Fact]
    [Trait("Hostile", "budget")]
    public void Evaluate_WhenSeveralGatesRunAway_ShouldStopEachAndStillPassTheRest()
    {
        // Given: a guarded loop, an abandoned library loop and an allocation runaway in one run.
        string[] gates =
        [
            SandboxFixtures.ConditionGate("a-loop", "Enumerable.Range(0, int.MaxValue).Select(i => i).Count(i => i < 0) > 0"),
            SandboxFixtures.ConditionGate("b-library", "Enumerable.Repeat(1L, int.MaxValue).Sum() > 0"),
            SandboxFixtures.ConditionGate("c-fine", "Evidence.WorkflowRuns.Count == 3"),
            SandboxFixtures.ConditionGate("d-memory", "new string('x', int.MaxValue).Length > 0"),
            SandboxFixtures.ConditionGate("e-fine", "Evidence.WorkflowRuns.Count(r => r.Step == null) == 2"),
        ];

        // When
        var result = SandboxFixtures.Evaluate(gates);

        // Then
        Assert.Equal(
            [GateStatus.Error, GateStatus.Error, GateStatus.Pass, GateStatus.Error, GateStatus.Pass],
            result.Gates.OrderBy(g => g.Gate, StringComparer.Ordinal).Select(g => g.Status));
        Assert.True(result.Blocked);
    }
}
