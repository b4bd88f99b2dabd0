// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Net;
using System.Net.Sockets;

namespace AiOpsPolicy.Cli.Tests;

/// <summary>
/// <c>history</c>, <c>coverage</c> and <c>review</c> take a store name that the operator configuration declares (issue 12:
/// the operator names stores once, in a file outside the policy folders), and <c>validate --config</c> checks that
/// configuration and the store names the policies use.
/// </summary>
public sealed class OperatorStoreNameTests : IClassFixture<HistoryCommandTests.ThreeWeeklyRuns>
{
    private readonly HistoryCommandTests.ThreeWeeklyRuns _runs;

    public OperatorStoreNameTests(HistoryCommandTests.ThreeWeeklyRuns runs)
    {
        _runs = runs;
    }

    [Theory]
    [InlineData("history", "--flips")]
    [InlineData("coverage", "--by", "none")]
    [InlineData("review", "--as-of", "2026-12-01T12:00:00Z", "--format", "markdown")]
    public void Run_WhenTheStoreIsANameTheConfigurationDeclares_ShouldReadTheDeclaredStoreLikeItsPath(string command, params string[] rest)
    {
        // Given: the same query by path and by the name the operator configuration gives that path
        using var temp = new TempDirectory();
        var config = WriteConfig(temp, $"historyStores:\n  main:\n    sqlite: \"{_runs.Store}\"\n");
        using var byPath = new TestConsole();
        using var byName = new TestConsole();
        string[] output = command == "review" ? ["--output", temp.Path] : [];

        // When
        var pathExit = Program.Run([command, "--store", _runs.Store, .. rest, .. output], byPath, FailingClock);
        var nameExit = Program.Run([command, "--store", "main", "--config", config, .. rest, .. output], byName, FailingClock);

        // Then
        Assert.True(pathExit == 0, byPath.ErrText);
        Assert.True(nameExit == 0, byName.ErrText);
        Assert.Equal(byPath.OutText.Replace(temp.Path, "<dir>", StringComparison.Ordinal), byName.OutText.Replace(temp.Path, "<dir>", StringComparison.Ordinal));
        Assert.False(File.Exists("main"));
    }

    [Fact]
    public void History_WhenTheStoreIsANameTheConfigurationDoesNotDeclare_ShouldSaySoAndCreateNothing()
    {
        // Given
        using var temp = new TempDirectory();
        var config = WriteConfig(temp, $"historyStores:\n  other:\n    sqlite: \"{_runs.Store}\"\n");
        using var console = new TestConsole();

        // When
        var exit = Program.Run(["history", "--store", "main", "--config", config, "--flips"], console, FailingClock);

        // Then
        Assert.Equal(2, exit);
        Assert.Equal($"error: the history store 'main' is neither a file here nor a store the operator configuration declares ('{config}' declares other). Give a SQLite file, a PostgreSQL connection string, or a name declared under historyStores (--config FILE or $AIOPS_POLICY_CONFIG).", console.ErrText.Trim());
        Assert.False(File.Exists("main"));
    }

    [Fact]
    [Trait("Hostile", "store")]
    public void Coverage_WhenADeclaredPostgresStoreCannotBeReached_ShouldNameTheStoreNeverItsConnectionString()
    {
        // Given: a declared PostgreSQL store with a password, on a port nothing listens on
        using var temp = new TempDirectory();
        var config = WriteConfig(temp, $"historyStores:\n  warehouse:\n    postgres: \"Host=127.0.0.1;Port={ClosedPort()};Username=ops;Password=hunter2-secret;Timeout=3\"\n");
        using var console = new TestConsole();

        // When
        var exit = Program.Run(["coverage", "--store", "warehouse", "--config", config], console, FailingClock);

        // Then
        Assert.Equal(2, exit);
        Assert.StartsWith("error: cannot read the history store 'warehouse': ", console.ErrText, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", console.OutText + console.ErrText, StringComparison.Ordinal);
        Assert.DoesNotContain("Host=", console.OutText + console.ErrText, StringComparison.Ordinal);
    }

    [Fact]
    public void Review_WhenTheConfigurationIsMalformed_ShouldReportItAndReadNoStore()
    {
        // Given
        using var temp = new TempDirectory();
        var config = WriteConfig(temp, "historyStores:\n  main:\n    mysql: \"Server=x\"\n");
        using var console = new TestConsole();

        // When
        var exit = Program.Run(["review", "--store", "main", "--config", config, "--output", temp.Path, "--as-of", "2026-12-01T12:00:00Z"], console, FailingClock);

        // Then
        Assert.Equal(2, exit);
        Assert.Contains("(5,5): error AOP5030: Operator configuration: History store 'main': 'mysql' is not a store kind", console.ErrText, StringComparison.Ordinal);
        Assert.Contains("Nothing was run: fix the operator configuration above.", console.ErrText, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(temp.Path, "*review*"));
    }

    [Fact]
    public void Validate_WhenTheConfigurationIsMalformed_ShouldReportItAtItsLineAndFail()
    {
        // Given: valid policies, an operator configuration with an unknown section
        using var temp = new TempDirectory();
        var policies = Hostile.StoreTrustTests.WritePolicies(temp, "record: true\n    store: main");
        var config = WriteConfig(temp, "historyStores:\n  main:\n    sqlite: main.db\nevidenceSources: {}\n");
        using var console = new TestConsole();

        // When
        var exit = Program.Run(["validate", policies, "--no-cache", "--config", config], console, FailingClock);

        // Then
        Assert.Equal(2, exit);
        Assert.Contains("operator.yaml(6,1): error AOP5030: ", console.OutText, StringComparison.Ordinal);
        Assert.Contains("Validation failed: 1 error(s), 0 warning(s).", console.OutText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("other", 2)]
    [InlineData("main", 0)]
    public void Validate_WhenGivenAConfiguration_ShouldCheckThatThePolicySetsStoreNameIsDeclared(string declared, int expectedExit)
    {
        // Given
        using var temp = new TempDirectory();
        var policies = Hostile.StoreTrustTests.WritePolicies(temp, "record: true\n    store: main");
        var config = WriteConfig(temp, $"historyStores:\n  {declared}:\n    sqlite: runs.db\n");
        using var console = new TestConsole();
        using var withoutConfig = new TestConsole();

        // When
        var exit = Program.Run(["validate", policies, "--no-cache", "--config", config], console, FailingClock);
        var exitWithout = Program.Run(["validate", policies, "--no-cache"], withoutConfig, FailingClock);

        // Then: with the configuration the name is checked at its line and column; without one it cannot be, as before
        Assert.True(exit == expectedExit, console.OutText + console.ErrText);
        Assert.True(exitWithout == 0, withoutConfig.OutText + withoutConfig.ErrText);
        if (expectedExit == 2)
        {
            Assert.Contains($"policyset.yaml(8,12): error AOP2030: spec.history.store names the store 'main', which the operator has not declared. The operator configuration '{config}' declares other. Declare it under historyStores, or give --record/--history", console.OutText, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains("Valid: checkout (2 file(s), 1 gate(s)), 0 warning(s).", console.OutText, StringComparison.Ordinal);
        }

        Assert.False(File.Exists(temp.Combine("runs.db")));
    }

    private static string WriteConfig(TempDirectory temp, string body)
    {
        var path = temp.Combine("operator.yaml");
        File.WriteAllText(path, "apiVersion: aiops-policy/v1\nkind: OperatorConfiguration\n" + body);
        return path;
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static DateTimeOffset FailingClock() => throw new InvalidOperationException("The test gave --as-of or needs no clock.");
}
