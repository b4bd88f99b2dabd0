// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Runtime;
using System.Security.Cryptography;
using System.Text;
using AiOpsPolicy.Core.Files;

namespace AiOpsPolicy.Core.Compilation;

/// <summary>
/// The runtime's multi-core JIT profile of a gate run (<see cref="ProfileOptimization"/>), kept in the compilation
/// cache. The profile lists the methods an earlier run compiled just in time (framework collections and LINQ over the
/// metrics' value types, which ReadyToRun cannot precompile outside the framework, and the generated policy code); a
/// run that starts with it compiles them on a background thread ahead of their first call, on the core that would
/// otherwise wait (docs/performance.md, "Warm gate").
/// </summary>
/// <remarks>
/// The cache folder is untrusted (docs/security.md): the runtime never reads or writes it. A profile is copied into a
/// fresh private folder only when its HMAC verifies under the cache key (<see cref="CompilationCacheKey"/>), the runtime
/// records there, and the new profile goes back into the cache with its MAC, written atomically. A profile that is a
/// link, too large, or not authentic is left out (and replaced at the end of the run). A profile only changes which
/// methods are compiled early, never what a gate computes.
/// </remarks>
public sealed class JitProfile : IDisposable
{
    /// <summary>The largest profile kept: a gate run's profile is about 70 KiB.</summary>
    public const int MaxBytes = 4 * 1024 * 1024;

    private const string ProfileName = "gate.jitprofile";
    private const string MacPurpose = "aiops-policy-jit-profile\n";

    private readonly string _cached;
    private readonly string _private;
    private readonly CompilationCacheKey _key;
    private bool _disposed;

    private JitProfile(string cached, string @private, CompilationCacheKey key, bool playedBack)
    {
        _cached = cached;
        _private = @private;
        _key = key;
        PlayedBack = playedBack;
    }

    /// <summary>Gets a value indicating whether an authentic profile from an earlier run is being played back.</summary>
    public bool PlayedBack { get; }

    /// <summary>Gets the profile's file in the cache folder: one per engine build, whose methods it names.</summary>
    /// <param name="cacheDirectory">The cache folder.</param>
    /// <returns>The path.</returns>
    public static string CachedPath(string cacheDirectory) =>
        Path.Combine(cacheDirectory, "jit-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CompilationCache.EngineBuild)))[..16] + ".profile");

    /// <summary>
    /// Starts playing back the cached profile, when authentic, and recording a new one. Returns null, with nothing
    /// started, on a single core (the runtime compiles nothing ahead there), without a usable cache key (the compilation
    /// cache reports why), or when no private folder can be made.
    /// </summary>
    /// <param name="cacheDirectory">The compilation cache folder.</param>
    /// <returns>The profile, to dispose when the run's work is done; or null.</returns>
    public static JitProfile? Start(string cacheDirectory)
    {
        ArgumentNullException.ThrowIfNull(cacheDirectory);
        if (Environment.ProcessorCount < 2 || CompilationCacheKey.Resolve(cacheDirectory, out _) is not { } key)
        {
            return null;
        }

        var cached = CachedPath(cacheDirectory);
        try
        {
            var profile = ReadAuthentic(cached, key);
            var folder = Directory.CreateTempSubdirectory("aiops-policy-jit-").FullName;
            if (profile is not null)
            {
                File.WriteAllBytes(Path.Combine(folder, ProfileName), profile);
            }

            ProfileOptimization.SetProfileRoot(folder);
            ProfileOptimization.StartProfile(ProfileName);
            return new JitProfile(cached, folder, key, profile is not null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// <see cref="Start"/> on a thread-pool thread. The cache key's first use loads the platform's cryptography library
    /// (about 10 ms on Linux), which the command line need not wait for: the profile plays back from a few milliseconds
    /// later instead, while the main thread parses the command line and reads the policies.
    /// </summary>
    /// <param name="cacheDirectory">The compilation cache folder.</param>
    /// <returns>A handle whose disposal waits for the start, then stops recording and stores the profile.</returns>
    public static IDisposable StartInBackground(string cacheDirectory)
    {
        ArgumentNullException.ThrowIfNull(cacheDirectory);
        return new Starting(Task.Run(() => Start(cacheDirectory)));
    }

    /// <summary>The content stored for a profile: its MAC under the key, in hex, a line feed, then the profile.</summary>
    /// <param name="profile">The runtime's profile.</param>
    /// <param name="key">The cache key.</param>
    /// <returns>The bytes to store.</returns>
    internal static byte[] Authenticated(byte[] profile, CompilationCacheKey key) => [.. Encoding.ASCII.GetBytes(key.Mac(MacPurpose, profile) + "\n"), .. profile];

    /// <summary>Stops recording and stores the new profile in the cache with its MAC; any failure leaves the cache as it was.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;

        // A null profile stops the recording, and the runtime writes what it recorded.
        ProfileOptimization.StartProfile(null);
        try
        {
            var recorded = Path.Combine(_private, ProfileName);
            if (File.Exists(recorded) && new FileInfo(recorded).Length is > 0 and <= MaxBytes)
            {
                AtomicFile.WriteAllBytes(_cached, Authenticated(File.ReadAllBytes(recorded), _key));
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The next run records again.
        }
        finally
        {
            try
            {
                // The folder holds the one profile: deleted by name, not by a recursive delete, whose directory
                // enumerator is generic code that a warm run would JIT-compile just for this (about 2 ms).
                File.Delete(Path.Combine(_private, ProfileName));
                Directory.Delete(_private);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A temporary folder the system cleans up.
            }
        }
    }

    /// <summary>A profile being started on another thread.</summary>
    private sealed class Starting(Task<JitProfile?> started) : IDisposable
    {
        public void Dispose() => started.GetAwaiter().GetResult()?.Dispose();
    }

    /// <summary>The profile stored in the cache, or null when there is none, or it is a link, too large, or not authentic.</summary>
    /// <param name="cached">The cached file: the MAC in hex, a line feed, the profile.</param>
    /// <param name="key">The cache key.</param>
    /// <returns>The profile's bytes, or null.</returns>
    internal static byte[]? ReadAuthentic(string cached, CompilationCacheKey key)
    {
        var file = new FileInfo(cached);
        if (!file.Exists || file.LinkTarget is not null || file.Length > MaxBytes + 65)
        {
            return null;
        }

        var bytes = File.ReadAllBytes(cached);
        var newline = Array.IndexOf(bytes, (byte)'\n');
        if (newline != 64)
        {
            return null;
        }

        var profile = bytes[(newline + 1)..];
        return key.Verifies(MacPurpose, profile, Encoding.ASCII.GetString(bytes, 0, newline)) ? profile : null;
    }
}
