// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.History.Trends;

/// <summary>The waivers one gate of one policy set was seen under, and how often they were renewed.</summary>
/// <param name="PolicySet">The policy set.</param>
/// <param name="Gate">The waived gate.</param>
/// <param name="Waivers">The distinct waivers (by name and expiry) seen over the range.</param>
/// <param name="Renewals">How often a new expiry, or a new waiver covering the gate, followed a previous one (<c>Waivers - 1</c>).</param>
/// <param name="FirstSeen">The evaluation time of the first run in the range that saw a waiver of the gate.</param>
/// <param name="LastSeen">The evaluation time of the last run in the range that saw one.</param>
/// <param name="CurrentWaiver">The name of the waiver the last run saw (the latest expiry when it saw several).</param>
/// <param name="CurrentExpiry">Its expiry.</param>
/// <param name="Owner">Its owner.</param>
/// <param name="Ticket">Its ticket.</param>
public sealed record WaiverRenewals(
    string PolicySet,
    string Gate,
    int Waivers,
    int Renewals,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    string CurrentWaiver,
    DateTimeOffset CurrentExpiry,
    string Owner,
    string Ticket);
