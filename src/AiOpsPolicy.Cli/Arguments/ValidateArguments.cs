// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Cli.Arguments;

/// <summary>The arguments of <c>aiops-policy validate</c>.</summary>
internal sealed class ValidateArguments
{
    public List<string> Paths { get; } = [];

    public string? CacheDirectory { get; private set; }

    public bool NoCache { get; private set; }

    public static (ValidateArguments Arguments, string? Problem) Parse(IEnumerable<string> args)
    {
        var result = new ValidateArguments();
        var problem = new ArgumentReader(args).Read(
            (name, value) => name switch
            {
                "--policies" => GateArguments.Add(result.Paths, name, value()),
                "--cache-dir" => GateArguments.Set(name, value(), v => result.CacheDirectory = v),
                "--no-cache" => GateArguments.Flag(() => result.NoCache = true),
                _ => $"Unknown option '{name}' for 'validate'",
            },
            result.Paths.Add);
        if (problem is null && result.Paths.Count == 0)
        {
            result.Paths.Add(".");
        }

        return (result, problem);
    }
}
