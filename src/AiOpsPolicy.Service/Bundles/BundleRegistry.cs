// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Concurrent;
using System.Collections.Immutable;
using AiOpsPolicy.Core.Compilation;
using AiOpsPolicy.Core.Configuration;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Files;
using AiOpsPolicy.Core.Text;
using AiOpsPolicy.History;
using AiOpsPolicy.History.Decisions;
using AiOpsPolicy.Service.Metrics;

namespace AiOpsPolicy.Service.Bundles;

/// <summary>
/// The bundles this instance runs. The store (PostgreSQL) says which digest each policy set runs and holds the bytes;
/// this instance reads, checks and loads each digest once and keeps the compiled set in memory, shared by every request
/// (evaluation makes a fresh context per decision, so concurrent decisions never share mutable state). Which digest a
/// set runs is asked of the store at most once per <see cref="RefreshInterval"/>, so a bundle loaded through any
/// instance is in force on every instance within that time.
/// </summary>
public sealed class BundleRegistry : IDisposable
{
    /// <summary>How long this instance trusts its knowledge of which digest a policy set runs before asking the store again.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);

    private readonly IHistoryStore _store;
    private readonly BundleTrust _trust;
    private readonly string _folder;
    private readonly TimeProvider _time;
    private readonly ServiceMetrics _metrics;
    private readonly ConcurrentDictionary<string, Lazy<Task<LoadedBundle>>> _byDigest = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Digest, DateTimeOffset CheckedAt)> _current = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance of the <see cref="BundleRegistry"/> class.</summary>
    /// <param name="store">The store bundles are kept in.</param>
    /// <param name="settings">The service settings (trusted keys).</param>
    /// <param name="folder">A private folder the bundle files are written to before they are read.</param>
    /// <param name="time">The clock for the refresh interval.</param>
    /// <param name="metrics">Where the number of loaded bundles is reported.</param>
    public BundleRegistry(IHistoryStore store, ServiceSettings settings, string folder, TimeProvider time, ServiceMetrics metrics)
    {
        _store = store;
        _trust = BundleVerifier.Trust(settings);
        _folder = folder;
        _time = time;
        _metrics = metrics;
        Directory.CreateDirectory(folder);
    }

    /// <summary>The bundle a policy set runs now.</summary>
    /// <param name="policySet">The policy set.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The bundle, or null when none was loaded for the set.</returns>
    /// <exception cref="Exception">The store could not be read and this instance has never known the set's bundle.</exception>
    public async Task<LoadedBundle?> ForPolicySetAsync(string policySet, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        string? digest;
        if (_current.TryGetValue(policySet, out var known) && now - known.CheckedAt < RefreshInterval)
        {
            digest = known.Digest;
        }
        else
        {
            try
            {
                digest = await _store.CurrentBundleDigestAsync(policySet, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception) when (known.Digest is not null && !cancellationToken.IsCancellationRequested)
            {
                // The store is unreachable: keep running the bundle this instance last knew. The decision still has to
                // be logged, so nothing is decided on it while the store is down; this only spares a second error.
                digest = known.Digest;
            }

            if (digest is null)
            {
                return null;
            }

            _current[policySet] = (digest, now);
        }

        return await LoadAsync(digest, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Checks a bundle an administrator sent and, when the engine accepts it and it holds <paramref name="policySet"/>,
    /// stores it and makes it the set's bundle on every instance.
    /// </summary>
    /// <param name="policySet">The policy set the URL names.</param>
    /// <param name="content">The bundle file's bytes.</param>
    /// <param name="loadedBy">The admin token's name.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The loaded bundle, or the reason it was refused (nothing stored).</returns>
    public async Task<LoadedBundle> PutAsync(string policySet, byte[] content, string loadedBy, CancellationToken cancellationToken)
    {
        var digest = BundleVerifier.DigestOf(content);
        var loaded = _byDigest.TryGetValue(digest, out var existing) && existing.Value is { IsCompletedSuccessfully: true } done
            ? done.Result
            : Read(digest, content);
        if (loaded.Compiled is null)
        {
            return loaded;
        }

        if (loaded.Compiled.Policies.Name != policySet)
        {
            return loaded with
            {
                Compiled = null,
                Diagnostics = [Diagnostic.Create(DiagnosticCatalog.BundleRefused, SourceLocation.None, digest, $"it holds policy set '{loaded.Compiled.Policies.Name}', not '{policySet}'. Load it under its own name")],
            };
        }

        await _store.PutBundleAsync(new StoredBundle(digest, policySet, content, _time.GetUtcNow(), loadedBy), cancellationToken).ConfigureAwait(false);
        _byDigest.TryAdd(digest, new Lazy<Task<LoadedBundle>>(Task.FromResult(loaded)));
        _current[policySet] = (digest, _time.GetUtcNow());
        _metrics.BundlesLoaded(_byDigest.Count);
        return loaded;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var entry in _byDigest.Values.Where(v => v.IsValueCreated && v.Value.IsCompletedSuccessfully))
        {
            entry.Value.Result.Compiled?.Dispose();
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the folder is private to this instance and below the temporary folder.
        }
    }

    /// <summary>Loads a digest once; concurrent first requests share the one load, and a failed read of the store is not kept.</summary>
    private async Task<LoadedBundle> LoadAsync(string digest, CancellationToken cancellationToken)
    {
        var entry = _byDigest.GetOrAdd(digest, d => new Lazy<Task<LoadedBundle>>(() => FetchAsync(d)));
        try
        {
            return await entry.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (entry.Value.IsFaulted)
        {
            _byDigest.TryRemove(new KeyValuePair<string, Lazy<Task<LoadedBundle>>>(digest, entry));
            throw;
        }
    }

    private async Task<LoadedBundle> FetchAsync(string digest)
    {
        var stored = await _store.BundleAsync(digest, CancellationToken.None).ConfigureAwait(false);
        if (stored is null)
        {
            return new LoadedBundle(digest, null, [Diagnostic.Create(DiagnosticCatalog.BundleRefused, SourceLocation.None, digest, "the store names it but does not hold it")]);
        }

        var loaded = Read(digest, stored.Content);
        _metrics.BundlesLoaded(_byDigest.Count);
        return loaded;
    }

    /// <summary>Writes the bytes to this instance's folder (the engine reads bundles from files) and reads them back through its checks.</summary>
    private LoadedBundle Read(string digest, byte[] content)
    {
        if (BundleVerifier.DigestOf(content) != digest)
        {
            return new LoadedBundle(digest, null, [Diagnostic.Create(DiagnosticCatalog.BundleRefused, SourceLocation.None, digest, "its bytes do not match their digest")]);
        }

        var path = Path.Combine(_folder, digest["sha256:".Length..] + ".bundle");
        AtomicFile.WriteAllBytes(path, content);
        var loaded = BundleVerifier.Load(path, digest, _trust);
        return loaded with { Diagnostics = [.. loaded.Diagnostics.Select(d => Rename(d, path, digest))] };
    }

    /// <summary>Diagnostics name the bundle by digest, not by this instance's private file.</summary>
    private static Diagnostic Rename(Diagnostic diagnostic, string path, string digest)
    {
        var display = SourceFileReader.DisplayPath(Path.GetFullPath(path));
        return diagnostic with
        {
            Message = diagnostic.Message.Replace(display, digest, StringComparison.Ordinal).Replace(path, digest, StringComparison.Ordinal),
            Location = diagnostic.Location.Path == display || diagnostic.Location.Path == path ? diagnostic.Location with { Path = digest } : diagnostic.Location,
        };
    }

    /// <summary>Gets the number of bundles held, for tests.</summary>
    internal int Count => _byDigest.Count;

    /// <summary>Gets the digests this instance has loaded, for tests.</summary>
    internal ImmutableArray<string> Digests => [.. _byDigest.Keys.Order(StringComparer.Ordinal)];
}
