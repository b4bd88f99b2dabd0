// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Syntax;

namespace AiOpsPolicy.Core.Model;

/// <summary>
/// A waiver: an accepted failure of named gates, owned by someone, with a reason, a ticket and an
/// expiry. A waived gate reports <c>waived</c>, never <c>pass</c>, and stops blocking until the waiver expires.
/// </summary>
public sealed class Waiver : PolicyObject
{
    internal Waiver(PolicyMetadata metadata, YamlMapping node)
        : base(metadata, node)
    {
    }

    /// <inheritdoc />
    public override PolicyKind Kind => PolicyKind.Waiver;

    /// <summary>Gets the gates the waiver covers.</summary>
    public ImmutableArray<string> Gates { get; init; } = [];

    /// <summary>Gets who is accountable for the waiver.</summary>
    public string Owner { get; init; } = string.Empty;

    /// <summary>Gets why the failure is accepted.</summary>
    public string Reason { get; init; } = string.Empty;

    /// <summary>Gets the ticket that tracks the fix.</summary>
    public string Ticket { get; init; } = string.Empty;

    /// <summary>Gets when the waiver stops applying; null when it does not say (which is invalid).</summary>
    public DateTimeOffset? Expires { get; init; }
}
