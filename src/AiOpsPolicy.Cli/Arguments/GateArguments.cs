// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;

namespace AiOpsPolicy.Cli.Arguments;

/// <summary>The arguments of <c>aiops-policy gate</c>.</summary>
internal sealed class GateArguments
{
    public List<string> Policies { get; } = [];

    public List<string> Evidence { get; } = [];

    public string? JsonPath { get; private set; }

    public DateTimeOffset? AsOf { get; private set; }

    public string? CacheDirectory { get; private set; }

    public bool NoCache { get; private set; }

    public bool NoColor { get; private set; }

    public static (GateArguments Arguments, string? Problem) Parse(IEnumerable<string> args)
    {
        var result = new GateArguments();
        var problem = new ArgumentReader(args).Read(
            (name, value) => name switch
            {
                "--policies" => Add(result.Policies, name, value()),
                "--evidence" => Add(result.Evidence, name, value()),
                "--json" => Set(name, value(), v => result.JsonPath = v),
                "--cache-dir" => Set(name, value(), v => result.CacheDirectory = v),
                "--no-cache" => Flag(() => result.NoCache = true),
                "--no-color" => Flag(() => result.NoColor = true),
                "--as-of" => ParseAsOf(value(), result),
                _ => $"Unknown option '{name}' for 'gate'",
            },
            result.Policies.Add);
        if (problem is null && result.Policies.Count == 0)
        {
            problem = "Give the policy folder with --policies DIR";
        }

        if (problem is null && result.Evidence.Count == 0)
        {
            problem = "Give the evidence folder with --evidence DIR";
        }

        return (result, problem);
    }

    internal static string? Add(List<string> list, string name, string? value)
    {
        if (value is null)
        {
            return $"Option '{name}' needs a value";
        }

        list.Add(value);
        return null;
    }

    internal static string? Set(string name, string? value, Action<string> set)
    {
        if (value is null)
        {
            return $"Option '{name}' needs a value";
        }

        set(value);
        return null;
    }

    internal static string? Flag(Action set)
    {
        set();
        return null;
    }

    private static string? ParseAsOf(string? value, GateArguments result)
    {
        var t = value?.IndexOf('T', StringComparison.Ordinal) ?? -1;
        if (value is null || t < 0 || !(value.EndsWith('Z') || value.AsSpan(t).LastIndexOfAny('+', '-') > 0)
            || !DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var asOf))
        {
            return $"--as-of needs an ISO 8601 time with an offset, such as 2026-11-28T12:00:00Z; got '{value}'";
        }

        result.AsOf = asOf;
        return null;
    }
}
