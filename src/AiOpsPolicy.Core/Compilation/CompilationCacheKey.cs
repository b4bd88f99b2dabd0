// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Security.Cryptography;
using System.Text;

namespace AiOpsPolicy.Core.Compilation;

/// <summary>
/// The secret that authenticates compilation cache entries (HMAC-SHA256 over each entry's manifest and assembly). It
/// lives outside the cache folder, so that whoever can write the cache folder (a CI cache restored from another run,
/// possibly a fork's pull request) cannot make an entry this engine will load. From <c>$AIOPS_POLICY_CACHE_KEY</c>
/// when set (a CI secret shared by the trusted runs that share a cache), else a per-user key file created on first
/// use with mode 0600: <c>$XDG_CONFIG_HOME/aiops-policy/cache.key</c> or <c>~/.config/aiops-policy/cache.key</c>.
/// </summary>
public sealed class CompilationCacheKey
{
    /// <summary>The environment variable a CI secret comes through.</summary>
    public const string EnvironmentVariable = "AIOPS_POLICY_CACHE_KEY";

    /// <summary>The shortest secret accepted from the environment: 32 characters, such as <c>openssl rand -base64 32</c> gives 44.</summary>
    public const int MinimumSecretLength = 32;

    private const int KeyBytes = 32;

    private readonly byte[] _key;

    private CompilationCacheKey(byte[] key, string source)
    {
        _key = key;
        Source = source;
    }

    /// <summary>Gets where the key came from, for messages: the environment variable's name or the key file's path.</summary>
    public string Source { get; }

    /// <summary>Makes a key from secret bytes (a host that keeps its own secret, and tests).</summary>
    /// <param name="secret">At least 32 bytes.</param>
    /// <param name="source">Where it came from, for messages.</param>
    /// <returns>The key.</returns>
    public static CompilationCacheKey FromSecret(ReadOnlySpan<byte> secret, string source)
    {
        if (secret.Length < KeyBytes)
        {
            throw new ArgumentException($"A cache key needs at least {KeyBytes} bytes of secret.", nameof(secret));
        }

        // Derived, so that a secret given as text of any length becomes a 256-bit HMAC key.
        return new CompilationCacheKey(SHA256.HashData(secret), source);
    }

    /// <summary>The default key file's path: under <c>$XDG_CONFIG_HOME</c>, else <c>~/.config</c>.</summary>
    /// <returns>The path.</returns>
    public static string DefaultKeyFile()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
        var baseDir = xdg is { Length: > 0 } ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return Path.Combine(baseDir, "aiops-policy", "cache.key");
    }

    /// <summary>
    /// Resolves the key the way the CLI does: the environment variable, else the default key file (created when
    /// missing). Returns null with the reason when neither can be used; the caller then compiles without the cache.
    /// </summary>
    /// <param name="cacheDirectory">The cache folder: a key inside it would protect nothing, and is refused.</param>
    /// <param name="problem">Why there is no key.</param>
    /// <returns>The key, or null.</returns>
    public static CompilationCacheKey? Resolve(string cacheDirectory, out string? problem)
    {
        problem = null;
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } secret)
        {
            if (secret.Length < MinimumSecretLength)
            {
                problem = $"${EnvironmentVariable} is shorter than {MinimumSecretLength} characters; use a random secret such as 'openssl rand -base64 32' gives";
                return null;
            }

            return FromSecret(Encoding.UTF8.GetBytes(secret), "$" + EnvironmentVariable);
        }

        return FromFile(DefaultKeyFile(), cacheDirectory, out problem);
    }

    /// <summary>Reads a key file, creating it (0600, in a 0700 folder) with a fresh random key when it does not exist.</summary>
    /// <param name="path">The key file.</param>
    /// <param name="cacheDirectory">The cache folder, which the key file must not be in.</param>
    /// <param name="problem">Why the file cannot be used.</param>
    /// <returns>The key, or null.</returns>
    public static CompilationCacheKey? FromFile(string path, string cacheDirectory, out string? problem)
    {
        problem = null;
        var full = Path.GetFullPath(path);
        var cache = Path.GetFullPath(cacheDirectory);
        if (full.StartsWith(cache.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            problem = $"the cache key file '{full}' is inside the cache folder, where whoever writes the cache could read it. Set ${EnvironmentVariable}, or move the cache";
            return null;
        }

        try
        {
            if (!File.Exists(full))
            {
                Create(full);
            }

            if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(full) & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite)) != 0)
            {
                problem = $"the cache key file '{full}' may be read or written by other users; make it private with 'chmod 600 {full}'";
                return null;
            }

            var bytes = File.ReadAllBytes(full);
            if (bytes.Length < KeyBytes)
            {
                problem = $"the cache key file '{full}' holds fewer than {KeyBytes} bytes; delete it and a new one is made";
                return null;
            }

            return FromSecret(bytes, full);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problem = $"the cache key file '{full}' cannot be used ({ex.Message.TrimEnd('.')})";
            return null;
        }
    }

    /// <summary>Computes an entry's MAC.</summary>
    /// <param name="header">The entry's manifest fields, in a fixed order.</param>
    /// <param name="assembly">The assembly's bytes.</param>
    /// <returns>The MAC, lower-case hex.</returns>
    internal string Mac(string header, ReadOnlySpan<byte> assembly)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        hmac.AppendData(Encoding.UTF8.GetBytes(header));
        hmac.AppendData(assembly);
        return Convert.ToHexStringLower(hmac.GetHashAndReset());
    }

    /// <summary>Whether a MAC from a manifest is this key's MAC of the entry, compared in constant time.</summary>
    /// <param name="header">The entry's manifest fields.</param>
    /// <param name="assembly">The assembly's bytes.</param>
    /// <param name="mac">The MAC the manifest holds.</param>
    /// <returns>True when authentic.</returns>
    internal bool Verifies(string header, ReadOnlySpan<byte> assembly, string? mac) =>
        mac is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Mac(header, assembly)), Encoding.ASCII.GetBytes(mac));

    private static void Create(string path)
    {
        var folder = Path.GetDirectoryName(path) ?? ".";
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        // Written under a temporary name, then moved into place without overwriting: two processes creating the key
        // at once both end up using whichever file won.
        var temporary = path + "." + Environment.ProcessId + "." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)) + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        {
            stream.Write(RandomNumberGenerator.GetBytes(KeyBytes));
        }

        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
        }
    }
}
