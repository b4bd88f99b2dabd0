// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AiOpsPolicy.Core.Configuration;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.History;
using YamlDotNet.RepresentationModel;

namespace AiOpsPolicy.Service.Tests;

/// <summary>
/// The recipes in docs/service.md work as written: each test takes its block from the page itself and runs it against
/// the real service (the quick start with the built CLI, the GitHub Actions step in bash, the Argo Rollouts metric as
/// Argo's web provider sends it, the TLS section in Kestrel). Only what cannot exist here is replaced: host names,
/// ports, file locations, token placeholders.
/// </summary>
[Collection(SharedService.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed partial class ServiceDocsTests(ServiceFixture service)
{
    private static readonly string Docs = File.ReadAllText(Repository.Combine("docs", "service.md"));

    [Fact]
    public async Task QuickStart_WhenItsCommandsAndConfigurationRunWithTheBuiltCli_ShouldLoadTheBundleAndAnswerTheVerdict()
    {
        // Given: a folder with the repository's example policies and evidence, 'aiops-policy' on PATH as the built CLI,
        // and a database of the test's own (the quick start loads a bundle signed by a key of its own)
        using var job = new TempDirectory();
        job.CopyFolder(Repository.HelpdeskPolicies, Path.Combine("policies", "helpdesk"));
        job.CopyFolder(Repository.ExampleEvidence, Path.Combine("examples", "evidence"));
        var environment = WithCliOnPath(job);
        await using var database = await PostgresTestDatabase.CreateAsync("service_docs");
        var setup = Block("sh", b => b.Contains("aiops-policy keygen", StringComparison.Ordinal));
        var configuration = Block("yaml", b => b.StartsWith("apiVersion: aiops-policy/v1", StringComparison.Ordinal) && b.Contains("service:", StringComparison.Ordinal));
        var calls = Block("sh", b => b.Contains("aiops-policy serve --config operator.yaml", StringComparison.Ordinal));

        // When: the first block (keys, bundle, a token) and one more token, the configuration with their hashes, serve,
        // and the second block's commands against it
        var keys = await BashAsync(job.Path, setup, environment);
        var team = await BashAsync(job.Path, "aiops-policy token", environment);
        var (adminToken, adminHash) = Token(keys.Output);
        var (teamToken, teamHash) = Token(team.Output);
        await File.WriteAllTextAsync(job.Combine("operator.yaml"), PostgresValue().Replace(configuration, $"postgres: \"{database.ConnectionString}\"")
            .Replace("sha256:2f0c...", adminHash, StringComparison.Ordinal)
            .Replace("sha256:1087...", teamHash, StringComparison.Ordinal));
        await using var serve = await ServeProcess.StartAsync(job.Combine("operator.yaml"));
        var script = string.Join('\n', calls.Split('\n').Where(l => !l.StartsWith("aiops-policy serve", StringComparison.Ordinal)))
            .Replace("http://127.0.0.1:8080", serve.Address.ToString().TrimEnd('/'), StringComparison.Ordinal);
        var run = await BashAsync(job.Path, script, new Dictionary<string, string>(environment) { ["ADMIN_TOKEN"] = adminToken, ["HELPDESK_TOKEN"] = teamToken });

        // Then: the bundle the quick start built is in force, and the verdict is the decision the page says, logged
        Assert.True((keys.ExitCode, team.ExitCode, run.ExitCode) == (0, 0, 0), $"{keys}\n{team}\n{run}");
        Assert.True(File.Exists(job.Combine("helpdesk.bundle")) && File.Exists(job.Combine("platform.key")), keys.ToString());
        var answers = JsonValues(run.Output);
        Assert.Equal(2, answers.Count);
        Assert.Equal(("helpdesk-ai", "sha256:" + Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(job.Combine("helpdesk.bundle"))))), (answers[0].GetProperty("policySet").GetString(), answers[0].GetProperty("digest").GetString()));
        var verdict = answers[1];
        Assert.Equal((JsonValueKind.False, "blocked", 1), (verdict.GetProperty("allowed").ValueKind, verdict.GetProperty("decision").GetString(), verdict.GetProperty("exitCode").GetInt32()));
        Assert.NotEqual(0, verdict.GetProperty("blockedBy").GetArrayLength());
        await using var store = await HistoryStoreFactory.OpenAsync(database.ConnectionString);
        var logged = await store.DecisionAsync(verdict.GetProperty("id").GetString()!);
        Assert.Equal("helpdesk/ci", logged?.Entry.Caller);
        Assert.Equal(20, logged?.Entry.EvidenceDigests.Length);
    }

    [Fact]
    public async Task GitHubActionsStep_WhenRunAsTheRunnerRunsIt_ShouldExitWithTheDecisionAndLogTheRun()
    {
        // Given: the step's script from docs/service.md, a job folder with the exported evidence, GitHub's variables
        var step = GitHubStep().Match(Docs);
        Assert.True(step.Success, "docs/service.md has no '- name: Release gate' step with a 'run: |' script");
        var script = string.Join('\n', step.Groups[1].Value.Split('\n').Select(l => l.Length >= 4 ? l[4..] : l.TrimStart()));
        using var job = new TempDirectory();
        job.CopyFolder(Repository.ExampleEvidence, "evidence");
        var runId = Guid.NewGuid().ToString("N");
        var environment = new Dictionary<string, string>
        {
            ["AIOPS_POLICY_URL"] = service.BaseAddress.ToString().TrimEnd('/'),
            ["AIOPS_POLICY_TOKEN"] = service.HelpdeskToken,
            ["GITHUB_REPOSITORY"] = "northwind/helpdesk",
            ["GITHUB_RUN_ID"] = runId,
            ["GITHUB_RUN_ATTEMPT"] = "1",
            ["GITHUB_WORKFLOW"] = "release",
            ["GITHUB_SHA"] = "3f2a9c1",
        };

        // When
        var run = await BashAsync(job.Path, script, environment);

        // Then: blocked (the server's clock is long after the example's evidence), the report beside the job, the run logged
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Matches("^Decision k[0-9a-f]{32}: blocked \\(blocked: a blocking gate did not pass; the CLI would exit 1\\)", run.Output);
        Assert.Contains("\"reportVersion\": \"aiops-policy-report/v1\"", await File.ReadAllTextAsync(job.Combine("aiops-policy-report.json")), StringComparison.Ordinal);
        await using var store = await service.OpenStoreAsync();
        var id = run.Output.Split(':')[0]["Decision ".Length..];
        var decision = await store.DecisionAsync(id);
        Assert.NotNull(decision);
        Assert.Equal(20, decision.Entry.EvidenceDigests.Length);
    }

    [Fact]
    public async Task ArgoRolloutsTemplate_WhenItsWebMetricAsksTheService_ShouldGiveAValueItsSuccessConditionTests()
    {
        // Given: the AnalysisTemplate's web metric, with the args Argo would fill in (the helpdesk team's collected evidence)
        var yaml = new YamlStream();
        yaml.Load(new StringReader(Block("yaml", b => b.Contains("kind: AnalysisTemplate", StringComparison.Ordinal))));
        var spec = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["spec"];
        var metric = (YamlMappingNode)((YamlSequenceNode)spec["metrics"])[0];
        var web = (YamlMappingNode)((YamlMappingNode)metric["provider"])["web"];
        var url = Scalar(web, "url")
            .Replace("https://aiops-policy.internal:8443", service.BaseAddress.ToString().TrimEnd('/'), StringComparison.Ordinal)
            .Replace("{{ args.evidence-ref }}", "collected", StringComparison.Ordinal);
        using var request = new HttpRequestMessage(web.Children.ContainsKey("method") ? new HttpMethod(Scalar(web, "method")) : HttpMethod.Get, url);
        foreach (var header in ((YamlSequenceNode)web["headers"]).Cast<YamlMappingNode>())
        {
            request.Headers.TryAddWithoutValidation(Scalar(header, "key"), Scalar(header, "value").Replace("{{ args.token }}", service.HelpdeskToken, StringComparison.Ordinal));
        }

        using var client = service.Client(null);
        var path = JsonPathOfOneField().Match(Scalar(web, "jsonPath"));

        // When
        using var response = await client.SendAsync(request);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        // Then: 'result' is a JSON boolean the success condition compares with true; this evidence is blocked, so the
        // analysis fails at the first measurement (failureLimit 0), and the decision is logged like any other
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(path.Success, "jsonPath should pick one field, such as {$.allowed}");
        Assert.Equal(("result == true", "0"), (Scalar(metric, "successCondition"), Scalar(metric, "failureLimit")));
        Assert.Equal(JsonValueKind.False, answer.RootElement.GetProperty(path.Groups[1].Value).ValueKind);
        await using var store = await service.OpenStoreAsync();
        Assert.NotNull(await store.DecisionAsync(answer.RootElement.GetProperty("id").GetString()!));
    }

    [Fact]
    public async Task Tls_WhenTheDocumentedKestrelSectionIsUsed_ShouldAnswerOverHttpsAndOnThePlainHealthEndpoint()
    {
        // Given: the TLS section's kestrel block with a certificate made here (PEM files, as the page shows), free
        // loopback ports, in an operator configuration that the loader reads
        using var temp = new TempDirectory();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var certificateRequest = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        certificateRequest.CertificateExtensions.Add(names.Build());
        using var certificate = certificateRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        await File.WriteAllTextAsync(temp.Combine("server.crt"), certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(temp.Combine("server.key"), key.ExportPkcs8PrivateKeyPem());
        var (https, health) = (FreePort(), FreePort());
        var section = Block("yaml", b => b.StartsWith("service:\n  kestrel:", StringComparison.Ordinal))
            .Replace("/etc/aiops-policy/tls/server.crt", temp.Combine("server.crt"), StringComparison.Ordinal)
            .Replace("/etc/aiops-policy/tls/server.key", temp.Combine("server.key"), StringComparison.Ordinal)
            .Replace("https://0.0.0.0:8443", $"https://127.0.0.1:{https}", StringComparison.Ordinal)
            .Replace("http://127.0.0.1:8081", $"http://127.0.0.1:{health}", StringComparison.Ordinal)
            .Replace("service:\n", $"service:\n  historyStore: decisions\n  tenants:\n    helpdesk:\n      policySets: [helpdesk-ai]\n      tokens:\n        ci: {ServiceToken.Format(ServiceToken.Hash(service.HelpdeskToken))}\n", StringComparison.Ordinal);
        var path = temp.Combine("operator.yaml");
        await File.WriteAllTextAsync(path, $"apiVersion: aiops-policy/v1\nkind: OperatorConfiguration\nhistoryStores:\n  decisions:\n    postgres: \"{service.ConnectionString}\"\n{section}\n");
        var diagnostics = new List<Diagnostic>();
        var settings = OperatorConfigurationLoader.Load(path, diagnostics)?.Service;
        Assert.True(diagnostics.Count == 0, string.Join('\n', diagnostics.Select(d => d.ToString())));
        Assert.NotNull(settings);
        await using var app = await ServiceHost.CreateAsync(settings, new ServiceHostOptions());
        await app.StartAsync();
        string? protocol = null;
        using var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (sender, presented, _, _) =>
        {
            protocol = (sender as System.Net.Security.SslStream)?.SslProtocol.ToString();
            return presented is not null && presented.GetCertHashString() == certificate.GetCertHashString();
        };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromMinutes(2) };

        // When
        using var overTls = await client.GetAsync(new Uri($"https://127.0.0.1:{https}/healthz"));
        using var plainHealth = await client.GetAsync(new Uri($"http://127.0.0.1:{health}/readyz"));
        var plainOnTheTlsPort = await Record.ExceptionAsync(() => client.GetAsync(new Uri($"http://127.0.0.1:{https}/healthz")));

        // Then
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (overTls.StatusCode, plainHealth.StatusCode));
        Assert.Matches("^Tls1[23]$", protocol ?? "none");
        Assert.IsType<HttpRequestException>(plainOnTheTlsPort);
        await app.StopAsync();
    }

    /// <summary>The one fenced block of a language on the page that the predicate picks.</summary>
    private static string Block(string language, Func<string, bool> pick)
    {
        var blocks = FencedBlock().Matches(Docs).Where(m => m.Groups[1].Value == language).Select(m => m.Groups[2].Value).Where(pick).ToList();
        Assert.True(blocks.Count == 1, $"docs/service.md should have exactly one such ```{language} block; it has {blocks.Count}");
        return blocks[0];
    }

    private static string Scalar(YamlNode node, string key) => ((YamlScalarNode)((YamlMappingNode)node)[key]).Value ?? string.Empty;

    /// <summary>The token and hash lines <c>aiops-policy token</c> printed.</summary>
    private static (string Token, string Hash) Token(string output)
    {
        var match = TokenLines().Match(output);
        Assert.True(match.Success, output);
        return (match.Groups[1].Value, match.Groups[2].Value);
    }

    /// <summary>JSON values written one after another (curl prints each answer without a separator).</summary>
    private static List<JsonElement> JsonValues(string text)
    {
        var values = new List<JsonElement>();
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text), new JsonReaderOptions { AllowMultipleValues = true });
        while (reader.Read())
        {
            using var document = JsonDocument.ParseValue(ref reader);
            values.Add(document.RootElement.Clone());
        }

        return values;
    }

    /// <summary>An environment whose PATH starts with an <c>aiops-policy</c> that runs the built CLI.</summary>
    private static Dictionary<string, string> WithCliOnPath(TempDirectory job)
    {
        var bin = Directory.CreateDirectory(job.Combine("bin")).FullName;
        var command = Path.Combine(bin, "aiops-policy");
        File.WriteAllText(command, $"#!/bin/sh\nexec dotnet '{typeof(Cli.Program).Assembly.Location}' \"$@\"\n");
        File.SetUnixFileMode(command, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return new Dictionary<string, string> { ["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH") };
    }

    private static async Task<BashRun> BashAsync(string folder, string script, IReadOnlyDictionary<string, string> environment)
    {
        var file = Path.Combine(folder, $"step-{Guid.NewGuid():N}.sh");
        await File.WriteAllTextAsync(file, script);
        var start = new ProcessStartInfo("bash", ["--noprofile", "--norc", "-eo", "pipefail", file])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        return new BashRun(process.ExitCode, await output, await error);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"- name: Release gate[^\n]*\n(?:  .*\n)*?  run: \|\n((?:    .*\n)+)")]
    private static partial Regex GitHubStep();

    [GeneratedRegex("```([a-z]+)\n(.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex FencedBlock();

    [GeneratedRegex(@"postgres: "".*?""")]
    private static partial Regex PostgresValue();

    [GeneratedRegex(@"^\{\$\.([A-Za-z]+)\}$")]
    private static partial Regex JsonPathOfOneField();

    [GeneratedRegex(@"token:\s+(aop_[A-Za-z0-9_-]+)\s+sha256:\s+(sha256:[0-9a-f]{64})")]
    private static partial Regex TokenLines();

    private sealed record BashRun(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit {ExitCode}\n{Output}\n{Error}";
    }
}
