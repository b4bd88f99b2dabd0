// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Text.RegularExpressions;

namespace AiOpsPolicy.Service.Tests;

/// <summary>The recipes in docs/service.md work as written.</summary>
[Collection(SharedService.Name)]
public sealed partial class ServiceDocsTests(ServiceFixture service)
{
    [Fact]
    public async Task GitHubActionsStep_WhenRunAsTheRunnerRunsIt_ShouldExitWithTheDecisionAndLogTheRun()
    {
        // Given: the step's script from docs/service.md, a job folder with the exported evidence, GitHub's variables
        var docs = await File.ReadAllTextAsync(Repository.Combine("docs", "service.md"));
        var step = GitHubStep().Match(docs);
        Assert.True(step.Success, "docs/service.md has no '- name: Release gate' step with a 'run: |' script");
        var script = string.Join('\n', step.Groups[1].Value.Split('\n').Select(l => l.Length >= 4 ? l[4..] : l.TrimStart()));
        using var job = new TempDirectory();
        job.CopyFolder(Repository.ExampleEvidence, "evidence");
        await File.WriteAllTextAsync(job.Combine("step.sh"), script);
        var runId = Guid.NewGuid().ToString("N");
        var start = new ProcessStartInfo("bash", ["--noprofile", "--norc", "-eo", "pipefail", "step.sh"])
        {
            WorkingDirectory = job.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["AIOPS_POLICY_URL"] = service.BaseAddress.ToString().TrimEnd('/');
        start.Environment["AIOPS_POLICY_TOKEN"] = service.HelpdeskToken;
        start.Environment["GITHUB_REPOSITORY"] = "northwind/helpdesk";
        start.Environment["GITHUB_RUN_ID"] = runId;
        start.Environment["GITHUB_RUN_ATTEMPT"] = "1";
        start.Environment["GITHUB_WORKFLOW"] = "release";
        start.Environment["GITHUB_SHA"] = "3f2a9c1";

        // When
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));

        // Then: blocked (the server's clock is long after the example's evidence), the report beside the job, the run logged
        Assert.True(process.ExitCode == 1, $"exit {process.ExitCode}: {output} {error}");
        Assert.Matches("^Decision k[0-9a-f]{32}: blocked \\(blocked: a blocking gate did not pass; the CLI would exit 1\\)", output);
        Assert.Contains("\"reportVersion\": \"aiops-policy-report/v1\"", await File.ReadAllTextAsync(job.Combine("aiops-policy-report.json")), StringComparison.Ordinal);
        await using var store = await service.OpenStoreAsync();
        var id = output.Split(':')[0]["Decision ".Length..];
        var decision = await store.DecisionAsync(id);
        Assert.NotNull(decision);
        Assert.Equal(18, decision.Entry.EvidenceDigests.Length);
    }

    [GeneratedRegex(@"- name: Release gate[^\n]*\n(?:  .*\n)*?  run: \|\n((?:    .*\n)+)")]
    private static partial Regex GitHubStep();
}
