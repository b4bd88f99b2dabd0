// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text;

namespace AiOpsPolicy.Service.Api;

/// <summary>How the service quotes what a caller sent (a method, a content type, an id, a time) back in a problem.</summary>
internal static class CallerText
{
    /// <summary>A value from the caller as messages show it: control characters escaped, at most 80 characters.</summary>
    public static string Printable(string text)
    {
        var cut = text.Length > 80 ? text[..80] + "..." : text;
        var shown = new StringBuilder(cut.Length);
        foreach (var c in cut)
        {
            shown.Append(char.IsControl(c) || c is '\u2028' or '\u2029' ? $"\\u{(int)c:x4}" : c);
        }

        return shown.ToString();
    }
}
