// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Testing;

/// <summary>A fresh folder under the system temp folder, deleted on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "aiops-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    /// <summary>Gets the folder's full path.</summary>
    public string Path { get; }

    /// <summary>Combines the folder with a relative path.</summary>
    /// <param name="relative">The relative path.</param>
    /// <returns>The full path.</returns>
    public string Combine(string relative) => System.IO.Path.Combine(Path, relative);

    /// <summary>Copies a folder's files into a sub-folder of this one.</summary>
    /// <param name="source">The folder to copy.</param>
    /// <param name="name">The sub-folder's name.</param>
    /// <returns>The copy's full path.</returns>
    public string CopyFolder(string source, string name)
    {
        var target = Combine(name);
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, System.IO.Path.Combine(target, System.IO.Path.GetFileName(file)));
        }

        return target;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
