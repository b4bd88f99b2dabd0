// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.History.Stores;
using Npgsql;

namespace AiOpsPolicy.History.Tests;

public sealed class PostgresConnectionDefaultsTests
{
    [Fact]
    public void WithDefaults_WhenNoTimeoutIsGiven_ShouldWaitLongerThanNpgsqlsDefaultToConnect()
    {
        // Given
        const string Given = "Host=db;Username=aiops;Database=history";

        // When
        var result = new NpgsqlConnectionStringBuilder(PostgresHistoryStore.WithDefaults(Given));

        // Then
        Assert.Equal(60, result.Timeout);
        Assert.Equal(("db", "history"), (result.Host, result.Database));
    }

    [Fact]
    public void WithDefaults_WhenATimeoutIsGiven_ShouldKeepIt()
    {
        // When
        var result = new NpgsqlConnectionStringBuilder(PostgresHistoryStore.WithDefaults("Host=db;timeout=5"));

        // Then
        Assert.Equal(5, result.Timeout);
    }
}
