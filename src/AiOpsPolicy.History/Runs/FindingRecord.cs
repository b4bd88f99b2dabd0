// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.History.Runs;

/// <summary>One finding a run reported.</summary>
/// <param name="Name">The rule that produced it.</param>
/// <param name="Message">What was found.</param>
/// <param name="Group">The metric group, if known.</param>
/// <param name="Owner">Who owns the rule, if declared.</param>
/// <param name="Status"><c>found</c> (the rule held) or <c>error</c> (an expression of the rule failed; the message says how).</param>
public sealed record FindingRecord(string Name, string Message, string? Group, string? Owner, string Status = FindingRecord.Found)
{
    /// <summary>The status of a finding whose rule held.</summary>
    public const string Found = "found";

    /// <summary>The status of a finding whose rule could not be evaluated.</summary>
    public const string Error = "error";
}
