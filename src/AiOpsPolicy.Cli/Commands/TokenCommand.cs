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

    /// <summary>Declares <c>token</c>: it takes no options.</summary>
    /// <param name="run">Runs the command.</param>
    /// <returns>The command.</returns>
    public static System.CommandLine.Command Declare(Func<int> run)
    {
        var command = new System.CommandLine.Command("token", """
            Make a decision-service token; prints it and the sha256 hash the operator configuration stores.
            """);
        command.SetAction(_ => run());
        return command;
    }

    public int Run()
    {
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
