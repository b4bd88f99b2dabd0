// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Text;

namespace AiOpsPolicy.Core.PolicyTests;

/// <summary>One policy unit test: evidence, an evaluation time, and what the gates must come out as.</summary>
public sealed record PolicyTest
{
    /// <summary>Gets the test's name, unique in the run.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the path of the test file as shown to people.</summary>
    public required string File { get; init; }

    /// <summary>Gets where the test's name is written.</summary>
    public required SourceLocation Location { get; init; }

    /// <summary>Gets the evaluation time.</summary>
    public required DateTimeOffset AsOf { get; init; }

    /// <summary>Gets the evidence written in the test, by kind.</summary>
    public ImmutableArray<InlineEvidence> InlineEvidence { get; init; } = [];

    /// <summary>Gets the full path of an evidence folder or file, if the test names one.</summary>
    public string? EvidencePath { get; init; }

    /// <summary>Gets where the evidence path is written, for problems with it.</summary>
    public SourceLocation? EvidencePathLocation { get; init; }

    /// <summary>Gets the expected gate statuses, in the order written.</summary>
    public ImmutableArray<GateExpectation> Gates { get; init; } = [];

    /// <summary>Gets the expected observed values, in the order written.</summary>
    public ImmutableArray<MetricExpectation> Metrics { get; init; } = [];
}
