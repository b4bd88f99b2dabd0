// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.History.Trends;

namespace AiOpsPolicy.History.Schema;

/// <summary>
/// The schema, as ordered migrations shared by every backend. The SQL is portable: no surrogate keys (child rows are
/// keyed by run id and ordinal), times as ISO-8601 text plus Unix milliseconds, booleans as 0/1 integers.
/// Never edit a released migration: append a new one.
/// </summary>
public static class Migrations
{
    /// <summary>
    /// Fills <c>coverage_daily</c> (migration 6) from the detailed rows of every run already stored: per UTC day
    /// (<c>recorded_at_ms / 86400000</c>), policy set, dimension (<c>all</c>, <c>team</c>, <c>point</c>) and group, the
    /// controls that were automated and evidenced, declared only, and not automated. Runs recorded afterwards add to it
    /// in their own transaction. Expects an empty <c>coverage_daily</c>. Declared before <see cref="All"/>, which includes it.
    /// </summary>
    public static ImmutableArray<string> CoverageRollupBackfill { get; } =
    [
        RollupInsert($"'{CoverageDimension.All}'", "''", string.Empty),
        RollupInsert($"'{CoverageDimension.Team}'", $"COALESCE(c.owner, '{CoverageQuery.Unowned}')", string.Empty),
        RollupInsert($"'{CoverageDimension.Point}'", $"COALESCE(e.enforced_at, '{CoverageQuery.Unspecified}')",
            "LEFT JOIN control_enforcement e ON e.run_id = c.run_id AND e.control_ordinal = c.ordinal"),
    ];

    /// <summary>The migrations, in ascending version order.</summary>
    public static ImmutableArray<Migration> All { get; } =
    [
        new(1, "runs, gate results, metrics, control coverage",
        [
            """
            CREATE TABLE runs (
                run_id VARCHAR(400) NOT NULL PRIMARY KEY,
                provider VARCHAR(40),
                pipeline TEXT,
                commit_sha TEXT,
                environment TEXT,
                recorded_at TEXT NOT NULL,
                recorded_at_ms BIGINT NOT NULL,
                engine_version TEXT NOT NULL,
                policy_set TEXT NOT NULL,
                policy_set_version TEXT,
                policy_digest TEXT NOT NULL,
                evidence_digest TEXT NOT NULL,
                decision TEXT NOT NULL,
                waiver_count INTEGER NOT NULL
            )
            """,
            """
            CREATE TABLE gate_results (
                run_id VARCHAR(400) NOT NULL REFERENCES runs (run_id),
                ordinal INTEGER NOT NULL,
                gate TEXT NOT NULL,
                severity TEXT NOT NULL,
                status TEXT NOT NULL,
                observed TEXT,
                observed_value DOUBLE PRECISION,
                bound TEXT,
                PRIMARY KEY (run_id, ordinal)
            )
            """,
            """
            CREATE TABLE metric_results (
                run_id VARCHAR(400) NOT NULL,
                gate_ordinal INTEGER NOT NULL,
                ordinal INTEGER NOT NULL,
                metric TEXT NOT NULL,
                value TEXT NOT NULL,
                numeric_value DOUBLE PRECISION,
                numerator DOUBLE PRECISION,
                denominator DOUBLE PRECISION,
                sample_size BIGINT NOT NULL,
                PRIMARY KEY (run_id, gate_ordinal, ordinal),
                FOREIGN KEY (run_id, gate_ordinal) REFERENCES gate_results (run_id, ordinal)
            )
            """,
            """
            CREATE TABLE control_coverage (
                run_id VARCHAR(400) NOT NULL REFERENCES runs (run_id),
                ordinal INTEGER NOT NULL,
                name TEXT NOT NULL,
                required INTEGER NOT NULL,
                declared_automated INTEGER NOT NULL,
                evidenced INTEGER NOT NULL,
                catalog_ids TEXT NOT NULL,
                PRIMARY KEY (run_id, ordinal)
            )
            """,
            """
            CREATE TABLE control_enforcement (
                run_id VARCHAR(400) NOT NULL,
                control_ordinal INTEGER NOT NULL,
                enforced_at TEXT NOT NULL,
                PRIMARY KEY (run_id, control_ordinal, enforced_at),
                FOREIGN KEY (run_id, control_ordinal) REFERENCES control_coverage (run_id, ordinal)
            )
            """,
        ]),
        new(2, "indexes for the trend queries",
        [
            "CREATE INDEX ix_runs_recorded_at ON runs (recorded_at_ms)",
            "CREATE INDEX ix_runs_policy_set_recorded_at ON runs (policy_set, recorded_at_ms)",
            "CREATE INDEX ix_metric_results_metric ON metric_results (metric)",
        ]),
        new(3, "control owners, waivers seen by each run, gate index",
        [
            "ALTER TABLE control_coverage ADD COLUMN owner TEXT",
            """
            CREATE TABLE waivers (
                run_id VARCHAR(400) NOT NULL REFERENCES runs (run_id),
                ordinal INTEGER NOT NULL,
                name TEXT NOT NULL,
                owner TEXT NOT NULL,
                reason TEXT NOT NULL,
                ticket TEXT NOT NULL,
                expires_at TEXT NOT NULL,
                expires_at_ms BIGINT NOT NULL,
                gates TEXT NOT NULL,
                expired INTEGER NOT NULL,
                PRIMARY KEY (run_id, ordinal)
            )
            """,
            "CREATE INDEX ix_gate_results_gate ON gate_results (gate)",
        ]),
        new(4, "run scores and findings",
        [
            "ALTER TABLE runs ADD COLUMN score DOUBLE PRECISION",
            "ALTER TABLE runs ADD COLUMN score_status TEXT",
            """
            CREATE TABLE findings (
                run_id VARCHAR(400) NOT NULL REFERENCES runs (run_id),
                ordinal INTEGER NOT NULL,
                name TEXT NOT NULL,
                message TEXT NOT NULL,
                metric_group TEXT,
                owner TEXT,
                PRIMARY KEY (run_id, ordinal)
            )
            """,
        ]),
        new(5, "per-run gate status vector and per-control enforcement list, for the trend queries at 100,000 runs",
        [
            "ALTER TABLE runs ADD COLUMN gate_statuses TEXT",
            "ALTER TABLE control_coverage ADD COLUMN enforced_at TEXT",
        ]),
        new(6, "daily coverage roll-up and time-ordered covering indexes, for every history query under 1 s at 100,000 runs",
        [
            """
            CREATE TABLE coverage_daily (
                dimension VARCHAR(20) NOT NULL,
                day BIGINT NOT NULL,
                policy_set TEXT NOT NULL,
                grp TEXT NOT NULL,
                automated_evidenced BIGINT NOT NULL,
                declared_only BIGINT NOT NULL,
                not_automated BIGINT NOT NULL,
                PRIMARY KEY (dimension, day, policy_set, grp)
            )
            """,
            .. CoverageRollupBackfill,
            "ALTER TABLE gate_results ADD COLUMN recorded_at_ms BIGINT",
            "ALTER TABLE gate_results ADD COLUMN policy_set TEXT",
            "ALTER TABLE metric_results ADD COLUMN recorded_at_ms BIGINT",
            "ALTER TABLE metric_results ADD COLUMN policy_set TEXT",
            "ALTER TABLE metric_results ADD COLUMN gate TEXT",
            "ALTER TABLE metric_results ADD COLUMN gate_status TEXT",
            // UPDATE ... FROM: both PostgreSQL and SQLite (3.33+) accept it, and it joins once instead of looking the
            // parent up per column per row.
            """
            UPDATE gate_results SET recorded_at_ms = r.recorded_at_ms, policy_set = r.policy_set
            FROM runs r
            WHERE r.run_id = gate_results.run_id
            """,
            """
            UPDATE metric_results SET recorded_at_ms = g.recorded_at_ms, policy_set = g.policy_set, gate = g.gate, gate_status = g.status
            FROM gate_results g
            WHERE g.run_id = metric_results.run_id AND g.ordinal = metric_results.gate_ordinal
            """,
            "DROP INDEX ix_gate_results_gate",
            "DROP INDEX ix_metric_results_metric",
            "CREATE INDEX ix_gate_results_gate_time ON gate_results (gate, recorded_at_ms, run_id, policy_set, observed_value, status)",
            "CREATE INDEX ix_metric_results_metric_time ON metric_results (metric, recorded_at_ms, run_id, policy_set, gate, numeric_value, numerator, denominator, sample_size, gate_status)",
            "CREATE INDEX ix_metric_results_gate_time ON metric_results (gate, recorded_at_ms, run_id, policy_set, metric, numeric_value, numerator, denominator, sample_size, gate_status)",
        ]),
        new(7, "finding status (found or error; NULL in rows written before it reads as found)",
        [
            "ALTER TABLE findings ADD COLUMN status TEXT",
        ]),
        new(8, "decision service: the decision log (who asked, which bundle and evidence, the exit code and the JSON report) beside each run, and the bundles an administrator loaded",
        [
            // One row per decision, written in the run's own transaction, so a run and its decision log entry exist
            // together or not at all. history, coverage and review read the runs table as before.
            """
            CREATE TABLE decisions (
                decision_id VARCHAR(400) NOT NULL PRIMARY KEY REFERENCES runs (run_id),
                tenant TEXT NOT NULL,
                caller TEXT NOT NULL,
                policy_set TEXT NOT NULL,
                bundle_digest TEXT NOT NULL,
                evidence_digests TEXT NOT NULL,
                exit_code INTEGER NOT NULL,
                decided_at TEXT NOT NULL,
                decided_at_ms BIGINT NOT NULL,
                report TEXT NOT NULL
            )
            """,
            "CREATE INDEX ix_decisions_tenant_time ON decisions (tenant, decided_at_ms)",
            // Bundles by content digest (base64 text: the same column type on every backend), and which digest each
            // policy set runs now. Every service instance reads these, so loading a bundle on one reaches them all.
            """
            CREATE TABLE service_bundles (
                digest VARCHAR(100) NOT NULL PRIMARY KEY,
                policy_set TEXT NOT NULL,
                content TEXT NOT NULL,
                loaded_at TEXT NOT NULL,
                loaded_by TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE service_policy_sets (
                policy_set VARCHAR(200) NOT NULL PRIMARY KEY,
                digest VARCHAR(100) NOT NULL REFERENCES service_bundles (digest),
                loaded_at TEXT NOT NULL,
                loaded_by TEXT NOT NULL
            )
            """,
        ]),
    ];

    private static string RollupInsert(string dimension, string group, string join) => $"""
        INSERT INTO coverage_daily (dimension, day, policy_set, grp, automated_evidenced, declared_only, not_automated)
        SELECT {dimension}, r.recorded_at_ms / 86400000, r.policy_set, {group},
               SUM(CASE WHEN c.declared_automated <> 0 AND c.evidenced <> 0 THEN 1 ELSE 0 END),
               SUM(CASE WHEN c.declared_automated <> 0 AND c.evidenced = 0 THEN 1 ELSE 0 END),
               SUM(CASE WHEN c.declared_automated = 0 THEN 1 ELSE 0 END)
        FROM runs r
        JOIN control_coverage c ON c.run_id = r.run_id
        {join}
        GROUP BY r.recorded_at_ms / 86400000, r.policy_set{(group == "''" ? string.Empty : ", " + group)}
        """;
}
