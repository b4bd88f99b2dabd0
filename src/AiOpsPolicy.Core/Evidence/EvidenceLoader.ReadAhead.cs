// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using System.Text;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Files;

namespace AiOpsPolicy.Core.Evidence;

public static partial class EvidenceLoader
{
    /// <summary>
    /// Reads and parses the whole files (JSON, YAML, CSV) of a load on a second thread ahead of the loader, which
    /// merges every file in order. On a warm <c>gate</c> reading evidence is the longest stage and mostly the
    /// first use of each kind's serializer (JIT and metadata), which is independent per kind: two threads halve it.
    /// Everything order-dependent (the digest, duplicates, diagnostics, the records' order) still happens in the
    /// loader, in file order, so the result is the same whichever thread read a file. NDJSON files are streamed by
    /// the loader itself, never held whole. The thread reads at most <see cref="Window"/> files past the last one
    /// merged, so memory holds a few files, not the folder.
    /// </summary>
    private sealed class ReadAhead : IDisposable
    {
        /// <summary>How many read files may wait to be merged.</summary>
        private const int Window = 2;

        private readonly WholeFile?[] _files;
        private readonly SemaphoreSlim _slots = new(Window, Window);
        private readonly CancellationTokenSource _stop = new();
        private readonly Task? _worker;

        private ReadAhead(WholeFile?[] files, bool parallel)
        {
            _files = files;
            _worker = parallel ? Task.Run(Work) : null;
        }

        /// <summary>Starts reading ahead when there are at least two whole files.</summary>
        /// <param name="fullPaths">The files of the load, in order.</param>
        /// <param name="streamed">Whether a file is not read whole by the loader (NDJSON, which it streams; a format's or a warehouse's file).</param>
        /// <returns>The read-ahead.</returns>
        public static ReadAhead Start(IReadOnlyList<string> fullPaths, Func<string, bool> streamed)
        {
            var files = fullPaths.Select(path => streamed(path) ? null : new WholeFile(path)).ToArray();
            return new ReadAhead(files, files.Count(file => file is not null) >= 2);
        }

        /// <summary>The file at an index, read: by the loader now if the worker has not begun it.</summary>
        /// <param name="index">The file's index in the load.</param>
        /// <returns>The read file.</returns>
        public WholeFile Take(int index)
        {
            var file = _files[index] ?? throw new InvalidOperationException("A streamed file has no whole read.");
            _files[index] = null;
            if (file.TryClaim())
            {
                file.Run();
            }
            else
            {
                file.Wait();
                _slots.Release();
            }

            return file;
        }

        public void Dispose()
        {
            _stop.Cancel();
            try
            {
                _worker?.Wait();
            }
            catch (AggregateException)
            {
                // The worker only stops by cancellation; a read's own failure is carried by its file.
            }

            _stop.Dispose();
            _slots.Dispose();
        }

        private void Work()
        {
            for (var i = 0; i < _files.Length; i++)
            {
                if (Volatile.Read(ref _files[i]) is not { } file)
                {
                    continue;
                }

                try
                {
                    _slots.Wait(_stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                if (file.TryClaim())
                {
                    file.Run();
                }
                else
                {
                    _slots.Release();
                }
            }
        }
    }

    /// <summary>One JSON, YAML or CSV file read whole (an envelope is one document) and parsed, not yet merged.</summary>
    private sealed class WholeFile
    {
        private readonly string _fullPath;
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly List<Diagnostic> _diagnostics = [];
        private int _claimed;
        private byte[]? _bytes;
        private Batch? _batch;
        private ExceptionDispatchInfo? _failure;

        public WholeFile(string fullPath) => _fullPath = fullPath;

        public bool TryClaim() => Interlocked.Exchange(ref _claimed, 1) == 0;

        public void Run()
        {
            try
            {
                _bytes = File.ReadAllBytes(_fullPath);
                _batch = new FileReader(SourceFileReader.DisplayPath(_fullPath), _bytes, _diagnostics).Read();
            }
            catch (Exception ex)
            {
                // Carried to the loader, which rethrows it in file order as if it had read the file itself.
                _failure = ExceptionDispatchInfo.Capture(ex);
            }
            finally
            {
                _done.SetResult();
            }
        }

        public void Wait() => _done.Task.Wait();

        /// <summary>Adds the file to the load's digest and diagnostics, as reading it in the loader did.</summary>
        /// <param name="relative">The file's path relative to the evidence root.</param>
        /// <param name="digest">The load's digest.</param>
        /// <param name="diagnostics">The load's diagnostics.</param>
        /// <returns>The file's records, or null when the file contributes none.</returns>
        public Batch? Merge(string relative, IncrementalHash digest, List<Diagnostic> diagnostics)
        {
            if (_bytes is null)
            {
                _failure?.Throw();
            }

            var bytes = _bytes!;
            digest.AppendData(Encoding.UTF8.GetBytes(relative + "\n" + bytes.Length + "\n"));
            digest.AppendData(bytes);
            diagnostics.AddRange(_diagnostics);
            _failure?.Throw();
            return _batch;
        }
    }
}
