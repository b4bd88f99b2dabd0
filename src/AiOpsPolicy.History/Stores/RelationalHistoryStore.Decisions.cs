// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using AiOpsPolicy.History.Decisions;
using AiOpsPolicy.History.Runs;

namespace AiOpsPolicy.History.Stores;

/// <content>The decision log and the service's bundles.</content>
public abstract partial class RelationalHistoryStore
{
    /// <inheritdoc />
    public async Task<StoredDecision?> DecisionAsync(string decisionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decisionId);
        StoredDecision? found = null;
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await ReadAsync(connection, """
            SELECT d.decision_id, d.policy_set, r.decision, d.decided_at, d.tenant, d.caller, d.bundle_digest, d.evidence_digests, d.exit_code, d.report
            FROM decisions d JOIN runs r ON r.run_id = d.decision_id
            WHERE d.decision_id = @id
            """, [("id", decisionId)], reader => found = new StoredDecision(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                DateTimeOffset.Parse(reader.GetString(3), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                new DecisionLogEntry(
                    reader.GetString(4),
                    reader.GetString(5),
                    reader.GetString(6),
                    DecodeDigests(reader.GetString(7)),
                    (int)ToLong(reader.GetValue(8)),
                    reader.GetString(9))), cancellationToken).ConfigureAwait(false);
        return found;
    }

    /// <inheritdoc />
    public async Task<long> CountDecisionsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = CreateCommand(connection, null, "SELECT COUNT(*) FROM decisions");
        return ToLong(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <inheritdoc />
    public async Task PutBundleAsync(StoredBundle bundle, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var loadedAt = bundle.LoadedAt.ToString("O", CultureInfo.InvariantCulture);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, """
            INSERT INTO service_bundles (digest, policy_set, content, loaded_at, loaded_by)
            VALUES (@digest, @policy_set, @content, @loaded_at, @loaded_by)
            ON CONFLICT (digest) DO NOTHING
            """, cancellationToken,
            ("digest", bundle.Digest), ("policy_set", bundle.PolicySet), ("content", Convert.ToBase64String(bundle.Content)),
            ("loaded_at", loadedAt), ("loaded_by", bundle.LoadedBy)).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, """
            INSERT INTO service_policy_sets (policy_set, digest, loaded_at, loaded_by)
            VALUES (@policy_set, @digest, @loaded_at, @loaded_by)
            ON CONFLICT (policy_set) DO UPDATE SET digest = excluded.digest, loaded_at = excluded.loaded_at, loaded_by = excluded.loaded_by
            """, cancellationToken,
            ("policy_set", bundle.PolicySet), ("digest", bundle.Digest), ("loaded_at", loadedAt), ("loaded_by", bundle.LoadedBy)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<string?> CurrentBundleDigestAsync(string policySet, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policySet);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = CreateCommand(connection, null, "SELECT digest FROM service_policy_sets WHERE policy_set = @policy_set", ("policy_set", policySet));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    /// <inheritdoc />
    public async Task<StoredBundle?> BundleAsync(string digest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(digest);
        StoredBundle? found = null;
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await ReadAsync(connection, "SELECT digest, policy_set, content, loaded_at, loaded_by FROM service_bundles WHERE digest = @digest", [("digest", digest)],
            reader => found = new StoredBundle(
                reader.GetString(0),
                reader.GetString(1),
                Convert.FromBase64String(reader.GetString(2)),
                DateTimeOffset.Parse(reader.GetString(3), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                reader.GetString(4)), cancellationToken).ConfigureAwait(false);
        return found;
    }

    /// <summary>Writes a run's decision log entry, inside the run's transaction.</summary>
    private static async Task InsertDecisionAsync(DbConnection connection, DbTransaction transaction, RunRecord run, DecisionLogEntry entry, CancellationToken cancellationToken) =>
        await ExecuteAsync(connection, transaction, """
            INSERT INTO decisions (decision_id, tenant, caller, policy_set, bundle_digest, evidence_digests, exit_code, decided_at, decided_at_ms, report)
            VALUES (@decision_id, @tenant, @caller, @policy_set, @bundle_digest, @evidence_digests, @exit_code, @decided_at, @decided_at_ms, @report)
            """, cancellationToken,
            ("decision_id", run.RunId), ("tenant", entry.Tenant), ("caller", entry.Caller), ("policy_set", run.PolicySet),
            ("bundle_digest", entry.BundleDigest), ("evidence_digests", EncodeDigests(entry.EvidenceDigests)), ("exit_code", entry.ExitCode),
            ("decided_at", run.RecordedAt.ToString("O", CultureInfo.InvariantCulture)), ("decided_at_ms", run.RecordedAt.ToUnixTimeMilliseconds()),
            ("report", entry.Report)).ConfigureAwait(false);

    /// <summary>The evidence digests as a JSON array of <c>{"name","sha256","bytes"}</c>, in the order given.</summary>
    private static string EncodeDigests(ImmutableArray<EvidenceDigest> digests)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var digest in digests.IsDefault ? [] : digests)
            {
                writer.WriteStartObject();
                writer.WriteString("name", digest.Name);
                writer.WriteString("sha256", digest.Sha256);
                writer.WriteNumber("bytes", digest.Bytes);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static ImmutableArray<EvidenceDigest> DecodeDigests(string json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.EnumerateArray().Select(e => new EvidenceDigest(
            e.GetProperty("name").GetString() ?? string.Empty,
            e.GetProperty("sha256").GetString() ?? string.Empty,
            e.GetProperty("bytes").GetInt64()))];
    }
}
