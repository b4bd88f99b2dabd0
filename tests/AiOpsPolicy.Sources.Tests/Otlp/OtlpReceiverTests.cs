// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using AiOpsPolicy.Cli;
using AiOpsPolicy.Sources.Otlp;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace AiOpsPolicy.Sources.Tests.Otlp;

/// <summary>
/// The OTLP/HTTP receiver with the real OpenTelemetry .NET SDK and its OTLP exporter as the client, and the
/// otlp source mapping what it kept to workflow runs and agent runs (GenAI semantic conventions).
/// </summary>
public sealed class OtlpReceiverTests
{
    private const string AsOf = "2026-11-28T12:00:00Z";
    private static readonly DateTime Base = new(2026, 11, 27, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Receive_WhenTheOpenTelemetrySdkExportsTraces_ShouldMapWorkflowStepsAndAgentRuns()
    {
        // Given: a receiver on a free port, and the SDK exporting to it in OTLP/HTTP protobuf.
        using var folder = new TempDirectory();
        var spool = folder.Combine("spool");
        var port = Prometheus.PrometheusServer.FreePort();
        using (var receiver = new OtlpReceiver(port, spool, _ => { }))
        {
            receiver.Start();
            EmitWithTheSdk(port);
            Assert.Equal(12, receiver.SpansReceived);
        }

        File.WriteAllText(folder.Combine("sources.yaml"), """
            apiVersion: aiops-policy/v1
            kind: EvidenceSource
            metadata:
              name: traces
            spec:
              otlp:
                files: [spool]
                humanTools: [escalate_to_human]
            """);

        // When
        using var console = new TestConsole();
        var exit = Program.Run(["collect", "--sources", folder.Combine("sources.yaml"), "--as-of", AsOf, "--window", "7d", "--out", folder.Combine("out")], console, () => throw new InvalidOperationException("no clock"));

        // Then: three inference runs (one misrouted, one after as-of left out); four agent runs.
        Assert.True(exit == 0, console.OutText + console.ErrText);
        var runs = Records(folder.Combine("out/traces.workflow-runs.json"));
        Assert.Equal(
            [("ticket-triage", "inference", "routed-correctly", 12.0), ("ticket-triage", "inference", "routed-correctly", 40.0), ("ticket-triage", "inference", "manual-review-needed", 5.0)],
            runs.OrderBy(r => r.GetProperty("startedAt").GetString(), StringComparer.Ordinal).Select(r => (r.GetProperty("workflow").GetString(), r.GetProperty("step").GetString(), r.GetProperty("outcome").GetString(), (Time(r, "endedAt") - Time(r, "startedAt")).TotalSeconds)).ToArray());
        var agents = Records(folder.Combine("out/traces.agent-runs.json"));
        Assert.Equal(
            [("triage-agent", true, false), ("triage-agent", true, true), ("triage-agent", false, false), ("triage-agent", true, true)],
            agents.OrderBy(r => r.GetProperty("completedAt").GetString(), StringComparer.Ordinal).Select(r => (r.GetProperty("workflow").GetString(), r.GetProperty("correct").GetBoolean(), r.GetProperty("humanIntervened").GetBoolean())).ToArray());
        Assert.All(agents, r => Assert.True(Time(r, "startedAt") < Time(r, "completedAt"), r.ToString()));
    }

    [Fact]
    public async Task Receive_WhenTheProjectsExampleIsPostedAsJson_ShouldKeepItInTheFileExportersFormat()
    {
        // Given
        using var folder = new TempDirectory();
        var port = Prometheus.PrometheusServer.FreePort();
        using var receiver = new OtlpReceiver(port, folder.Combine("spool"), _ => { });
        receiver.Start();
        using var http = new HttpClient();
        var example = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Otlp", "Data", "trace.json"));

        // When
        using var response = await http.PostAsync($"http://127.0.0.1:{port}/v1/traces", new ByteArrayContent(example) { Headers = { { "Content-Type", "application/json" } } });

        // Then: one line, read back as the same span, ids lower-cased hex.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{}", await response.Content.ReadAsStringAsync());
        var lines = await File.ReadAllLinesAsync(folder.Combine("spool/traces.otlp.jsonl"));
        var span = Assert.Single(OtlpJsonReader.Read(Encoding.UTF8.GetBytes(Assert.Single(lines))));
        Assert.Equal(("5b8efff798038103d269b633813fc60c", "eee19b7ec3c1b174", "eee19b7ec3c1b173", "I'm a server span"), (span.TraceId, span.SpanId, span.ParentSpanId, span.Name));
        Assert.Equal((1544712660000000000L, 1544712661000000000L), (span.StartNanos, span.EndNanos));
        Assert.Equal("some value", span.Attributes["my.span.attr"]);
        Assert.Equal("my.service", span.ResourceAttributes["service.name"]);
    }

    [Fact]
    public async Task ReceiveCommand_WhenRunForAWhile_ShouldKeepWhatItReceivedAndSayHowMuch()
    {
        // Given
        using var folder = new TempDirectory();
        var port = Prometheus.PrometheusServer.FreePort();
        using var console = new TestConsole();
        var running = Task.Run(() => Program.Run(["receive", "--listen", $"127.0.0.1:{port}", "--out", folder.Combine("spool"), "--for", "4s"], console, () => DateTimeOffset.UnixEpoch));
        var example = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Otlp", "Data", "trace.json"));
        using var http = new HttpClient();

        // When: post once the receiver listens.
        HttpResponseMessage? response = null;
        for (var attempt = 0; attempt < 30 && response is null; attempt++)
        {
            try
            {
                response = await http.PostAsync($"http://127.0.0.1:{port}/v1/traces", new ByteArrayContent(example) { Headers = { { "Content-Type", "application/json" } } });
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }

        var exit = await running;

        // Then
        Assert.Equal(HttpStatusCode.OK, response?.StatusCode);
        Assert.Equal(0, exit);
        Assert.Contains($"Receiving OTLP/HTTP traces on http://127.0.0.1:{port}/v1/traces", console.OutText, StringComparison.Ordinal);
        Assert.Contains("Stopped: 1 span(s) received.", console.OutText, StringComparison.Ordinal);
        Assert.Single(await File.ReadAllLinesAsync(folder.Combine("spool/traces.otlp.jsonl")));
        response?.Dispose();
    }

    [Theory]
    [Trait("Hostile", "evidence")]
    [InlineData("application/json", "{\"resourceSpans\": [{\"scopeSpans\": [{\"spans\": [{\"traceId\": \"zz\", \"spanId\": \"00\"}]}]}]}", 400)]
    [InlineData("application/json", "not json at all", 400)]
    [InlineData("application/x-protobuf", "\u00ff\u00ff\u00ff\u00ff\u00ff", 400)]
    [InlineData("text/plain", "hello", 415)]
    public async Task Receive_WhenTheRequestIsNotOtlp_ShouldRefuseItAndKeepNothing(string type, string body, int expected)
    {
        // Given
        using var folder = new TempDirectory();
        var port = Prometheus.PrometheusServer.FreePort();
        var log = new List<string>();
        using var receiver = new OtlpReceiver(port, folder.Combine("spool"), log.Add);
        receiver.Start();
        using var http = new HttpClient();

        // When
        using var content = new ByteArrayContent(Encoding.Latin1.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", type);
        using var response = await http.PostAsync($"http://127.0.0.1:{port}/v1/traces", content);

        // Then
        Assert.Equal(expected, (int)response.StatusCode);
        Assert.False(File.Exists(folder.Combine("spool/traces.otlp.jsonl")));
    }

    [Fact]
    [Trait("Hostile", "evidence")]
    public async Task Receive_WhenAGzipBodyExpandsPastTheLimit_ShouldStopAtTheLimit()
    {
        // Given: 64 MiB of zeros in a gzip body of about 64 KiB, against a 1 MiB limit.
        using var folder = new TempDirectory();
        var port = Prometheus.PrometheusServer.FreePort();
        using var receiver = new OtlpReceiver(port, folder.Combine("spool"), _ => { }, maxBodyBytes: 1024 * 1024);
        receiver.Start();
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(new byte[64 * 1024 * 1024]);
        }

        using var http = new HttpClient();
        using var content = new ByteArrayContent(compressed.ToArray());
        content.Headers.TryAddWithoutValidation("Content-Type", "application/x-protobuf");
        content.Headers.ContentEncoding.Add("gzip");

        // When
        using var response = await http.PostAsync($"http://127.0.0.1:{port}/v1/traces", content);

        // Then
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.False(File.Exists(folder.Combine("spool/traces.otlp.jsonl")));
    }

    [Fact]
    [Trait("Hostile", "evidence")]
    public void Collect_WhenSpanAttributesAreHostile_ShouldLeaveThoseSpansOutAndSayHowMany()
    {
        // Given: a workflow name with a newline and a CI command, a step that is a number, an outcome of 1 MB, and a parent cycle.
        using var folder = new TempDirectory();
        var spans = new[]
        {
            Span("a", null, ("aiops.workflow", "\"triage\\n::error::forged\"")),
            Span("b", null, ("aiops.workflow", "\"ticket-triage\""), ("aiops.step", "7")),
            Span("c", null, ("aiops.workflow", "\"ticket-triage\""), ("aiops.outcome", "\"" + new string('x', 1_000_000) + "\"")),
            Span("d", "e", ("gen_ai.operation.name", "\"invoke_agent\""), ("gen_ai.agent.name", "\"Triage\"")),
            Span("e", "d", ("gen_ai.operation.name", "\"invoke_agent\""), ("gen_ai.agent.name", "\"Triage\"")),
            Span("f", null, ("aiops.workflow", "\"ticket-triage\"")),
        };
        Directory.CreateDirectory(folder.Combine("traces"));
        File.WriteAllText(folder.Combine("traces/t.json"), "{\"resourceSpans\": [{\"scopeSpans\": [{\"spans\": [" + string.Join(",", spans) + "]}]}]}\n");
        File.WriteAllText(folder.Combine("sources.yaml"), "apiVersion: aiops-policy/v1\nkind: EvidenceSource\nmetadata:\n  name: traces\nspec:\n  otlp:\n    files: [traces]\n");

        // When
        using var console = new TestConsole();
        var exit = Program.Run(["collect", "--sources", folder.Combine("sources.yaml"), "--as-of", AsOf, "--window", "7d", "--out", folder.Combine("out")], console, () => throw new InvalidOperationException("no clock"));

        // Then: only the clean span is a run; the two agents in a cycle enclose each other, so neither is a top-level run.
        Assert.True(exit == 0, console.OutText + console.ErrText);
        Assert.Contains("AOP5103: Source 'traces': 3 span(s) could not be mapped", console.ErrText, StringComparison.Ordinal);
        Assert.Equal(["ticket-triage"], Records(folder.Combine("out/traces.workflow-runs.json")).Select(r => r.GetProperty("workflow").GetString() ?? string.Empty).ToArray());
        Assert.Empty(Records(folder.Combine("out/traces.agent-runs.json")));
        Assert.DoesNotContain("::error::", console.OutText + console.ErrText, StringComparison.Ordinal);
    }

    private static string Span(string id, string? parent, params (string Key, string Json)[] attributes)
    {
        var hex = Convert.ToHexStringLower(Encoding.ASCII.GetBytes(id.PadLeft(8, '0')));
        var parentHex = parent is null ? string.Empty : $"\"parentSpanId\": \"{Convert.ToHexStringLower(Encoding.ASCII.GetBytes(parent.PadLeft(8, '0')))}\", ";
        var start = new DateTimeOffset(Base).ToUnixTimeMilliseconds() * 1_000_000;
        var values = string.Join(", ", attributes.Select(a => $"{{\"key\": \"{a.Key}\", \"value\": {{{(a.Json.StartsWith('"') ? "\"stringValue\"" : "\"intValue\"")}: {a.Json}}}}}"));
        return $"{{\"traceId\": \"0102030405060708090a0b0c0d0e0f10\", \"spanId\": \"{hex}\", {parentHex}\"name\": \"s\", \"startTimeUnixNano\": \"{start}\", \"endTimeUnixNano\": \"{start + 1_000_000_000}\", \"attributes\": [{values}]}}";
    }

    /// <summary>Spans as an instrumented triage service and its agent would make them, at fixed times.</summary>
    private static void EmitWithTheSdk(int port)
    {
        using var source = new ActivitySource("triage-service");
        using (var provider = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("triage-service"))
            .AddSource(source.Name)
            .SetSampler(new AlwaysOnSampler())
            .AddOtlpExporter(o =>
            {
                o.Endpoint = new Uri($"http://127.0.0.1:{port}/v1/traces");
                o.Protocol = OtlpExportProtocol.HttpProtobuf;
                o.ExportProcessorType = ExportProcessorType.Simple;
            })
            .Build())
        {
            Inference(source, Base, 12, "routed-correctly");
            Inference(source, Base.AddHours(1), 40, "routed-correctly");
            Inference(source, Base.AddHours(2), 5, "manual-review-needed");
            Inference(source, Base.AddDays(2), 3, "routed-correctly");

            // Four agent runs: clean; rescued by a hand-over tool; failed; a sub-agent whose step records a human rescue event.
            using (var agent = Agent(source, Base.AddHours(3), default))
            {
                End(Tool(source, agent!, "search_kb"), agent!.StartTimeUtc.AddSeconds(2));
                End(agent, agent.StartTimeUtc.AddSeconds(10));
            }

            using (var agent = Agent(source, Base.AddHours(4), default))
            {
                End(Tool(source, agent!, "escalate_to_human"), agent!.StartTimeUtc.AddSeconds(2));
                End(agent, agent.StartTimeUtc.AddSeconds(10));
            }

            using (var agent = Agent(source, Base.AddHours(5), default))
            {
                agent!.SetStatus(ActivityStatusCode.Error, "wrong queue");
                End(agent, agent.StartTimeUtc.AddSeconds(10));
            }

            using (var agent = Agent(source, Base.AddHours(6), default))
            {
                var sub = Agent(source, agent!.StartTimeUtc.AddSeconds(1), agent.Context)!;
                var step = Tool(source, sub, "draft_reply");
                step.AddEvent(new ActivityEvent("aiops.human_intervention", new DateTimeOffset(sub.StartTimeUtc.AddSeconds(2))));
                End(step, sub.StartTimeUtc.AddSeconds(3));
                End(sub, sub.StartTimeUtc.AddSeconds(4));
                End(agent, agent.StartTimeUtc.AddSeconds(10));
            }

            provider.ForceFlush();
        }
    }

    private static void Inference(ActivitySource source, DateTime start, double seconds, string outcome)
    {
        var activity = source.StartActivity("triage.inference", ActivityKind.Internal, default(ActivityContext), startTime: new DateTimeOffset(start))!;
        activity.SetTag("aiops.workflow", "ticket-triage");
        activity.SetTag("aiops.step", "inference");
        activity.SetTag("aiops.outcome", outcome);
        End(activity, start.AddSeconds(seconds));
    }

    private static Activity? Agent(ActivitySource source, DateTime start, ActivityContext parent)
    {
        var activity = source.StartActivity("invoke_agent Triage Agent", ActivityKind.Internal, parent, startTime: new DateTimeOffset(start));
        activity?.SetTag("gen_ai.operation.name", "invoke_agent");
        activity?.SetTag("gen_ai.agent.name", "Triage Agent");
        return activity;
    }

    private static Activity Tool(ActivitySource source, Activity parent, string tool)
    {
        var activity = source.StartActivity("execute_tool " + tool, ActivityKind.Internal, parent.Context, startTime: new DateTimeOffset(parent.StartTimeUtc.AddSeconds(1)))!;
        activity.SetTag("gen_ai.operation.name", "execute_tool");
        activity.SetTag("gen_ai.tool.name", tool);
        return activity;
    }

    private static void End(Activity activity, DateTime end)
    {
        activity.SetEndTime(end);
        activity.Stop();
    }

    private static DateTimeOffset Time(JsonElement record, string field) => DateTimeOffset.Parse(record.GetProperty(field).GetString()!, CultureInfo.InvariantCulture);

    private static List<JsonElement> Records(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return [.. document.RootElement.GetProperty("records").EnumerateArray().Select(r => r.Clone())];
    }
}
