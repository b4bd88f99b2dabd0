// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.CommandLine;
using AiOpsPolicy.Cli.CommandLine;

namespace AiOpsPolicy.Cli.Arguments;

/// <summary>The arguments of <c>aiops-policy keygen</c>.</summary>
internal sealed class KeygenArguments
{
    /// <summary>Gets the key pair's name: NAME.key and NAME.pub are written.</summary>
    public required string Output { get; init; }

    /// <summary>Declares <c>keygen</c>.</summary>
    /// <param name="run">Runs the command with the parsed arguments.</param>
    /// <param name="fail">Reports a usage problem (AOP5001).</param>
    /// <returns>The command.</returns>
    public static Command Declare(Func<KeygenArguments, int> run, Func<string, int> fail)
    {
        var output = CliOptions.Value("--output", "NAME", "The key pair's name: writes NAME.key (private, 0600) and NAME.pub; never overwrites.");
        var command = new Command("keygen", """
            Make a signing key pair: NAME.key (private, 0600) and NAME.pub (public, to trust), and print its key id
            and the configuration snippet that trusts it.
            """)
        {
            output,
        };
        command.SetAction(parsed => parsed.GetValue(output) is { } name
            ? run(new KeygenArguments { Output = name })
            : fail("Give the key pair's name with --output NAME (writes NAME.key and NAME.pub)"));
        return command;
    }
}
