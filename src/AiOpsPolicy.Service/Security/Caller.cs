// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Configuration;

namespace AiOpsPolicy.Service.Security;

/// <summary>Who a request comes from: a tenant's token, or an administrator's.</summary>
/// <param name="Tenant">The tenant, or null for an admin token.</param>
/// <param name="TokenName">The token's name in the configuration.</param>
public sealed record Caller(ServiceTenant? Tenant, string TokenName)
{
    /// <summary>Gets a value indicating whether this is an admin token (loads bundles; decides nothing).</summary>
    public bool IsAdmin => Tenant is null;

    /// <summary>Gets the caller's identity as the decision log records it: <c>TENANT/TOKEN</c>, or <c>admin/TOKEN</c>.</summary>
    public string Identity => $"{Tenant?.Name ?? "admin"}/{TokenName}";

    /// <summary>Whether the caller's tenant owns a policy set.</summary>
    /// <param name="policySet">The policy set.</param>
    /// <returns>True when it does.</returns>
    public bool Owns(string policySet) => Tenant is { } tenant && tenant.PolicySets.Contains(policySet, StringComparer.Ordinal);
}
