// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Security.Cryptography;
using System.Text;

namespace AiOpsPolicy.Core.Configuration;

/// <summary>
/// A bearer token the decision service accepts, stored as the SHA-256 of the token text, never the token. Tokens are
/// 256-bit random values (<see cref="Create"/>), so a fast hash is enough: there is no password to guess.
/// </summary>
/// <param name="Name">The token's name, recorded in the decision log as the caller (never the token).</param>
/// <param name="Sha256">The SHA-256 of the token's UTF-8 text (32 bytes).</param>
public sealed record ServiceToken(string Name, ReadOnlyMemory<byte> Sha256)
{
    /// <summary>How a token starts: it makes a leaked token easy to find by secret scanners.</summary>
    public const string Prefix = "aop_";

    /// <summary>The length of a token's random part in bytes.</summary>
    public const int RandomBytes = 32;

    /// <summary>Hashes a token's text as the configuration stores it.</summary>
    /// <param name="token">The token.</param>
    /// <returns>The SHA-256 of its UTF-8 bytes.</returns>
    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    /// <summary>The configuration's spelling of a hash: <c>sha256:</c> and 64 lower-case hex digits.</summary>
    /// <param name="hash">The hash.</param>
    /// <returns>The text.</returns>
    public static string Format(ReadOnlySpan<byte> hash) => "sha256:" + Convert.ToHexStringLower(hash);

    /// <summary>Reads a hash as the configuration spells it (<c>sha256:</c> and 64 hex digits).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The hash, or null when the text is not one.</returns>
    public static byte[]? ParseHash(string text)
    {
        const string Scheme = "sha256:";
        if (text is null || !text.StartsWith(Scheme, StringComparison.Ordinal) || text.Length != Scheme.Length + 64)
        {
            return null;
        }

        try
        {
            return Convert.FromHexString(text.AsSpan(Scheme.Length));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Makes a new random token (<c>aop_</c> and 43 base64url characters).</summary>
    /// <returns>The token text; show it once and store only its hash.</returns>
    public static string Create() =>
        Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(RandomBytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Whether a presented token's hash is this token's, in constant time.</summary>
    /// <param name="presentedHash">The SHA-256 of the presented token.</param>
    /// <returns>True when they are equal.</returns>
    public bool Matches(ReadOnlySpan<byte> presentedHash) => CryptographicOperations.FixedTimeEquals(Sha256.Span, presentedHash);
}
