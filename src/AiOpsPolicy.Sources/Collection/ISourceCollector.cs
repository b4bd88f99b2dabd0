// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Sources.Output;

namespace AiOpsPolicy.Sources.Collection;

/// <summary>
/// Reads one kind of system (Prometheus, Git, OTLP traces) into evidence records. A new source type
/// (DevLake, a CI/CD API) is one more implementation; the orchestration, files and provenance are shared.
/// </summary>
public interface ISourceCollector
{
    /// <summary>Gets where the source is, for provenance and messages; never holds credentials.</summary>
    string Endpoint { get; }

    /// <summary>Gets the evidence kinds this source writes, known before it runs: a failed source marks each incomplete.</summary>
    ImmutableArray<EvidenceKind> Kinds { get; }

    /// <summary>Collects the source.</summary>
    /// <param name="window">The time range: nothing after its as-of time is read.</param>
    /// <param name="warn">Receives a message for data that was left out.</param>
    /// <param name="cancellationToken">Cancels the collection.</param>
    /// <returns>One file per kind.</returns>
    /// <exception cref="SourceException">The source could not be collected.</exception>
    Task<ImmutableArray<CollectedFile>> CollectAsync(CollectionWindow window, Action<string> warn, CancellationToken cancellationToken);
}
