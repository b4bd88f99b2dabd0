// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using System.Diagnostics;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Sources.Collection;
using AiOpsPolicy.Sources.Configuration;
using AiOpsPolicy.Sources.Git;
using AiOpsPolicy.Sources.Otlp;
using AiOpsPolicy.Sources.Output;
using AiOpsPolicy.Sources.Prometheus;

namespace AiOpsPolicy.Sources;

/// <summary>
/// Collects every source of a sources file into an output folder, one after another, in file order. Each
/// source's files replace the ones an earlier run wrote; a source that fails still writes its files, empty
/// and marked incomplete with the reason, so no stale or missing file can pass for "there was nothing".
/// </summary>
public sealed class EvidenceCollector
{
    private readonly Func<string, string?> _environment;
    private readonly HttpMessageHandler? _handler;

    /// <summary>Initializes a new instance of the <see cref="EvidenceCollector"/> class.</summary>
    /// <param name="environment">Reads an environment variable (credentials are named in the sources file, read here).</param>
    /// <param name="handler">The HTTP handler to use instead of a new one, for tests; null in production.</param>
    public EvidenceCollector(Func<string, string?> environment, HttpMessageHandler? handler = null)
    {
        _environment = environment;
        _handler = handler;
    }

    /// <summary>Creates the collector of one source.</summary>
    /// <param name="source">The source.</param>
    /// <returns>Its collector.</returns>
    public ISourceCollector Create(EvidenceSource source) => source switch
    {
        { Prometheus: { } prometheus } => new PrometheusCollector(prometheus, _environment, _handler),
        { Git: { } git } => new GitCollector(git),
        { Otlp: { } otlp } => new OtlpCollector(otlp),
        _ => throw new NotSupportedException($"Source '{source.Name}': {source.Type} sources are not collected by this build yet."),
    };

    /// <summary>Collects the sources into the folder.</summary>
    /// <param name="sources">The sources, in file order.</param>
    /// <param name="window">The time range.</param>
    /// <param name="folder">The output folder.</param>
    /// <param name="starting">Called before each source, for a progress line.</param>
    /// <param name="warn">Receives (source, message) for data left out.</param>
    /// <param name="cancellationToken">Cancels the collection.</param>
    /// <returns>One outcome per source.</returns>
    public async Task<ImmutableArray<SourceOutcome>> CollectAsync(
        IReadOnlyList<EvidenceSource> sources,
        CollectionWindow window,
        string folder,
        Action<EvidenceSource> starting,
        Action<string, string> warn,
        CancellationToken cancellationToken)
    {
        var outcomes = ImmutableArray.CreateBuilder<SourceOutcome>();
        foreach (var source in sources)
        {
            starting(source);
            var watch = Stopwatch.StartNew();
            var collector = Create(source);
            ImmutableArray<CollectedFile> files;
            string? failure = null, failedQuery = null;
            try
            {
                files = await collector.CollectAsync(window, message => warn(source.Name, message), cancellationToken).ConfigureAwait(false);
            }
            catch (SourceException ex)
            {
                failure = ex.Message;
                failedQuery = ex.Query;
                files = [.. collector.Kinds.Select(kind => new CollectedFile
                {
                    Kind = kind,
                    Incomplete = $"source '{source.Name}' ({source.Type}) failed: {ex.Message}",
                    Queries = ex.Query.Length > 0 ? [new CollectedQuery(ex.Query, "failed")] : [],
                })];
            }

            var paths = ImmutableArray.CreateBuilder<string>();
            foreach (var file in files)
            {
                paths.Add(EvidenceFileWriter.Write(folder, source.Name, source.Type, collector.Endpoint, window, file).Path);
            }

            outcomes.Add(new SourceOutcome(source.Name, source.Type, paths.ToImmutable(), files.Sum(f => f.Records.Length), failure, failedQuery, watch.Elapsed));
        }

        return outcomes.ToImmutable();
    }

    /// <summary>The kinds a set of outcomes marked incomplete, for messages.</summary>
    /// <param name="collector">The source's collector.</param>
    /// <returns>The kinds' names, comma-separated.</returns>
    public static string KindNames(ISourceCollector collector) => string.Join(", ", collector.Kinds.Select(EvidenceKinds.Name));
}
