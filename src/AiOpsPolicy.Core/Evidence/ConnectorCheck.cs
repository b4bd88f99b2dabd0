// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Evidence;

/// <summary>One connector's daily check.</summary>
public sealed record ConnectorCheck : EvidenceRecord
{
    /// <summary>Gets the connector's name.</summary>
    public required string Connector { get; init; }

    /// <summary>Gets the day checked.</summary>
    public required DateOnly Day { get; init; }

    /// <summary>Gets a value indicating whether authentication was valid.</summary>
    public required bool AuthValid { get; init; }

    /// <summary>Gets the schema hash seen, if reported.</summary>
    public string? SchemaHash { get; init; }

    /// <summary>Gets the latency in milliseconds.</summary>
    public required double LatencyMs { get; init; }

    /// <summary>Gets the error rate (fraction).</summary>
    public required double ErrorRate { get; init; }

    /// <summary>Gets the rows expected.</summary>
    public required long RowsExpected { get; init; }

    /// <summary>Gets the rows delivered.</summary>
    public required long RowsDelivered { get; init; }

    /// <inheritdoc />
    public override string Key => $"{Connector}@{Day:yyyy-MM-dd}";

    /// <inheritdoc />
    /// <remarks>A check of a day after the evaluation time's UTC day is left out.</remarks>
    public override EvidenceRecord? AsOf(DateTimeOffset asOf) => Day > DateOnly.FromDateTime(asOf.UtcDateTime) ? null : this;

    /// <inheritdoc />
    public override string? Check() =>
        ErrorRate is < 0 or > 1 ? "field 'errorRate' must be a fraction between 0 and 1"
        : RowsExpected < 0 || RowsDelivered < 0 ? "row counts must not be negative"
        : LatencyMs < 0 ? "field 'latencyMs' is negative"
        : null;
}
