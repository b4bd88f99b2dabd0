// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;

namespace AiOpsPolicy.History;

/// <summary>One recorded control coverage row.</summary>
/// <param name="Name">The control name.</param>
/// <param name="Required">Whether the control is required.</param>
/// <param name="DeclaredAutomated">Whether the control is declared automated.</param>
/// <param name="Evidenced">Whether evidence shows the automation ran.</param>
/// <param name="EnforcedAt">The enforcement points (for example <c>ci</c>, <c>deploy</c>).</param>
/// <param name="CatalogIds">The control catalog ids the control maps to.</param>
/// <param name="Owner">The owning team (the control's <c>metadata.owner</c>), if declared.</param>
public sealed record ControlRecord(string Name, bool Required, bool DeclaredAutomated, bool Evidenced, ImmutableArray<string> EnforcedAt, ImmutableArray<string> CatalogIds, string? Owner = null);
