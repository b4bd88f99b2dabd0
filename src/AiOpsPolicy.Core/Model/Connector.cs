// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Syntax;

namespace AiOpsPolicy.Core.Model;

/// <summary>A connector: a critical API or data flow and the thresholds of its daily checks.</summary>
public sealed class Connector : PolicyObject
{
    internal Connector(PolicyMetadata metadata, YamlMapping node)
        : base(metadata, node)
    {
    }

    /// <inheritdoc />
    public override PolicyKind Kind => PolicyKind.Connector;

    /// <summary>Gets the system the connector talks to.</summary>
    public string System { get; init; } = string.Empty;

    /// <summary>Gets a value indicating whether the connector counts towards integration health.</summary>
    public bool Critical { get; init; }

    /// <summary>Gets the workflows that depend on the connector.</summary>
    public ImmutableArray<string> Workflows { get; init; } = [];

    /// <summary>Gets the thresholds of the daily checks.</summary>
    public ConnectorChecks Checks { get; init; } = ConnectorChecks.Default;
}
