// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Reflection;
using AiOpsPolicy.Core.Metrics;

namespace AiOpsPolicy.Core.Tests.Evaluation;

public sealed class MetricRequestEqualityTests
{
    public static TheoryData<Type> RequestTypes() =>
        [.. typeof(MetricRequest).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(MetricRequest)) && !t.IsAbstract)];

    [Theory]
    [MemberData(nameof(RequestTypes))]
    public void Fields_ShouldAllHaveValueEquality(Type requestType)
    {
        // Given: requests are memo keys, so two requests with the same arguments must be equal.
        // A field with reference equality (an array, ImmutableArray, a list) would make every
        // request unique and silently turn sharing and the single pass off.
        var fields = requestType.GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public);

        // Then
        foreach (var field in fields)
        {
            var type = Nullable.GetUnderlyingType(field.FieldType) ?? field.FieldType;
            var valueEquality = type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(TimeSpan)
                || type == typeof(Core.Metrics.Window) || type == typeof(Aggregation) || type == typeof(Type);
            Assert.True(valueEquality, $"{requestType.Name}.{field.Name} is a {field.FieldType.Name}, which has no value equality");
        }
    }
}
