// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Model;

/// <summary>What a connector's daily check must show to pass.</summary>
/// <param name="Auth">Whether authentication must be valid.</param>
/// <param name="SchemaHash">The expected schema hash; null means "unchanged from the previous day".</param>
/// <param name="MaxLatency">The highest acceptable latency, if any.</param>
/// <param name="MaxErrorRate">The highest acceptable error rate (fraction), if any.</param>
/// <param name="MinDeliveredRatio">The lowest acceptable rows delivered / rows expected (fraction), if any.</param>
public sealed record ConnectorChecks(bool Auth, string? SchemaHash, TimeSpan? MaxLatency, double? MaxErrorRate, double? MinDeliveredRatio)
{
    /// <summary>
    /// Gets the checks of a connector that states none: valid authentication, and no silent partial
    /// loads (every expected row delivered).
    /// </summary>
    public static ConnectorChecks Default { get; } = new(true, null, null, null, 1.0);
}
