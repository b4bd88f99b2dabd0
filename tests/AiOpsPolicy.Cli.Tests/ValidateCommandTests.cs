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
}
