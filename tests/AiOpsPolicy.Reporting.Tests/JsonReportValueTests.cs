// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json;
using AiOpsPolicy.Core.Results;

namespace AiOpsPolicy.Reporting.Tests;

/// <summary>The JSON report's numbers are the engine's numbers.</summary>
public sealed class JsonReportValueTests
{
    [Theory]
    [InlineData(1e-12)]
    [InlineData(0.0000000004)]
    [InlineData(0.037037037037037035)]
    [InlineData(2.2007188071686445)]
    public void Write_WhenAnObservedValueHasMoreThanNineDecimals_ShouldWriteTheExactDouble(double observed)
    {
        // Given: a value a rounding to 9 decimals would change (1e-12 would read as 0).
        var result = SampleResults.Run(SampleResults.Gate("tiny", GateStatus.Pass, "x") with { ObservedValue = observed, Observed = "tiny" });
        using var stream = new MemoryStream();

        // When
        new JsonReportWriter().Write(result, stream);

        // Then
        using var report = JsonDocument.Parse(stream.ToArray());
        Assert.Equal(observed, report.RootElement.GetProperty("gates")[0].GetProperty("observedValue").GetDouble());
    }
}
