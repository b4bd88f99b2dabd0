// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Syntax;
using AiOpsPolicy.Core.Text;

namespace AiOpsPolicy.Core.PolicyTests;

/// <summary>Evidence records of one kind written inside a test file.</summary>
/// <param name="Kind">The evidence kind.</param>
/// <param name="Node">
/// The YAML: a mapping shaped like an evidence envelope without apiVersion and kind
/// (<c>collectedAt</c>, <c>source</c>, <c>records</c>), or a sequence of records.
/// </param>
/// <param name="Location">Where the kind is written in the test file.</param>
public sealed record InlineEvidence(EvidenceKind Kind, YamlNode Node, SourceLocation Location);
