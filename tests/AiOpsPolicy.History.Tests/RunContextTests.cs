// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.History.Runs;

namespace AiOpsPolicy.History.Tests;

public sealed class RunContextTests
{
    [Fact]
    public void FromEnvironment_WhenGitHubActions_ShouldReadRunAttemptShaAndWorkflow()
    {
        // Given
        var env = new Dictionary<string, string>
        {
            ["GITHUB_RUN_ID"] = "42",
            ["GITHUB_RUN_ATTEMPT"] = "2",
            ["GITHUB_SHA"] = "deadbeef",
            ["GITHUB_WORKFLOW"] = "gate",
            ["GITHUB_REPOSITORY"] = "org/repo",
        };

        // When
        var context = RunContext.FromEnvironment(env);

        // Then
        Assert.Equal(new RunContext("github:org/repo:42:2", "github", "org/repo/gate", "deadbeef", null), context);
    }

    [Fact]
    public void FromEnvironment_WhenGitLabCi_ShouldReadPipelineJobCommitAndEnvironment()
    {
        // Given
        var env = new Dictionary<string, string>
        {
            ["CI_PIPELINE_ID"] = "7",
            ["CI_JOB_ID"] = "99",
            ["CI_COMMIT_SHA"] = "cafe",
            ["CI_ENVIRONMENT_NAME"] = "staging",
        };

        // When
        var context = RunContext.FromEnvironment(env);

        // Then
        Assert.Equal(new RunContext("gitlab:7:99", "gitlab", "7", "cafe", "staging"), context);
    }

    [Fact]
    public void FromEnvironment_WhenAzurePipelines_ShouldReadBuildSourceVersionAndStage()
    {
        // Given
        var env = new Dictionary<string, string>
        {
            ["BUILD_BUILDID"] = "1234",
            ["BUILD_SOURCEVERSION"] = "f00d",
            ["SYSTEM_STAGENAME"] = "Deploy",
        };

        // When
        var context = RunContext.FromEnvironment(env);

        // Then
        Assert.Equal(new RunContext("azure:1234:Deploy", "azure", "1234", "f00d", "Deploy"), context);
    }

    [Fact]
    public void FromEnvironment_WhenNoCiVariables_ShouldReturnNone()
    {
        // Given
        var env = new Dictionary<string, string> { ["HOME"] = "/root", ["GITHUB_RUN_ID"] = string.Empty };

        // When
        var context = RunContext.FromEnvironment(env);

        // Then
        Assert.Equal(RunContext.None, context);
    }
}
