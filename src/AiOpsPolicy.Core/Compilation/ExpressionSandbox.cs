// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Frozen;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace AiOpsPolicy.Core.Compilation;

/// <summary>
/// The compile-time half of the sandbox. Policy expressions are untrusted code from a pull request:
/// every symbol an expression names, and the type of every sub-expression, is checked on the semantic
/// model against an allow-list; anything else is refused with the symbol's name. Checking resolved
/// symbols, not text, means no spelling gets past it: fully qualified names, <c>global::</c>, extension
/// methods and aliases all resolve to the same symbol. A few constructs are refused by shape.
/// </summary>
internal static class ExpressionSandbox
{
    /// <summary>Types an expression may use, by metadata name of their (generic) definition.</summary>
    private static readonly FrozenSet<string> AllowedTypes = new[]
    {
        // Primitive and value types.
        "System.Object", "System.Boolean", "System.Byte", "System.SByte", "System.Int16", "System.UInt16", "System.Int32",
        "System.UInt32", "System.Int64", "System.UInt64", "System.Single", "System.Double", "System.Decimal", "System.Char",
        "System.String", "System.Math", "System.MathF", "System.TimeSpan", "System.DateTimeOffset", "System.DateTime",
        "System.DateOnly", "System.TimeOnly", "System.DayOfWeek", "System.Nullable`1", "System.Index", "System.Range",
        "System.MidpointRounding", "System.StringComparison", "System.StringComparer", "System.StringSplitOptions", "System.Convert",
        "System.ValueTuple", "System.ValueTuple`1", "System.ValueTuple`2", "System.ValueTuple`3", "System.ValueTuple`4",
        "System.ValueTuple`5", "System.ValueTuple`6", "System.ValueTuple`7", "System.ValueTuple`8",
        "System.Tuple`1", "System.Tuple`2", "System.Tuple`3", "System.Tuple`4",
        "System.IComparable`1", "System.IEquatable`1",

        // Delegates, for lambdas passed to LINQ and for definitions whose value is a lambda.
        "System.Func`1", "System.Func`2", "System.Func`3", "System.Func`4", "System.Func`5", "System.Func`6",
        "System.Predicate`1", "System.Comparison`1",

        // LINQ to objects and collections.
        "System.Linq.Enumerable", "System.Linq.IGrouping`2", "System.Linq.ILookup`2", "System.Linq.IOrderedEnumerable`1",
        "System.Collections.Generic.IEnumerable`1", "System.Collections.Generic.IReadOnlyList`1", "System.Collections.Generic.IReadOnlyCollection`1",
        "System.Collections.Generic.IList`1", "System.Collections.Generic.ICollection`1", "System.Collections.Generic.List`1",
        "System.Collections.Generic.Dictionary`2", "System.Collections.Generic.IDictionary`2", "System.Collections.Generic.IReadOnlyDictionary`2",
        "System.Collections.Generic.HashSet`1", "System.Collections.Generic.ISet`1", "System.Collections.Generic.IReadOnlySet`1",
        "System.Collections.Generic.KeyValuePair`2", "System.Collections.Generic.SortedDictionary`2", "System.Collections.Generic.SortedSet`1",
        "System.Collections.Generic.IEqualityComparer`1", "System.Collections.Generic.IComparer`1",
        "System.Collections.Generic.EqualityComparer`1", "System.Collections.Generic.Comparer`1",
        "System.Collections.Immutable.ImmutableArray`1", "System.Collections.Immutable.ImmutableSortedDictionary`2",

        // Regular expressions through the context's IsMatch and RegexMatch only, which always pass a
        // match timeout: Regex itself is refused, since its default timeout is infinite once any code
        // in the process has used it.
        "System.Text.RegularExpressions.Match", "System.Text.RegularExpressions.MatchCollection",
        "System.Text.RegularExpressions.Group", "System.Text.RegularExpressions.GroupCollection", "System.Text.RegularExpressions.Capture",
        "System.Text.RegularExpressions.RegexOptions",

        // The evaluation context and what it hands out.
        "AiOpsPolicy.Core.Evaluation.PolicyContext", "AiOpsPolicy.Core.Evaluation.MetricValue", "AiOpsPolicy.Core.Evaluation.Window",
        "AiOpsPolicy.Core.Evaluation.DeclaredObjects`1", "AiOpsPolicy.Core.Evaluation.EvidenceView",
        "AiOpsPolicy.Core.Metrics.Aggregation", "AiOpsPolicy.Core.Metrics.AggregationKind", "AiOpsPolicy.Core.Metrics.RecoveryPhase",
        "AiOpsPolicy.Core.Metrics.FragmentationMeasure",
        "AiOpsPolicy.Core.Evidence.EvidenceRecord", "AiOpsPolicy.Core.Evidence.WorkflowRun", "AiOpsPolicy.Core.Evidence.Incident",
        "AiOpsPolicy.Core.Evidence.IncidentCause", "AiOpsPolicy.Core.Evidence.TransactionVolume", "AiOpsPolicy.Core.Evidence.ConnectorCheck",
        "AiOpsPolicy.Core.Evidence.FreshnessMeasurement", "AiOpsPolicy.Core.Evidence.FreshnessStage", "AiOpsPolicy.Core.Evidence.ValueLine",
        "AiOpsPolicy.Core.Evidence.ValueLineType", "AiOpsPolicy.Core.Evidence.AddedStep", "AiOpsPolicy.Core.Evidence.CaseEffort",
        "AiOpsPolicy.Core.Evidence.DailyThroughput", "AiOpsPolicy.Core.Evidence.ThroughputPhase", "AiOpsPolicy.Core.Evidence.ModelEvaluation",
        "AiOpsPolicy.Core.Evidence.ControlExecution", "AiOpsPolicy.Core.Evidence.ExecutionMode", "AiOpsPolicy.Core.Evidence.ExecutionOutcome",
        "AiOpsPolicy.Core.Evidence.MonitoringCheck", "AiOpsPolicy.Core.Evidence.MonitoringAlert", "AiOpsPolicy.Core.Evidence.MonitoringType",
        "AiOpsPolicy.Core.Evidence.Pilot", "AiOpsPolicy.Core.Evidence.PilotStatus", "AiOpsPolicy.Core.Evidence.Change",
        "AiOpsPolicy.Core.Evidence.ChangeType", "AiOpsPolicy.Core.Evidence.AgentRun", "AiOpsPolicy.Core.Evidence.WorkflowRunCount",
        "AiOpsPolicy.Core.Evidence.Deployment", "AiOpsPolicy.Core.Evidence.DeploymentResult",
        "AiOpsPolicy.Core.Evidence.CostLine", "AiOpsPolicy.Core.Evidence.CostCategory", "AiOpsPolicy.Core.Evidence.CostPhase",
        "AiOpsPolicy.Core.Metrics.PercentileMethod", "AiOpsPolicy.Core.Metrics.DurationRounding", "AiOpsPolicy.Core.Metrics.LeadTimeStart",
        "AiOpsPolicy.Core.Metrics.LeadTimeDefinition", "AiOpsPolicy.Core.Metrics.ChangeFailureDefinition", "AiOpsPolicy.Core.Metrics.DeploymentFrequencyDefinition",
        "AiOpsPolicy.Core.Metrics.CalendarPeriod", "AiOpsPolicy.Core.Metrics.WindowPlacement", "AiOpsPolicy.Core.Metrics.SlaRuns",
        "AiOpsPolicy.Core.Model.PolicyObject", "AiOpsPolicy.Core.Model.PolicyKind", "AiOpsPolicy.Core.Model.PolicyMetadata",
        "AiOpsPolicy.Core.Model.Workflow", "AiOpsPolicy.Core.Model.WorkflowStep", "AiOpsPolicy.Core.Model.SlaTarget",
        "AiOpsPolicy.Core.Model.Connector", "AiOpsPolicy.Core.Model.ConnectorChecks", "AiOpsPolicy.Core.Model.Control",
        "AiOpsPolicy.Core.Model.Rubric", "AiOpsPolicy.Core.Model.RubricCheck",
        "AiOpsPolicy.Core.Units.Quantity", "AiOpsPolicy.Core.Units.QuantityKind",
        "AiOpsPolicy.Generated.CompiledPolicies",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Why an API that reads the clock or today's date is refused, with what to write instead.</summary>
    private const string TodaysDate = "it fills in today's date (and, without an offset, the host's time zone) when the text leaves them out, so the result depends on when and where the gate runs. Build the time from its parts, new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero), or from Now";

    /// <summary>Why an API that reads the host's time zone is refused, with what to write instead.</summary>
    private const string HostTimeZone = "it reads the host's time zone, so the result depends on the machine. Keep times as DateTimeOffset and use UtcDateTime or ToOffset(TimeSpan.FromHours(...))";

    /// <summary>Why a hash code is refused, with what to write instead.</summary>
    private const string HashSeed = "randomized hashing: hash codes differ from process to process, so the result would differ from run to run. Compare values, or group and count them";

    /// <summary>Why the wall clock is refused, with what to write instead.</summary>
    private const string WallClock = "the wall clock; use Now, the evaluation time";

    /// <summary>Members of allowed types that are still refused, with why.</summary>
    private static readonly FrozenDictionary<string, string> ForbiddenMembers = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["System.Object.GetType"] = "reflection",
        ["System.Object.MemberwiseClone"] = "reflection",
        ["System.DateTime.Now"] = WallClock,
        ["System.DateTime.UtcNow"] = WallClock,
        ["System.DateTime.Today"] = WallClock,
        ["System.DateTimeOffset.Now"] = WallClock,
        ["System.DateTimeOffset.UtcNow"] = WallClock,
        ["System.Convert.ChangeType"] = "reflection",

        // Determinism (audited member by member over the allowed types): today's date, the host's time zone, the
        // process's string table, the hardware's estimates and randomness all vary between two runs of one gate.
        ["System.DateTime.Parse"] = TodaysDate,
        ["System.DateTime.TryParse"] = TodaysDate,
        ["System.DateTime.ParseExact"] = TodaysDate,
        ["System.DateTime.TryParseExact"] = TodaysDate,
        ["System.DateTimeOffset.Parse"] = TodaysDate,
        ["System.DateTimeOffset.TryParse"] = TodaysDate,
        ["System.DateTimeOffset.ParseExact"] = TodaysDate,
        ["System.DateTimeOffset.TryParseExact"] = TodaysDate,
        ["System.DateOnly.Parse"] = TodaysDate,
        ["System.DateOnly.TryParse"] = TodaysDate,
        ["System.DateOnly.ParseExact"] = TodaysDate,
        ["System.DateOnly.TryParseExact"] = TodaysDate,
        ["System.Convert.ToDateTime"] = TodaysDate,
        ["System.DateTime.ToLocalTime"] = HostTimeZone,
        ["System.DateTime.ToUniversalTime"] = HostTimeZone,
        ["System.DateTime.IsDaylightSavingTime"] = HostTimeZone,
        ["System.DateTime.FromFileTime"] = HostTimeZone,
        ["System.DateTime.ToFileTime"] = HostTimeZone,
        ["System.DateTime.GetDateTimeFormats"] = HostTimeZone,
        ["System.DateTimeOffset.LocalDateTime"] = HostTimeZone,
        ["System.DateTimeOffset.ToLocalTime"] = HostTimeZone,
        ["System.DateTimeOffset.FromFileTime"] = HostTimeZone,
        ["System.DateTimeOffset.op_Implicit"] = HostTimeZone,
        ["System.String.Intern"] = "the process's string table, which other code fills; compare strings with == or string.Equals",
        ["System.String.IsInterned"] = "the process's string table, which other code fills; compare strings with == or string.Equals",
        ["System.Linq.Enumerable.Shuffle"] = "randomness (not deterministic); order with OrderBy",
        ["System.Math.ReciprocalEstimate"] = "a hardware estimate that differs between processors; divide instead",
        ["System.Math.ReciprocalSqrtEstimate"] = "a hardware estimate that differs between processors; use 1 / Math.Sqrt(x)",
        ["System.MathF.ReciprocalEstimate"] = "a hardware estimate that differs between processors; divide instead",
        ["System.MathF.ReciprocalSqrtEstimate"] = "a hardware estimate that differs between processors; use 1 / MathF.Sqrt(x)",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The evaluation context's full name: its members that are not public are the engine's dispatch.</summary>
    private static readonly string ContextTypeName = typeof(Evaluation.PolicyContext).FullName ?? string.Empty;

    /// <summary>Why a namespace or type is refused, for the message: the first matching prefix wins.</summary>
    private static readonly (string Prefix, string Why)[] Reasons =
    [
        ("System.IO", "the file system"),
        ("System.Net", "the network"),
        ("System.Diagnostics", "processes and the debugger"),
        ("System.Reflection", "reflection"),
        ("System.Type", "reflection"),
        ("System.Activator", "reflection"),
        ("System.Linq.Expressions", "dynamic code"),
        ("System.Runtime.InteropServices", "native interop"),
        ("System.Runtime.CompilerServices", "runtime internals"),
        ("System.Runtime.Loader", "assembly loading"),
        ("System.Threading", "threads, tasks and timers"),
        ("System.Environment", "the environment"),
        ("System.AppDomain", "the runtime's configuration"),
        ("System.AppContext", "the runtime's configuration"),
        ("System.GC", "the garbage collector"),
        ("System.Console", "the console"),
        ("System.Random", "randomness (not deterministic)"),
        ("System.Guid", "randomness (not deterministic)"),
        ("System.Globalization", "culture-dependent formatting"),
        ("System.TimeZoneInfo", "the host's time zone (not deterministic): keep times as DateTimeOffset and use ToOffset"),
        ("System.TimeZone", "the host's time zone (not deterministic): keep times as DateTimeOffset and use ToOffset"),
        ("System.TimeProvider", "the wall clock; use Now, the evaluation time"),
        ("System.HashCode", "randomized hashing (not deterministic across runs)"),
        ("System.DateTimeKind", "local times, which depend on the host's time zone: keep times as DateTimeOffset"),
        ("System.Security", "security APIs"),
        ("System.Text.RegularExpressions.Regex", "regular expressions without a match timeout; use IsMatch(input, pattern) or RegexMatch(input, pattern)"),
        ("System.Delegate", "reflection"),
        ("System.MulticastDelegate", "reflection"),
        ("System.Linq.ParallelEnumerable", "threads"),
        ("System.Exception", "exceptions"),
        ("AiOpsPolicy.Core", "engine internals"),
    ];

    /// <summary>Finds what an expression may not use.</summary>
    /// <param name="expression">The expression node in the compiled tree.</param>
    /// <param name="model">The semantic model of that tree.</param>
    /// <returns>Each refused construct or symbol, with its span and message.</returns>
    public static IEnumerable<(TextSpan Span, string Message, bool IsShape)> Check(ExpressionSyntax expression, SemanticModel model)
    {
        var reported = new List<TextSpan>();
        var results = new List<(TextSpan Span, string Message, bool IsShape)>();

        // Refused constructs first: a throw or a statement lambda is reported as such, not through
        // the symbols inside it.
        foreach (var node in expression.DescendantNodesAndSelf())
        {
            if (!reported.Any(r => r.Contains(node.Span)) && (ForbiddenShape(node) ?? ForbiddenDelegateCall(node, model) ?? ForbiddenFormat(node, model)) is { } shape)
            {
                reported.Add(node.Span);
                results.Add((node.Span, shape, true));
            }
        }

        // Then symbols, deepest first, so that the report names the refused symbol itself
        // (System.IO.File), not the call or operator that contains it; once a symbol is refused, the
        // member accesses built on it (File.ReadAllText, GetType().Name) are not reported again.
        foreach (var node in expression.DescendantNodesAndSelf().OfType<ExpressionSyntax>().OrderByDescending(n => n.Ancestors().Count()).ThenBy(n => n.SpanStart))
        {
            if (reported.Any(r => node.Span.Contains(r) || r.Contains(node.Span)))
            {
                continue;
            }

            if (node.Parent is MemberAccessExpressionSyntax access && access.Name == node && reported.Any(r => access.Expression.Span.Contains(r)))
            {
                continue;
            }

            // A method group has no single symbol, only candidates: nameof(EvaluateCondition), nameof(System.IO.File.Exists).
            var info = model.GetSymbolInfo(node);
            var symbol = info.Symbol ?? (info.CandidateReason == CandidateReason.MemberGroup ? info.CandidateSymbols.FirstOrDefault() : null);
            var problem = symbol is null ? null : Refusal(symbol);

            // A user-defined conversion is a call no name shows: DateTime to DateTimeOffset reads the host's time zone.
            if (problem is null && model.GetConversion(node) is { IsUserDefined: true, MethodSymbol: { } conversion })
            {
                problem = MemberRefusal(conversion.OriginalDefinition);
            }
            if (problem is null)
            {
                var type = model.GetTypeInfo(node);
                problem = TypeRefusal(type.Type) ?? TypeRefusal(type.ConvertedType);
            }

            if (problem is not null)
            {
                reported.Add(node.Span);
                results.Add((node.Span, problem, false));
            }
        }

        return results.OrderBy(r => r.Span.Start);
    }

    private static string? ForbiddenShape(SyntaxNode node) => node switch
    {
        LambdaExpressionSyntax { Block: not null } => "a lambda with a statement body is not allowed in policy expressions: write the lambda as an expression (x => ...)",
        AnonymousMethodExpressionSyntax => "an anonymous method (delegate { ... }) is not allowed in policy expressions: use an expression lambda (x => ...)",
        StackAllocArrayCreationExpressionSyntax or ImplicitStackAllocArrayCreationExpressionSyntax => "stackalloc is not allowed in policy expressions: it can overflow the stack",
        ThrowExpressionSyntax => "throw is not allowed in policy expressions: a gate that cannot decide should let its evidence say so",
        TypeOfExpressionSyntax => "typeof is not allowed in policy expressions: it leads to reflection",
        MakeRefExpressionSyntax or RefTypeExpressionSyntax or RefValueExpressionSyntax or RefExpressionSyntax => "references (__makeref, ref) are not allowed in policy expressions",
        PointerTypeSyntax or FunctionPointerTypeSyntax => "pointers are not allowed in policy expressions",
        PrefixUnaryExpressionSyntax u when u.IsKind(SyntaxKind.AddressOfExpression) || u.IsKind(SyntaxKind.PointerIndirectionExpression) => "pointers are not allowed in policy expressions",
        IdentifierNameSyntax { Identifier.ValueText: "dynamic" } => "dynamic is not allowed in policy expressions: every expression is statically typed",
        _ when node.IsKind(SyntaxKind.ArgListExpression) => "__arglist is not allowed in policy expressions",
        _ => null,
    };

    /// <summary>
    /// A delegate may be called only when it is a definition (whose cycles the compiler refuses): a
    /// delegate reached through a parameter or a cast is how a lambda would call itself, and unbounded
    /// recursion would overflow the stack, which no handler can catch.
    /// </summary>
    private static string? ForbiddenDelegateCall(SyntaxNode node, SemanticModel model)
    {
        if (node is not InvocationExpressionSyntax invocation || model.GetSymbolInfo(invocation).Symbol is not IMethodSymbol { MethodKind: MethodKind.DelegateInvoke })
        {
            return null;
        }

        var target = invocation.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Invoke" } member ? member.Expression : invocation.Expression;
        return model.GetSymbolInfo(target).Symbol is IPropertySymbol { ContainingType.Name: GeneratedNames.ClassName }
            ? null
            : "calling a delegate that is not a definition is not allowed in policy expressions: it would let a lambda call itself without bound";
    }

    private static string? Refusal(ISymbol symbol)
    {
        switch (symbol)
        {
            case ILocalSymbol or IParameterSymbol or IRangeVariableSymbol or IDiscardSymbol or INamespaceSymbol or ILabelSymbol:
                return null;
            case IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LambdaMethod }:
                return null;
            case ITypeSymbol type:
                return TypeRefusal(type);
            case IMethodSymbol method:
                var definition = (method.ReducedFrom ?? method).OriginalDefinition;
                if (definition.MethodKind == MethodKind.DelegateInvoke)
                {
                    return TypeRefusal(definition.ContainingType);
                }

                return MemberRefusal(definition);
            case IPropertySymbol or IFieldSymbol or IEventSymbol:
                return MemberRefusal(symbol.OriginalDefinition);
            default:
                return $"'{symbol.ToDisplayString()}' is not allowed in policy expressions";
        }
    }

    private static string? MemberRefusal(ISymbol member)
    {
        if (member.ContainingType.Name == GeneratedNames.ClassName && member is not IPropertySymbol)
        {
            // The generated methods (Measure_0, Check_3, the dispatch overrides, the constructor) are the engine's:
            // calling one from an expression could recurse without bound, or run another gate's expression. Definitions
            // are properties and stay usable. Checked before overrides are followed: EvaluateFindingWhen here is an
            // override of the context's method.
            return Message(member.ToDisplayString(), "the engine's own generated members");
        }

        while (member is IMethodSymbol { OverriddenMethod: { } overridden })
        {
            member = overridden;
        }

        var containing = member.ContainingType;
        var type = FullName(containing);
        if (type == ContextTypeName && member.DeclaredAccessibility != Accessibility.Public)
        {
            // Every member of the context that is not public (EvaluateCondition, EvaluateFindingPart, PlanMetrics,
            // the scope) is the engine's dispatch, whatever its name.
            return Message(member.ToDisplayString(), "the engine's own dispatch");
        }

        if (member.Name == "GetHashCode")
        {
            // Every GetHashCode, of any type or comparer (StringComparer.Ordinal.GetHashCode, EqualityComparer<T>.Default.GetHashCode).
            return Message(member.ToDisplayString(), HashSeed);
        }

        if (member is IMethodSymbol { MethodKind: MethodKind.Constructor, Parameters: [{ Type.SpecialType: SpecialType.System_DateTime }] } && type == "System.DateTimeOffset")
        {
            // new DateTimeOffset(dateTime) takes the host's offset for any DateTime that is not UTC.
            return Message(member.ToDisplayString(), HostTimeZone);
        }

        if (ForbiddenMembers.TryGetValue(type + "." + member.Name, out var why))
        {
            return Message(member.ToDisplayString(), why);
        }

        return TypeRefusal(containing) is null ? null : Message(member.ToDisplayString(), ReasonFor(type));
    }

    /// <summary>
    /// A DateTime format with <c>z</c> prints the host's offset whatever the value (a DateTimeOffset prints its own):
    /// <c>dateTime.ToString("zzz")</c> and <c>$"{value:zzz}"</c>, where a boxed DateTime can hide behind object. A
    /// format that is not a constant cannot be checked, and is refused for a DateTime.
    /// </summary>
    private static string? ForbiddenFormat(SyntaxNode node, SemanticModel model)
    {
        const string Why = "a 'z' in a date format prints the host's time-zone offset for a DateTime, so the result depends on the machine: format a DateTimeOffset instead, or leave the offset out";
        switch (node)
        {
            case InterpolationSyntax { FormatClause: { } clause } hole when clause.FormatStringToken.ValueText.Contains('z', StringComparison.Ordinal):
                return IsDateTimeOffset(model.GetTypeInfo(hole.Expression).Type) ? null : Why;
            case InvocationExpressionSyntax invocation when model.GetSymbolInfo(invocation).Symbol is IMethodSymbol { Name: "ToString", ContainingType.SpecialType: SpecialType.System_DateTime, Parameters.Length: > 0 }:
                var format = invocation.ArgumentList.Arguments.FirstOrDefault()?.Expression;
                var constant = format is null ? default : model.GetConstantValue(format);
                return constant is { HasValue: true, Value: string text } && !text.Contains('z', StringComparison.Ordinal) ? null : Why;
            default:
                return null;
        }
    }

    private static bool IsDateTimeOffset(ITypeSymbol? type) =>
        type is not null && (FullName(type) == "System.DateTimeOffset" || type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T, TypeArguments: [{ } inner] } && FullName(inner) == "System.DateTimeOffset");

    private static string? TypeRefusal(ITypeSymbol? type)
    {
        switch (type)
        {
            case null or ITypeParameterSymbol or IErrorTypeSymbol:
                return null;
            case IArrayTypeSymbol array:
                return TypeRefusal(array.ElementType);
            case IPointerTypeSymbol or IFunctionPointerTypeSymbol:
                return "pointers are not allowed in policy expressions";
            case IDynamicTypeSymbol:
                return "dynamic is not allowed in policy expressions: every expression is statically typed";
            case INamedTypeSymbol named:
                if (named.IsAnonymousType)
                {
                    return null;
                }

                if (named.IsTupleType)
                {
                    return named.TupleElements.Select(e => TypeRefusal(e.Type)).FirstOrDefault(r => r is not null);
                }

                var name = FullName(named);
                if (!AllowedTypes.Contains(name))
                {
                    return Message(named.OriginalDefinition.ToDisplayString(), ReasonFor(name));
                }

                return named.TypeArguments.Select(TypeRefusal).FirstOrDefault(r => r is not null);
            default:
                return Message(type.ToDisplayString(), "not on the allow-list");
        }
    }

    private static string FullName(ITypeSymbol type)
    {
        var definition = type.OriginalDefinition;
        var ns = definition.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() + "." : string.Empty;
        var outer = definition.ContainingType is { } containing ? FullName(containing) + "+" : ns;
        return (definition.ContainingType is null ? ns : outer) + definition.MetadataName;
    }

    private static string ReasonFor(string name) =>
        Reasons.FirstOrDefault(r => name.StartsWith(r.Prefix, StringComparison.Ordinal)).Why ?? "not on the allow-list";

    private static string Message(string symbol, string why) =>
        $"'{symbol}' is not allowed in policy expressions ({why}). Expressions may use the evaluation context, the evidence, the metric functions and a fixed list of safe types; see docs/security.md";
}
