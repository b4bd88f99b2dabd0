// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
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
/// <para>
/// The cache folder is untrusted (docs/security.md): the runtime never reads or writes it. A profile is copied into a
/// fresh private folder only when its HMAC verifies under the cache key (<see cref="CompilationCacheKey"/>), the runtime
/// records there, and the new profile goes back into the cache with its MAC, written atomically. A profile that is a
/// link, too large, or not authentic is left out (and replaced at the end of the run). A profile only changes which
/// methods are compiled early, never what a gate computes.
/// </para>
/// <para>
/// Only a warm run's profile is kept (compiled code from the cache or a bundle: what every later run of the same policy
/// set does), recorded by a run that played nothing back, and it is played back without being recorded again. The
/// runtime records every method its player compiled, used or not, so a profile recorded during playback carries the
/// played-back one forward: a cold run's Roslyn, NJsonSchema and Newtonsoft methods, whose assemblies each warm run's
/// player then loaded and compiled on the second core. And the runtime writes a profile in thousands of small writes,
/// about 20 ms at the end of a run. Each scope (the policy folders or bundle a command line names) keeps its own; a warm
/// run of a changed set in that scope drops it, so that the run after it records one for that set.
/// </para>
/// </remarks>
public sealed class JitProfile : IDisposable
{
    /// <summary>The largest profile kept: a gate run's profile is about 70 KiB.</summary>
    public const int MaxBytes = 4 * 1024 * 1024;

    private const string ProfileName = "gate.jitprofile";
    private const string FolderPrefix = "aiops-policy-jit-";
    private const string MacPurpose = "aiops-policy-jit-profile\n";
    private const string WarmPrefix = "warm ";

    /// <summary>The longest first line of a stored profile: the warm prefix and a policy set's digest.</summary>
    private const int MaxHeaderBytes = 160;

    /// <summary>The digest of the policy set this process evaluated from compiled code, once noted: process-wide, as the runtime's profile is.</summary>
    private static volatile string? s_warmRun;

    private readonly string _cached;
    private readonly string _private;
    private readonly CompilationCacheKey _key;
    private readonly string? _playedFor;
    private bool _disposed;

    private JitProfile(string cached, string @private, CompilationCacheKey key, string? playedFor)
    {
        _cached = cached;
        _private = @private;
        _key = key;
        _playedFor = playedFor;
    }

    /// <summary>Gets a value indicating whether an authentic profile from an earlier run is being played back (and none recorded).</summary>
    public bool PlayedBack => _playedFor is not null;

    /// <summary>
    /// Gets the profile's file in the cache folder: one per engine build, whose methods it names, and per scope (the
    /// policy folders or bundle the command line names), so that sets gated in turn with one cache each keep their own.
    /// </summary>
    /// <param name="cacheDirectory">The cache folder.</param>
    /// <param name="scope">The policy folders or bundle, as the command line gives them; empty when it names none.</param>
    /// <returns>The path.</returns>
    public static string CachedPath(string cacheDirectory, string scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return Path.Combine(cacheDirectory, "jit-" + Hex16(CompilationCache.EngineBuild) + "-" + Hex16(scope) + ".profile");
    }

    /// <summary>
    /// Notes that this process evaluates a policy set from compiled code (a cache hit or a bundle), so the profile it
    /// records is the one every later run of that set wants. Call it before the profile is disposed.
    /// </summary>
    /// <param name="policySetDigest">The set's digest (<c>sha256:</c> and hex).</param>
    public static void NoteWarmRun(string policySetDigest)
    {
        ArgumentNullException.ThrowIfNull(policySetDigest);
        s_warmRun = IsDigest(policySetDigest) ? policySetDigest : null;
    }

    /// <summary>
    /// Starts playing back the cached profile, when authentic, or else recording one. Returns null, with nothing started,
    /// on a single core (the runtime compiles nothing ahead there), without a usable cache key (the compilation cache
    /// reports why), or when no private folder can be made.
    /// </summary>
    /// <param name="cacheDirectory">The compilation cache folder.</param>
    /// <param name="scope">The policy folders or bundle the command line names (<see cref="CachedPath"/>).</param>
    /// <returns>The profile, to dispose when the run's work is done; or null.</returns>
    public static JitProfile? Start(string cacheDirectory, string scope)
    {
        ArgumentNullException.ThrowIfNull(cacheDirectory);
        if (Environment.ProcessorCount < 2 || CompilationCacheKey.Resolve(cacheDirectory, out _) is not { } key)
        {
            return null;
        }

        var cached = CachedPath(cacheDirectory, scope);
        try
        {
            var stored = ReadAuthentic(cached, key);
            // The process id in the name lets a supervisor that replaced this image (same process) delete the folder.
            var folder = Directory.CreateTempSubdirectory(FolderPrefix + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "-").FullName;
            var file = Path.Combine(folder, ProfileName);
            if (stored is not null)
            {
                File.WriteAllBytes(file, stored.Value.Profile);
            }

            ProfileOptimization.SetProfileRoot(folder);
            ProfileOptimization.StartProfile(ProfileName);
            if (stored is not null)
            {
                // The runtime has read the profile: a folder in its place makes the write at the end fail at its open,
                // and the private folder (mode 0700) keeps anyone else from putting something there meanwhile.
                File.Delete(file);
                Directory.CreateDirectory(file);
            }

            return new JitProfile(cached, folder, key, stored?.WarmFor);
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
    /// <param name="scope">The policy folders or bundle the command line names (<see cref="CachedPath"/>).</param>
    /// <returns>A handle whose disposal waits for the start, then stops recording and stores the profile.</returns>
    public static IDisposable StartInBackground(string cacheDirectory, string scope)
    {
        ArgumentNullException.ThrowIfNull(cacheDirectory);
        ArgumentNullException.ThrowIfNull(scope);
        return new Starting(Task.Run(() => Start(cacheDirectory, scope)));
    }

    /// <summary>
    /// Deletes the private folders a process left that ended without disposing its profile: an image replaced by the
    /// supervisor on a hand-over (<c>execve</c> keeps the process id), or an evaluation process the supervisor stopped
    /// or that died. Only the profile's own entry and the then empty folder are deleted, by name; anything else stays.
    /// </summary>
    /// <param name="processId">The process that created the folders.</param>
    public static void DeleteLeftBy(int processId)
    {
        try
        {
            var prefix = FolderPrefix + processId.ToString(CultureInfo.InvariantCulture) + "-";
            foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), prefix + "*"))
            {
                DeleteFolder(folder);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Temporary folders the system cleans up.
        }
    }

    /// <summary>
    /// The content stored for a profile: its MAC under the key, in hex, and a line feed; then what the MAC covers: a line
    /// saying which run recorded it (<c>warm</c> and the policy set's digest), and the profile.
    /// </summary>
    /// <param name="profile">The runtime's profile.</param>
    /// <param name="warmFor">The digest of the policy set the warm run evaluated.</param>
    /// <param name="key">The cache key.</param>
    /// <returns>The bytes to store.</returns>
    internal static byte[] Authenticated(byte[] profile, string warmFor, CompilationCacheKey key)
    {
        byte[] covered = [.. Encoding.ASCII.GetBytes(WarmPrefix + warmFor + "\n"), .. profile];
        return [.. Encoding.ASCII.GetBytes(key.Mac(MacPurpose, covered) + "\n"), .. covered];
    }

    /// <summary>
    /// Stops recording and, after a warm run, stores the new profile in the cache with its MAC; a warm run of another
    /// policy set (a changed set in the same scope) than the one the played-back profile was recorded for drops that
    /// profile. Any failure leaves the cache as it was.
    /// </summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;

        // A null profile stops the recording, and the runtime writes what it recorded (played back: it tries to).
        ProfileOptimization.StartProfile(null);
        var recorded = Path.Combine(_private, ProfileName);
        var warmRun = s_warmRun;
        try
        {
            if (_playedFor is not null)
            {
                if (warmRun is not null && !string.Equals(warmRun, _playedFor, StringComparison.Ordinal))
                {
                    File.Delete(_cached);
                }
            }
            else if (warmRun is not null && File.Exists(recorded) && new FileInfo(recorded).Length is > 0 and <= MaxBytes)
            {
                AtomicFile.WriteAllBytes(_cached, Authenticated(File.ReadAllBytes(recorded), warmRun, _key));
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The next run records again, or plays back what is there.
        }
        finally
        {
            DeleteFolder(_private);
        }
    }

    /// <summary>
    /// The profile stored in the cache, and the policy set whose warm run recorded it; or null when there is none, or it
    /// is a link, too large, malformed, or not authentic.
    /// </summary>
    /// <param name="cached">The cached file, as <see cref="Authenticated"/> writes it.</param>
    /// <param name="key">The cache key.</param>
    /// <returns>The profile, or null.</returns>
    internal static StoredProfile? ReadAuthentic(string cached, CompilationCacheKey key)
    {
        var file = new FileInfo(cached);
        if (!file.Exists || file.LinkTarget is not null || file.Length > MaxBytes + 65 + MaxHeaderBytes)
        {
            return null;
        }

        var bytes = File.ReadAllBytes(cached);
        var newline = Array.IndexOf(bytes, (byte)'\n');
        if (newline != 64)
        {
            return null;
        }

        var covered = bytes[(newline + 1)..];
        if (!key.Verifies(MacPurpose, covered, Encoding.ASCII.GetString(bytes, 0, newline)))
        {
            return null;
        }

        var headerEnd = Array.IndexOf(covered, (byte)'\n', 0, Math.Min(covered.Length, MaxHeaderBytes));
        if (headerEnd < 0)
        {
            return null;
        }

        var header = Encoding.ASCII.GetString(covered, 0, headerEnd);
        var profile = covered[(headerEnd + 1)..];
        return header.StartsWith(WarmPrefix, StringComparison.Ordinal) && IsDigest(header[WarmPrefix.Length..])
            ? new StoredProfile(profile, header[WarmPrefix.Length..])
            : null;
    }

    /// <summary>
    /// Deletes a private folder: the one profile (or, played back, the empty folder in its place) by name, then the
    /// folder. Not a recursive delete, whose directory enumerator is generic code that a warm run would JIT-compile just
    /// for this (about 2 ms); a folder holding anything else is left.
    /// </summary>
    private static void DeleteFolder(string folder)
    {
        try
        {
            var entry = Path.Combine(folder, ProfileName);
            if (Directory.Exists(entry) && new DirectoryInfo(entry).LinkTarget is null)
            {
                Directory.Delete(entry);
            }
            else
            {
                File.Delete(entry);
            }

            Directory.Delete(folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A temporary folder the system cleans up.
        }
    }

    private static string Hex16(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];

    /// <summary>Whether a policy set's digest is one the stored profile's first line can hold: <c>sha256:</c> and lower-case hex.</summary>
    private static bool IsDigest(string digest)
    {
        if (digest.Length is <= 7 or > MaxHeaderBytes - 8 || !digest.StartsWith("sha256:", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in digest.AsSpan(7))
        {
            if (!char.IsAsciiHexDigitLower(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A profile read from the cache.</summary>
    /// <param name="Profile">The runtime's profile.</param>
    /// <param name="WarmFor">The digest of the policy set whose warm run recorded it.</param>
    internal readonly record struct StoredProfile(byte[] Profile, string WarmFor);

    /// <summary>A profile being started on another thread.</summary>
    private sealed class Starting(Task<JitProfile?> started) : IDisposable
    {
        public void Dispose() => started.GetAwaiter().GetResult()?.Dispose();
    }
}
