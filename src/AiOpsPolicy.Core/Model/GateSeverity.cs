// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Model;

/// <summary>What a gate does when it does not pass.</summary>
public enum GateSeverity
{
    /// <summary>The deployment is blocked.</summary>
    Block,

    /// <summary>The deployment goes ahead with a warning.</summary>
    Warn,
}
