// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using System.Text.Json;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Expressions;
using AiOpsPolicy.Core.Metrics;

namespace AiOpsPolicy.Core.Compilation;

/// <summary>One planned metric call: a metric function of the context and its constant arguments.</summary>
/// <param name="Function">The function's name (<c>SlaAttainment</c>).</param>
/// <param name="Arguments">One value per parameter of the function, in parameter order; null for a parameter left out.</param>
internal sealed record PlannedMetricCall(string Function, ImmutableArray<object?> Arguments);

/// <summary>
/// The metric plan of a compiled policy set: every metric call of its expressions whose arguments are constants, read
/// from the syntax tree at compile time (<see cref="MetricPlanner"/>), so that the evaluator can compute all of them
/// together, one pass per evidence kind, before any gate runs. The plan is data: it travels inside the compiled
/// assembly as a manifest resource (so the cache entry and the bundle carry it, under their MAC and signature) and
/// is read back when the assembly is loaded. Nothing runs to make it.
/// </summary>
internal sealed class MetricPlan
{
    /// <summary>The name of the assembly's resource that holds the plan.</summary>
    public const string ResourceName = "AiOpsPolicy.Generated.MetricPlan.json";

    /// <summary>
    /// The enum types a metric function's parameters take; the plan writes them by name. An array searched by name, not a
    /// frozen dictionary: every warm gate reads the plan, and eleven names are found as fast without building one.
    /// </summary>
    internal static readonly ImmutableArray<Type> EnumTypes =
    [
        typeof(SlaRuns), typeof(WindowPlacement), typeof(DurationRounding), typeof(FreshnessStage), typeof(MonitoringType),
        typeof(ChangeType), typeof(LeadTimeStart), typeof(LeadTimeDefinition), typeof(DeploymentFrequencyDefinition),
        typeof(CalendarPeriod), typeof(ChangeFailureDefinition),
    ];

    /// <summary>Initializes a new instance of the <see cref="MetricPlan"/> class.</summary>
    /// <param name="calls">The planned calls, in the order the expressions make them.</param>
    public MetricPlan(ImmutableArray<PlannedMetricCall> calls)
    {
        Calls = calls;
    }

    /// <summary>Gets the planned calls, in the order the expressions make them (repeats kept: the engine shares them).</summary>
    public ImmutableArray<PlannedMetricCall> Calls { get; }

    /// <summary>The parameter enum type of a name, or null.</summary>
    /// <param name="name">The type's name, as the plan writes it.</param>
    /// <returns>The type, or null.</returns>
    internal static Type? EnumType(string? name)
    {
        foreach (var type in EnumTypes)
        {
            if (string.Equals(type.Name, name, StringComparison.Ordinal))
            {
                return type;
            }
        }

        return null;
    }

    /// <summary>Whether a plan can hold a value as an argument: null, text, a number, a duration, a window, an aggregation or a parameter enum.</summary>
    /// <param name="value">The value.</param>
    /// <returns>True when it can.</returns>
    public static bool CanHold(object? value) =>
        value is null or string or double or TimeSpan or Window or Aggregation
        || (value is Enum && EnumType(value.GetType().Name) == value.GetType());

    /// <summary>Reads a plan written by <see cref="Encode"/>.</summary>
    /// <param name="utf8">The resource's bytes.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="JsonException">The bytes are not a plan: a call of no metric function, with the wrong number of arguments, or of an unknown kind.</exception>
    public static MetricPlan Decode(byte[] utf8)
    {
        // Plain loops into builders of known size, not LINQ over JsonElement: every warm gate reads the plan, and LINQ
        // instantiated over a struct is JIT-compiled on that path even in a ReadyToRun build.
        using var document = JsonDocument.Parse(utf8);
        var callElements = document.RootElement.GetProperty("calls");
        var calls = ImmutableArray.CreateBuilder<PlannedMetricCall>(callElements.GetArrayLength());
        foreach (var call in callElements.EnumerateArray())
        {
            var function = call.GetProperty("function").GetString() ?? throw new JsonException("a planned call names no function");
            var argumentElements = call.GetProperty("arguments");
            var builder = ImmutableArray.CreateBuilder<object?>(argumentElements.GetArrayLength());
            foreach (var argument in argumentElements.EnumerateArray())
            {
                builder.Add(DecodeValue(argument));
            }

            var arguments = builder.MoveToImmutable();
            if (MetricCalls.Arity(function) != arguments.Length)
            {
                throw new JsonException($"the planned call {function} has {arguments.Length} argument(s); the metric function takes {MetricCalls.Arity(function)}");
            }

            calls.Add(new PlannedMetricCall(function, arguments));
        }

        return new MetricPlan(calls.MoveToImmutable());
    }

    /// <summary>Writes the plan as JSON: compact, in call order, every number exact (durations in ticks, doubles as their bits).</summary>
    /// <returns>UTF-8 bytes.</returns>
    public byte[] Encode()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("calls");
            foreach (var call in Calls)
            {
                writer.WriteStartObject();
                writer.WriteString("function", call.Function);
                writer.WriteStartArray("arguments");
                foreach (var argument in call.Arguments)
                {
                    EncodeValue(writer, argument);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    /// <summary>The requests the planned calls make, with the policy set's default window for the windows left out.</summary>
    /// <param name="defaultWindow">The policy set's default window.</param>
    /// <returns>The requests, in call order.</returns>
    /// <exception cref="ArgumentException">A call's arguments do not fit its function (the planner only plans calls that do).</exception>
    public ImmutableArray<MetricRequest> Requests(Window defaultWindow)
    {
        var requests = ImmutableArray.CreateBuilder<MetricRequest>(Calls.Length);
        foreach (var call in Calls)
        {
            requests.Add(MetricCalls.Create(call.Function, defaultWindow, call.Arguments));
        }

        return requests.MoveToImmutable();
    }

    private static void EncodeValue(Utf8JsonWriter writer, object? value)
    {
        if (value is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        switch (value)
        {
            case string text:
                writer.WriteString("string", text);
                break;
            case double number:
                writer.WriteNumber("doubleBits", BitConverter.DoubleToInt64Bits(number));
                break;
            case TimeSpan duration:
                writer.WriteNumber("ticks", duration.Ticks);
                break;
            case Window window:
                writer.WriteNumber("windowTicks", window.Length.Ticks);
                writer.WriteNumber("periodsBack", window.PeriodsBack);
                break;
            case Aggregation aggregation:
                writer.WriteNumber("aggregation", (int)aggregation.Kind);
                writer.WriteNumber("percentBits", BitConverter.DoubleToInt64Bits(aggregation.Percent));
                writer.WriteNumber("method", (int)aggregation.Method);
                break;
            case Enum when CanHold(value):
                writer.WriteString("enum", value.GetType().Name);
                writer.WriteNumber("value", Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
            default:
                throw new ArgumentException($"a metric plan cannot hold a {value.GetType().Name}", nameof(value));
        }

        writer.WriteEndObject();
    }

    private static object? DecodeValue(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.TryGetProperty("string", out var text))
        {
            return text.GetString();
        }

        if (element.TryGetProperty("doubleBits", out var bits))
        {
            return BitConverter.Int64BitsToDouble(bits.GetInt64());
        }

        if (element.TryGetProperty("ticks", out var ticks))
        {
            return TimeSpan.FromTicks(ticks.GetInt64());
        }

        if (element.TryGetProperty("windowTicks", out var windowTicks))
        {
            return new Window(TimeSpan.FromTicks(windowTicks.GetInt64()), element.GetProperty("periodsBack").GetInt32());
        }

        if (element.TryGetProperty("aggregation", out var kind))
        {
            return new Aggregation((AggregationKind)kind.GetInt32(), BitConverter.Int64BitsToDouble(element.GetProperty("percentBits").GetInt64()), (PercentileMethod)element.GetProperty("method").GetInt32());
        }

        if (element.TryGetProperty("enum", out var enumName) && EnumType(enumName.GetString()) is { } enumType)
        {
            return Enum.ToObject(enumType, element.GetProperty("value").GetInt64());
        }

        throw new JsonException("a planned argument is of no kind a plan holds: " + element.GetRawText());
    }
}
