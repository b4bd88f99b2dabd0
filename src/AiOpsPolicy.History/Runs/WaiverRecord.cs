// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;

namespace AiOpsPolicy.History.Runs;

/// <summary>One waiver as a run saw it.</summary>
/// <param name="Name">The waiver name.</param>
/// <param name="Owner">Who owns the waiver.</param>
/// <param name="Reason">Why the gates are waived.</param>
/// <param name="Ticket">The tracking ticket.</param>
/// <param name="Expires">When the waiver expires.</param>
/// <param name="Gates">The gates it waives.</param>
/// <param name="Expired">Whether it had expired at the run's evaluation time.</param>
public sealed record WaiverRecord(string Name, string Owner, string Reason, string Ticket, DateTimeOffset Expires, ImmutableArray<string> Gates, bool Expired);
