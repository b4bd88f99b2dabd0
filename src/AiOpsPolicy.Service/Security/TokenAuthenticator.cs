// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Configuration;

namespace AiOpsPolicy.Service.Security;

/// <summary>
/// Finds who a bearer token belongs to, by hash: the configuration holds only SHA-256 hashes, each compared in constant
/// time, and every configured token is compared so the time taken does not say which one came close.
/// </summary>
public sealed class TokenAuthenticator
{
    /// <summary>The longest token text hashed; real tokens are 47 characters. Anything longer is refused unhashed.</summary>
    public const int MaxTokenLength = 512;

    private readonly (ServiceToken Token, ServiceTenant? Tenant)[] _tokens;

    /// <summary>Initializes a new instance of the <see cref="TokenAuthenticator"/> class.</summary>
    /// <param name="settings">The service settings.</param>
    public TokenAuthenticator(ServiceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _tokens = [.. settings.AdminTokens.Select(t => (t, (ServiceTenant?)null)), .. settings.Tenants.SelectMany(tenant => tenant.Tokens.Select(t => (t, (ServiceTenant?)tenant)))];
    }

    /// <summary>Reads an <c>Authorization</c> header.</summary>
    /// <param name="authorization">The header's value, if any.</param>
    /// <returns>The caller, or null when the header is missing, malformed or names no configured token.</returns>
    public Caller? Authenticate(string? authorization)
    {
        const string Scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = authorization.AsSpan(Scheme.Length).Trim();
        if (token.IsEmpty || token.Length > MaxTokenLength)
        {
            return null;
        }

        var hash = ServiceToken.Hash(token.ToString());
        Caller? found = null;
        foreach (var (candidate, tenant) in _tokens)
        {
            if (candidate.Matches(hash) && found is null)
            {
                found = new Caller(tenant, candidate.Name);
            }
        }

        return found;
    }
}
