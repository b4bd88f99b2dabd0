// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.RegularExpressions;

namespace AiOpsPolicy.Cli.Tests;

/// <summary>End-to-end tests of <c>aiops-policy validate</c> through <see cref="Program.Run"/>.</summary>
public sealed partial class ValidateCommandTests
{
    [Fact]
    public void Run_WhenValidatingTheHelpdeskExample_ShouldExit0()
    {
        // Given
        using var console = new TestConsole();

        // When
        var exitCode = Program.Run(["validate", Repository.HelpdeskPolicies, "--no-cache"], console, () => DateTimeOffset.UnixEpoch);

        // Then
        Assert.Equal(0, exitCode);
        Assert.Contains("Valid: helpdesk-ai", console.OutText, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_WhenAPolicyIsBroken_ShouldExit2AndPrintTheLocatedError()
    {
        // Given
        using var temp = new TempDirectory();
        using var console = new TestConsole();
        File.WriteAllText(
            temp.Combine("workflow.yaml"),
            SamplePolicies.WorkflowWithBadDuration);

        // When
        var exitCode = Program.Run(["validate", temp.Path, "--no-cache"], console, () => DateTimeOffset.UnixEpoch);

        // Then
        Assert.Equal(2, exitCode);
        Assert.Matches(LocatedError(), console.OutText + console.ErrText);
        Assert.Contains("workflow.yaml(9,11): error AOP2004:", console.OutText + console.ErrText, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"workflow\.yaml\(\d+,\d+\): error AOP\d{4}: ")]
    private static partial Regex LocatedError();

    [Fact]
    public void Run_WhenAYamlSyntaxErrorHidesAWorkflow_ShouldPrintTheSyntaxErrorBeforeItsFollowOnNotDeclaredErrors()
    {
        // Given: workflows.yaml breaks at its first document, so every gate naming ticket-triage refers to nothing
        using var temp = new TempDirectory();
        using var console = new TestConsole();
        var policies = temp.CopyFolder(Repository.HelpdeskPolicies, "policies");
        var workflows = Path.Combine(policies, "workflows.yaml");
        File.WriteAllText(workflows, File.ReadAllText(workflows).Replace("  trigger: zendesk", "  trigger: [zendesk", StringComparison.Ordinal));

        // When
        var exitCode = Program.Run(["validate", policies, "--no-cache"], console, () => DateTimeOffset.UnixEpoch);

        // Then: the cause first, then the consequences (gates.yaml sorts before workflows.yaml by name)
        Assert.Equal(2, exitCode);
        var lines = console.OutText.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("workflows.yaml(", lines[0], StringComparison.Ordinal);
        Assert.Contains("error AOP1001: YAML syntax error", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.Contains("error AOP2006: Workflow 'ticket-triage' is not declared", StringComparison.Ordinal));
    }
}
