// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Model;
using AiOpsPolicy.Core.Results;

namespace AiOpsPolicy.Core.Diffing;

/// <summary>A gate whose status differs between the two versions on the same evidence.</summary>
/// <param name="Gate">The gate's name.</param>
/// <param name="Severity">The gate's severity in the head version (the base's when the head removed it).</param>
/// <param name="Base">The status in the base version; null when the gate is new.</param>
/// <param name="BaseObserved">What the base version observed, formatted, if anything.</param>
/// <param name="Head">The status in the head version; null when the gate was removed.</param>
/// <param name="HeadObserved">What the head version observed, formatted, if anything.</param>
public sealed record GateFlip(string Gate, GateSeverity Severity, GateStatus? Base, string? BaseObserved, GateStatus? Head, string? HeadObserved);
