// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text;
using AiOpsPolicy.Core.Files;

namespace AiOpsPolicy.Core.Tests.Files;

public sealed class AtomicFileTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    [Fact]
    public void Write_WhenTheContentWriterFails_ShouldLeaveTheOldFileAndNoTemporaryFile()
    {
        // Given
        var path = _folder.Combine("report.json");
        File.WriteAllText(path, "old");

        // When
        var thrown = Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write(Encoding.UTF8.GetBytes("half of the new"));
            throw new InvalidOperationException("writer failed");
        }));

        // Then
        Assert.Equal("writer failed", thrown.Message);
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal("report.json", Path.GetFileName(Assert.Single(Directory.GetFiles(_folder.Path))));
    }

    [Fact]
    public void Write_WhenTheTargetExists_ShouldReplaceItWholeAndLeaveNoTemporaryFile()
    {
        // Given
        var path = _folder.Combine("report.json");
        File.WriteAllText(path, "an older and longer content");

        // When
        AtomicFile.Write(path, stream => stream.Write(Encoding.UTF8.GetBytes("new")));

        // Then
        Assert.Equal("new", File.ReadAllText(path));
        Assert.Equal("report.json", Path.GetFileName(Assert.Single(Directory.GetFiles(_folder.Path))));
    }

    [Fact]
    public void WriteAllBytes_WhenTheFolderIsMissing_ShouldCreateItAndWriteTheBytes()
    {
        // Given
        var path = _folder.Combine(Path.Combine("cache", "entry.dll"));

        // When
        AtomicFile.WriteAllBytes(path, [1, 2, 3]);

        // Then
        Assert.Equal("1,2,3", string.Join(',', File.ReadAllBytes(path)));
        Assert.Equal("entry.dll", Path.GetFileName(Assert.Single(Directory.GetFiles(_folder.Combine("cache")))));
    }

    /// <inheritdoc />
    public void Dispose() => _folder.Dispose();
}
