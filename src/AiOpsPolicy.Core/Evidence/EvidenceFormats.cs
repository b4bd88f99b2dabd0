// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;

namespace AiOpsPolicy.Core.Evidence;

/// <summary>
/// The evidence formats a host adds to the built-in ones (the CLI adds Parquet from src/AiOpsPolicy.Warehouse):
/// Core cannot reference the libraries that read them, so the host registers them once at start-up, and
/// every evidence load of the process (gate, eval, diff, policy tests, the decision service) reads them.
/// </summary>
public static class EvidenceFormats
{
    private static ImmutableArray<IEvidenceFormat> _registered = [];

    /// <summary>Gets the registered formats.</summary>
    public static IReadOnlyList<IEvidenceFormat> Registered => _registered;

    /// <summary>Gets the registered warehouse (DuckDB: <c>.duckdb</c> stores, Parquet runs kept in the engine), or null.</summary>
    internal static IEvidenceWarehouse? Warehouse { get; private set; }

    /// <summary>Registers the warehouse the loader consults before reading a file itself; the last one registered wins.</summary>
    /// <param name="warehouse">The warehouse.</param>
    internal static void RegisterWarehouse(IEvidenceWarehouse warehouse) => Warehouse = warehouse ?? throw new ArgumentNullException(nameof(warehouse));

    /// <summary>Registers a format; registering the same instance again does nothing.</summary>
    /// <param name="format">The format.</param>
    public static void Register(IEvidenceFormat format)
    {
        ArgumentNullException.ThrowIfNull(format);
        ImmutableInterlocked.Update(ref _registered, formats => formats.Contains(format) ? formats : formats.Add(format));
    }
}
