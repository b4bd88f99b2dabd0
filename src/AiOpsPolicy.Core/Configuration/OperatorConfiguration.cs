// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;

namespace AiOpsPolicy.Core.Configuration;

/// <summary>
/// The operator's configuration: the named targets (history stores, trusted bundle keys) that policy text may refer
/// to by name but never spell out. It is read only from a file the operator names (<c>--config FILE</c> or
/// <c>$AIOPS_POLICY_CONFIG</c>), never discovered in the policy folder, because a pull request controls that folder.
/// See docs/configuration.md.
/// </summary>
public sealed record OperatorConfiguration
{
    /// <summary>The environment variable that names the configuration file when <c>--config</c> is not given.</summary>
    public const string EnvironmentVariable = "AIOPS_POLICY_CONFIG";

    /// <summary>The configuration of an operator who gave none: no named targets.</summary>
    public static readonly OperatorConfiguration Empty = new();

    /// <summary>Gets the configuration file's display path, or null when none was given.</summary>
    public string? Path { get; init; }

    /// <summary>Gets the history stores by name (<c>historyStores</c>).</summary>
    public ImmutableSortedDictionary<string, HistoryStoreTarget> HistoryStores { get; init; } =
        ImmutableSortedDictionary.Create<string, HistoryStoreTarget>(StringComparer.Ordinal);

    /// <summary>Gets the public keys whose bundle signatures <c>gate --bundle</c> trusts (<c>bundles.trustedKeys</c>).</summary>
    public ImmutableArray<TrustedKeySource> TrustedKeys { get; init; } = [];

    /// <summary>Gets the evidence warehouses by name (<c>warehouses</c>): ClickHouse databases <c>gate --evidence NAME</c> reads.</summary>
    public ImmutableSortedDictionary<string, WarehouseTarget> Warehouses { get; init; } =
        ImmutableSortedDictionary.Create<string, WarehouseTarget>(StringComparer.Ordinal);

    /// <summary>Gets the decision service's settings (<c>service</c>), or null when the file has no such section.</summary>
    public ServiceSettings? Service { get; init; }
}
