// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Results;

/// <summary>A waiver as reports show it: who waived which gate, why, and until when.</summary>
/// <param name="Name">The waiver's name.</param>
/// <param name="Owner">Who is accountable for it.</param>
/// <param name="Reason">Why the failure is accepted.</param>
/// <param name="Ticket">The ticket that tracks the fix.</param>
/// <param name="Expires">When it stops applying.</param>
/// <param name="Gates">The gates it covers.</param>
/// <param name="Expired">Whether it had expired at the evaluation time (and so no longer applies).</param>
public sealed record WaiverInfo(string Name, string Owner, string Reason, string Ticket, DateTimeOffset Expires, System.Collections.Immutable.ImmutableArray<string> Gates, bool Expired);
