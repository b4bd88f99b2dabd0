// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;

namespace AiOpsPolicy.Cli.Arguments;

/// <summary>The arguments of <c>aiops-policy eval</c>.</summary>
internal sealed class EvalArguments
{
    public string? Expression { get; private set; }

    public List<string> Policies { get; } = [];

    public List<string> Evidence { get; } = [];

    public DateTimeOffset? AsOf { get; private set; }

    public string? CacheDirectory { get; private set; }

    public bool NoCache { get; private set; }

    public bool Help { get; private set; }

    public static (EvalArguments Arguments, string? Problem) Parse(IEnumerable<string> args)
    {
        var result = new EvalArguments();
        var positional = new List<string>();
        var problem = new ArgumentReader(args).Read(
            (name, value) => name switch
            {
                "--policies" => GateArguments.Add(result.Policies, name, value()),
                "--evidence" => GateArguments.Add(result.Evidence, name, value()),
                "--as-of" => ParseTime(value(), t => result.AsOf = t),
                "--cache-dir" => GateArguments.Set(name, value(), v => result.CacheDirectory = v),
                "--no-cache" => GateArguments.Flag(() => result.NoCache = true),
                "--help" => GateArguments.Flag(() => result.Help = true),
                _ => $"Unknown option '{name}' for 'eval'",
            },
            positional.Add);
        if (problem is not null || result.Help || positional is ["-h"])
        {
            result.Help |= positional is ["-h"];
            return (result, problem);
        }

        if (positional.Count > 1)
        {
            problem = "Give one expression, in quotes: aiops-policy eval 'SlaAttainment(\"ticket-triage\")' --policies DIR --evidence DIR";
        }
        else if (result.Policies.Count == 0)
        {
            problem = "Give the policy folder with --policies DIR";
        }
        else if (result.Evidence.Count == 0)
        {
            problem = "Give the evidence folder with --evidence DIR";
        }

        result.Expression = positional.FirstOrDefault();
        return (result, problem);
    }

    /// <summary>Reads an ISO 8601 time that states its offset, as <c>--as-of</c> takes it.</summary>
    /// <param name="value">The text.</param>
    /// <param name="set">Receives the time.</param>
    /// <returns>The problem, or null.</returns>
    internal static string? ParseTime(string? value, Action<DateTimeOffset> set)
    {
        var t = value?.IndexOf('T', StringComparison.Ordinal) ?? -1;
        if (value is null || t < 0 || !(value.EndsWith('Z') || value.AsSpan(t).LastIndexOfAny('+', '-') > 0)
            || !DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return $"--as-of needs an ISO 8601 time with an offset, such as 2026-11-28T12:00:00Z; got '{value}'";
        }

        set(time);
        return null;
    }
}
