// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;

namespace AiOpsPolicy.Core.Compilation;

/// <summary>
/// Size and nesting limits checked on an expression's text before Roslyn sees it. Parsing, binding, the sandbox, the
/// guard rewriter and the emitter all walk the syntax tree, many of them recursively, and a tree as deep as the text
/// is long (10,000 nested parentheses, a 100,000-clause <c>&amp;&amp;</c> chain, 5,000 <c>!</c>) overflows the stack,
/// which ends the process with no diagnostic and no report. These checks are one linear scan without recursion.
/// </summary>
/// <remarks>
/// The token limit is what bounds the tree: every level of a syntax tree takes at least one token, so no tree is
/// deeper than the count, however the scan below reads strings. The bracket depth is there for the message: it names
/// the real problem of a deeply nested expression at the bracket that goes too deep.
/// </remarks>
internal static class ExpressionLimits
{
    /// <summary>
    /// The longest expression, in characters. The longest in the shipped policies is under 300; a condition that needs
    /// more is a set of definitions.
    /// </summary>
    public const int MaxLength = 10_000;

    /// <summary>
    /// The most tokens (names, numbers, each punctuation character, each string counted by its characters) in one
    /// expression: the bound on the depth of its syntax tree. Measured: the compile stage handles trees of this depth of
    /// every shape (unary chains, casts, member chains, clause chains) on a 1 MiB stack.
    /// </summary>
    public const int MaxTokens = 2_500;

    /// <summary>How deeply brackets ((), [], {}) may nest. Real expressions nest fewer than ten.</summary>
    public const int MaxNesting = 64;

    /// <summary>
    /// The most interpolated strings (<c>$"..."</c>) in one expression. Roslyn's time to parse interpolated strings
    /// nested in each other's holes doubles with every level (measured through <c>validate</c>: 12 levels 4 s, 16 levels
    /// 40 s, 20 levels over two minutes), so their number is bounded, nested or not: at 6 the worst case costs
    /// milliseconds.
    /// </summary>
    public const int MaxInterpolatedStrings = 6;

    /// <summary>Checks an expression's text against the limits.</summary>
    /// <param name="text">The expression.</param>
    /// <returns>Null when within the limits; otherwise the offset of the first character past a limit and what was exceeded.</returns>
    public static (int Offset, string Problem)? Check(string text)
    {
        if (text.Length > MaxLength)
        {
            return (MaxLength, $"is {text.Length.ToString("N0", CultureInfo.InvariantCulture)} characters long; at most {MaxLength.ToString("N0", CultureInfo.InvariantCulture)} are allowed");
        }

        var tokens = 0;
        var interpolated = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '$' && i + 1 < text.Length && (text[i + 1] == '"' || (text[i + 1] == '@' && i + 2 < text.Length && text[i + 2] == '"')) && ++interpolated > MaxInterpolatedStrings)
            {
                // Counted wherever they stand, inside other strings too: nesting is what costs, and no scan of string
                // syntax short of Roslyn's own can be sure where a string ends.
                return (i, $"has more than {MaxInterpolatedStrings} interpolated strings ($\"...\")");
            }

            if (char.IsWhiteSpace(c))
            {
                continue;
            }

            if (char.IsLetterOrDigit(c) || c == '_')
            {
                while (i + 1 < text.Length && (char.IsLetterOrDigit(text[i + 1]) || text[i + 1] == '_'))
                {
                    i++;
                }
            }

            if (++tokens > MaxTokens)
            {
                return (i, $"has more than {MaxTokens.ToString("N0", CultureInfo.InvariantCulture)} tokens (names, numbers and operators)");
            }
        }

        return Nesting(text);
    }

    private static (int Offset, string Problem)? Nesting(string text)
    {
        var depth = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(' or '[' or '{':
                    if (++depth > MaxNesting)
                    {
                        return (i, $"nests brackets more than {MaxNesting} levels deep");
                    }

                    break;
                case ')' or ']' or '}':
                    depth = Math.Max(0, depth - 1);
                    break;
                case '/' when i + 1 < text.Length && text[i + 1] == '/':
                    i = End(text.IndexOf('\n', i), text.Length);
                    break;
                case '/' when i + 1 < text.Length && text[i + 1] == '*':
                    i = End(text.IndexOf("*/", i + 2, StringComparison.Ordinal), text.Length) + 1;
                    break;
                case '\'':
                    i = SkipQuoted(text, i, '\'', verbatim: false);
                    break;
                case '"':
                    // Brackets inside a string literal (a regular expression's groups) do not nest the tree. Holes of an
                    // interpolated string are skipped with it: the token limit still bounds whatever they hold.
                    i = SkipQuoted(text, i, '"', verbatim: i > 0 && (text[i - 1] == '@' || (i > 1 && text[i - 2] == '@')));
                    break;
            }
        }

        return null;
    }

    /// <summary>The offset of a literal's closing quote (or the text's end when it has none).</summary>
    private static int SkipQuoted(string text, int start, char quote, bool verbatim)
    {
        for (var i = start + 1; i < text.Length; i++)
        {
            if (!verbatim && text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == quote)
            {
                if (verbatim && i + 1 < text.Length && text[i + 1] == quote)
                {
                    i++;
                    continue;
                }

                return i;
            }
        }

        return text.Length;
    }

    private static int End(int found, int length) => found < 0 ? length : found;
}
