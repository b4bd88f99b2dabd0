// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Model;
using AiOpsPolicy.Core.Syntax;

namespace AiOpsPolicy.Core.Validation;

/// <content>Binding findings and gate baselines.</content>
internal sealed partial class PolicyBinder
{
    private GateBaseline BindBaseline(YamlMapping baseline)
    {
        var from = Text(baseline, "from") == "run" ? BaselineSource.Run : BaselineSource.PassingRuns;
        var runs = baseline["runs"] is YamlScalar { IsNull: false } count && int.TryParse(count.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : GateBaseline.DefaultRuns;
        BaselineDirection? direction = Text(baseline, "direction") switch
        {
            "lower-is-better" => BaselineDirection.LowerIsBetter,
            "higher-is-better" => BaselineDirection.HigherIsBetter,
            _ => null,
        };
        return new GateBaseline(from, runs, Text(baseline, "run"), Percentage(baseline, "tolerance") ?? 0, direction);
    }

    private Finding BindFinding(PolicyMetadata metadata, YamlMapping root, YamlMapping? spec)
    {
        var message = spec?["message"] as YamlScalar;
        return new Finding(metadata, root)
        {
            Group = Text(spec, "group"),
            When = spec?["when"] is YamlScalar when ? new PolicyExpression(when, $"when of finding '{metadata.Name}'") : null,
            Message = message?.Value ?? string.Empty,
            MessageParts = message is null ? [] : MessageParts(message, metadata.Name),
        };
    }

    /// <summary>
    /// Cuts a finding's message into text and <c>{expression}</c> placeholders. <c>{{</c> and <c>}}</c> are literal
    /// braces; braces and string literals inside a placeholder nest, so <c>{new[] { 1 }.Length}</c> is one placeholder.
    /// </summary>
    private ImmutableArray<FindingMessagePart> MessageParts(YamlScalar message, string finding)
    {
        var text = message.Value;
        var parts = ImmutableArray.CreateBuilder<FindingMessagePart>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '}')
            {
                if (i + 1 < text.Length && text[i + 1] == '}')
                {
                    literal.Append('}');
                    i += 2;
                    continue;
                }

                _diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.InvalidFinding, message.GetValueLocation(i, i + 1), $"The message of finding '{finding}' has a '}}' that closes no placeholder. Write '}}}}' for a literal brace"));
                return [];
            }

            if (c != '{')
            {
                literal.Append(c);
                i++;
                continue;
            }

            if (i + 1 < text.Length && text[i + 1] == '{')
            {
                literal.Append('{');
                i += 2;
                continue;
            }

            var end = PlaceholderEnd(text, i + 1);
            if (end < 0)
            {
                _diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.InvalidFinding, message.GetValueLocation(i, text.Length), $"The message of finding '{finding}' has a '{{' placeholder that is never closed. Close it with '}}', or write '{{{{' for a literal brace"));
                return [];
            }

            if (string.IsNullOrWhiteSpace(text[(i + 1)..end]))
            {
                _diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.InvalidFinding, message.GetValueLocation(i, end + 1), $"The message of finding '{finding}' has an empty placeholder '{{}}'. Put a C# expression inside, such as {{IncidentRate().Value}}"));
                return [];
            }

            if (literal.Length > 0)
            {
                parts.Add(new FindingMessagePart(literal.ToString(), null));
                literal.Clear();
            }

            var number = parts.Count(p => p.Expression is not null) + 1;
            parts.Add(new FindingMessagePart(string.Empty, new PolicyExpression(message, $"placeholder {number} of the message of finding '{finding}'", i + 1, end - i - 1)));
            i = end + 1;
        }

        if (literal.Length > 0)
        {
            parts.Add(new FindingMessagePart(literal.ToString(), null));
        }

        return parts.ToImmutable();
    }

    /// <summary>The index of the brace that closes a placeholder opened just before <paramref name="start"/>, or -1.</summary>
    private static int PlaceholderEnd(string text, int start)
    {
        var depth = 0;
        for (var i = start; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '"' or '\'':
                    var quote = text[i];
                    for (i++; i < text.Length && text[i] != quote; i++)
                    {
                        if (text[i] == '\\')
                        {
                            i++;
                        }
                    }

                    break;
                case '{':
                    depth++;
                    break;
                case '}' when depth == 0:
                    return i;
                case '}':
                    depth--;
                    break;
            }
        }

        return -1;
    }
}
