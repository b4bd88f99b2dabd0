// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Model;
using AiOpsPolicy.Core.Syntax;
using AiOpsPolicy.Core.Text;

namespace AiOpsPolicy.Core.Loading;

/// <summary>One YAML document of a policy file whose envelope (apiVersion and kind) is known.</summary>
/// <param name="Kind">The document's kind.</param>
/// <param name="Root">The whole document.</param>
/// <param name="File">The file it is in.</param>
public sealed record PolicyDocument(PolicyKind Kind, YamlMapping Root, SourceFile File);
