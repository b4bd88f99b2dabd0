// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Files;
using AiOpsPolicy.Core.Syntax;
using AiOpsPolicy.Core.Text;

namespace AiOpsPolicy.Core.Configuration;

/// <summary>
/// Reads the operator configuration file (docs/configuration.md, schemas/operator-configuration.schema.json). Every
/// problem is an AOP5030 at its line and column; a configuration with a problem is not used at all, because half an
/// operator's intent is worse than none.
/// </summary>
public static class OperatorConfigurationLoader
{
    /// <summary>The largest configuration file read. Real ones are a few hundred bytes.</summary>
    public const long MaxFileBytes = 1024 * 1024;

    /// <summary>The top-level settings this engine knows; later issues add sections here and to the schema.</summary>
    public static readonly ImmutableArray<string> Sections = ["apiVersion", "kind", "historyStores", "bundles", "service", "warehouses"];

    /// <summary>Loads a configuration file.</summary>
    /// <param name="path">The file the operator named.</param>
    /// <param name="diagnostics">Receives every problem found.</param>
    /// <returns>The configuration, or null when the file has any problem.</returns>
    public static OperatorConfiguration? Load(string path, ICollection<Diagnostic> diagnostics)
    {
        var full = System.IO.Path.GetFullPath(path);
        var problems = new List<Diagnostic>();
        if (!File.Exists(full))
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.OperatorConfigurationInvalid, SourceLocation.ForFile(SourceFileReader.DisplayPath(full)), "the file does not exist"));
            return null;
        }

        var file = SourceFileReader.Read(full, MaxFileBytes, problems);
        if (file is null)
        {
            Add(diagnostics, problems);
            return null;
        }

        var documents = YamlDocumentReader.Read(file, problems);
        if (problems.Count > 0)
        {
            Add(diagnostics, problems);
            return null;
        }

        if (documents is not [YamlMapping root])
        {
            diagnostics.Add(Problem(documents.IsEmpty ? SourceLocation.ForFile(file.Path) : documents[^1].Location, "the file must hold exactly one YAML mapping, starting 'apiVersion: aiops-policy/v1' and 'kind: OperatorConfiguration'"));
            return null;
        }

        var reader = new Reader(full, problems);
        var configuration = reader.Read(root) with { Path = file.Path };
        Add(diagnostics, problems);
        return problems.Count == 0 ? configuration : null;
    }

    private static void Add(ICollection<Diagnostic> diagnostics, List<Diagnostic> problems)
    {
        foreach (var problem in problems)
        {
            diagnostics.Add(problem);
        }
    }

    private static Diagnostic Problem(SourceLocation location, string message) =>
        Diagnostic.Create(DiagnosticCatalog.OperatorConfigurationInvalid, location, message);

    /// <summary>Reads one configuration document, collecting every problem rather than stopping at the first.</summary>
    private sealed class Reader(string fullPath, List<Diagnostic> problems)
    {
        private readonly string _folder = System.IO.Path.GetDirectoryName(fullPath) ?? ".";

        public OperatorConfiguration Read(YamlMapping root)
        {
            foreach (var key in root.Entries.Select(e => e.Key).Where(k => !Sections.Contains(k.Value, StringComparer.Ordinal)))
            {
                Report(key, $"'{key.Value}' is not a setting of the operator configuration; it allows: {string.Join(", ", Sections)}");
            }

            Expect(root, "apiVersion", "aiops-policy/v1");
            Expect(root, "kind", "OperatorConfiguration");
            var stores = ReadStores(root["historyStores"]);
            var keys = ReadBundles(root["bundles"]);
            return new OperatorConfiguration
            {
                HistoryStores = stores,
                TrustedKeys = keys,
                Service = root["service"] is { } service ? ServiceSectionReader.Read(service, _folder, stores, keys, Report) : null,
                Warehouses = ReadWarehouses(root["warehouses"]),
            };
        }

        private ImmutableSortedDictionary<string, WarehouseTarget> ReadWarehouses(YamlNode? node)
        {
            var warehouses = ImmutableSortedDictionary.CreateBuilder<string, WarehouseTarget>(StringComparer.Ordinal);
            if (node is null)
            {
                return warehouses.ToImmutable();
            }

            if (node is not YamlMapping mapping)
            {
                Report(node, "warehouses maps names to a warehouse, such as 'analytics: { clickhouse: \"clickhouse://reader@ch.internal:8123/aiops\" }'");
                return warehouses.ToImmutable();
            }

            foreach (var (key, value) in mapping.Entries)
            {
                if (!HistoryStoreReference.IsName(key.Value))
                {
                    Report(key, $"'{key.Value}' is not a warehouse name: a name starts with a letter and holds only letters, digits, '-' and '_'");
                    continue;
                }

                if (value is not YamlMapping warehouse || warehouse.Entries.Length != 1 || warehouse.Entries[0] is not ({ } kind, YamlScalar { IsNull: false } target) || target.Value.Length == 0)
                {
                    Report(value, $"Warehouse '{key.Value}' needs exactly one setting: 'clickhouse: URL'");
                    continue;
                }

                if (kind.Value != "clickhouse")
                {
                    Report(kind, $"Warehouse '{key.Value}': '{kind.Value}' is not a warehouse kind; write 'clickhouse'");
                }
                else if (!WarehouseTarget.IsClickHouseUrl(target.Value))
                {
                    // The URL may hold a password: the message never quotes it.
                    Report(target, $"Warehouse '{key.Value}': 'clickhouse' needs a URL clickhouse://[user[:password]@]host[:port]/database (clickhouses:// for HTTPS)");
                }
                else
                {
                    warehouses[key.Value] = new WarehouseTarget(key.Value, target.Value, key.Location);
                }
            }

            return warehouses.ToImmutable();
        }

        private ImmutableSortedDictionary<string, HistoryStoreTarget> ReadStores(YamlNode? node)
        {
            var stores = ImmutableSortedDictionary.CreateBuilder<string, HistoryStoreTarget>(StringComparer.Ordinal);
            if (node is null)
            {
                return stores.ToImmutable();
            }

            if (node is not YamlMapping mapping)
            {
                Report(node, "historyStores maps store names to a store, such as 'main: { sqlite: /var/lib/aiops-policy/history.db }'");
                return stores.ToImmutable();
            }

            foreach (var (key, value) in mapping.Entries)
            {
                if (!HistoryStoreReference.IsName(key.Value))
                {
                    Report(key, $"'{key.Value}' is not a store name: a name starts with a letter and holds only letters, digits, '-' and '_'");
                    continue;
                }

                if (value is not YamlMapping store || store.Entries.Length != 1 || store.Entries[0] is not ({ } kind, YamlScalar { IsNull: false } target) || target.Value.Length == 0)
                {
                    Report(value, $"History store '{key.Value}' needs exactly one of 'sqlite: FILE' or 'postgres: CONNECTION-STRING'");
                    continue;
                }

                switch (kind.Value)
                {
                    case "sqlite" when !target.Value.Contains('=', StringComparison.Ordinal) && !target.Value.Contains("://", StringComparison.Ordinal):
                        stores[key.Value] = new HistoryStoreTarget(key.Value, HistoryStoreKind.Sqlite, System.IO.Path.GetFullPath(System.IO.Path.Combine(_folder, target.Value)), key.Location);
                        break;
                    case "sqlite":
                        Report(target, $"History store '{key.Value}': 'sqlite' is a file path (relative to this file); for a database server write 'postgres:'");
                        break;
                    case "postgres" when HistoryStoreReference.IsPostgresTarget(target.Value):
                        stores[key.Value] = new HistoryStoreTarget(key.Value, HistoryStoreKind.Postgres, target.Value, key.Location);
                        break;
                    case "postgres":
                        Report(target, $"History store '{key.Value}': 'postgres' needs a connection string starting 'Host=' or a postgres:// URL");
                        break;
                    default:
                        Report(kind, $"History store '{key.Value}': '{kind.Value}' is not a store kind; write 'sqlite' or 'postgres'");
                        break;
                }
            }

            return stores.ToImmutable();
        }

        private ImmutableArray<TrustedKeySource> ReadBundles(YamlNode? node)
        {
            if (node is null)
            {
                return [];
            }

            if (node is not YamlMapping bundles)
            {
                Report(node, "bundles is a mapping with 'trustedKeys'");
                return [];
            }

            foreach (var key in bundles.Entries.Select(e => e.Key).Where(k => k.Value != "trustedKeys"))
            {
                Report(key, $"'{key.Value}' is not a setting of bundles; it allows: trustedKeys");
            }

            if (bundles["trustedKeys"] is not { } keysNode)
            {
                return [];
            }

            if (keysNode is not YamlMapping keys)
            {
                Report(keysNode, "trustedKeys maps key names to 'publicKeyFile: FILE' (a PEM public key written by 'aiops-policy keygen') or 'publicKey: PEM'");
                return [];
            }

            var result = ImmutableArray.CreateBuilder<TrustedKeySource>();
            foreach (var (name, value) in keys.Entries)
            {
                if (value is not YamlMapping entry || entry.Entries.Length != 1 || entry.Entries[0] is not ({ } kind, YamlScalar { IsNull: false } text) || text.Value.Length == 0)
                {
                    Report(value, $"Trusted key '{name.Value}' needs exactly one of 'publicKeyFile: FILE' or 'publicKey: PEM'");
                    continue;
                }

                switch (kind.Value)
                {
                    case "publicKey":
                        result.Add(new TrustedKeySource(name.Value, text.Value, name.Location));
                        break;
                    case "publicKeyFile":
                        var file = System.IO.Path.GetFullPath(System.IO.Path.Combine(_folder, text.Value));
                        try
                        {
                            result.Add(new TrustedKeySource(name.Value, File.ReadAllText(file), name.Location));
                        }
                        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                        {
                            Report(text, $"Trusted key '{name.Value}': cannot read '{text.Value}' ({ex.Message.TrimEnd('.')})");
                        }

                        break;
                    default:
                        Report(kind, $"Trusted key '{name.Value}': '{kind.Value}' is not a key setting; write 'publicKeyFile' or 'publicKey'");
                        break;
                }
            }

            return result.ToImmutable();
        }

        private void Expect(YamlMapping root, string key, string expected)
        {
            if (root[key] is not YamlScalar { Value: var value } || value != expected)
            {
                Report(root[key] ?? root, $"'{key}' must be '{expected}'");
            }
        }

        private void Report(YamlNode node, string message) => problems.Add(Problem(node.Location, message));
    }
}
