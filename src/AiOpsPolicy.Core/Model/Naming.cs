// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text;

namespace AiOpsPolicy.Core.Model;

/// <summary>Turns kebab-case policy names into C# member names.</summary>
public static class Naming
{
    /// <summary>Converts <c>triage-window</c> to <c>TriageWindow</c>.</summary>
    /// <param name="name">A kebab-case name.</param>
    /// <returns>The PascalCase name.</returns>
    public static string ToPascalCase(string name)
    {
        var builder = new StringBuilder(name.Length);
        var upper = true;
        foreach (var c in name)
        {
            if (c is '-' or '_' or '.')
            {
                upper = true;
                continue;
            }

            builder.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }

        return builder.ToString();
    }
}
