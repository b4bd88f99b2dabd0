// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Results;

/// <summary>
/// One clause of a condition and its own value, so a reviewer sees which part of an
/// <c>&amp;&amp;</c> / <c>||</c> condition failed without re-running anything. Every clause is
/// evaluated, even one the condition itself skipped by short-circuiting.
/// </summary>
/// <param name="Text">The clause as written.</param>
/// <param name="Value">Its value; null when it could not be evaluated.</param>
/// <param name="Problem">Why it could not be evaluated (insufficient evidence or an exception).</param>
public sealed record ClauseResult(string Text, bool? Value, string? Problem);
