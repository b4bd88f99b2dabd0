// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using AiOpsPolicy.Core.Metrics;
using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Core.Evaluation;

/// <content>How values are written into a finding's message (the findings themselves: <see cref="FindingEvaluator"/>).</content>
public static partial class GateEvaluator
{
    /// <summary>Formats a value written into a finding's message: culture-invariant, in the value's unit.</summary>
    /// <param name="value">The value of a placeholder.</param>
    /// <returns>The text: a metric in its unit (95.5%, 1h 30m, 0.25, or n/a), a duration as 1h 30m, a number with up to 3 decimals.</returns>
    public static string FormatValue(object? value) => value switch
    {
        null => "n/a",
        MetricValue metric => metric.Display,
        TimeSpan duration => UnitFormat.Duration(duration),
        double d when !double.IsFinite(d) => "n/a",
        float f when !float.IsFinite(f) => "n/a",
        double or float or decimal => UnitFormat.Number(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
        bool b => b ? "true" : "false",
        DateTimeOffset at => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture),
        DateTime at => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
