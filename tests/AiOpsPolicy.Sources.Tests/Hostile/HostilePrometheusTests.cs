// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text;
using System.Text.Json;
using AiOpsPolicy.Cli;

namespace AiOpsPolicy.Sources.Tests.Hostile;

/// <summary>
/// A Prometheus that misbehaves: refuses credentials, redirects elsewhere, sends too much, sends what is
/// not its API, puts control characters in its errors. Each ends as a clear AOP5102 naming the source and
/// the query, the source's evidence marked incomplete, and no credential sent anywhere but the endpoint.
/// </summary>
[Trait("Hostile", "evidence")]
public sealed class HostilePrometheusTests
{
    private const string AsOf = "2026-11-28T12:00:00Z";
    private const string Token = "s3cret-token-value";

    [Fact]
    public void Collect_WhenTheServerRefusesTheCredentials_ShouldSayAuthRefusedAndMarkTheEvidenceIncomplete()
    {
        // Given
        using var server = new FakeHttpServer(_ => (401, "text/plain", "Unauthorized"u8.ToArray(), null));

        // When
        var (exit, console, folder) = Collect(server.Url, withToken: true);

        // Then
        using (folder)
        {
            Assert.Equal(2, exit);
            Assert.Contains("AOP5102: Source 'prom' failed: " + server.Url + "/ refused the credentials (HTTP 401)", console.ErrText, StringComparison.Ordinal);
            Assert.Contains("Query: triage_step_duration_seconds_count{step=\"inference\"}", console.ErrText, StringComparison.Ordinal);
            Assert.Equal("Bearer " + Token, Assert.Single(server.Authorizations));
            using var evidence = JsonDocument.Parse(File.ReadAllText(folder.Combine("out/prom.workflow-run-counts.json")));
            Assert.StartsWith("source 'prom' (prometheus) failed: ", evidence.RootElement.GetProperty("incomplete").GetString(), StringComparison.Ordinal);
            Assert.Equal(0, evidence.RootElement.GetProperty("records").GetArrayLength());
            Assert.DoesNotContain(Token, console.OutText + console.ErrText, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Collect_WhenTheServerRedirectsElsewhere_ShouldNotFollowSoTheTokenNeverLeaves()
    {
        // Given: the endpoint redirects to another server, which records what it receives.
        using var elsewhere = new FakeHttpServer(_ => (200, "application/json", """{"status":"success","data":{"resultType":"matrix","result":[]}}"""u8.ToArray(), null));
        using var server = new FakeHttpServer(_ => (307, "text/plain", [], elsewhere.Url + "/api/v1/query_range"));

        // When
        var (exit, console, folder) = Collect(server.Url, withToken: true);

        // Then
        using (folder)
        {
            Assert.Equal(2, exit);
            Assert.Contains("redirected (HTTP 307)", console.ErrText, StringComparison.Ordinal);
            Assert.Empty(elsewhere.Authorizations);
        }
    }

    [Fact]
    public void Collect_WhenTheResponseIsHuge_ShouldStopAtTheLimitNamingIt()
    {
        // Given: 3 MiB of a valid-looking answer, with a 1 MiB limit.
        var body = Encoding.UTF8.GetBytes("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[" + string.Join(",", Enumerable.Repeat("{\"metric\":{\"a\":\"" + new string('x', 1000) + "\"},\"values\":[]}", 3000)) + "]}}");
        using var server = new FakeHttpServer(_ => (200, "application/json", body, null));

        // When
        var (exit, console, folder) = Collect(server.Url, withToken: false, extra: "    maxResponseBytes: 1048576\n");

        // Then
        using (folder)
        {
            Assert.Equal(2, exit);
            Assert.Contains("over the limit of 1,048,576 (maxResponseBytes)", console.ErrText, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("<html>not json</html>", "is not a Prometheus API response")]
    [InlineData("""{"status":"success","data":{"resultType":"vector","result":[]}}""", "is not a matrix")]
    [InlineData("""{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,2]]}]}}""", "is not [time, \"value\"]")]
    [InlineData("""{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"le":5},"values":[]}]}}""", "is not text")]
    [InlineData("""{"status":"success","data":{"resultType":"matrix","result":[]}}""", "the query matched no series")]
    [InlineData("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", "is not a Prometheus API response")]
    public void Collect_WhenTheAnswerIsNotWhatTheApiReturns_ShouldFailTheSourceWithAClearMessage(string answer, string expected)
    {
        // Given
        using var server = new FakeHttpServer(_ => (200, "application/json", Encoding.UTF8.GetBytes(answer), null));

        // When
        var (exit, console, folder) = Collect(server.Url, withToken: false);

        // Then
        using (folder)
        {
            Assert.Equal(2, exit);
            Assert.Contains(expected, console.ErrText, StringComparison.Ordinal);
            Assert.DoesNotContain("AOP5003", console.ErrText, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Collect_WhenTheServersErrorHoldsControlCharacters_ShouldShowItWithoutThem()
    {
        // Given: an error message that tries to inject a CI workflow command and a terminal escape.
        using var server = new FakeHttpServer(_ => (400, "application/json", Encoding.UTF8.GetBytes("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"bad\\n::error::forged\\u001b[31m\"}"), null));

        // When
        var (exit, console, folder) = Collect(server.Url, withToken: false);

        // Then
        using (folder)
        {
            Assert.Equal(2, exit);
            Assert.Contains("the query failed (bad_data, HTTP 400): bad::error::forged[31m", console.ErrText, StringComparison.Ordinal);
            Assert.DoesNotContain("\n::error::", console.ErrText, StringComparison.Ordinal);
            Assert.DoesNotContain('\u001b', console.ErrText);
        }
    }

    [Fact]
    public void Collect_WhenNothingListens_ShouldSayUnreachable()
    {
        // Given
        var url = $"http://127.0.0.1:{Prometheus.PrometheusServer.FreePort()}";

        // When
        var (exit, console, folder) = Collect(url, withToken: false);

        // Then
        using (folder)
        {
            Assert.Equal(2, exit);
            Assert.Contains($"{url}/ is unreachable: connection refused", console.ErrText, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Collect_WhenTheTokenVariableIsNotSet_ShouldSayWhichVariableBeforeAnyRequest()
    {
        // Given
        using var server = new FakeHttpServer(_ => (200, "application/json", [], null));

        // When
        var (exit, console, folder) = Collect(server.Url, withToken: true, tokenVariable: "AIOPS_TEST_TOKEN_THAT_IS_NOT_SET");

        // Then
        using (folder)
        {
            Assert.Equal(2, exit);
            Assert.Contains("the environment variable AIOPS_TEST_TOKEN_THAT_IS_NOT_SET (auth.bearerTokenEnv) is not set", console.ErrText, StringComparison.Ordinal);
            Assert.Empty(server.Authorizations);
        }
    }

    private static (int Exit, TestConsole Console, TempDirectory Folder) Collect(string url, bool withToken, string extra = "", string tokenVariable = "AIOPS_TEST_PROMETHEUS_TOKEN")
    {
        var folder = new TempDirectory();
        var auth = withToken ? $"    auth:\n      bearerTokenEnv: {tokenVariable}\n" : string.Empty;
        var sources = folder.Combine("sources.yaml");
        File.WriteAllText(sources, $"""
            apiVersion: aiops-policy/v1
            kind: EvidenceSource
            metadata:
              name: prom
            spec:
              prometheus:
                url: {url}
                timeout: 5s

            """ + auth + extra + """
                sla:
                  - workflow: ticket-triage
                    step: inference
                    histogram: triage_step_duration_seconds
                    selector: '{step="inference"}'
                    within: 30s

            """);
        Environment.SetEnvironmentVariable("AIOPS_TEST_PROMETHEUS_TOKEN", Token);
        var console = new TestConsole();
        var exit = Program.Run(["collect", "--sources", sources, "--as-of", AsOf, "--window", "1d", "--out", folder.Combine("out")], console, () => throw new InvalidOperationException("no clock"));
        return (exit, console, folder);
    }
}
