// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Configuration;

namespace AiOpsPolicy.Cli.Commands;

/// <summary>
/// <c>aiops-policy token</c>: makes a decision-service token and prints it with the hash the operator configuration
/// stores. The token is shown once and stored nowhere. Exit 0, 2 usage.
/// </summary>
internal sealed class TokenCommand
{
    private readonly IConsole _console;

    public TokenCommand(IConsole console)
    {
        _console = console;
    }

    public int Run(IEnumerable<string> args)
    {
        if (args.FirstOrDefault() is { } unexpected)
        {
            return Usage.Fail(_console, $"Unexpected argument '{unexpected}' for 'token'");
        }

        var token = ServiceToken.Create();
        _console.Out.WriteLine($"""
            token:  {token}
            sha256: {ServiceToken.Format(ServiceToken.Hash(token))}
            Give the token to the team (a CI secret); it is stored nowhere else. Put the sha256 line in the operator
            configuration, under service.tenants.TEAM.tokens.NAME (or service.adminTokens.NAME); see docs/service.md.
            """);
        return ExitCodes.Success;
    }
}
