// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Model;

namespace AiOpsPolicy.Core.Diffing;

/// <summary>One semantic change between two versions of a policy set.</summary>
/// <param name="Kind">The kind of the object that changed.</param>
/// <param name="Name">The object's name.</param>
/// <param name="Aspect">What changed: <c>bound.min</c>, <c>severity</c>, <c>measure</c>, <c>spec.sla</c>; empty for an added or removed object.</param>
/// <param name="Change">Added, removed, tightened, loosened or changed.</param>
/// <param name="Before">The old value as written, if any.</param>
/// <param name="After">The new value as written, if any.</param>
/// <param name="Description">The change as a phrase for people: <c>loosens `triage-sla` from 95% to 90%</c>.</param>
public sealed record PolicyChange(PolicyKind Kind, string Name, string Aspect, PolicyChangeKind Change, string? Before, string? After, string Description);
