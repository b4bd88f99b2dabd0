// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using System.Globalization;

namespace AiOpsPolicy.Core.Metrics;

/// <summary>Shared wording for metric explanations, so that every metric reads the same way.</summary>
internal static class MetricText
{
    /// <summary>How many failing records an explanation lists.</summary>
    public const int FailingSample = 5;

    public static string Count(double value) => value.ToString("#,0.###", CultureInfo.InvariantCulture);

    public static string Scope(string metric, params string?[] parts)
    {
        var shown = parts.Where(p => !string.IsNullOrEmpty(p)).ToList();
        return shown.Count == 0 ? metric : $"{metric}({string.Join(", ", shown)})";
    }

    /// <summary>The first few keys in ordinal order: the same records every run.</summary>
    public static ImmutableArray<string> Sample(IEnumerable<string> keys) =>
        [.. keys.Order(StringComparer.Ordinal).Take(FailingSample)];
}
