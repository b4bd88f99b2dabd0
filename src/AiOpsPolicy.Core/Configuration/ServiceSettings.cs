// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;

namespace AiOpsPolicy.Core.Configuration;

/// <summary>
/// The decision service's settings (the <c>service</c> section of the operator configuration, docs/service.md): where
/// decisions are logged, who may ask, which tenant owns which policy sets, limits, and Kestrel's endpoints and TLS.
/// Plain data: the service (src/AiOpsPolicy.Service) acts on it.
/// </summary>
public sealed record ServiceSettings
{
    /// <summary>
    /// Gets the history store decisions are logged in and bundles are kept in: a PostgreSQL connection string (or a
    /// SQLite file for a single instance). Every instance of the service names the same one; it is all they share.
    /// </summary>
    public required string HistoryStore { get; init; }

    /// <summary>Gets the tokens that may load bundles (and do nothing else).</summary>
    public ImmutableArray<ServiceToken> AdminTokens { get; init; } = [];

    /// <summary>Gets the tenants: each with its tokens and the policy sets those tokens may read and decide.</summary>
    public ImmutableArray<ServiceTenant> Tenants { get; init; } = [];

    /// <summary>
    /// Gets the folder under which each tenant's collected evidence lies (<c>ROOT/TENANT/...</c>), for requests that
    /// refer to evidence instead of sending it; null when only inline evidence is accepted.
    /// </summary>
    public string? EvidenceRoot { get; init; }

    /// <summary>Gets the public keys whose bundle signatures the service accepts, by name (PEM text).</summary>
    public ImmutableArray<TrustedKeySource> TrustedKeys { get; init; } = [];

    /// <summary>Gets the request and concurrency limits.</summary>
    public ServiceLimits Limits { get; init; } = new();

    /// <summary>
    /// Gets Kestrel's settings as configuration keys below <c>Kestrel</c> (such as <c>Endpoints:Https:Url</c> and
    /// <c>Endpoints:Https:Certificate:Path</c>): the standard Kestrel configuration, written in this file.
    /// </summary>
    public ImmutableSortedDictionary<string, string> Kestrel { get; init; } = ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal);

    /// <summary>Gets the tenant a policy set belongs to, or null when no tenant names it.</summary>
    /// <param name="policySet">The policy set's name.</param>
    /// <returns>The tenant.</returns>
    public ServiceTenant? OwnerOf(string policySet) =>
        Tenants.FirstOrDefault(t => t.PolicySets.Contains(policySet, StringComparer.Ordinal));
}
