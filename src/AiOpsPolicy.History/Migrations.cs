// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;

namespace AiOpsPolicy.History;

/// <summary>
/// The schema, as ordered migrations shared by every backend. The SQL is portable: no surrogate keys (child rows are
/// keyed by run id and ordinal), times as ISO-8601 text plus Unix milliseconds, booleans as 0/1 integers.
/// Never edit a released migration: append a new one.
/// </summary>
public static class Migrations
{
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
    ];
}
