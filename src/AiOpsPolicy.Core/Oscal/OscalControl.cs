// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Oscal;

/// <summary>One control or control enhancement of an OSCAL catalog or profile.</summary>
/// <param name="Id">The control's id in lower case, as OSCAL writes it (<c>ac-2</c>, <c>ac-2.1</c>).</param>
/// <param name="Title">Its title; null when read from a profile, which lists ids only.</param>
public sealed record OscalControl(string Id, string? Title);
