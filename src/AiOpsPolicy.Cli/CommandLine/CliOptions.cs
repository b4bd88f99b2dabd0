// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Cli.CommandLine;

/// <summary>
/// The kinds of option the commands declare, each with the value rules every command shares: a value never
/// starts with <c>--</c> (so <c>--output --no-cache</c> is a missing value, not a folder named
/// <c>--no-cache</c>), a single-valued option given twice keeps its last value, a flag takes no value, and
/// a value that does not parse is a usage error (AOP5001) whose message says what was expected.
/// </summary>
internal static class CliOptions
{
    /// <summary>An option with one value (<c>--name VALUE</c> or <c>--name=VALUE</c>); the last one given wins.</summary>
    /// <param name="name">The option's name, with its dashes.</param>
    /// <param name="valueName">What the value is, as help shows it (DIR, FILE, TARGET).</param>
    /// <param name="description">What the option is for.</param>
    /// <param name="aliases">Other names for the option.</param>
    /// <returns>The option.</returns>
    public static Option<string> Value(string name, string valueName, string description, params string[] aliases) =>
        Parsed<string>(name, valueName, description, static text => (text, null), aliases);

    /// <summary>An option that may be repeated; every value is kept, in order.</summary>
    /// <param name="name">The option's name.</param>
    /// <param name="valueName">What each value is.</param>
    /// <param name="description">What the option is for.</param>
    /// <returns>The option.</returns>
    public static Option<List<string>> Repeated(string name, string valueName, string description) =>
        new(name)
        {
            HelpName = valueName,
            Description = description,
            Arity = ArgumentArity.OneOrMore,
            CustomParser = result =>
            {
                var values = new List<string>(result.Tokens.Count);
                foreach (var token in result.Tokens)
                {
                    if (IsOptionLike(token.Value))
                    {
                        result.AddError(NeedsValue(result));
                        return values;
                    }

                    values.Add(token.Value);
                }

                return values;
            },
        };

    /// <summary>An option that takes no value: present or not.</summary>
    /// <param name="name">The option's name.</param>
    /// <param name="description">What the option does.</param>
    /// <returns>The option.</returns>
    public static Option<bool> Flag(string name, string description) =>
        new(name) { Description = description, Arity = ArgumentArity.Zero };

    /// <summary>An option with one value that is parsed; the last one given wins.</summary>
    /// <typeparam name="T">The parsed value's type.</typeparam>
    /// <param name="name">The option's name.</param>
    /// <param name="valueName">What the value is.</param>
    /// <param name="description">What the option is for.</param>
    /// <param name="parse">Parses the text: the value, or the usage problem.</param>
    /// <param name="aliases">Other names for the option.</param>
    /// <returns>The option.</returns>
    public static Option<T> Parsed<T>(string name, string valueName, string description, Func<string, (T? Value, string? Problem)> parse, params string[] aliases) =>
        new(name, aliases)
        {
            HelpName = valueName,
            Description = description,
            // Several occurrences are accepted, as before, and the last one counts.
            Arity = ArgumentArity.OneOrMore,
            CustomParser = result =>
            {
                var text = result.Tokens[^1].Value;
                if (IsOptionLike(text))
                {
                    result.AddError(NeedsValue(result));
                    return default;
                }

                var (value, problem) = parse(text);
                if (problem is not null)
                {
                    result.AddError(problem);
                }

                return value;
            },
        };

    /// <summary>A time option: ISO 8601 with an offset, never a guessed time zone.</summary>
    /// <param name="name">The option's name.</param>
    /// <param name="description">What the time is.</param>
    /// <returns>The option; its value is null when not given.</returns>
    public static Option<DateTimeOffset?> Time(string name, string description) =>
        Parsed<DateTimeOffset?>(name, "TIME", description, text => TryParseTime(text, out var time)
            ? (time, null)
            : (null, name == "--as-of"
                ? $"--as-of needs an ISO 8601 time with an offset, such as 2026-11-28T12:00:00Z; got '{text}'"
                : $"Option '{name}' needs an ISO 8601 time with an offset, such as 2026-11-28T12:00:00Z; got '{text}'"));

    /// <summary>A duration option, such as <c>--for 10m</c>: positive.</summary>
    /// <param name="name">The option's name.</param>
    /// <param name="description">What the duration is.</param>
    /// <returns>The option; its value is null when not given.</returns>
    public static Option<TimeSpan?> Duration(string name, string description) =>
        Parsed<TimeSpan?>(name, "DURATION", description, text => UnitParser.TryParseDuration(text, out var duration) && duration > TimeSpan.Zero
            ? (duration, null)
            : (null, $"{name} needs a duration, such as 10m"));

    /// <summary>Positional arguments: zero or more values.</summary>
    /// <param name="valueName">What each value is, as help shows it.</param>
    /// <param name="description">What they are for.</param>
    /// <returns>The argument.</returns>
    public static Argument<List<string>> Arguments(string valueName, string description) =>
        new(valueName)
        {
            Description = description,
            Arity = ArgumentArity.ZeroOrMore,
            CustomParser = result => [.. result.Tokens.Select(t => t.Value)],
        };

    /// <summary>
    /// A list of format names, comma-separated or repeated (<c>--format json,sarif --format html</c>), each
    /// checked against the known ones, kept in the order given without repeats.
    /// </summary>
    /// <param name="name">The option's name.</param>
    /// <param name="valueName">What the value is.</param>
    /// <param name="known">The known names (lower case).</param>
    /// <param name="description">What the option is for.</param>
    /// <returns>The option.</returns>
    public static Option<List<string>> Formats(string name, string valueName, IReadOnlyCollection<string> known, string description) =>
        new(name)
        {
            HelpName = valueName,
            Description = description,
            Arity = ArgumentArity.OneOrMore,
            CustomParser = result =>
            {
                var formats = new List<string>();
                foreach (var token in result.Tokens)
                {
                    if (IsOptionLike(token.Value))
                    {
                        result.AddError($"Option '{name}' needs a value: one or more of {string.Join(", ", known)}");
                        return formats;
                    }

                    if (AddFormats(formats, token.Value, known) is { } problem)
                    {
                        result.AddError(problem);
                        return formats;
                    }
                }

                return formats;
            },
        };

    /// <summary>Adds comma-separated format names to a list, checking each against the known ones.</summary>
    /// <param name="formats">The list.</param>
    /// <param name="value">The option's value.</param>
    /// <param name="known">The known names.</param>
    /// <returns>The problem, or null.</returns>
    public static string? AddFormats(List<string> formats, string value, IReadOnlyCollection<string> known)
    {
        foreach (var format in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var lower = format.ToLowerInvariant();
            if (!known.Contains(lower, StringComparer.Ordinal))
            {
                return $"Unknown report format '{format}'; known formats: {string.Join(", ", known)}";
            }

            if (!formats.Contains(lower, StringComparer.Ordinal))
            {
                formats.Add(lower);
            }
        }

        return null;
    }

    /// <summary>Reads an ISO 8601 time that states its offset (Z or +hh:mm), as <c>--as-of</c> takes it.</summary>
    /// <param name="value">The text.</param>
    /// <param name="time">The time.</param>
    /// <returns>True when the text is such a time.</returns>
    public static bool TryParseTime(string? value, out DateTimeOffset time)
    {
        time = default;
        var t = value?.IndexOf('T', StringComparison.Ordinal) ?? -1;
        return value is not null && t >= 0 && (value.EndsWith('Z') || value.AsSpan(t).LastIndexOfAny('+', '-') > 0)
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
    }

    /// <summary>Whether a token is an option's name rather than a value: <c>--</c> and at least one more character.</summary>
    /// <param name="token">The token.</param>
    /// <returns>True for <c>--name</c>.</returns>
    public static bool IsOptionLike(string token) => token.Length > 2 && token.StartsWith("--", StringComparison.Ordinal);

    private static string NeedsValue(ArgumentResult result) =>
        $"Option '{(result.Parent as OptionResult)?.Option.Name ?? result.Argument.Name}' needs a value";
}
