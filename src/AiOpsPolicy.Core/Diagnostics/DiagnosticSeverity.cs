// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Diagnostics;

/// <summary>How serious a diagnostic is.</summary>
public enum DiagnosticSeverity
{
    /// <summary>Not reported. Used only to switch a diagnostic off in configuration.</summary>
    Off = 0,

    /// <summary>Worth knowing; never changes the exit code.</summary>
    Info = 1,

    /// <summary>Probably a mistake, but the policy set can still be evaluated.</summary>
    Warning = 2,

    /// <summary>The policy set or evidence cannot be used as it is; evaluation does not start.</summary>
    Error = 3,
}
