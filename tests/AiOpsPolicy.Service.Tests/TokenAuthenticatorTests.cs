// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Configuration;
using AiOpsPolicy.Service.Security;

namespace AiOpsPolicy.Service.Tests;

/// <summary>Tokens are recognised by hash only, and only in the Bearer scheme.</summary>
[Trait("Hostile", "token")]
public sealed class TokenAuthenticatorTests
{
    private static readonly string Token = ServiceToken.Create();
    private static readonly string Admin = ServiceToken.Create();

    private static readonly ServiceSettings Settings = new()
    {
        HistoryStore = "unused.db",
        AdminTokens = [new ServiceToken("platform", ServiceToken.Hash(Admin))],
        Tenants = [new ServiceTenant("helpdesk", [new ServiceToken("ci", ServiceToken.Hash(Token))], ["helpdesk-ai"])],
    };

    public static TheoryData<string?> Refused => new()
    {
        null,
        string.Empty,
        "Bearer",
        "Bearer ",
        "Basic " + Convert.ToBase64String("ci:x"u8.ToArray()),
        "Bearer " + Token[..^1],
        "Bearer " + Token + "x",
        "Bearer " + ServiceToken.Format(ServiceToken.Hash(Token)),
        "Bearer " + new string('a', 100_000),
        Token,
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Authenticate_WhenTheHeaderIsNotAConfiguredBearerToken_ShouldFindNoCaller(string? header)
    {
        // Given
        var tokens = new TokenAuthenticator(Settings);

        // When
        var caller = tokens.Authenticate(header);

        // Then
        Assert.Null(caller);
    }

    [Fact]
    public void Authenticate_WhenTheTokenIsConfigured_ShouldNameTheTenantAndTokenButNeverTheToken()
    {
        // Given
        var tokens = new TokenAuthenticator(Settings);

        // When
        var tenant = tokens.Authenticate("Bearer " + Token);
        var admin = tokens.Authenticate("bearer  " + Admin + " ");

        // Then
        Assert.Equal(("helpdesk/ci", false, true, false), (tenant?.Identity, tenant?.IsAdmin, tenant?.Owns("helpdesk-ai"), tenant?.Owns("payments-ai")));
        Assert.Equal(("admin/platform", true, false), (admin?.Identity, admin?.IsAdmin, admin?.Owns("helpdesk-ai")));
        Assert.StartsWith(ServiceToken.Prefix, Token, StringComparison.Ordinal);
        Assert.Equal(47, Token.Length);
    }
}
