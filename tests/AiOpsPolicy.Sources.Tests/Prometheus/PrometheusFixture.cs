// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Sources.Tests.Prometheus;

/// <summary>One Prometheus server with the synthetic telemetry, shared by the tests of a class.</summary>
public sealed class PrometheusFixture : IDisposable
{
    public PrometheusFixture()
    {
        Telemetry = new SyntheticTelemetry();
        Server = new PrometheusServer(Telemetry.OpenMetrics);
    }

    public SyntheticTelemetry Telemetry { get; }

    public PrometheusServer Server { get; }

    /// <summary>
    /// The example sources file (examples/collect/sources.yaml) pointed at this server, written into a folder: with its
    /// Git source when the folder is a repository, else its Prometheus source only.
    /// </summary>
    public string WriteSources(string folder, bool withGit = false)
    {
        var text = File.ReadAllText(Repository.Combine("examples", "collect", "sources.yaml")).Replace("http://127.0.0.1:9090", Server.Url, StringComparison.Ordinal);
        var path = Path.Combine(folder, "sources.yaml");
        File.WriteAllText(path, withGit ? text : text[..text.IndexOf("\n---\n", StringComparison.Ordinal)] + "\n");
        return path;
    }

    public void Dispose() => Server.Dispose();
}
