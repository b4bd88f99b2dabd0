// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AiOpsPolicy.Reporting.Oscal;

/// <summary>
/// Name-based UUIDs (RFC 4122 version 5: SHA-1 of a namespace and a name), so an OSCAL document
/// written twice for the same run has the same identifiers.
/// </summary>
public static class OscalUuid
{
    /// <summary>The namespace of every UUID the OSCAL export writes.</summary>
    public static readonly Guid Namespace = new("5b0b6c2e-4f7a-4c53-9a53-2b8f1f0d6a11");

    /// <summary>Creates a version 5 UUID in the export's namespace.</summary>
    /// <param name="name">The stable name of the identified thing.</param>
    /// <returns>The UUID in lower-case 8-4-4-4-12 form.</returns>
    public static string Create(string name) => Create(Namespace, name);

    /// <summary>Creates a version 5 UUID.</summary>
    /// <param name="namespaceId">The namespace.</param>
    /// <param name="name">The name, hashed as UTF-8.</param>
    /// <returns>The UUID in lower-case 8-4-4-4-12 form.</returns>
    [SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms", Justification = "RFC 4122 defines version 5 UUIDs with SHA-1; the hash names things, it protects nothing.")]
    public static string Create(Guid namespaceId, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var namespaceBytes = namespaceId.ToByteArray(bigEndian: true);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[namespaceBytes.Length + nameBytes.Length];
        namespaceBytes.CopyTo(input, 0);
        nameBytes.CopyTo(input, namespaceBytes.Length);
        var hash = SHA1.HashData(input);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        var hex = Convert.ToHexStringLower(hash.AsSpan(0, 16));
        return string.Create(CultureInfo.InvariantCulture, $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..32]}");
    }
}
