// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Files;

/// <summary>
/// Writes a file whole or not at all: the content goes to a temporary file beside the target, is flushed to disk,
/// and only then is renamed over the target. A reader sees the old file or the new one, never half of one; a failure
/// (an exception from the content writer, a full disk) leaves the target as it was and no temporary file behind.
/// Every writer of reports, evidence, bundles and cache entries uses this one (docs/architecture.md).
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes a file atomically, creating its folder when missing.</summary>
    /// <param name="path">The target path.</param>
    /// <param name="write">Writes the content to the stream it is given.</param>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(directory);

        // Hidden and unique: two writers of the same target never share a temporary file, and folder listings skip it.
        var temporary = Path.Combine(directory, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);

                // Without the flush a crash after the rename can leave an empty or partial file under the target's name.
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>Writes bytes to a file atomically, creating its folder when missing.</summary>
    /// <param name="path">The target path.</param>
    /// <param name="bytes">The content.</param>
    public static void WriteAllBytes(string path, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        Write(path, stream => stream.Write(bytes));
    }
}
