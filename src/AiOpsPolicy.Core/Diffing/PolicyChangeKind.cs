// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Diffing;

/// <summary>What a change does to a policy object.</summary>
public enum PolicyChangeKind
{
    /// <summary>The object is new.</summary>
    Added,

    /// <summary>The object is gone.</summary>
    Removed,

    /// <summary>The object asks more: a higher minimum, a lower maximum, warn to block, required.</summary>
    Tightened,

    /// <summary>The object asks less: a lower minimum, a higher maximum, block to warn, no longer required.</summary>
    Loosened,

    /// <summary>The object changed in a way that is neither clearly tighter nor looser (an expression, a list).</summary>
    Changed,
}
