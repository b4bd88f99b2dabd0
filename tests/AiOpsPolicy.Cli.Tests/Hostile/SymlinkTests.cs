// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Cli.Tests.Hostile;

/// <summary>
/// Symlinks out of a given folder are refused (issue 12, item 7): the policy folder, the evidence folder and a policy
/// test's evidencePath. The target's content (a canary) and its path never appear in any output or report.
/// </summary>
public sealed class SymlinkTests : IDisposable
{
    private const string Canary = "CANARY-d41d8cd98f00";
    private const string AsOf = "2026-11-28T12:00:00Z";
    private readonly TempDirectory _temp = new();
    private readonly string _outside;

    public SymlinkTests()
    {
        // The outside world: a YAML "policy", a JSON "evidence" file and a credentials-like file, each with the canary.
        _outside = _temp.Combine("outside-secrets");
        Directory.CreateDirectory(_outside);
        File.WriteAllText(Path.Combine(_outside, "stolen.yaml"), $"apiVersion: aiops-policy/v1\nkind: Gate\nmetadata:\n  name: {Canary}\nspec: [{Canary}\n");
        File.WriteAllText(Path.Combine(_outside, "stolen.json"), $"{{\"$evidence\": {{\"kind\": \"{Canary}\"}}, \"records\": [\"{Canary}\"");
        File.WriteAllText(Path.Combine(_outside, "credentials.json"), $"{{\"token\": \"{Canary}\"}}");
    }

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("file")]
    [InlineData("folder")]
    [InlineData("chain")]
    [InlineData("absolute")]
    [Trait("Hostile", "symlink")]
    public void Validate_WhenAPolicyFolderLinkLeadsOutside_ShouldRefuseItWithoutQuotingTheTarget(string shape)
    {
        // Given
        var policies = StoreTrustTests.WritePolicies(_temp, "record: false");
        var link = AddLink(policies, shape, "stolen.yaml");
        var sarif = _temp.Combine("diagnostics.sarif");

        // When
        using var console = new TestConsole();
        var exit = Program.Run(["validate", policies, "--no-cache"], console, FailingClock);
        using var sarifConsole = new TestConsole();
        Program.Run(["validate", policies, "--no-cache", "--format", "sarif", "--output", sarif], sarifConsole, FailingClock);

        // Then
        Assert.Equal(2, exit);
        Assert.Contains($"{link}: error AOP1020: '{link}' is a symbolic link that leads outside '{policies}'; it was not read.", console.OutText + console.ErrText, StringComparison.Ordinal);
        AssertNothingLeaked(console.OutText + console.ErrText + sarifConsole.OutText + sarifConsole.ErrText + File.ReadAllText(sarif));
        Assert.Contains("AOP1020", File.ReadAllText(sarif), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("file")]
    [InlineData("folder")]
    [InlineData("chain")]
    [InlineData("absolute")]
    [Trait("Hostile", "symlink")]
    public void Gate_WhenAnEvidenceFolderLinkLeadsOutside_ShouldRefuseItAndWriteNoReport(string shape)
    {
        // Given
        var policies = StoreTrustTests.WritePolicies(_temp, "record: false");
        var evidence = StoreTrustTests.WriteEvidence(_temp);
        var link = AddLink(evidence, shape, "stolen.json");
        var report = _temp.Combine("report.json");

        // When
        using var console = new TestConsole();
        var exit = Program.Run(["gate", "--policies", policies, "--evidence", evidence, "--as-of", AsOf, "--no-cache", "--json", report], console, FailingClock);

        // Then
        Assert.Equal(2, exit);
        Assert.Contains($"{link}: error AOP1020: '{link}' is a symbolic link that leads outside '{evidence}'", console.ErrText, StringComparison.Ordinal);
        AssertNothingLeaked(console.OutText + console.ErrText);
        Assert.False(File.Exists(report));
    }

    [Fact]
    [Trait("Hostile", "symlink")]
    public void Gate_WhenAnEvidenceLinkLoops_ShouldRefuseItInsteadOfHanging()
    {
        // Given: a -> b -> a
        var policies = StoreTrustTests.WritePolicies(_temp, "record: false");
        var evidence = StoreTrustTests.WriteEvidence(_temp);
        File.CreateSymbolicLink(Path.Combine(evidence, "a.json"), "b.json");
        File.CreateSymbolicLink(Path.Combine(evidence, "b.json"), "a.json");

        // When
        using var console = new TestConsole();
        var exit = Program.Run(["gate", "--policies", policies, "--evidence", evidence, "--as-of", AsOf, "--no-cache"], console, FailingClock);

        // Then
        Assert.Equal(2, exit);
        Assert.Equal(2, console.ErrText.Split('\n').Count(l => l.Contains("error AOP1020", StringComparison.Ordinal)));
    }

    [Fact]
    public void Gate_WhenLinksStayInsideTheFolder_ShouldFollowThemOnceEach()
    {
        // Given: a folder link to the folder's own parent (a loop inside), and a file link to a file in a hidden folder
        var policies = StoreTrustTests.WritePolicies(_temp, "record: false");
        var evidence = StoreTrustTests.WriteEvidence(_temp);
        Directory.CreateDirectory(Path.Combine(evidence, "sub"));
        Directory.CreateSymbolicLink(Path.Combine(evidence, "sub", "up"), "..");
        Directory.CreateDirectory(Path.Combine(evidence, ".archive"));
        File.Move(Path.Combine(evidence, "runs.ndjson"), Path.Combine(evidence, ".archive", "runs.ndjson"));
        File.CreateSymbolicLink(Path.Combine(evidence, "latest.ndjson"), Path.Combine(".archive", "runs.ndjson"));

        // When
        using var console = new TestConsole();
        var exit = Program.Run(["gate", "--policies", policies, "--evidence", evidence, "--as-of", AsOf, "--no-cache"], console, FailingClock);

        // Then: the one run was read through the link, once
        Assert.True(exit == 0, console.OutText + console.ErrText);
        Assert.DoesNotContain("AOP1020", console.ErrText, StringComparison.Ordinal);
        Assert.DoesNotContain("AOP1107", console.ErrText, StringComparison.Ordinal);
        Assert.Contains("run-volume", console.OutText, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Hostile", "symlink")]
    public void Test_WhenAnEvidencePathFolderHoldsALinkOutside_ShouldRefuseIt()
    {
        // Given: a policy test whose evidence folder (inside the repository) holds a link to a file outside it
        Directory.CreateDirectory(_temp.Combine("repo/.git"));
        var policies = StoreTrustTests.WritePolicies(_temp, "record: false", _temp.Combine("repo/policies"));
        var evidence = _temp.Combine("repo/test-evidence");
        Directory.CreateDirectory(evidence);
        var link = Path.Combine(evidence, "credentials.json");
        File.CreateSymbolicLink(link, Path.Combine(_outside, "credentials.json"));
        WriteTest(policies, "../test-evidence");

        // When
        using var console = new TestConsole();
        var exit = Program.Run(["test", "--policies", policies, "--no-cache"], console, FailingClock);

        // Then
        Assert.Equal(2, exit);
        Assert.Contains($"error: AOP1020: '{link}' is a symbolic link that leads outside '{evidence}'; it was not read.", console.OutText + console.ErrText, StringComparison.Ordinal);
        AssertNothingLeaked(console.OutText + console.ErrText);
    }

    [Theory]
    [InlineData("absolute")]
    [InlineData("dotdot")]
    [InlineData("link")]
    [Trait("Hostile", "symlink")]
    public void Test_WhenTheEvidencePathLeadsOutsideTheRepository_ShouldRefuseItAtItsLocation(string shape)
    {
        // Given
        Directory.CreateDirectory(_temp.Combine("repo/.git"));
        var policies = StoreTrustTests.WritePolicies(_temp, "record: false", _temp.Combine("repo/policies"));
        var path = shape switch
        {
            "absolute" => _outside,
            "dotdot" => "../../outside-secrets",
            _ => "../evidence-link",
        };
        if (shape == "link")
        {
            // In the repository, beside the policy folder, so that only the evidencePath check meets it.
            Directory.CreateSymbolicLink(_temp.Combine("repo/evidence-link"), _outside);
        }

        WriteTest(policies, path);

        // When
        using var console = new TestConsole();
        var exit = Program.Run(["test", "--policies", policies, "--no-cache"], console, FailingClock);

        // Then
        Assert.Equal(2, exit);
        Assert.Contains($"probe.test.yaml(6,17): error", console.OutText + console.ErrText, StringComparison.Ordinal);
        Assert.Contains($"evidencePath '{path}' leads outside the repository root", console.OutText + console.ErrText, StringComparison.Ordinal);
        Assert.DoesNotContain(Canary, console.OutText + console.ErrText, StringComparison.Ordinal);
    }

    private static DateTimeOffset FailingClock() => throw new InvalidOperationException("The test gave --as-of; the clock must not be read.");

    private static void WriteTest(string policies, string evidencePath) =>
        File.WriteAllText(Path.Combine(policies, "probe.test.yaml"), $$"""
            apiVersion: aiops-policy/v1
            kind: PolicyTest
            metadata: { name: probe }
            spec:
              asOf: {{AsOf}}
              evidencePath: {{evidencePath}}
              expect:
                gates: { run-volume: pass }
            """);

    /// <summary>Adds a link inside <paramref name="folder"/> that leads to the outside file, and returns the link's path.</summary>
    private string AddLink(string folder, string shape, string target)
    {
        string link;
        switch (shape)
        {
            case "file":
                link = Path.Combine(folder, "innocent" + Path.GetExtension(target));
                File.CreateSymbolicLink(link, Path.GetRelativePath(folder, Path.Combine(_outside, target)));
                break;
            case "absolute":
                link = Path.Combine(folder, "innocent" + Path.GetExtension(target));
                File.CreateSymbolicLink(link, Path.Combine(_outside, target));
                break;
            case "folder":
                link = Path.Combine(folder, "shared");
                Directory.CreateSymbolicLink(link, _outside);
                break;
            default:
                // inside -> inside -> outside
                Directory.CreateSymbolicLink(_temp.Combine("hop"), _outside);
                link = Path.Combine(folder, "innocent" + Path.GetExtension(target));
                File.CreateSymbolicLink(link, Path.Combine(folder, "second" + Path.GetExtension(target) + ".lnk"));
                File.CreateSymbolicLink(Path.Combine(folder, "second" + Path.GetExtension(target) + ".lnk"), Path.Combine(_temp.Combine("hop"), target));
                break;
        }

        return link;
    }

    private void AssertNothingLeaked(string output)
    {
        Assert.DoesNotContain(Canary, output, StringComparison.Ordinal);
        Assert.DoesNotContain(_outside, output, StringComparison.Ordinal);
        Assert.DoesNotContain("outside-secrets", output, StringComparison.Ordinal);
    }
}
