// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Cli.Arguments;

/// <summary>The arguments of <c>aiops-policy test</c>.</summary>
internal sealed class TestArguments
{
    public List<string> Policies { get; } = [];

    public string? JUnitPath { get; private set; }

    public string? CacheDirectory { get; private set; }

    public bool NoCache { get; private set; }

    public bool Help { get; private set; }

    public static (TestArguments Arguments, string? Problem) Parse(IEnumerable<string> args)
    {
        var result = new TestArguments();
        var problem = new ArgumentReader(args).Read(
            (name, value) => name switch
            {
                "--policies" => GateArguments.Add(result.Policies, name, value()),
                "--junit" => GateArguments.Set(name, value(), v => result.JUnitPath = v),
                "--cache-dir" => GateArguments.Set(name, value(), v => result.CacheDirectory = v),
                "--no-cache" => GateArguments.Flag(() => result.NoCache = true),
                "--help" => GateArguments.Flag(() => result.Help = true),
                _ => $"Unknown option '{name}' for 'test'",
            },
            arg =>
            {
                if (arg == "-h")
                {
                    result.Help = true;
                }
                else
                {
                    result.Policies.Add(arg);
                }
            });
        if (problem is null && result.Policies.Count == 0)
        {
            result.Policies.Add(".");
        }

        return (result, problem);
    }
}
