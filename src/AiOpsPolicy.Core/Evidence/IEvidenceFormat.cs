// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json;
using AiOpsPolicy.Core.Evidence.Contract;

namespace AiOpsPolicy.Core.Evidence;

/// <summary>
/// An evidence file format Core does not read itself (Parquet: src/AiOpsPolicy.Warehouse). The format only
/// turns its rows into JSON objects, as the CSV reader does; the loader checks every row against the
/// evidence contract, quarantines and reports bad rows, deduplicates and applies the as-of rule exactly as
/// for JSON, NDJSON and CSV, so a format never brings a second set of rules.
/// </summary>
public interface IEvidenceFormat
{
    /// <summary>Gets the file extensions of the format, lower case with their dot (<c>.parquet</c>).</summary>
    IReadOnlyList<string> Extensions { get; }

    /// <summary>Opens one file of the format.</summary>
    /// <param name="fullPath">The file.</param>
    /// <returns>Its rows.</returns>
    /// <exception cref="EvidenceFormatException">The file as a whole cannot be read (not of the format, a column the format cannot hold).</exception>
    IEvidenceRows Open(string fullPath);
}

/// <summary>The rows of one evidence file of an <see cref="IEvidenceFormat"/>, read in order.</summary>
public interface IEvidenceRows : IDisposable
{
    /// <summary>Gets the kind the file says it holds (its own metadata), or null: the kind then comes from the file name.</summary>
    string? Kind { get; }

    /// <summary>Gets when the file says it was collected (its own metadata, RFC 3339 text), or null.</summary>
    string? CollectedAt { get; }

    /// <summary>Writes the next row as one JSON object, fields named as the contract names them.</summary>
    /// <param name="writer">Receives the object.</param>
    /// <param name="contract">The contract of the file's kind: how to write a value whose column type differs from the field's.</param>
    /// <param name="row">The row's number in the file, from 1.</param>
    /// <returns>False after the last row.</returns>
    /// <exception cref="EvidenceFormatException">The file turned out unreadable part way (a corrupt page).</exception>
    bool WriteNext(Utf8JsonWriter writer, EvidenceKindContract contract, out long row);
}

/// <summary>An evidence file of an <see cref="IEvidenceFormat"/> that cannot be read as a whole; the message says why and what to do.</summary>
public sealed class EvidenceFormatException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="EvidenceFormatException"/> class.</summary>
    public EvidenceFormatException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="EvidenceFormatException"/> class.</summary>
    /// <param name="message">Why the file cannot be read.</param>
    public EvidenceFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="EvidenceFormatException"/> class.</summary>
    /// <param name="message">Why the file cannot be read.</param>
    /// <param name="innerException">The reader's own exception.</param>
    public EvidenceFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
