// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;

namespace AiOpsPolicy.Core.Oscal;

/// <summary>One baseline control and the declared controls that map to it.</summary>
/// <param name="Id">The baseline control's id.</param>
/// <param name="Title">Its title, if the baseline gives one.</param>
/// <param name="Status">How far it is covered.</param>
/// <param name="DeclaredBy">The names of the declared controls whose catalog ids include it, in name order.</param>
public sealed record CatalogControlCoverage(string Id, string? Title, CatalogControlStatus Status, ImmutableArray<string> DeclaredBy);
