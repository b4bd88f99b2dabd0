// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.CommandLine;
using AiOpsPolicy.Cli.CommandLine;

namespace AiOpsPolicy.Cli.Arguments;

/// <summary>The arguments of <c>aiops-policy serve</c>.</summary>
internal sealed class ServeArguments
{
    public string? ConfigPath { get; init; }

    /// <summary>Gets the URLs to listen on (none given: the default).</summary>
    public List<string> Urls { get; } = [];

    /// <summary>Gets how long to serve; null until SIGINT or SIGTERM.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Declares <c>serve</c>.</summary>
    /// <param name="run">Runs the command with the parsed arguments.</param>
    /// <returns>The command.</returns>
    public static Command Declare(Func<ServeArguments, int> run)
    {
        var config = CliOptions.Value("--config", "FILE", "The operator configuration with a 'service' section (default: $AIOPS_POLICY_CONFIG).");
        var urls = CliOptions.Repeated("--urls", "URL[,URL...]", "Where to listen (default: http://127.0.0.1:8080) unless service.kestrel declares endpoints.");
        var duration = CliOptions.Duration("--for", "Stop after this long (default: until SIGINT or SIGTERM).");
        var command = new Command("serve", """
            The decision service (docs/service.md): POST /v1/policy-sets/NAME/decisions with evidence inline or by
            reference, decisions logged in PostgreSQL, tenants and tokens from the operator configuration's
            'service' section. Runs until SIGINT or SIGTERM (or for DURATION).
            """)
        {
            config, urls, duration,
        };
        command.SetAction(parsed =>
        {
            var result = new ServeArguments { ConfigPath = parsed.GetValue(config), Duration = parsed.GetValue(duration) };
            foreach (var value in parsed.GetValue(urls) ?? [])
            {
                result.Urls.AddRange(value.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            }

            return run(result);
        });
        return command;
    }
}
