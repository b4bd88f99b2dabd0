// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Evidence;

/// <summary>
/// The records of one evidence kind kept in a query engine (DuckDB: src/AiOpsPolicy.Warehouse), not in memory. The
/// engine hands the loader such a kind only after it has checked, in SQL, that every record passes the evidence
/// contract and that no key repeats (otherwise the rows are read through the contract like any file's, so that
/// quarantine and duplicate reports stay the loader's); the metric engine then asks it for aggregates
/// (<see cref="TallyRuns"/>, <see cref="TallyAgentRuns"/>), and fetches its rows, bounded, only for what a query cannot express.
/// </summary>
internal interface IPushedEvidence
{
    /// <summary>Gets the kind held.</summary>
    EvidenceKind Kind { get; }

    /// <summary>Gets the name the records are reported under (a file, or a table in a file: <c>runs.duckdb#workflow_runs</c>).</summary>
    string Display { get; }

    /// <summary>Gets when the source says it was collected (its own metadata, RFC 3339 text), or null.</summary>
    string? CollectedAt { get; }

    /// <summary>Gets how many records the source holds, every one valid (before any as-of projection).</summary>
    long Count { get; }

    /// <summary>Gets the most records <see cref="Fetch"/> brings into memory.</summary>
    int FetchLimit { get; }

    /// <summary>The records as they stood at a time (<see cref="EvidenceRecord.AsOf"/>, applied in the query).</summary>
    /// <param name="asOf">The evaluation time.</param>
    /// <returns>The projected source.</returns>
    IPushedEvidence AsOf(DateTimeOffset asOf);

    /// <summary>Tallies workflow runs for each criterion, in one query; only a source of <see cref="EvidenceKind.WorkflowRuns"/> answers.</summary>
    /// <param name="criteria">What to count.</param>
    /// <returns>One tally per criterion, in order.</returns>
    /// <exception cref="NotSupportedException">The source holds another kind.</exception>
    IReadOnlyList<RunTally> TallyRuns(IReadOnlyList<RunCriterion> criteria) =>
        throw new NotSupportedException($"{Display} holds {EvidenceKinds.Name(Kind)}, not workflow runs, so it tallies no workflow runs");

    /// <summary>Tallies agent runs for each criterion, in one query; only a source of <see cref="EvidenceKind.AgentRuns"/> answers.</summary>
    /// <param name="criteria">What to count.</param>
    /// <returns>One tally per criterion, in order.</returns>
    /// <exception cref="NotSupportedException">The source holds another kind, or cannot count agent runs.</exception>
    IReadOnlyList<AgentTally> TallyAgentRuns(IReadOnlyList<AgentCriterion> criteria) =>
        throw new NotSupportedException($"{Display} holds {EvidenceKinds.Name(Kind)}, not agent runs, so it tallies no agent runs");

    /// <summary>Fetches the records (as of the projected time) in load order, when there are at most <see cref="FetchLimit"/>.</summary>
    /// <param name="count">How many records there are.</param>
    /// <returns>The records, or null when there are more than the limit.</returns>
    EvidenceRecord[]? Fetch(out long count);

    /// <summary>Opens the records as rows for the loader, to be read through the contract like a file's (see <see cref="EvidenceLoader"/>).</summary>
    /// <returns>The rows.</returns>
    IEvidenceRows Rows();
}

/// <summary>
/// Evidence locations the loader does not read row by row itself: a whole store of several kinds (a <c>.duckdb</c>
/// file), or a file whose records a query engine can keep (Parquet workflow runs). Registered with
/// <see cref="EvidenceFormats"/> by the host (the CLI); Core holds no driver.
/// </summary>
internal interface IEvidenceWarehouse
{
    /// <summary>Gets the extensions of whole stores (<c>.duckdb</c>), lower case with their dot.</summary>
    IReadOnlyList<string> Extensions { get; }

    /// <summary>Opens a file the loader met.</summary>
    /// <param name="fullPath">The file.</param>
    /// <param name="display">Its display path.</param>
    /// <param name="keep">
    /// Whether a kind may stay in the engine (<see cref="WarehousePart.Pushed"/>); false (<c>gate --no-push-down</c>)
    /// asks for every part as rows, and null for a file the loader reads itself (a Parquet file), without any check.
    /// </param>
    /// <param name="plan">What the gate will ask of a kept kind, called when the warehouse needs it (it may wait for the policies to compile); null, or a null answer, when no gate plan is known (eval, diff, tests).</param>
    /// <returns>
    /// Null to read the file as usual; otherwise its parts, in order. Never null for a file of its own
    /// <see cref="Extensions"/> (a store): no format reads those, and the loader has digested it whole while waiting.
    /// </returns>
    /// <exception cref="EvidenceFormatException">The store cannot be read.</exception>
    IReadOnlyList<WarehousePart>? Open(string fullPath, string display, bool keep, Func<PushDownPlan?>? plan = null);
}

/// <summary>
/// An evidence location that is a connection to a query engine (a ClickHouse database: src/AiOpsPolicy.Warehouse), not a
/// file. Only the operator gives one (a <c>clickhouse://</c> URL on the command line, or a name its configuration
/// declares under <c>warehouses</c>); policy text never can, since a connection carries credentials and reaches the
/// network. The loader opens connections after every file, in the order given.
/// </summary>
internal interface IEvidenceConnection
{
    /// <summary>Gets the name the location is reported under: the declared name, or the URL without its credentials.</summary>
    string Display { get; }

    /// <summary>Opens the location: one part per table, in order.</summary>
    /// <param name="keep">False for <c>gate --no-push-down</c>: every part is rows, no kind is kept in the engine.</param>
    /// <param name="fingerprint">Receives text that stands for the location's content in the evidence digest (each table's row count and checksum).</param>
    /// <returns>The parts.</returns>
    /// <exception cref="EvidenceFormatException">The location cannot be reached or read; the message names it by <see cref="Display"/>.</exception>
    IReadOnlyList<WarehousePart> Open(bool keep, out string fingerprint);
}

/// <summary>One part of a warehouse location: rows for the loader to read through the contract, or a kind kept in the engine.</summary>
/// <param name="Display">The part's display name.</param>
/// <param name="Rows">Rows to read, or null.</param>
/// <param name="Pushed">The kind kept in the engine, or null.</param>
internal sealed record WarehousePart(string Display, IEvidenceRows? Rows, IPushedEvidence? Pushed);

/// <summary>An expression or metric asked for more records of a kind held in a query engine than may be fetched into memory.</summary>
/// <param name="message">What was asked, how many there are, and what to use instead.</param>
internal sealed class EvidenceTooLargeException(string message) : Exception(message);
