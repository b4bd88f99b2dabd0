// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Text;

namespace AiOpsPolicy.Sources.Configuration;

/// <summary>
/// One <c>kind: EvidenceSource</c> declaration from the operator's sources file: a named system to
/// collect evidence from, and what to collect. Sources are operator-owned: they are read only from the
/// file given to <c>collect --sources</c> or <c>gate --collect</c>, never from the policy folder, so
/// policy text from a pull request can never choose an endpoint or receive a credential.
/// </summary>
public sealed record EvidenceSource
{
    /// <summary>Gets the source's name (kebab-case); it names the files written and every message.</summary>
    public required string Name { get; init; }

    /// <summary>Gets where the declaration is, for messages.</summary>
    public required SourceLocation Location { get; init; }

    /// <summary>Gets the Prometheus settings, when the source is a Prometheus server.</summary>
    public PrometheusSource? Prometheus { get; init; }

    /// <summary>Gets the Git settings, when the source is a Git repository.</summary>
    public GitSource? Git { get; init; }

    /// <summary>Gets the OpenTelemetry trace settings, when the source is OTLP trace files.</summary>
    public OtlpSource? Otlp { get; init; }

    /// <summary>Gets the source's type as written in messages: prometheus, git or otlp.</summary>
    public string Type => Prometheus is not null ? "prometheus" : Git is not null ? "git" : "otlp";
}
