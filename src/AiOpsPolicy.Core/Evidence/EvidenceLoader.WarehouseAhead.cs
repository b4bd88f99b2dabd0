// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Files;

namespace AiOpsPolicy.Core.Evidence;

public static partial class EvidenceLoader
{
    /// <summary>
    /// Asks the warehouse about the files of a load on a second thread, largest first, while the loader reads the files the
    /// warehouse leaves to it. A kind the warehouse keeps (workflow runs in Parquet or in a <c>.duckdb</c> store) costs its
    /// engine's start and a check over every record (at 1M runs: DuckDB's library and session, then two scans, most of the
    /// load), and a folder's small kinds (read by the loader, through the contract) cost about as much again; on two cores
    /// the two overlap. The largest file is the one a check is likely to take longest over, so it is asked about first
    /// (asked in file order, the runs' check waited behind the footers of every file named before them: 35-50 ms at 1M
    /// runs); a file the second thread has not claimed when the loader reaches it, the loader asks about itself. Each file
    /// is asked about once, by whichever thread claims it first. The loader still takes each file's answer in file order and
    /// does everything order-dependent itself (the digest, diagnostics, duplicates, the records' order), so the result is
    /// the same whichever thread asked; an exception the warehouse throws on the second thread is rethrown to the loader at
    /// that file, as if it had asked itself.
    /// </summary>
    private sealed class WarehouseAhead : IDisposable
    {
        /// <summary>A file's claim: nobody's yet, the second thread's, or the loader's.</summary>
        private const int Unclaimed = 0;
        private const int Asker = 1;
        private const int Loader = 2;

        private readonly TaskCompletionSource<IReadOnlyList<WarehousePart>?>[] _answers;
        private readonly int[] _claims;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _worker;

        private WarehouseAhead(IEvidenceWarehouse warehouse, IReadOnlyList<string> fullPaths, bool keep, Func<PushDownPlan?>? plan)
        {
            _answers = [.. fullPaths.Select(_ => new TaskCompletionSource<IReadOnlyList<WarehousePart>?>(TaskCreationOptions.RunContinuationsAsynchronously))];
            _claims = new int[fullPaths.Count];

            // A thread of its own, not the pool's: it blocks for most of the load (the engine's queries, and Parquet.Net's
            // reads, which wait on pool work items), and the loader's own thread is already one of the pool's few.
            _worker = Task.Factory.StartNew(() => Work(warehouse, fullPaths, keep, plan), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }

        /// <summary>Starts asking when there is a warehouse and more than one file (with one, there is nothing to overlap).</summary>
        /// <param name="warehouse">The warehouse, or null.</param>
        /// <param name="fullPaths">The files of the load, in order.</param>
        /// <param name="keep">Whether the warehouse may keep a kind in its engine.</param>
        /// <param name="plan">What the gate will ask of a kept kind, or null (<see cref="IEvidenceWarehouse.Open"/>).</param>
        /// <returns>The asking thread, or null to ask on the loader's.</returns>
        public static WarehouseAhead? Start(IEvidenceWarehouse? warehouse, IReadOnlyList<string> fullPaths, bool keep, Func<PushDownPlan?>? plan) =>
            warehouse is not null && fullPaths.Count > 1 ? new WarehouseAhead(warehouse, fullPaths, keep, plan) : null;

        /// <summary>
        /// The warehouse's answer for the file at an index: asked on this thread when the second thread has not claimed the
        /// file, else waited for, rethrowing what the warehouse threw.
        /// </summary>
        /// <param name="index">The file's index in the load.</param>
        /// <param name="askHere">Asks the warehouse on this thread.</param>
        /// <returns>Null to read the file as usual; otherwise its parts.</returns>
        public IReadOnlyList<WarehousePart>? Take(int index, Func<IReadOnlyList<WarehousePart>?> askHere) =>
            Interlocked.CompareExchange(ref _claims[index], Loader, Unclaimed) == Unclaimed ? askHere() : _answers[index].Task.GetAwaiter().GetResult();

        /// <summary>Whether the other thread is still deciding about the file at an index (it claimed it and has not answered).</summary>
        /// <param name="index">The file's index in the load.</param>
        /// <returns>True when <see cref="Take"/> would wait; false when it was answered or nobody has claimed it yet.</returns>
        public bool Pending(int index) => Volatile.Read(ref _claims[index]) == Asker && !_answers[index].Task.IsCompleted;

        public void Dispose()
        {
            // The loader has taken every answer it wants; a file it never reached is not asked about.
            _stop.Cancel();
            _worker.Wait();
            _stop.Dispose();
        }

        /// <summary>The files' indexes, largest file first (a file that cannot be measured counts as empty); ties in file order.</summary>
        private static int[] LargestFirst(IReadOnlyList<string> fullPaths) =>
            [.. Enumerable.Range(0, fullPaths.Count).OrderByDescending(i => Length(fullPaths[i])).ThenBy(i => i)];

        private static long Length(string fullPath)
        {
            try
            {
                return new FileInfo(fullPath).Length;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return 0;
            }
        }

        private void Work(IEvidenceWarehouse warehouse, IReadOnlyList<string> fullPaths, bool keep, Func<PushDownPlan?>? plan)
        {
            foreach (var i in LargestFirst(fullPaths))
            {
                if (_stop.IsCancellationRequested)
                {
                    break;
                }

                if (Interlocked.CompareExchange(ref _claims[i], Asker, Unclaimed) != Unclaimed)
                {
                    continue;
                }

                try
                {
                    _answers[i].SetResult(warehouse.Open(fullPaths[i], SourceFileReader.DisplayPath(fullPaths[i]), keep, plan));
                }
                catch (Exception ex)
                {
                    _answers[i].SetException(ex);
                }
            }
        }
    }
}
