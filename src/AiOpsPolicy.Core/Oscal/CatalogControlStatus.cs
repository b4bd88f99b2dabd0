// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Oscal;

/// <summary>How far a baseline control is covered by the policy set's declared controls.</summary>
public enum CatalogControlStatus
{
    /// <summary>No declared control maps to it.</summary>
    Missing,

    /// <summary>Declared controls map to it, but none is required, automated and evidenced.</summary>
    DeclaredOnly,

    /// <summary>At least one declared control that maps to it is required, automated and evidenced.</summary>
    Automated,
}
