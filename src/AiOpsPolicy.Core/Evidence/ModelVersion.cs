// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Evidence;

/// <summary>
/// Compares model versions the way registries number them: dot-separated integers compare as
/// numbers (1.10.0 is after 1.9.0), an optional leading <c>v</c> is ignored, missing parts count as 0
/// (1.2 equals 1.2.0), and a pre-release (<c>-rc.1</c>) comes before its release, with semantic-version
/// rules between pre-releases (numeric identifiers as numbers, below text ones; more identifiers after
/// fewer). Build metadata (<c>+sha</c>) is ignored. A version that is not of this shape compares as
/// text (ordinal), after every numbered version.
/// </summary>
public sealed class ModelVersion : IComparer<string>
{
    /// <summary>Gets the comparer.</summary>
    public static ModelVersion Comparer { get; } = new();

    /// <inheritdoc />
    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        var a = Parse(x);
        var b = Parse(y);
        if (a is null || b is null)
        {
            // Text versions come after numbered ones: a registry that mixes them is rare, and a
            // fixed order keeps the answer the same on every machine.
            return a is null && b is null ? string.CompareOrdinal(x, y) : a is null ? 1 : -1;
        }

        var parts = Math.Max(a.Value.Numbers.Length, b.Value.Numbers.Length);
        for (var i = 0; i < parts; i++)
        {
            var left = i < a.Value.Numbers.Length ? a.Value.Numbers[i] : 0;
            var right = i < b.Value.Numbers.Length ? b.Value.Numbers[i] : 0;
            if (left != right)
            {
                return left.CompareTo(right);
            }
        }

        return ComparePreRelease(a.Value.PreRelease, b.Value.PreRelease) is var byPre and not 0 ? byPre : string.CompareOrdinal(x, y);
    }

    private static int ComparePreRelease(string[]? a, string[]? b)
    {
        if (a is null || b is null)
        {
            // A release is after any of its pre-releases.
            return a is null ? (b is null ? 0 : 1) : -1;
        }

        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            var aNumeric = ulong.TryParse(a[i], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var an);
            var bNumeric = ulong.TryParse(b[i], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var bn);
            var order = (aNumeric, bNumeric) switch
            {
                (true, true) => an.CompareTo(bn),
                (true, false) => -1,
                (false, true) => 1,
                _ => string.CompareOrdinal(a[i], b[i]),
            };
            if (order != 0)
            {
                return order;
            }
        }

        return a.Length.CompareTo(b.Length);
    }

    private static (ulong[] Numbers, string[]? PreRelease)? Parse(string version)
    {
        var text = version.Trim();
        if (text.StartsWith('v') || text.StartsWith('V'))
        {
            text = text[1..];
        }

        var plus = text.IndexOf('+', StringComparison.Ordinal);
        if (plus >= 0)
        {
            text = text[..plus];
        }

        string[]? preRelease = null;
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash >= 0)
        {
            preRelease = text[(dash + 1)..].Split('.');
            text = text[..dash];
            if (preRelease.Any(p => p.Length == 0 || !p.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')))
            {
                return null;
            }
        }

        var parts = text.Split('.');
        var numbers = new ulong[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i].Length == 0 || !parts[i].All(char.IsAsciiDigit) || !ulong.TryParse(parts[i], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out numbers[i]))
            {
                return null;
            }
        }

        return (numbers, preRelease);
    }
}
