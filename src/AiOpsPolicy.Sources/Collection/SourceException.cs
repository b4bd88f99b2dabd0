// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Sources.Collection;

/// <summary>
/// A source could not be collected: unreachable, credentials refused, a query error, an empty result, a
/// response that is not what the API returns. The message says what happened in words an operator can act
/// on; <see cref="Query"/> is the exact query that failed.
/// </summary>
public sealed class SourceException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="SourceException"/> class.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="query">The query that failed.</param>
    /// <param name="inner">The underlying exception, if any.</param>
    public SourceException(string message, string query, Exception? inner = null)
        : base(message, inner)
    {
        Query = query;
    }

    /// <summary>Initializes a new instance of the <see cref="SourceException"/> class.</summary>
    public SourceException()
        : this("the source failed", string.Empty)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SourceException"/> class.</summary>
    /// <param name="message">What happened.</param>
    public SourceException(string message)
        : this(message, string.Empty)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SourceException"/> class.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="inner">The underlying exception.</param>
    public SourceException(string message, Exception inner)
        : this(message, string.Empty, inner)
    {
    }

    /// <summary>Gets the query that failed, exactly as sent.</summary>
    public string Query { get; }
}
