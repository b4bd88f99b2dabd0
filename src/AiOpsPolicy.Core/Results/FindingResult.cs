// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Results;

/// <summary>
/// A finding a run reports without blocking: an observation a person should read (for example "MTTR improved but the
/// incident rate did not"), produced by a policy rule that held for this run.
/// </summary>
/// <param name="Name">The rule that produced the finding.</param>
/// <param name="Message">What was found, in a sentence a person acts on.</param>
public sealed record FindingResult(string Name, string Message)
{
    /// <summary>Gets the metric group the finding belongs to (<c>reliability</c>, <c>data</c>, <c>value</c>, <c>risk</c>, <c>scale</c>), if known.</summary>
    public string? Group { get; init; }

    /// <summary>Gets who owns the rule, if declared.</summary>
    public string? Owner { get; init; }

    /// <summary>
    /// Gets whether the rule held (<see cref="FindingStatus.Found"/>) or could not be evaluated
    /// (<see cref="FindingStatus.Error"/>: the message says why). Neither blocks.
    /// </summary>
    public FindingStatus Status { get; init; }

    /// <summary>Gets where the rule is declared (for an error, the expression that failed), if known.</summary>
    public Text.SourceLocation? Location { get; init; }
}

/// <summary>How a finding rule ended. Rules that did not hold are not reported.</summary>
public enum FindingStatus
{
    /// <summary>The rule held: the message is the finding.</summary>
    Found,

    /// <summary>An expression of the rule threw or went over budget: the message says what and where. It does not block.</summary>
    Error,
}
