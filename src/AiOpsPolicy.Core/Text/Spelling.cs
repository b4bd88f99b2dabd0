// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Text;

/// <summary>The "did you mean" of a diagnostic: the known word a misspelt one most likely stands for.</summary>
internal static class Spelling
{
    /// <summary>
    /// The candidate closest to <paramref name="word"/> ignoring case, within one edit per three letters (at least one),
    /// or null; of candidates equally close, the first.
    /// </summary>
    /// <param name="word">The word as written.</param>
    /// <param name="candidates">The words it may stand for, in the order ties are settled.</param>
    /// <returns>The closest candidate, or null when none is close.</returns>
    public static string? Closest(string word, IEnumerable<string> candidates)
    {
        var lower = word.ToLowerInvariant();
        return candidates
            .Select(c => (Candidate: c, Distance: EditDistance(lower, c.ToLowerInvariant())))
            .Where(x => x.Distance <= Math.Max(1, word.Length / 3))
            .OrderBy(x => x.Distance)
            .Select(x => x.Candidate)
            .FirstOrDefault();
    }

    /// <summary>The Levenshtein distance: the fewest insertions, deletions and substitutions that turn one word into the other.</summary>
    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
