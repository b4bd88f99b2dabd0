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

    /// <summary>
    /// The ids of the few records that miss by most (the largest miss first, ties by id in ordinal order): the
    /// same records every run. One pass that keeps the few, not a sort of every record: at 100M runs a cost metric sorted
    /// half a million lines to show five.
    /// </summary>
    /// <param name="records">Each record's id and how far it misses.</param>
    /// <returns>At most <see cref="FailingSample"/> ids.</returns>
    public static ImmutableArray<string> Worst(IEnumerable<(string Id, double By)> records)
    {
        var kept = new List<(string Id, double By)>(FailingSample + 1);
        foreach (var record in records)
        {
            // Kept in order, worst first; a record goes in before the first it beats.
            var at = kept.Count;
            while (at > 0 && Beats(record, kept[at - 1]))
            {
                at--;
            }

            if (at < FailingSample)
            {
                kept.Insert(at, record);
                if (kept.Count > FailingSample)
                {
                    kept.RemoveAt(FailingSample);
                }
            }
        }

        return [.. kept.Select(k => k.Id)];

        static bool Beats((string Id, double By) a, (string Id, double By) b) =>
            a.By > b.By || (a.By == b.By && string.CompareOrdinal(a.Id, b.Id) < 0);
    }
}
