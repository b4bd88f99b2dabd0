// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text;

namespace AiOpsPolicy.Cli.Tests.Hostile;

/// <summary>
/// The published CLI, with a database password in its environment, against a PolicySet that names a server the test
/// runs: the server must receive nothing. The control case shows that the same server does see the driver's bytes
/// when the operator names it, so the silence is the engine's refusal and not a broken listener.
/// </summary>
public sealed class StoreFakeServerTests
{
    private const string Canary = "canary-PGPASSWORD-5b1f";

    [Theory]
    [InlineData("\"Host=127.0.0.1;Port={0};Database=aiops;Username=postgres;Timeout=3\"")]
    [InlineData("postgres://postgres@127.0.0.1:{0}/aiops")]
    [InlineData("postgresql://127.0.0.1:{0}/aiops?sslmode=disable")]
    [InlineData("127.0.0.1:{0}")]
    [Trait("Hostile", "store")]
    public async Task Gate_WhenAHostilePolicySetNamesAServerWhilePgPasswordIsSet_ShouldRefuseAndTheServerShouldReceiveNothing(string storeFormat)
    {
        // Given
        using var listener = new RecordingListener();
        using var temp = new TempDirectory();
        var store = string.Format(System.Globalization.CultureInfo.InvariantCulture, storeFormat, listener.Port);
        var policies = StoreTrustTests.WritePolicies(temp, $"record: true\n    store: {store}\n    require: true");
        var evidence = StoreTrustTests.WriteEvidence(temp);

        // When
        var (exit, stdout, stderr) = await CliProcess.RunAsync(
            temp.Path,
            new Dictionary<string, string?> { ["PGPASSWORD"] = Canary, ["PGHOST"] = "127.0.0.1", ["PGPORT"] = listener.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            "gate", "--policies", policies, "--evidence", evidence, "--as-of", "2026-11-28T12:00:00Z", "--no-cache");
        await listener.SettleAsync();

        // Then
        Assert.True(exit == 2, $"exit {exit}\n{stdout}\n{stderr}");
        Assert.Contains("policyset.yaml(8,12): error AOP2022: spec.history.store ", stderr, StringComparison.Ordinal);
        Assert.Equal(0, listener.Connections);
        Assert.Empty(listener.Received);
        Assert.DoesNotContain(Canary, stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gate_WhenTheOperatorDeclaresTheSameServer_ShouldConnectToIt()
    {
        // Given: the control. The operator's configuration names the listener; the driver connects and sends its
        // start-up message (which names the user and database), then gives up when the listener hangs up.
        using var listener = new RecordingListener();
        using var temp = new TempDirectory();
        var policies = StoreTrustTests.WritePolicies(temp, "record: true\n    store: main");
        var evidence = StoreTrustTests.WriteEvidence(temp);
        var config = temp.Combine("operator.yaml");
        File.WriteAllText(config, $"apiVersion: aiops-policy/v1\nkind: OperatorConfiguration\nhistoryStores:\n  main:\n    postgres: \"Host=127.0.0.1;Port={listener.Port};Database=aiops;Username=postgres;Timeout=3;SSL Mode=Disable\"\n");

        // When
        var (exit, stdout, stderr) = await CliProcess.RunAsync(
            temp.Path,
            new Dictionary<string, string?> { ["PGPASSWORD"] = Canary },
            "gate", "--policies", policies, "--evidence", evidence, "--as-of", "2026-11-28T12:00:00Z", "--no-cache", "--config", config);

        // Then: the run is decided (exit 0), the recording fails with a warning, and the listener saw the driver
        await listener.WaitForBytesAsync(TimeSpan.FromMinutes(1));
        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        Assert.Contains("warning AOP5005: The run was not recorded in 'the PostgreSQL store'", stderr, StringComparison.Ordinal);
        Assert.True(listener.Connections >= 1);
        Assert.Contains("aiops", Encoding.Latin1.GetString(listener.Received), StringComparison.Ordinal);
    }
}
