// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Sources.Configuration;

/// <summary>
/// How a source authenticates: the names of environment variables that hold the secrets, never the
/// secrets themselves, so a sources file can be reviewed and committed and the values stay in the CI's
/// secret store.
/// </summary>
public sealed record SourceCredentials
{
    /// <summary>Gets the environment variable holding a bearer token (sent as <c>Authorization: Bearer</c>).</summary>
    public string? BearerTokenEnv { get; init; }

    /// <summary>Gets the environment variable holding the basic-auth user name.</summary>
    public string? UsernameEnv { get; init; }

    /// <summary>Gets the environment variable holding the basic-auth password.</summary>
    public string? PasswordEnv { get; init; }

    /// <summary>Gets a value indicating whether any credential is configured.</summary>
    public bool Any => BearerTokenEnv is not null || UsernameEnv is not null;
}
