// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.History;

namespace AiOpsPolicy.Cli.Tests.Hostile;

/// <summary>
/// Policy text never chooses where secrets go (issue 12, item 1): a PolicySet's spec.history.store may only name a
/// store the operator's configuration declares, or a relative SQLite file inside the repository.
/// </summary>
public sealed class StoreTrustTests
{
    private const string AsOf = "2026-11-28T12:00:00Z";

    /// <summary>Store texts a hostile pull request could write, each refused by the validator (AOP2022) at the store's value.</summary>
    public static TheoryData<string, string> HostileStores => new()
    {
        { "\"Host=127.0.0.1;Port=15432;Database=x;Username=postgres\"", "is a connection string" },
        { "\"host=db.attacker.example;database=x\"", "is a connection string" },
        { "\"Server=db.attacker.example;Database=x\"", "is a connection string" },
        { "\"Data Source=/tmp/owned.db\"", "is a connection string" },
        { "postgres://db.attacker.example/x", "is a URL or host" },
        { "postgresql://postgres@db.attacker.example:5432/x", "is a URL or host" },
        { "db.attacker.example:5432", "is a URL or host" },
        { "file:owned.db", "is a URL or host" },
        { "/tmp/owned.db", "is an absolute path" },
        { "~/owned.db", "is an absolute path" },
        { "../owned.db", "leaves this folder through '..'" },
        { "runs/../../owned.db", "leaves this folder through '..'" },
        { "\"runs\\\\owned.db\"", "contains a backslash" },
        { "\"runs/owned.db\\u0000\"", "contains a control character" },
        { "\"postgres://u:secret@db.attacker.example/x\"", "contains a password" },
    };

    [Theory]
    [MemberData(nameof(HostileStores))]
    [Trait("Hostile", "store")]
    public void Gate_WhenThePolicySetStoreIsNotANameOrAContainedFile_ShouldRefuseItAtItsLocationAndWriteNothing(string store, string reason)
    {
        // Given
        using var temp = new TempDirectory();
        var policies = WritePolicies(temp, $"record: true\n    store: {store}");

        // When
        var (exit, console) = Gate(temp, policies);

        // Then: a validation error at the store's value (line 8, column 12), nothing evaluated, no file written
        Assert.Equal(2, exit);
        var line = console.ErrText.Split('\n').Single(l => l.Contains("AOP2022", StringComparison.Ordinal));
        Assert.StartsWith(Path.Combine(policies, "policyset.yaml").Replace('\\', '/') + "(8,12): error AOP2022: spec.history.store " + reason, line, StringComparison.Ordinal);
        Assert.Contains("No gate was evaluated", console.ErrText, StringComparison.Ordinal);
        Assert.DoesNotContain("Recorded run", console.OutText, StringComparison.Ordinal);
        Assert.Equal(["policyset.yaml", "gates.yaml"], Directory.GetFiles(policies).Select(Path.GetFileName).OrderDescending(StringComparer.Ordinal));
        Assert.False(File.Exists("/tmp/owned.db"));
    }

    [Fact]
    [Trait("Hostile", "store")]
    public void Validate_WhenThePolicySetStoreIsAConnectionString_ShouldReportItWithTheFix()
    {
        // Given
        using var temp = new TempDirectory();
        var policies = WritePolicies(temp, "store: \"Host=db.attacker.example;Database=x\"");
        using var console = new TestConsole();

        // When
        var exit = Program.Run(["validate", policies, "--no-cache"], console, () => DateTimeOffset.UnixEpoch);

        // Then
        Assert.Equal(2, exit);
        Assert.Contains("(7,12): error AOP2022: spec.history.store is a connection string: policy text cannot choose the database server the pipeline's credentials go to. Declare the store in the operator configuration (historyStores, see docs/configuration.md) and write its name here, such as 'store: main'", console.OutText + console.ErrText, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Hostile", "store")]
    public void Gate_WhenThePolicySetNamesAStoreTheOperatorDidNotDeclare_ShouldExit2WithoutEvaluating()
    {
        // Given
        using var temp = new TempDirectory();
        var policies = WritePolicies(temp, "record: true\n    store: main");
        var config = WriteConfig(temp, "historyStores:\n  other:\n    sqlite: other.db\n");

        // When
        var (withoutConfig, without) = Gate(temp, policies);
        var (withConfig, with) = Gate(temp, policies, "--config", config);

        // Then
        Assert.Equal((2, 2), (withoutConfig, withConfig));
        Assert.Contains("(8,12): error AOP2030: spec.history.store names the store 'main', which the operator has not declared. No operator configuration was given (--config FILE or $AIOPS_POLICY_CONFIG)", without.ErrText, StringComparison.Ordinal);
        Assert.Contains("which the operator has not declared. The operator configuration '" + config.Replace('\\', '/') + "' declares other.", with.ErrText, StringComparison.Ordinal);
        Assert.DoesNotContain("Decision:", without.OutText + with.OutText, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.Combine("other.db")));
    }

    [Fact]
    public async Task Gate_WhenThePolicySetNamesADeclaredStore_ShouldRecordThere()
    {
        // Given
        using var temp = new TempDirectory();
        var policies = WritePolicies(temp, "record: true\n    store: main");
        var config = WriteConfig(temp, "historyStores:\n  main:\n    sqlite: stores/main.db\n");

        // When
        var (exit, console) = Gate(temp, policies, "--config", config);

        // Then: recorded in the file the operator declared, relative to the configuration file
        Assert.True(exit == 0, console.OutText + console.ErrText);
        Assert.Contains("Recorded run ", console.OutText, StringComparison.Ordinal);
        await using var history = await HistoryStoreFactory.OpenAsync(temp.Combine("stores/main.db"));
        Assert.Equal(1, await history.CountRunsAsync());
    }

    [Fact]
    public async Task Gate_WhenThePolicySetStoreIsARelativeFileInsideTheRepository_ShouldRecordThere()
    {
        // Given: a repository root (a .git folder) above the policy folder
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.Combine(".git"));
        var policies = WritePolicies(temp, "record: true\n    store: runs/history.db");

        // When
        var (exit, console) = Gate(temp, policies);

        // Then
        Assert.True(exit == 0, console.OutText + console.ErrText);
        await using var history = await HistoryStoreFactory.OpenAsync(Path.Combine(policies, "runs", "history.db"));
        Assert.Equal(1, await history.CountRunsAsync());
    }

    [Theory]
    [InlineData("folder")]
    [InlineData("file")]
    [InlineData("chain")]
    [Trait("Hostile", "store")]
    public void Gate_WhenThePolicySetStoreLeadsOutOfTheRepositoryThroughASymlink_ShouldRefuseItAndWriteNothingOutside(string shape)
    {
        // Given: the repository is temp/repo; the symlink in the policy folder points at temp/outside
        using var temp = new TempDirectory();
        var repository = temp.Combine("repo");
        Directory.CreateDirectory(Path.Combine(repository, ".git"));
        var outside = temp.Combine("outside");
        Directory.CreateDirectory(outside);
        var policies = WritePolicies(temp, "record: true\n    store: runs/history.db", Path.Combine(repository, "policies"));
        switch (shape)
        {
            case "folder":
                Directory.CreateSymbolicLink(Path.Combine(policies, "runs"), outside);
                break;
            case "file":
                Directory.CreateDirectory(Path.Combine(policies, "runs"));
                File.CreateSymbolicLink(Path.Combine(policies, "runs", "history.db"), Path.Combine(outside, "history.db"));
                break;
            default:
                // A link to a link inside the repository, which leads out in its turn.
                Directory.CreateSymbolicLink(Path.Combine(repository, "hop"), outside);
                Directory.CreateSymbolicLink(Path.Combine(policies, "runs"), "../hop");
                break;
        }

        // When
        var (exit, console) = Gate(temp, policies);

        // Then: a file link is caught when the store is resolved (AOP2030); a folder link out of the policy folder is
        // refused even earlier, by the policy loader, which will not walk it (AOP1020)
        Assert.Equal(2, exit);
        Assert.Contains(
            shape == "file" ? "(8,12): error AOP2030: spec.history.store 'runs/history.db' leads outside the repository root" : "runs: error AOP1020: ",
            console.ErrText,
            StringComparison.Ordinal);
        Assert.DoesNotContain(outside, console.ErrText + console.OutText, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(outside));
    }

    [Fact]
    [Trait("Hostile", "store")]
    public void Gate_WhenTheOperatorConfigurationLiesInsideThePolicyFolder_ShouldRefuseIt()
    {
        // Given: a pull request adds a configuration next to the policies and the pipeline points at it
        using var temp = new TempDirectory();
        var policies = WritePolicies(temp, "record: true\n    store: main");
        var config = Path.Combine(policies, "operator.yaml");
        File.WriteAllText(config, "apiVersion: aiops-policy/v1\nkind: OperatorConfiguration\nhistoryStores:\n  main:\n    postgres: \"Host=db.attacker.example\"\n");

        // When
        var (exit, console) = Gate(temp, policies, "--config", config);

        // Then
        Assert.Equal(2, exit);
        Assert.Contains("error AOP5030: Operator configuration: the file lies inside the policy folder", console.ErrText, StringComparison.Ordinal);
        Assert.DoesNotContain("Decision:", console.OutText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("historyStore:\n  main:\n    sqlite: a.db\n", "(3,1): error AOP5030: Operator configuration: 'historyStore' is not a setting of the operator configuration")]
    [InlineData("historyStores:\n  main:\n    mysql: \"Server=x\"\n", "(5,5): error AOP5030: Operator configuration: History store 'main': 'mysql' is not a store kind")]
    [InlineData("historyStores:\n  main:\n    postgres: \"Database=x;Host=y\"\n", "(5,15): error AOP5030: Operator configuration: History store 'main': 'postgres' needs a connection string starting 'Host='")]
    [InlineData("historyStores:\n  main:\n    sqlite: \"Host=db.example\"\n", "(5,13): error AOP5030: Operator configuration: History store 'main': 'sqlite' is a file path")]
    [InlineData("historyStores:\n  \"../x\":\n    sqlite: a.db\n", "(4,3): error AOP5030: Operator configuration: '../x' is not a store name")]
    [InlineData("historyStores:\n  main:\n    sqlite: a.db\n    postgres: \"Host=x\"\n", "(5,5): error AOP5030: Operator configuration: History store 'main' needs exactly one of")]
    [Trait("Hostile", "store")]
    public void Gate_WhenTheOperatorConfigurationIsInvalid_ShouldReportItsLocationAndRunNothing(string body, string expected)
    {
        // Given
        using var temp = new TempDirectory();
        var policies = WritePolicies(temp, "record: true\n    store: main");
        var config = WriteConfig(temp, body);

        // When
        var (exit, console) = Gate(temp, policies, "--config", config);

        // Then
        Assert.Equal(2, exit);
        Assert.Contains(config.Replace('\\', '/') + expected, console.ErrText, StringComparison.Ordinal);
        Assert.Contains("Nothing was run", console.ErrText, StringComparison.Ordinal);
        Assert.Empty(console.OutText);
    }

    [Fact]
    public async Task Gate_WhenRecordIsGivenOnTheCommandLine_ShouldUseItAndNotResolveThePolicySetStore()
    {
        // Given: the operator's --record wins; the undeclared name in the policy text is then never needed
        using var temp = new TempDirectory();
        var policies = WritePolicies(temp, "record: true\n    store: main");
        var store = temp.Combine("operator.db");

        // When
        var (exit, console) = Gate(temp, policies, "--record", store);

        // Then
        Assert.True(exit == 0, console.OutText + console.ErrText);
        await using var history = await HistoryStoreFactory.OpenAsync(store);
        Assert.Equal(1, await history.CountRunsAsync());
    }

    internal static string WritePolicies(TempDirectory temp, string history, string? folder = null)
    {
        folder ??= temp.Combine("policies");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "policyset.yaml"), $"""
            apiVersion: aiops-policy/v1
            kind: PolicySet
            metadata:
              name: checkout
            spec:
              history:
                {history}
            """);
        File.WriteAllText(Path.Combine(folder, "gates.yaml"), """
            apiVersion: aiops-policy/v1
            kind: Gate
            metadata:
              name: run-volume
            spec:
              measure: Evidence.WorkflowRuns.Count
              bound:
                max: 1000
            """);
        return folder;
    }

    internal static string WriteEvidence(TempDirectory temp)
    {
        var evidence = temp.Combine("evidence");
        Directory.CreateDirectory(evidence);
        File.WriteAllLines(Path.Combine(evidence, "runs.ndjson"), [
            """{"$evidence": {"kind": "workflow-runs", "collectedAt": "2026-11-28T11:00:00Z"}}""",
            """{"id": "w1", "workflow": "triage", "startedAt": "2026-11-28T09:00:00Z", "endedAt": "2026-11-28T10:00:00Z", "outcome": "ok"}""",
        ]);
        return evidence;
    }

    private static string WriteConfig(TempDirectory temp, string body)
    {
        var path = temp.Combine("operator.yaml");
        File.WriteAllText(path, "apiVersion: aiops-policy/v1\nkind: OperatorConfiguration\n" + body);
        return path;
    }

    private static (int Exit, TestConsole Console) Gate(TempDirectory temp, string policies, params string[] extra)
    {
        var console = new TestConsole();
        var exit = Program.Run(
            ["gate", "--policies", policies, "--evidence", WriteEvidence(temp), "--as-of", AsOf, "--no-cache", .. extra],
            console,
            () => throw new InvalidOperationException("The test gave --as-of; the clock must not be read."));
        return (exit, console);
    }
}
