// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;

namespace AiOpsPolicy.Core.Model;

/// <summary>The metadata every policy document carries.</summary>
/// <param name="Name">The document's name, unique per kind.</param>
/// <param name="Owner">The team or person accountable, if given.</param>
/// <param name="Description">One sentence on what the document is for, if given.</param>
/// <param name="Labels">Free-form labels, sorted by key.</param>
public sealed record PolicyMetadata(string Name, string? Owner, string? Description, ImmutableSortedDictionary<string, string> Labels);
