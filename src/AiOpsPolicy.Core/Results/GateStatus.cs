// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Results;

/// <summary>How a gate ended.</summary>
public enum GateStatus
{
    /// <summary>The measure is within its bound and the condition holds.</summary>
    Pass,

    /// <summary>A warn-severity gate did not pass. The deployment goes ahead.</summary>
    Warn,

    /// <summary>A block-severity gate did not pass.</summary>
    Fail,

    /// <summary>The gate could not be evaluated: its expression threw, or a metric was misused. Blocks when the gate blocks.</summary>
    Error,

    /// <summary>The evidence the gate needs is missing, stale or too thin. Blocks when the gate blocks.</summary>
    InsufficientEvidence,

    /// <summary>The gate did not pass, but an active waiver covers it: it does not block, and every report says who waived it and until when.</summary>
    Waived,
}

/// <summary>The words statuses are written as in every report.</summary>
public static class GateStatusText
{
    /// <summary>The status as reports write it: pass, warn, fail, error, insufficient-evidence.</summary>
    /// <param name="status">The status.</param>
    /// <returns>The word.</returns>
    public static string ToText(this GateStatus status) => status switch
    {
        GateStatus.Pass => "pass",
        GateStatus.Warn => "warn",
        GateStatus.Fail => "fail",
        GateStatus.Error => "error",
        GateStatus.Waived => "waived",
        _ => "insufficient-evidence",
    };
}
