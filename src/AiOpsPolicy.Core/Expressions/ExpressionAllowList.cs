// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Frozen;

namespace AiOpsPolicy.Core.Expressions;

/// <summary>
/// The list of what a policy expression may name: the types it may use (by metadata name), the members of those types
/// that are still refused, and why a namespace or type is refused. It sits beside the context it describes; the
/// compile-time check that applies it to every symbol is <c>Compilation/ExpressionSandbox</c>, and a change here is a
/// change to the sandbox (docs/security.md).
/// </summary>
internal static class ExpressionAllowList
{
    /// <summary>Types an expression may use, by metadata name of their (generic) definition.</summary>
    public static readonly FrozenSet<string> AllowedTypes = new[]
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
        "AiOpsPolicy.Core.Expressions.PolicyContext", "AiOpsPolicy.Core.Metrics.MetricValue", "AiOpsPolicy.Core.Metrics.Window",
        "AiOpsPolicy.Core.Expressions.DeclaredObjects`1", "AiOpsPolicy.Core.Expressions.EvidenceView",
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
    public const string TodaysDate = "it fills in today's date (and, without an offset, the host's time zone) when the text leaves them out, so the result depends on when and where the gate runs. Build the time from its parts, new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero), or from Now";

    /// <summary>Why an API that reads the host's time zone is refused, with what to write instead.</summary>
    public const string HostTimeZone = "it reads the host's time zone, so the result depends on the machine. Keep times as DateTimeOffset and use UtcDateTime or ToOffset(TimeSpan.FromHours(...))";

    /// <summary>Why a hash code is refused, with what to write instead.</summary>
    public const string HashSeed = "randomized hashing: hash codes differ from process to process, so the result would differ from run to run. Compare values, or group and count them";

    /// <summary>Why the wall clock is refused, with what to write instead.</summary>
    public const string WallClock = "the wall clock; use Now, the evaluation time";

    /// <summary>Members of allowed types that are still refused, with why.</summary>
    public static readonly FrozenDictionary<string, string> ForbiddenMembers = new Dictionary<string, string>(StringComparer.Ordinal)
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
    public static readonly string ContextTypeName = typeof(PolicyContext).FullName ?? string.Empty;

    /// <summary>Why a namespace or type is refused, for the message: the first matching prefix wins.</summary>
    public static readonly (string Prefix, string Why)[] Reasons =
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
}
