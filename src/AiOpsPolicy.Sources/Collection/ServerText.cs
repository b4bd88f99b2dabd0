// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;

namespace AiOpsPolicy.Sources.Collection;

/// <summary>
/// How every collector quotes what a server, a repository or a sender gave it (an error body, a tag name, a header) in
/// its own messages: text from outside could carry terminal escapes or run to megabytes.
/// </summary>
internal static class ServerText
{
    private const int MaxShownErrorLength = 500;

    /// <summary>Server text as it may be shown in a message: control and format characters (escapes, newlines, bidirectional overrides) removed, cut to a readable length.</summary>
    public static string Shown(string text)
    {
        var clean = new string([.. text.Where(c => !char.IsControl(c) && CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.Format)]);
        return clean.Length > MaxShownErrorLength ? clean[..MaxShownErrorLength] + "..." : clean;
    }
}
