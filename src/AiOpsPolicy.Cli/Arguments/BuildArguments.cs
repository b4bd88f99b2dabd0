// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Cli.Arguments;

/// <summary>The arguments of <c>aiops-policy build</c>.</summary>
internal sealed class BuildArguments
{
    public List<string> Policies { get; } = [];

    public string? OutputPath { get; private set; }

    /// <summary>Gets the PEM private key file the bundle is signed with (<c>--sign-key</c>); else <c>$AIOPS_POLICY_SIGNING_KEY</c> holds the PEM.</summary>
    public string? SignKeyPath { get; private set; }

    public static (BuildArguments Arguments, string? Problem) Parse(IEnumerable<string> args)
    {
        var result = new BuildArguments();
        var problem = new ArgumentReader(args).Read(
            (name, value) => name switch
            {
                "--policies" => GateArguments.Add(result.Policies, name, value()),
                "--output" => GateArguments.Set(name, value(), v => result.OutputPath = v),
                "--sign-key" => GateArguments.Set(name, value(), v => result.SignKeyPath = v),
                _ => $"Unknown option '{name}' for 'build'",
            },
            result.Policies.Add);
        if (problem is null && result.Policies.Count == 0)
        {
            problem = "Give the policy folder with --policies DIR";
        }

        return (result, problem);
    }
}
