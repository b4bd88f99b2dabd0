// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;

namespace AiOpsPolicy.Core.Configuration;

/// <summary>A team using the decision service: its tokens, and the only policy sets they may read and decide.</summary>
/// <param name="Name">The tenant's name (a letter, then letters, digits, <c>-</c> and <c>_</c>).</param>
/// <param name="Tokens">The tenant's tokens, by hash.</param>
/// <param name="PolicySets">The policy sets (by the PolicySet's <c>metadata.name</c>) the tenant owns; no two tenants share one.</param>
public sealed record ServiceTenant(string Name, ImmutableArray<ServiceToken> Tokens, ImmutableArray<string> PolicySets);
