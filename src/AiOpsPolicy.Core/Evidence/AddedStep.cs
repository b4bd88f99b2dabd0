// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Evidence;

/// <summary>A step the AI added to a case, with its manual minutes.</summary>
/// <param name="Name">The step's name.</param>
/// <param name="Minutes">Manual minutes per case.</param>
public sealed record AddedStep(string Name, double Minutes);
