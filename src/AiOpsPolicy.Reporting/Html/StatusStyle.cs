// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Results;

namespace AiOpsPolicy.Reporting.Html;

/// <summary>How each status looks: its colour, its label and its CSS class. Colour is never the only cue.</summary>
internal static class StatusStyle
{
    /// <summary>The order statuses are listed in, the most urgent first.</summary>
    public static readonly GateStatus[] ByUrgency =
    [
        GateStatus.Fail,
        GateStatus.Error,
        GateStatus.InsufficientEvidence,
        GateStatus.Warn,
        GateStatus.Waived,
        GateStatus.Pass,
    ];

    /// <summary>The colour for automated and evidenced controls.</summary>
    public const string Covered = "#2f7d52";

    /// <summary>The colour for controls declared automated without evidence.</summary>
    public const string DeclaredOnly = "#c98a1b";

    /// <summary>The colour for manual controls.</summary>
    public const string Manual = "#a3acb9";

    /// <summary>The status's colour.</summary>
    /// <param name="status">The status.</param>
    /// <returns>A hex colour.</returns>
    public static string Colour(GateStatus status) => status switch
    {
        GateStatus.Pass => "#2f7d52",
        GateStatus.Warn => "#b7791f",
        GateStatus.Fail => "#c2362f",
        GateStatus.Error => "#7b3fa0",
        GateStatus.Waived => "#2f6aa8",
        _ => "#5f6b7a",
    };

    /// <summary>The status's label, upper case.</summary>
    /// <param name="status">The status.</param>
    /// <returns>The label.</returns>
    public static string Label(GateStatus status) => status switch
    {
        GateStatus.Pass => "PASS",
        GateStatus.Warn => "WARN",
        GateStatus.Fail => "FAIL",
        GateStatus.Error => "ERROR",
        GateStatus.Waived => "WAIVED",
        _ => "NO EVIDENCE",
    };

    /// <summary>The status's heading in the summary.</summary>
    /// <param name="status">The status.</param>
    /// <returns>The heading.</returns>
    public static string Heading(GateStatus status) => status switch
    {
        GateStatus.Pass => "Passed",
        GateStatus.Warn => "Warnings",
        GateStatus.Fail => "Failed",
        GateStatus.Error => "Errors",
        GateStatus.Waived => "Waived",
        _ => "Insufficient evidence",
    };

    /// <summary>The status's CSS class.</summary>
    /// <param name="status">The status.</param>
    /// <returns>The class name.</returns>
    public static string CssClass(GateStatus status) => "s-" + status.ToText();

    /// <summary>The status's rank in <see cref="ByUrgency"/>.</summary>
    /// <param name="status">The status.</param>
    /// <returns>The rank, 0 the most urgent.</returns>
    public static int Urgency(GateStatus status) => Array.IndexOf(ByUrgency, status);
}
