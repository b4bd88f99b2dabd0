// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.IO.Compression;

namespace AiOpsPolicy.Cli.Tests;

public sealed class BuildCommandTests
{
    private const string AsOf = "2026-11-28T12:00:00Z";

    [Fact]
    public void Gate_WhenGivenABuiltBundle_ShouldDecideLikeThePolicyFiles()
    {
        // Given
        using var temp = new TempDirectory();
        using var console = new TestConsole();
        var bundle = Path.Combine(temp.Path, "helpdesk.bundle");
        var key = temp.Combine("platform");
        Assert.Equal(0, Program.Run(["keygen", "--output", key], console, FailingClock));
        Assert.Equal(0, Program.Run(["build", "--policies", Repository.HelpdeskPolicies, "--output", bundle, "--sign-key", key + ".key"], console, FailingClock));

        // When
        using var fromBundle = new TestConsole();
        var exitCode = Program.Run(["gate", "--bundle", bundle, "--trusted-key", key + ".pub", "--evidence", Repository.ExampleEvidence, "--as-of", AsOf], fromBundle, FailingClock);
        using var fromFiles = new TestConsole();
        Program.Run(["gate", "--policies", Repository.HelpdeskPolicies, "--evidence", Repository.ExampleEvidence, "--as-of", AsOf, "--no-cache"], fromFiles, FailingClock);

        // Then
        Assert.Equal(1, exitCode);
        Assert.Equal(LastLine(fromFiles.OutText), LastLine(fromBundle.OutText));
        Assert.Contains("Decision: BLOCKED", fromBundle.OutText, StringComparison.Ordinal);
    }

    [Fact]
    public void Gate_WhenTheBundleWasAltered_ShouldRefuseItWithExit2()
    {
        // Given: a bundle whose gates file was edited after it was built.
        using var temp = new TempDirectory();
        using var console = new TestConsole();
        var bundle = Path.Combine(temp.Path, "helpdesk.bundle");
        var key = temp.Combine("platform");
        Program.Run(["keygen", "--output", key], console, FailingClock);
        Program.Run(["build", "--policies", Repository.HelpdeskPolicies, "--output", bundle, "--sign-key", key + ".key"], console, FailingClock);
        using (var zip = ZipFile.Open(bundle, ZipArchiveMode.Update))
        {
            zip.GetEntry("policies/gates.yaml")!.Delete();
            using var writer = new StreamWriter(zip.CreateEntry("policies/gates.yaml").Open());
            writer.Write("# nothing to see here\n");
        }

        // When
        using var gate = new TestConsole();
        var exitCode = Program.Run(["gate", "--bundle", bundle, "--trusted-key", key + ".pub", "--evidence", Repository.ExampleEvidence, "--as-of", AsOf], gate, FailingClock);

        // Then: the signature still verifies (it covers the manifest), the file's digest does not
        Assert.Equal(2, exitCode);
        Assert.Contains("error AOP5004", gate.ErrText, StringComparison.Ordinal);
        Assert.Contains("its policy files have digest", gate.ErrText, StringComparison.Ordinal);
        Assert.DoesNotContain("Decision:", gate.OutText, StringComparison.Ordinal);
    }

    private static DateTimeOffset FailingClock() => throw new InvalidOperationException("The test gave --as-of; the clock must not be read.");

    private static string LastLine(string text) => text.TrimEnd().Split('\n')[^1];
}
