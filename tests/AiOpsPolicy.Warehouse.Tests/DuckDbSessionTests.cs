// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using AiOpsPolicy.Warehouse.DuckDb;
using DuckDB.NET.Data;

namespace AiOpsPolicy.Warehouse.Tests;

/// <summary>
/// How a session is sized: a source known to be small (at most <see cref="DuckDbSession.SingleThreadRows"/> rows) runs on
/// one thread, a large or unknown one on DuckDB's default (a thread per core); the setting is locked with the rest.
/// </summary>
public sealed class DuckDbSessionTests
{
    [Theory]
    [InlineData(1_000L, true)]
    [InlineData(DuckDbSession.SingleThreadRows, true)]
    [InlineData(DuckDbSession.SingleThreadRows + 1, false)]
    [InlineData(null, false)]
    public void Open_WhenTheSourceSizeIsKnown_ShouldRunSmallSourcesOnOneThread(long? rows, bool oneThread)
    {
        // Given
        using var temp = new TempDirectory();

        // When
        using var connection = DuckDbSession.Open(temp.Combine("runs.parquet"), store: false, rows: rows);

        // Then: one thread for a small source; the default otherwise, which is more than one on a machine with more cores
        var threads = Threads(connection);
        if (oneThread)
        {
            Assert.Equal(1, threads);
        }
        else if (Environment.ProcessorCount > 1)
        {
            Assert.True(threads > 1, $"threads = {threads}");
        }

        Assert.ThrowsAny<Exception>(() => DuckDbSession.Execute(connection, "SET threads = 4"));
    }

    [Fact]
    public void Footer_WhenAFileIsWritten_ShouldGiveItsRowCount()
    {
        // Given
        using var temp = new TempDirectory();
        var file = temp.Combine("agent-runs.parquet");
        ParquetSamples.Write(file, "agent-runs", "2026-11-28T11:00:00Z", "{\"id\": \"a\"}", "{\"id\": \"b\"}", "{\"id\": \"c\"}");

        // When
        var footer = ParquetFooter.Read(file);

        // Then
        Assert.Equal(3, footer.Rows);
    }

    private static long Threads(DuckDBConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT current_setting('threads')";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
