// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json.Serialization;

namespace AiOpsPolicy.Core.Evidence;

/// <summary>What every evidence record has: when it was collected, and a key that names it in reports.</summary>
public abstract record EvidenceRecord
{
    /// <summary>Gets when the record was collected: its own field, or its file's.</summary>
    /// <remarks>
    /// Set by the loader only (from the file's time when the record has none): records are shared by every gate of a run,
    /// so nothing outside the engine, policy expressions above all, may change one.
    /// </remarks>
    [JsonInclude]
    public DateTimeOffset? CollectedAt { get; internal set; }

    /// <summary>Gets a short key that names the record in explanations (its id, or its natural key).</summary>
    [JsonIgnore]
    public abstract string Key { get; }

    /// <summary>Checks what the serializer cannot: values in range and times in order.</summary>
    /// <returns>The problem, or null when the record is valid.</returns>
    public virtual string? Check() => null;

    /// <summary>
    /// The record as it stood at <paramref name="asOf"/>: null when it had not happened yet (its
    /// defining time is later), itself when nothing in it is later, otherwise a copy whose later
    /// times are read as not yet happened (an incident recovered after it is still open). Every
    /// metric sees evidence through this, so a later export replays an earlier decision.
    /// </summary>
    /// <param name="asOf">The evaluation time.</param>
    /// <returns>The record as of then, or null.</returns>
    public virtual EvidenceRecord? AsOf(DateTimeOffset asOf) => this;

    /// <summary>A time as a UTC instant, for keys: the same instant written in two offsets is one key, two instants are two.</summary>
    /// <param name="time">The time.</param>
    /// <returns>The instant, ISO 8601 in UTC, with fractions of a second only when there are any.</returns>
    protected static string Instant(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Reports a time that comes before another it must follow.</summary>
    /// <param name="later">The later time, if present.</param>
    /// <param name="laterName">Its field name.</param>
    /// <param name="earlier">The earlier time, if present.</param>
    /// <param name="earlierName">Its field name.</param>
    /// <returns>The problem, or null.</returns>
    protected static string? Order(DateTimeOffset? later, string laterName, DateTimeOffset? earlier, string earlierName) =>
        later is { } l && earlier is { } e && l < e ? $"field '{laterName}' ({l:O}) is before '{earlierName}' ({e:O}); timestamps are out of order" : null;
}
