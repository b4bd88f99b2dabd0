// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections;

namespace AiOpsPolicy.History.Runs;

/// <summary>Where a gate run happened: the CI run id used as the idempotency key, and the pipeline, commit and environment.</summary>
/// <param name="RunId">The run id, or <see langword="null"/> outside CI (then <see cref="RunRecord.From"/> derives one from the digests and evaluation time).</param>
/// <param name="Provider">The CI provider (<c>github</c>, <c>gitlab</c>, <c>azure</c>), or <see langword="null"/>.</param>
/// <param name="Pipeline">The pipeline or workflow, when known.</param>
/// <param name="Commit">The commit, when known.</param>
/// <param name="Environment">The deployment environment or stage, when known.</param>
public sealed record RunContext(string? RunId, string? Provider, string? Pipeline, string? Commit, string? Environment)
{
    /// <summary>A context with nothing known.</summary>
    public static RunContext None { get; } = new(null, null, null, null, null);

    /// <summary>
    /// Reads the CI variables of GitHub Actions, GitLab CI or Azure Pipelines from an environment
    /// (for example <see cref="System.Environment.GetEnvironmentVariables()"/>). A pure function of <paramref name="environment"/>.
    /// </summary>
    /// <param name="environment">Variable names to values.</param>
    /// <returns>The context; <see cref="None"/> when no known CI variables are set.</returns>
    public static RunContext FromEnvironment(IDictionary environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        string? Get(string name) => environment[name] is string value && value.Length > 0 ? value : null;

        if (Get("GITHUB_RUN_ID") is { } githubRun)
        {
            var attempt = Get("GITHUB_RUN_ATTEMPT") ?? "1";
            var repository = Get("GITHUB_REPOSITORY");
            var workflow = Get("GITHUB_WORKFLOW");
            var pipeline = repository is null ? workflow : workflow is null ? repository : repository + "/" + workflow;
            return new RunContext($"github:{repository ?? "-"}:{githubRun}:{attempt}", "github", pipeline, Get("GITHUB_SHA"), null);
        }

        if (Get("CI_PIPELINE_ID") is { } gitlabPipeline)
        {
            var job = Get("CI_JOB_ID");
            var runId = job is null ? $"gitlab:{gitlabPipeline}" : $"gitlab:{gitlabPipeline}:{job}";
            return new RunContext(runId, "gitlab", Get("CI_PROJECT_PATH") ?? gitlabPipeline, Get("CI_COMMIT_SHA"), Get("CI_ENVIRONMENT_NAME"));
        }

        if (Get("BUILD_BUILDID") is { } azureBuild)
        {
            var stage = Get("SYSTEM_STAGENAME");
            var runId = stage is null ? $"azure:{azureBuild}" : $"azure:{azureBuild}:{stage}";
            return new RunContext(runId, "azure", Get("BUILD_DEFINITIONNAME") ?? azureBuild, Get("BUILD_SOURCEVERSION"), stage);
        }

        return None;
    }
}
