// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using System.Security.Cryptography;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Sources.Collection;
using AiOpsPolicy.Sources.Configuration;
using AiOpsPolicy.Sources.Output;

namespace AiOpsPolicy.Sources.Otlp;

/// <summary>
/// Collects workflow runs and agent runs from OTLP JSON trace files: the Collector file exporter's output,
/// or what <c>aiops-policy receive</c> wrote. Files are read in path order; each one read is in the
/// provenance with its SHA-256.
/// </summary>
internal sealed class OtlpCollector : ISourceCollector
{
    /// <summary>The largest trace file read: 1 GiB.</summary>
    public const long MaxFileBytes = 1L << 30;

    private readonly OtlpSource _source;

    public OtlpCollector(OtlpSource source)
    {
        _source = source;
    }

    public string Endpoint => string.Join(", ", _source.Paths);

    public ImmutableArray<EvidenceKind> Kinds =>
    [
        .. _source.WorkflowRuns ? new[] { EvidenceKind.WorkflowRuns } : [],
        .. _source.AgentRuns ? new[] { EvidenceKind.AgentRuns } : [],
    ];

    public Task<ImmutableArray<CollectedFile>> CollectAsync(CollectionWindow window, Action<string> warn, CancellationToken cancellationToken)
    {
        var files = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var path in _source.Paths)
        {
            if (File.Exists(path))
            {
                files.Add(path);
            }
            else if (Directory.Exists(path))
            {
                files.UnionWith(Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Where(f => f.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase)));
            }
            else
            {
                throw new SourceException($"{path} does not exist", path);
            }
        }

        var spans = new List<OtlpSpan>();
        var queries = new List<CollectedQuery>();
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (new FileInfo(file).Length > MaxFileBytes)
            {
                throw new SourceException($"{file} is over {MaxFileBytes:N0} bytes", file);
            }

            var bytes = File.ReadAllBytes(file);
            queries.Add(new CollectedQuery(file, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes))));
            try
            {
                spans.AddRange(OtlpJsonReader.Read(bytes));
            }
            catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException or InvalidOperationException)
            {
                throw new SourceException($"{file} is not OTLP JSON trace data: {ServerText.Shown(ex.Message)}", file, ex);
            }
        }

        var result = ImmutableArray.CreateBuilder<CollectedFile>();
        var leftOut = 0;
        if (_source.WorkflowRuns)
        {
            result.Add(new CollectedFile { Kind = EvidenceKind.WorkflowRuns, Records = [.. SpanMapper.WorkflowRuns(spans, _source, window, ref leftOut)], Queries = [.. queries] });
        }

        if (_source.AgentRuns)
        {
            result.Add(new CollectedFile { Kind = EvidenceKind.AgentRuns, Records = [.. SpanMapper.AgentRuns(spans, _source, window, ref leftOut)], Queries = [.. queries] });
        }

        if (leftOut > 0)
        {
            warn($"{leftOut} span(s) could not be mapped (a workflow or step that is not a kebab-case name, an outcome that is not short text, an end before the start) and were left out");
        }

        return Task.FromResult(result.ToImmutable());
    }
}
