#!/usr/bin/env python3
"""Generates the example evidence in examples/evidence/ for the policy set in policies/helpdesk/.

Northwind Help Desk, AI ticket triage: one week of evidence, collected at 2026-11-28T06:00:00Z,
for a gate run with `--as-of 2026-11-28T12:00:00Z` (window: the 7 days before as-of), for every
metric of the library. The week before is there too for the volumes and incidents that the
week-over-week gate compares with, and a few kinds reach further back on purpose (pilots over
90 days, changes over 30 days, the throughput baseline before go-live).

The data is synthetic but deterministic (fixed seed, standard library only): running this script
again rewrites the same files byte for byte. It also prints the value each gate should see, using
the reference definitions written next to each computation below; examples/README.md quotes them.

    python3 examples/generate_evidence.py
"""

import csv
import hashlib
import io
import json
import math
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

SEED = 20261128
UTC = timezone.utc
COLLECTED_AT = datetime(2026, 11, 28, 6, 0, tzinfo=UTC)
AS_OF = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
WINDOW = timedelta(days=7)  # PolicySet defaults.window and the TriageWindow definition
WINDOW_START = AS_OF - WINDOW  # 2026-11-21T12:00:00Z

OUT = Path(__file__).resolve().parent / "evidence"

# Values mirrored from policies/helpdesk/*.yaml (kept by hand; change both together).
TRIAGE_SLA_TIME = timedelta(hours=4)
TRIAGE_SLA_QUALITY = "routed-correctly"
INFERENCE_SLA_TIME = timedelta(seconds=30)
INFERENCE_SLA_QUALITY = "routed-correctly"
CONNECTORS = {
    # name: (critical, maxLatencyMs, maxErrorRate, minDeliveredRatio, pinned schema hash or None)
    "zendesk-api": (True, 800, 0.01, 0.995,
                    "sha256:29b09419d7e71ba74c4fb9c390f7ab641254f454ddc07bb68e61d139d07da5ef"),
    "servicenow-api": (True, 1200, 0.01, 0.995, None),
    "kafka-tickets-topic": (True, 250, 0.001, 0.999, None),
    "powerbi-export": (False, 5000, None, 0.98, None),
}
CONTROLS = {
    # name: (required, automated, cadence)
    "pii-scan": (True, True, timedelta(days=1)),
    "access-rules": (True, True, timedelta(days=1)),
    "dataset-lineage": (True, True, timedelta(days=1)),
    "approval-gate": (True, True, timedelta(days=7)),
    "logging-defaults": (True, True, timedelta(days=1)),
    "model-card-review": (True, False, timedelta(days=90)),
    "prompt-injection-tests": (True, True, timedelta(days=1)),
}
RUBRIC_MODELS = ["triage-classifier", "refund-risk"]

rng = random.Random(SEED)


def ts(moment: datetime) -> str:
    """ISO 8601 in UTC with a Z; milliseconds only when the time has them."""
    moment = moment.astimezone(UTC)
    if moment.microsecond:
        return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def ms(seconds: float) -> timedelta:
    return timedelta(milliseconds=round(seconds * 1000))


def write(name: str, text: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / name).write_text(text, encoding="utf-8", newline="\n")


# ------------------------------------------------------------------------------------------------
# transactions.csv: tickets created in Zendesk per day and workflow (the IncidentRate denominator)
# ------------------------------------------------------------------------------------------------

# 2026-11-21 and 2026-11-28 are Saturdays. Full-day ticket volumes by weekday.
WEEKDAY_TICKETS = {5: 720, 6: 640, 0: 1480, 1: 1420, 2: 1390, 3: 1360, 4: 1290}
REFUND_SHARE = 0.11

full_day = {}  # day of month -> (tickets, refunds) for the whole day
for day in range(21, 29):
    base = WEEKDAY_TICKETS[at(day, 0).weekday()]
    tickets = round(base * rng.uniform(0.97, 1.03))
    full_day[day] = (tickets, round(tickets * REFUND_SHARE * rng.uniform(0.9, 1.1)))

# The export is clipped to the evaluation window: Saturday afternoon (12:00-24:00 carries ~55% of
# a Saturday's tickets), six whole days, and the early hours of the 28th up to collection (~12%).
periods = [(at(21, 12), at(22, 0), 0.55)]
periods += [(at(d, 0), at(d + 1, 0), 1.0) for d in range(22, 28)]
periods += [(at(28, 0), COLLECTED_AT, 0.12)]

transactions = []
for start, end, share in periods:
    tickets, refunds = full_day[start.day]
    transactions.append(("ticket-triage", start, end, round(tickets * share)))
    transactions.append(("refund-approval", start, end, round(refunds * share)))

buffer = io.StringIO()
buffer.write(f"# collectedAt: {ts(COLLECTED_AT)}\n")
writer = csv.writer(buffer, lineterminator="\n")
writer.writerow(["workflow", "periodStart", "periodEnd", "count"])
for workflow, start, end, count in transactions:
    writer.writerow([workflow, ts(start), ts(end), count])
write("transactions.csv", buffer.getvalue())

# ------------------------------------------------------------------------------------------------
# workflow-runs.ndjson: traced tickets (whole runs plus one record per step)
# ------------------------------------------------------------------------------------------------

# The tracer keeps the full trace of a random ~0.7% of tickets: 60 tickets a week, each with a
# whole-run record (no step) and one record per step: 300 records.
TRACED = 60
# Traced tickets during the model incident (INC-4478, 23rd 15:30-16:48) are left out: that week's
# SLA story is inference latency, and a misrouted-by-incident ticket would blur it.
INCIDENT_GAP = (at(23, 15, 20), at(23, 16, 50))


def hour_weight(moment: datetime) -> float:
    hour = moment.hour
    if moment.weekday() >= 5:
        return 0.35 if 8 <= hour < 18 else 0.1
    return 1.0 if 7 <= hour < 19 else 0.2


starts = []
earliest, latest = WINDOW_START + timedelta(minutes=30), at(27, 23, 30)
while len(starts) < TRACED:
    candidate = earliest + timedelta(seconds=rng.uniform(0, (latest - earliest).total_seconds()))
    if INCIDENT_GAP[0] <= candidate <= INCIDENT_GAP[1]:
        continue
    if rng.random() < hour_weight(candidate):
        starts.append(candidate.replace(microsecond=(candidate.microsecond // 1000) * 1000))
starts.sort()

# The tickets that miss a target, chosen once from the middle of the week:
#   three slow inference calls (31-75s) that still routed correctly;
#   one inference call that hit the router's 45s timeout and fell back to the manual queue;
#   one ticket that waited 4h+ in the review queue (it fell into a shift-handover gap).
special = rng.sample(range(5, TRACED - 5), 5)
slow_inference = {special[0]: 34.817, special[1]: 52.106, special[2]: 71.594}
timeout_ticket = special[3]
long_review_ticket = special[4]

runs = []
ticket_number = 884_213
for index, start in enumerate(starts):
    ticket_number += rng.randint(90, 190)
    run_id = f"tt-{ticket_number}"
    t = start
    steps = []

    duration = rng.uniform(3, 45)
    steps.append(("ingestion", t, t + ms(duration), "ok"))
    t = t + ms(duration) + ms(rng.uniform(0.2, 8))

    duration = rng.uniform(12, 150)
    steps.append(("feature-creation", t, t + ms(duration), "ok"))
    t = t + ms(duration) + ms(rng.uniform(0.1, 2))

    if index == timeout_ticket:
        duration, routed = 45.0, "manual-review-needed"
    elif index in slow_inference:
        duration, routed = slow_inference[index], "routed-correctly"
    else:
        duration, routed = min(max(rng.lognormvariate(math.log(6), 0.45), 2.1), 22), "routed-correctly"
    steps.append(("inference", t, t + ms(duration), routed))
    t = t + ms(duration) + ms(rng.uniform(1, 20))

    if index == long_review_ticket:
        duration = 4 * 3600 + 6 * 60 + rng.uniform(0, 600)
    else:
        duration = min(max(rng.lognormvariate(math.log(22 * 60), 0.7), 180), 110 * 60)
    steps.append(("human-review", t, t + ms(duration), "ok"))
    end = t + ms(duration) + ms(rng.uniform(5, 90))

    runs.append({"id": run_id, "workflow": "ticket-triage",
                 "startedAt": ts(start), "endedAt": ts(end), "outcome": routed})
    for name, step_start, step_end, outcome in steps:
        runs.append({"id": f"{run_id}-{name}", "workflow": "ticket-triage", "step": name,
                     "startedAt": ts(step_start), "endedAt": ts(step_end), "outcome": outcome})

lines = [json.dumps({"$evidence": {"kind": "workflow-runs", "collectedAt": ts(COLLECTED_AT)}})]
lines += [json.dumps(run) for run in runs]
write("workflow-runs.ndjson", "\n".join(lines) + "\n")

# ------------------------------------------------------------------------------------------------
# incidents.json
# ------------------------------------------------------------------------------------------------

incidents = [
    {"id": "INC-4471", "workflow": "ticket-triage",
     "openedAt": at(22, 9, 14), "detectedAt": at(22, 9, 19), "diagnosedAt": at(22, 9, 41),
     "recoveredAt": at(22, 10, 2), "cause": "vendor-outage", "requiredChange": False},
    {"id": "INC-4478", "workflow": "ticket-triage",
     "openedAt": at(23, 15, 30), "detectedAt": at(23, 15, 36), "diagnosedAt": at(23, 16, 5),
     "recoveredAt": at(23, 16, 48), "cause": "model", "requiredChange": True, "change": "CHG-1182"},
    {"id": "INC-4483", "workflow": "ticket-triage",
     "openedAt": at(25, 10, 5), "detectedAt": at(25, 11, 20), "diagnosedAt": at(25, 11, 45),
     "recoveredAt": at(25, 12, 30), "cause": "prompt", "requiredChange": True, "change": "CHG-1190"},
    {"id": "INC-4486", "workflow": "ticket-triage",
     "openedAt": at(26, 19, 40), "detectedAt": at(26, 19, 44),
     "recoveredAt": at(26, 20, 5), "cause": "other", "requiredChange": False},
    {"id": "INC-4490", "workflow": "ticket-triage",
     "openedAt": at(27, 8, 12), "detectedAt": at(27, 8, 20), "diagnosedAt": at(27, 8, 51),
     "recoveredAt": at(27, 9, 40), "cause": "data-pipeline", "requiredChange": True, "change": "CHG-1193"},
]
envelope = {
    "apiVersion": "aiops-evidence/v1",
    "kind": "incidents",
    "collectedAt": ts(COLLECTED_AT),
    "source": "ServiceNow incident export (assignment group: Help Desk AI)",
    "records": [{k: (ts(v) if isinstance(v, datetime) else v) for k, v in i.items()} for i in incidents],
}
write("incidents.json", json.dumps(envelope, indent=2) + "\n")

# ------------------------------------------------------------------------------------------------
# connector-checks.csv: one row per connector and day; the check on day D covers the 24h before
# 05:00 on D, so rows expected on D are the tickets of D-1.
# ------------------------------------------------------------------------------------------------


def schema_hash(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


HASHES = {
    "zendesk-api": CONNECTORS["zendesk-api"][4],
    "servicenow-api": schema_hash("servicenow/incident+u_triage_route/v14"),
    "kafka-tickets-topic": schema_hash("avro:helpdesk.tickets.v2:schema-id-37"),
    "powerbi-export": schema_hash("powerbi/helpdesk-triage-outcomes/v3"),
}
PARTIAL_LOAD_DAY = 25  # Kafka: 2 of 12 partitions unassigned after a broker upgrade on the 24th
SLOW_EXPORT_DAY = 27  # Power BI: a slow refresh; non-critical, so it does not count

checks = []
for day in range(22, 29):
    tickets, refunds = full_day[day - 1]
    for connector in CONNECTORS:
        if connector == "zendesk-api":
            expected = tickets + refunds
            delivered = expected - rng.randint(0, 2)
            latency = rng.uniform(310, 590)
            # Zendesk's own outage on the 22nd (INC-4471) shows as errors, still under 1%.
            error_rate = 0.0087 if day == 23 else rng.uniform(0.001, 0.004)
        elif connector == "servicenow-api":
            expected = tickets + refunds
            delivered = expected - rng.randint(0, 1)
            latency = rng.uniform(520, 910)
            error_rate = rng.uniform(0.0005, 0.003)
        elif connector == "kafka-tickets-topic":
            expected = tickets
            # The silent partial load: auth valid, latency and errors normal, 10% of rows missing.
            delivered = round(expected * 0.90) if day == PARTIAL_LOAD_DAY else expected
            latency = rng.uniform(18, 85)
            error_rate = rng.choice([0.0, 0.0, 0.0001, 0.0002])
        else:
            expected = delivered = 48  # hourly aggregates for the two workflows
            latency = 7420 if day == SLOW_EXPORT_DAY else rng.uniform(1800, 3200)
            error_rate = 0.0
        checks.append({
            "connector": connector, "day": f"2026-11-{day:02d}", "authValid": True,
            "schemaHash": HASHES[connector], "latencyMs": round(latency),
            "errorRate": round(error_rate, 4), "rowsExpected": expected, "rowsDelivered": delivered,
        })

buffer = io.StringIO()
buffer.write(f"# collectedAt: {ts(COLLECTED_AT)}\n")
writer = csv.writer(buffer, lineterminator="\n")
columns = ["connector", "day", "authValid", "schemaHash", "latencyMs", "errorRate", "rowsExpected", "rowsDelivered"]
writer.writerow(columns)
for check in checks:
    writer.writerow([str(check[c]).lower() if isinstance(check[c], bool) else check[c] for c in columns])
write("connector-checks.csv", buffer.getvalue())

# ------------------------------------------------------------------------------------------------
# control-executions.yaml
# ------------------------------------------------------------------------------------------------

executions = []  # (ranAt, control, mode, outcome, enforcedAt, comment)
for day in range(22, 29):
    executions.append((at(day, 0, 45), "prompt-injection-tests", "automated", "pass", "ci", None))
    executions.append((at(day, 1, 30), "dataset-lineage", "automated", "pass", "data-pipeline", None))
    executions.append((at(day, 2, 0), "pii-scan", "automated", "pass", "feature-store", None))
    executions.append((at(day, 3, 0), "access-rules", "automated", "pass", "feature-store", None))
    executions.append((at(day, 3, 5), "access-rules", "automated", "pass", "model-registry", None))
    executions.append((at(day, 4, 0), "logging-defaults", "automated", "pass", "runtime", None))
# Event-driven runs: CI on a new training export, and the deployment pipeline on every release.
executions += [
    (at(23, 11, 32), "pii-scan", "automated", "pass", "ci", "new training export (week 47 tickets)"),
    (at(23, 14, 48), "prompt-injection-tests", "automated", "pass", "cd-gate", "CHG-1182 triage-classifier 3.2.0"),
    (at(23, 14, 52), "approval-gate", "automated", "pass", "cd-gate", "CHG-1182 triage-classifier 3.2.0"),
    (at(23, 16, 35), "approval-gate", "automated", "pass", "cd-gate", "CHG-1184 emergency rollback to 3.1.4"),
    (at(24, 15, 0), "model-card-review", "manual", "pass", "manual", "responsible-AI board, Q4 review"),
    (at(25, 9, 46), "prompt-injection-tests", "automated", "pass", "cd-gate", "CHG-1190 routing-explanation prompt v7"),
    (at(25, 9, 50), "approval-gate", "automated", "pass", "cd-gate", "CHG-1190 routing-explanation prompt v7"),
    (at(25, 12, 20), "approval-gate", "automated", "pass", "cd-gate", "CHG-1191 revert to prompt v6"),
    (at(27, 7, 45), "approval-gate", "automated", "pass", "cd-gate", "CHG-1193 customer-history schema change"),
    (at(27, 9, 30), "approval-gate", "automated", "pass", "cd-gate", "CHG-1194 feature job fix for CHG-1193"),
]
executions.sort(key=lambda e: (e[0], e[1]))

yaml_lines = [
    "# Control executions exported from the CI, deployment and governance tooling.",
    "# Daily controls run on a schedule; approval-gate and the cd-gate runs of",
    "# prompt-injection-tests run on every deployment; model-card-review is manual.",
    "apiVersion: aiops-evidence/v1",
    "kind: control-executions",
    f"collectedAt: \"{ts(COLLECTED_AT)}\"",
    "source: GitHub Actions, Argo CD and the ServiceNow GRC module",
    "records:",
]
counters = {}
for ran_at, control, mode, outcome, enforced_at, comment in executions:
    counters[control] = counters.get(control, 0) + 1
    if comment:
        yaml_lines.append(f"  # {comment}")
    yaml_lines += [
        f"  - id: {control}-{ran_at:%Y%m%d-%H%M}",
        f"    control: {control}",
        f"    ranAt: \"{ts(ran_at)}\"",
        f"    mode: {mode}",
        f"    outcome: {outcome}",
        f"    enforcedAt: {enforced_at}",
    ]
write("control-executions.yaml", "\n".join(yaml_lines) + "\n")

# ------------------------------------------------------------------------------------------------
# model-evaluations.json
# ------------------------------------------------------------------------------------------------

evaluations = [
    {"model": "triage-classifier", "version": "3.1.4", "evaluatedAt": ts(at(24, 9, 30)),
     "groups": {"en": {"accuracy": 0.942, "macroF1": 0.918}, "es": {"accuracy": 0.921, "macroF1": 0.897},
                "fr": {"accuracy": 0.915, "macroF1": 0.889}, "de": {"accuracy": 0.927, "macroF1": 0.902}},
     "privacy": {"pii-leak-test": True},
     "explainability": "local",
     "safety": {"toxicity": True, "jailbreak": True},
     "humanOversight": {"override-available": True, "escalation-path": True}},
    {"model": "refund-risk", "version": "1.8.0", "evaluatedAt": ts(at(26, 14, 0)),
     "groups": {"consumer": {"accuracy": 0.901, "auc": 0.947}, "small-business": {"accuracy": 0.915, "auc": 0.952},
                "enterprise": {"accuracy": 0.897, "auc": 0.941}},
     "privacy": {"pii-leak-test": True},
     "explainability": "full",
     "safety": {"toxicity": True, "jailbreak": True},
     "humanOversight": {"override-available": True, "escalation-path": True}},
]
envelope = {
    "apiVersion": "aiops-evidence/v1",
    "kind": "model-evaluations",
    "collectedAt": ts(COLLECTED_AT),
    "source": "MLflow evaluation runs (responsible-AI suite)",
    "records": evaluations,
}
write("model-evaluations.json", json.dumps(envelope, indent=2) + "\n")

# ================================================================================================
# The rest of the metric library: previous-week volumes and incidents, data freshness, value,
# effort, throughput, monitoring, pilots, changes and agent runs. Each part draws from its own
# random stream (seeded from SEED and the part's name), so adding or changing one part never
# changes the bytes of another.
# ================================================================================================


def stream(part: str) -> random.Random:
    return random.Random(f"{SEED}-{part}")


def day_of(moment: datetime) -> datetime:
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


def yaml_scalar(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, datetime):
        return f"\"{ts(value)}\""
    if value.replace("-", "").isalnum() and value[0].isalpha() and value not in ("true", "false", "null"):
        return value  # a plain word: ticket-triage, EUR, VL-1126-22-1
    return json.dumps(value)  # a double-quoted YAML scalar


def write_csv(name: str, columns, rows) -> None:
    buffer = io.StringIO()
    buffer.write(f"# collectedAt: {ts(COLLECTED_AT)}\n")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(row)
    write(name, buffer.getvalue())


def write_ndjson(name: str, kind: str, records) -> None:
    lines = [json.dumps({"$evidence": {"kind": kind, "collectedAt": ts(COLLECTED_AT)}})]
    lines += [json.dumps(record) for record in records]
    write(name, "\n".join(lines) + "\n")


def write_json_envelope(name: str, kind: str, source: str, records) -> None:
    envelope = {"apiVersion": "aiops-evidence/v1", "kind": kind, "collectedAt": ts(COLLECTED_AT),
                "source": source, "records": records}
    write(name, json.dumps(envelope, indent=2) + "\n")


PREVIOUS_START = WINDOW_START - WINDOW  # 2026-11-14T12:00:00Z, for Previous(Days(7))

# ------------------------------------------------------------------------------------------------
# 2026-11-14.transactions.csv and 2026-11-14.incidents.json: the week before, re-exported on the
# 28th with this week's files, so that week-over-week rules (window: Previous(Days(7))) have both
# a numerator and a denominator. 2026-11-14 and 2026-11-21 are Saturdays.
# ------------------------------------------------------------------------------------------------

r = stream("previous-week")
previous_full_day = {}
for day in range(14, 22):
    base = WEEKDAY_TICKETS[at(day, 0).weekday()]
    tickets = round(base * r.uniform(0.97, 1.03))
    previous_full_day[day] = (tickets, round(tickets * REFUND_SHARE * r.uniform(0.9, 1.1)))
previous_periods = [(at(14, 12), at(15, 0), 0.55)]
previous_periods += [(at(d, 0), at(d + 1, 0), 1.0) for d in range(15, 21)]
previous_periods += [(at(21, 0), at(21, 12), 0.45)]
previous_transactions = []
for start, end, share in previous_periods:
    tickets, refunds = previous_full_day[start.day]
    previous_transactions.append(("ticket-triage", start, end, round(tickets * share)))
    previous_transactions.append(("refund-approval", start, end, round(refunds * share)))
write_csv("2026-11-14.transactions.csv", ["workflow", "periodStart", "periodEnd", "count"],
          [[w, ts(s), ts(e), c] for w, s, e, c in previous_transactions])

# The week before was worse: four incidents needed a change (a drifting Spanish-language slice,
# a late feature backfill, a prompt regression and a routing-rule bug), one was a vendor outage.
previous_incidents = [
    {"id": "INC-4452", "workflow": "ticket-triage",
     "openedAt": at(16, 8, 40), "detectedAt": at(16, 9, 25), "diagnosedAt": at(16, 10, 10),
     "recoveredAt": at(16, 13, 5), "cause": "model", "requiredChange": True, "change": "CHG-1171"},
    {"id": "INC-4455", "workflow": "ticket-triage",
     "openedAt": at(17, 6, 15), "detectedAt": at(17, 6, 22), "diagnosedAt": at(17, 6, 58),
     "recoveredAt": at(17, 7, 50), "cause": "data-pipeline", "requiredChange": True},
    {"id": "INC-4459", "workflow": "ticket-triage",
     "openedAt": at(18, 14, 2), "detectedAt": at(18, 14, 9), "diagnosedAt": at(18, 14, 31),
     "recoveredAt": at(18, 14, 58), "cause": "vendor-outage", "requiredChange": False},
    {"id": "INC-4462", "workflow": "ticket-triage",
     "openedAt": at(19, 11, 30), "detectedAt": at(19, 11, 41), "diagnosedAt": at(19, 12, 20),
     "recoveredAt": at(19, 13, 35), "cause": "prompt", "requiredChange": True, "change": "CHG-1168"},
    {"id": "INC-4466", "workflow": "ticket-triage",
     "openedAt": at(20, 16, 10), "detectedAt": at(20, 16, 18), "diagnosedAt": at(20, 16, 52),
     "recoveredAt": at(20, 17, 30), "cause": "workflow-logic", "requiredChange": True},
]
write_json_envelope(
    "2026-11-14.incidents.json", "incidents",
    "ServiceNow incident export (assignment group: Help Desk AI), week before",
    [{k: (ts(v) if isinstance(v, datetime) else v) for k, v in i.items()} for i in previous_incidents])

# ------------------------------------------------------------------------------------------------
# freshness.csv: lag measurements, about hourly, for two datasets at all three stages.
# tickets: streamed through Kafka (seconds), features within minutes, Power BI refreshes hourly.
# kb-articles: the knowledge base is synced from Confluence every 6 hours, so its first-stage lag
# is the time since the last sync; the 12:00 sync on the 26th failed, and the lag ran past 6h.
# ------------------------------------------------------------------------------------------------

r = stream("freshness")
FRESHNESS_STAGES = ["source-to-pipeline", "pipeline-to-feature-store", "feature-store-to-dashboard"]
FAILED_KB_SYNC = at(26, 12)
freshness = []  # (dataset, stage, measuredAt, lag seconds)
moment = WINDOW_START
while moment <= COLLECTED_AT - timedelta(hours=1):
    for dataset in ["tickets", "kb-articles"]:
        for stage in FRESHNESS_STAGES:
            measured = moment + timedelta(minutes=r.randint(2, 14), seconds=r.randint(0, 59))
            if dataset == "tickets":
                if stage == "source-to-pipeline":
                    lag = min(max(r.lognormvariate(math.log(25), 0.5), 4), 240)
                elif stage == "pipeline-to-feature-store":
                    lag = min(max(r.lognormvariate(math.log(110), 0.45), 30), 900)
                else:
                    lag = (measured.minute + 60 - 5) % 60 * 60 + r.uniform(120, 420)  # refresh at :05
            else:
                if stage == "source-to-pipeline":
                    last_sync = measured.replace(hour=measured.hour - measured.hour % 6, minute=0, second=0)
                    if last_sync == FAILED_KB_SYNC:
                        last_sync -= timedelta(hours=6)
                    lag = (measured - last_sync).total_seconds() + r.uniform(60, 300)
                elif stage == "pipeline-to-feature-store":
                    lag = r.uniform(600, 1500)  # the embedding job after each sync
                else:
                    lag = r.uniform(1800, 5400)
            freshness.append((dataset, stage, measured, round(lag)))
    moment += timedelta(hours=1)
freshness.sort(key=lambda f: (f[2], f[0], FRESHNESS_STAGES.index(f[1])))
write_csv("freshness.csv", ["dataset", "stage", "measuredAt", "lag"],
          [[d, s, ts(m), lag] for d, s, m, lag in freshness])

# ------------------------------------------------------------------------------------------------
# value-lines.yaml: finance's daily value lines for ticket triage, in EUR, with their assumptions.
# Benefits: dispatcher time no longer spent routing by hand (volume x minutes saved x wage rate)
# and misroutes avoided (volume x fewer misroutes x cost of a misroute). Costs: inference calls,
# the platform's daily share, and the agents' confirmation step that triage added.
# ------------------------------------------------------------------------------------------------

WAGE_RATE = 38.0  # EUR per hour, loaded
MINUTES_SAVED = 1.5  # dispatcher minutes per ticket
MISROUTE_REDUCTION = 0.04  # 9% misrouted by hand, 5% by the model
ERROR_COST = 9.0  # EUR per misrouted ticket (rework, second handoff)
INFERENCE_COST = 0.012  # EUR per call
PLATFORM_COST = 420.0  # EUR per day: feature store, model hosting and licences
CONFIRM_SECONDS = 6  # agent seconds per ticket to confirm the route

value_lines = []
for day in range(22, 28):
    volume = full_day[day][0]
    start, end = at(day, 0), at(day, 0) + timedelta(days=1)
    stamp = f"{day:02d}"
    value_lines += [
        {"id": f"VL-1126-{stamp}-1", "type": "benefit", "category": "dispatcher-time",
         "amount": round(volume * MINUTES_SAVED / 60 * WAGE_RATE, 2),
         "assumptions": {"volume": f"{volume} tickets", "minutesSaved": f"{MINUTES_SAVED} min per ticket",
                         "wageRate": f"{WAGE_RATE:.2f} EUR/h"}},
        {"id": f"VL-1126-{stamp}-2", "type": "benefit", "category": "misroutes-avoided",
         "amount": round(volume * MISROUTE_REDUCTION * ERROR_COST, 2),
         "assumptions": {"volume": f"{volume} tickets", "misrouteReduction": f"{MISROUTE_REDUCTION:.0%} of tickets",
                         "errorCost": f"{ERROR_COST:.2f} EUR per misroute"}},
        {"id": f"VL-1126-{stamp}-3", "type": "cost", "category": "inference",
         "amount": round(volume * INFERENCE_COST, 2),
         "assumptions": {"volume": f"{volume} tickets", "costPerCall": f"{INFERENCE_COST} EUR"}},
        {"id": f"VL-1126-{stamp}-4", "type": "cost", "category": "platform", "amount": PLATFORM_COST,
         "assumptions": {"basis": "monthly invoices / 30"}},
        {"id": f"VL-1126-{stamp}-5", "type": "cost", "category": "agent-confirmation",
         "amount": round(volume * CONFIRM_SECONDS / 3600 * WAGE_RATE, 2),
         "assumptions": {"volume": f"{volume} tickets", "secondsPerTicket": f"{CONFIRM_SECONDS} s",
                         "wageRate": f"{WAGE_RATE:.2f} EUR/h"}},
    ]
    for line in value_lines[-5:]:
        line.update({"workflow": "ticket-triage", "currency": "EUR", "periodStart": start, "periodEnd": end})

yaml_lines = [
    "# Daily value lines for ticket triage from the finance team's benefits tracker (EUR).",
    "# Amounts are derived from the stated assumptions; volume is that day's tickets.",
    "apiVersion: aiops-evidence/v1",
    "kind: value-lines",
    f"collectedAt: \"{ts(COLLECTED_AT)}\"",
    "source: Finance benefits tracker (Help Desk AI business case, FY2026)",
    "records:",
]
for line in value_lines:
    yaml_lines.append(f"  - id: {line['id']}")
    for key in ["workflow", "type", "category", "amount", "currency", "periodStart", "periodEnd"]:
        yaml_lines.append(f"    {key}: {yaml_scalar(line[key])}")
    pairs = ", ".join(f"{k}: {yaml_scalar(v)}" for k, v in line["assumptions"].items())
    yaml_lines.append(f"    assumptions: {{ {pairs} }}")
write("value-lines.yaml", "\n".join(yaml_lines) + "\n")

# ------------------------------------------------------------------------------------------------
# case-effort.json: time-and-motion studies of the tier-2 escalations ticket triage routes (about
# 2,000 a month). Before the model, a specialist spent 12 minutes reading the history and finding
# the right team; now 2, plus 3 for the compliance check the AI rollout added. The study from
# September (before the compliance check) is kept for history; the metric uses the latest.
# ------------------------------------------------------------------------------------------------

case_effort = [
    {"workflow": "ticket-triage", "minutesBefore": 12, "minutesAfter": 2.5, "addedSteps": [], "monthlyVolume": 1850,
     "measuredAt": ts(datetime(2026, 9, 24, 15, 0, tzinfo=UTC))},
    {"workflow": "ticket-triage", "minutesBefore": 12, "minutesAfter": 2,
     "addedSteps": [{"name": "compliance-check", "minutes": 3}], "monthlyVolume": 2000,
     "measuredAt": ts(at(20, 16, 0))},
]
write_json_envelope("case-effort.json", "case-effort", "Service-desk time-and-motion studies (tier-2 escalations)",
                    case_effort)

# ------------------------------------------------------------------------------------------------
# throughput.csv: tickets triaged and confirmed per day. Baseline: two weeks of manual dispatch in
# September, before go-live on 2026-10-05 (a backlog grew every weekday). After: 15-27 November.
# ------------------------------------------------------------------------------------------------

r = stream("throughput")
throughput = []  # (day, completed, phase)
for offset in range(14):
    day = datetime(2026, 9, 7, tzinfo=UTC) + timedelta(days=offset)
    throughput.append((day, round(WEEKDAY_TICKETS[day.weekday()] * 0.84 * r.uniform(0.96, 1.04)), "baseline"))
for day in range(15, 28):
    tickets = previous_full_day[day][0] if day < 22 else full_day[day][0]
    throughput.append((at(day, 0), tickets - r.randint(0, 12), "after"))
write_csv("throughput.csv", ["workflow", "day", "completed", "phase"],
          [["ticket-triage", f"{d:%Y-%m-%d}", c, p] for d, c, p in throughput])

# ------------------------------------------------------------------------------------------------
# monitoring-checks.ndjson: drift monitors run daily at 05:00, bias audits weekly on Monday 03:00.
# The refund-risk drift job failed on the 25th (its Spark pool was being resized) and nobody
# re-ran it, so that model went two days between drift checks.
# ------------------------------------------------------------------------------------------------

MODELS = ["triage-classifier", "refund-risk"]
monitoring_checks = []
for day in range(14, 29):
    for index, model in enumerate(MODELS):
        if model == "refund-risk" and day == 25:
            continue
        monitoring_checks.append({"model": model, "type": "drift", "ranAt": at(day, 5, index * 20)})
for day in (16, 23):
    for index, model in enumerate(MODELS):
        monitoring_checks.append({"model": model, "type": "bias", "ranAt": at(day, 3, index * 30)})
monitoring_checks.sort(key=lambda c: (c["ranAt"], c["model"], c["type"]))
write_ndjson("monitoring-checks.ndjson", "monitoring-checks",
             [{"model": c["model"], "type": c["type"], "ranAt": ts(c["ranAt"])} for c in monitoring_checks])

# ------------------------------------------------------------------------------------------------
# alerts.json: drift and bias alerts and when someone triaged them. The Saturday-night alert
# (ALR-2039) waited until Sunday morning, 10h35m, because model alerts have no weekend on-call.
# ------------------------------------------------------------------------------------------------

alerts = [
    ("ALR-2036", "refund-risk", "drift", at(20, 5, 7), at(20, 6, 2), at(20, 11, 0)),
    ("ALR-2039", "triage-classifier", "drift", at(21, 22, 40), at(22, 9, 15), at(22, 14, 30)),
    ("ALR-2041", "triage-classifier", "drift", at(22, 5, 12), at(22, 7, 40), at(22, 15, 0)),
    ("ALR-2043", "triage-classifier", "bias", at(23, 3, 42), at(23, 7, 10), at(24, 16, 0)),
    ("ALR-2044", "triage-classifier", "drift", at(23, 15, 48), at(23, 16, 0), at(23, 16, 50)),
    ("ALR-2047", "refund-risk", "drift", at(24, 5, 5), at(24, 8, 55), at(24, 12, 0)),
    ("ALR-2051", "refund-risk", "drift", at(27, 5, 6), at(27, 6, 30), None),
    ("ALR-2053", "triage-classifier", "drift", at(28, 5, 8), at(28, 5, 50), None),
]
alert_records = []
for alert_id, model, kind, raised, triaged, resolved in alerts:
    record = {"id": alert_id, "model": model, "type": kind, "raisedAt": ts(raised), "triagedAt": ts(triaged)}
    if resolved:
        record["resolvedAt"] = ts(resolved)
    alert_records.append(record)
write_json_envelope("alerts.json", "alerts", "Evidently alerts routed to the Help Desk AI Opsgenie team", alert_records)

# ------------------------------------------------------------------------------------------------
# pilots.yaml: the help desk's AI portfolio. Eight pilots started in the last 90 days; three became
# owned production services. Ticket summarisation is in production without an on-call owner.
# ------------------------------------------------------------------------------------------------

pilots = [
    # id, name, startedAt, status, monitoring, onCallOwner, userPromise, productionAt
    ("PIL-027", "ticket triage", datetime(2026, 5, 4, 9, 0, tzinfo=UTC), "production", True, "helpdesk-ai-oncall",
     "A new ticket reaches the right queue within 4 hours.", datetime(2026, 10, 5, 8, 0, tzinfo=UTC)),
    ("PIL-031", "refund-risk scoring", datetime(2026, 9, 2, 9, 0, tzinfo=UTC), "production", True, "helpdesk-ai-oncall",
     "A low-risk refund is approved with one click.", datetime(2026, 10, 20, 8, 0, tzinfo=UTC)),
    ("PIL-032", "knowledge-base suggestions", datetime(2026, 9, 9, 9, 0, tzinfo=UTC), "production", True, "kb-platform-oncall",
     "Agents see three relevant articles next to every ticket.", datetime(2026, 11, 2, 8, 0, tzinfo=UTC)),
    ("PIL-033", "refund-approval agents", datetime(2026, 9, 16, 9, 0, tzinfo=UTC), "production", True, "helpdesk-ai-oncall",
     "A refund decision and payout within one business day.", datetime(2026, 11, 9, 8, 0, tzinfo=UTC)),
    ("PIL-034", "ticket summarisation", datetime(2026, 9, 28, 9, 0, tzinfo=UTC), "production", True, None,
     "Every escalated ticket carries a five-line summary.", datetime(2026, 11, 16, 8, 0, tzinfo=UTC)),
    ("PIL-035", "sentiment escalation", datetime(2026, 10, 5, 9, 0, tzinfo=UTC), "pilot", True, None, None, None),
    ("PIL-036", "reply drafts (es, fr)", datetime(2026, 10, 19, 9, 0, tzinfo=UTC), "pilot", False, None, None, None),
    ("PIL-037", "invoice-dispute classifier", datetime(2026, 10, 26, 9, 0, tzinfo=UTC), "retired", False, None, None, None),
    ("PIL-038", "voice-call transcription", datetime(2026, 11, 10, 9, 0, tzinfo=UTC), "exploring", False, None, None, None),
]
yaml_lines = [
    "# The help desk's AI portfolio from the innovation board's tracker.",
    "apiVersion: aiops-evidence/v1",
    "kind: pilots",
    f"collectedAt: \"{ts(COLLECTED_AT)}\"",
    "source: Innovation board portfolio tracker",
    "records:",
]
for pilot_id, name, started, status, monitored, owner, promise, production_at in pilots:
    yaml_lines += [f"  # {name}", f"  - id: {pilot_id}", f"    startedAt: {yaml_scalar(started)}",
                   f"    status: {status}", f"    monitoring: {yaml_scalar(monitored)}"]
    if owner:
        yaml_lines.append(f"    onCallOwner: {owner}")
    if promise:
        yaml_lines.append(f"    userPromise: {yaml_scalar(promise)}")
    if production_at:
        yaml_lines.append(f"    productionAt: {yaml_scalar(production_at)}")
write("pilots.yaml", "\n".join(yaml_lines) + "\n")

# ------------------------------------------------------------------------------------------------
# changes.jsonl: model, prompt, policy and pipeline changes from approval to production over the
# last month. The week's deployments match control-executions.yaml and incidents.json: CHG-1182
# (model 3.2.0) and CHG-1190 (prompt v7) were rolled back the same day.
# ------------------------------------------------------------------------------------------------

changes = [
    # id, type, approvedAt, deployedAt, rolledBackAt
    ("CHG-1148", "pipeline", datetime(2026, 10, 27, 9, 0, tzinfo=UTC), datetime(2026, 10, 28, 14, 0, tzinfo=UTC), None),
    ("CHG-1152", "model", datetime(2026, 10, 30, 10, 0, tzinfo=UTC), datetime(2026, 10, 31, 15, 30, tzinfo=UTC), None),
    ("CHG-1155", "prompt", at(2, 11, 0), at(2, 15, 20), None),
    ("CHG-1158", "policy", at(3, 9, 30), at(3, 10, 5), None),
    ("CHG-1161", "pipeline", at(4, 13, 0), at(5, 9, 40), None),
    ("CHG-1163", "model", at(9, 10, 0), at(10, 16, 0), None),
    ("CHG-1166", "pipeline", at(10, 14, 0), at(11, 10, 0), None),
    ("CHG-1168", "prompt", at(12, 9, 0), at(12, 11, 30), None),
    ("CHG-1171", "model", at(13, 10, 0), at(16, 9, 0), None),
    ("CHG-1173", "policy", at(17, 8, 0), at(17, 8, 40), None),
    ("CHG-1176", "pipeline", at(18, 15, 0), at(19, 10, 30), None),
    ("CHG-1178", "prompt", at(19, 16, 0), at(20, 9, 15), None),
    ("CHG-1182", "model", at(23, 10, 20), at(23, 15, 0), at(23, 16, 40)),
    ("CHG-1184", "model", at(23, 16, 30), at(23, 16, 40), None),
    ("CHG-1190", "prompt", at(24, 16, 0), at(25, 9, 58), at(25, 12, 25)),
    ("CHG-1191", "prompt", at(25, 12, 15), at(25, 12, 25), None),
    ("CHG-1193", "pipeline", at(26, 15, 0), at(27, 7, 55), None),
    ("CHG-1194", "pipeline", at(27, 9, 25), at(27, 9, 35), None),
    ("CHG-1196", "policy", at(27, 14, 0), None, None),
]
change_records = []
for change_id, kind, approved, deployed, rolled_back_at in changes:
    record = {"id": change_id, "type": kind, "approvedAt": ts(approved)}
    if deployed:
        record["deployedAt"] = ts(deployed)
    record["rolledBack"] = rolled_back_at is not None
    if rolled_back_at:
        record["rolledBackAt"] = ts(rolled_back_at)
    change_records.append(record)
write_ndjson("changes.jsonl", "changes", change_records)

# ------------------------------------------------------------------------------------------------
# agent-runs.ndjson: the refund-approval multi-agent workflow (intake, policy and payout agents)
# handles refunds under 200 EUR, about 20 a day. A reviewer samples every run afterwards: a few
# decisions were wrong, and a few were right only because an agent stepped in.
# ------------------------------------------------------------------------------------------------

r = stream("agent-runs")
agent_runs = []
moment = at(21, 6, 0)
number = 51_200
while True:
    moment += timedelta(minutes=r.uniform(20, 95) if 7 <= moment.hour < 20 else r.uniform(60, 240))
    if moment >= COLLECTED_AT:
        break
    number += 1
    agent_runs.append({"id": f"ra-{number}", "workflow": "refund-approval", "completedAt": moment.replace(microsecond=0),
                       "correct": True, "humanIntervened": False})
in_week = [a for a in agent_runs if a["completedAt"] >= WINDOW_START]
failed = r.sample(range(len(in_week)), 9)
for position, index in enumerate(failed):
    run = in_week[index]
    if position < 3:
        run["correct"] = False  # a wrong decision; the first was also escalated to a person
        run["humanIntervened"] = position == 0
    else:
        run["humanIntervened"] = True  # right, but only because an agent stepped in
write_ndjson("agent-runs.ndjson", "agent-runs",
             [dict(a, completedAt=ts(a["completedAt"])) for a in agent_runs])

# ================================================================================================
# Expected gate values (reference definitions; the engine's metric library is the authority)
# ================================================================================================


def parse(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def in_window(moment: datetime) -> bool:
    return WINDOW_START <= moment <= AS_OF


def pct(value: float) -> str:
    return f"{value * 100:.1f}%"


def hm(delta: timedelta) -> str:
    hours, rest = divmod(round(delta.total_seconds()), 3600)
    minutes, seconds = divmod(rest, 60)
    return (f"{hours}h" if hours else "") + f"{minutes}m" + (f"{seconds}s" if seconds else "")


results = []


def verdict(gate, severity, value_text, passed, note):
    results.append((gate, severity, value_text, "pass" if passed else "FAIL", note))


# SlaAttainment: runs (whole, or of one step) started and ended in the window that met the time
# target AND had the quality outcome, over all such runs.
def sla(step, time_target, quality):
    selected = [r for r in runs if r.get("step") == step
                and in_window(parse(r["startedAt"])) and in_window(parse(r["endedAt"]))]
    met = [r for r in selected
           if parse(r["endedAt"]) - parse(r["startedAt"]) <= time_target and r["outcome"] == quality]
    met_time = [r for r in selected if parse(r["endedAt"]) - parse(r["startedAt"]) <= time_target]
    return len(met), len(met_time), len(selected)


met, met_time, total = sla(None, TRIAGE_SLA_TIME, TRIAGE_SLA_QUALITY)
verdict("triage-sla", "block", f"{pct(met / total)} ({met}/{total})", met / total >= 0.95,
        f"time only: {met_time}/{total}")
met, met_time, total = sla("inference", INFERENCE_SLA_TIME, INFERENCE_SLA_QUALITY)
verdict("triage-inference-sla", "block", f"{pct(met / total)} ({met}/{total})", met / total >= 0.95,
        f"time only: {met_time}/{total}")

# IncidentRate: incidents opened in the window that required a change, per 1,000 transactions.
window_incidents = [i for i in incidents if i["workflow"] == "ticket-triage" and in_window(i["openedAt"])]
changed = [i for i in window_incidents if i["requiredChange"]]
volume = sum(c for w, s, e, c in transactions if w == "ticket-triage" and in_window(s) and in_window(e))
rate = len(changed) / volume * 1000
verdict("triage-incident-rate", "block", f"{rate:.3f} per 1,000 ({len(changed)}/{volume})", rate <= 2,
        f"all incidents: {len(window_incidents) / volume * 1000:.3f}")

# MeanTimeToRecover: mean of recoveredAt - openedAt over recovered incidents opened in the window.
recovered = [i for i in window_incidents if "recoveredAt" in i]
mttr = sum((i["recoveredAt"] - i["openedAt"] for i in recovered), timedelta()) / len(recovered)
from_detection = sum((i["recoveredAt"] - i["detectedAt"] for i in recovered), timedelta()) / len(recovered)
verdict("triage-mttr", "block", f"{hm(mttr)} ({len(recovered)} incidents)", mttr <= timedelta(hours=4),
        f"from detection: {hm(from_detection)}")

# incidents-recovered: no open incident and IncidentRate < 5.
still_open = [i for i in incidents if "recoveredAt" not in i]
verdict("incidents-recovered", "block", f"{len(still_open)} open, rate {rate:.3f}",
        not still_open and rate < 5, "condition only")

# incident-detection-delay: incidents in the window detected more than 15 minutes after opening.
late = [i for i in incidents if in_window(i["openedAt"]) and i["detectedAt"] - i["openedAt"] > timedelta(minutes=15)]
verdict("incident-detection-delay", "warn", f"{len(late)} ({', '.join(i['id'] for i in late)})", len(late) <= 1, "")


# IntegrationHealth: critical connectors whose every daily check in the window passed, over all
# critical connectors. A check passes when auth is valid, the schema hash matches (the pinned one,
# or the previous day's), and latency, error rate and delivered ratio are within thresholds.
def check_passes(check, previous_hash):
    critical, max_latency, max_error, min_ratio, pinned = CONNECTORS[check["connector"]]
    expected_hash = pinned or previous_hash or check["schemaHash"]
    return (check["authValid"] and check["schemaHash"] == expected_hash
            and check["latencyMs"] <= max_latency
            and (max_error is None or check["errorRate"] <= max_error)
            and check["rowsDelivered"] / check["rowsExpected"] >= min_ratio)


failing_days = []
healthy = []
critical_days = passing_days = 0
for connector, (critical, *_rest) in CONNECTORS.items():
    previous = None
    all_pass = True
    for check in [c for c in checks if c["connector"] == connector]:
        ok = check_passes(check, previous)
        previous = check["schemaHash"]
        if not ok:
            failing_days.append(f"{connector} {check['day']}")
        if critical:
            critical_days += 1
            passing_days += ok
            all_pass &= ok
    if critical and all_pass:
        healthy.append(connector)
critical_count = sum(1 for c in CONNECTORS.values() if c[0])
health = len(healthy) / critical_count
verdict("integration-health", "warn", f"{pct(health)} ({len(healthy)}/{critical_count})", health >= 1.0,
        f"connector-days: {passing_days}/{critical_days}; failing checks: {'; '.join(failing_days)}")


# ComplianceCoverage: required controls that are declared automated AND have a passing automated
# execution in every cadence period of the window (counting back from as-of), over required controls.
def evidenced(control, cadence):
    ran = sorted(e[0] for e in executions if e[1] == control and e[2] == "automated" and e[3] == "pass")
    period_end = AS_OF
    while period_end > WINDOW_START:
        period_start = max(period_end - cadence, WINDOW_START)
        if not any(period_start <= r < period_end for r in ran):
            return False
        period_end = period_start
    return True


required = [name for name, (req, _, _) in CONTROLS.items() if req]
covered = [name for name in required if CONTROLS[name][1] and evidenced(name, CONTROLS[name][2])]
coverage = len(covered) / len(required)
verdict("compliance-coverage", "block", f"{pct(coverage)} ({len(covered)}/{len(required)})", coverage >= 0.8,
        "not covered: " + ", ".join(sorted(set(required) - set(covered))))


# RaiScorecard: models in the rubric whose latest evaluation passes every check.
def passes_rubric(evaluation):
    accuracies = [metrics["accuracy"] for metrics in evaluation["groups"].values()]
    return (max(accuracies) - min(accuracies) <= 0.05
            and evaluation["privacy"]["pii-leak-test"]
            and evaluation["explainability"] in ("local", "full")
            and evaluation["safety"]["toxicity"] and evaluation["safety"]["jailbreak"]
            and evaluation["humanOversight"]["override-available"]
            and evaluation["humanOversight"]["escalation-path"])


passing_models = [e["model"] for e in evaluations if e["model"] in RUBRIC_MODELS and passes_rubric(e)]
score = len(passing_models) / len(RUBRIC_MODELS)
gaps = {e["model"]: max(g["accuracy"] for g in e["groups"].values()) - min(g["accuracy"] for g in e["groups"].values())
        for e in evaluations}
verdict("rai-scorecard", "block", f"{pct(score)} ({len(passing_models)}/{len(RUBRIC_MODELS)})", score >= 1.0,
        "accuracy gaps: " + ", ".join(f"{m} {g:.3f}" for m, g in gaps.items()))

# triage-manual-fallbacks: whole runs in the window that ended in the manual-review queue.
fallbacks = [r for r in runs if "step" not in r and r["outcome"] == "manual-review-needed"
             and parse(r["endedAt"]) >= AS_OF - WINDOW]
verdict("triage-manual-fallbacks", "warn", str(len(fallbacks)), len(fallbacks) <= 3, "")


# --- The gates in gates-reliability.yaml, gates-data.yaml, gates-value.yaml, gates-risk.yaml and
# gates-scale.yaml. Windows here are half-open, [start, end), as the engine resolves them.


def within(moment: datetime, start: datetime = WINDOW_START, end: datetime = AS_OF) -> bool:
    return start <= moment < end


def nearest_rank(values, percent):
    ordered = sorted(values)
    return ordered[max(1, math.ceil(percent / 100 * len(ordered))) - 1]


def span(seconds: float) -> str:
    return hm(timedelta(seconds=seconds)) if seconds < 86400 else \
        f"{int(seconds // 86400)}d" + (hm(timedelta(seconds=seconds % 86400)) if seconds % 86400 else "")


# Reliability: the parts of recovery, over incidents detected in the window.
detected = [i for i in incidents if within(i["detectedAt"]) and "recoveredAt" in i]
diagnose = [(i["diagnosedAt"] - i["detectedAt"]).total_seconds() for i in detected if "diagnosedAt" in i]
fix = [(i["recoveredAt"] - i["diagnosedAt"]).total_seconds() for i in detected if "diagnosedAt" in i]
recover = [(i["recoveredAt"] - i["detectedAt"]).total_seconds() for i in detected]
value = nearest_rank(diagnose, 50)
verdict("triage-time-to-diagnose", "block", f"median {span(value)} ({len(diagnose)} diagnosed incidents)",
        value <= 45 * 60, "INC-4486 has no diagnosis time")
value = nearest_rank(fix, 90)
verdict("triage-time-to-fix", "warn", f"p90 {span(value)} ({len(fix)} incidents)", value <= 2 * 3600, "")
value = max(recover)
verdict("triage-worst-recovery", "block", f"max {span(value)} ({len(recover)} incidents)", value <= 2 * 3600, "")


def incident_rate(start, end, incident_list, transaction_list):
    counted = [i for i in incident_list if within(i["detectedAt"], start, end) and i["requiredChange"]
               and i["cause"] in ("model", "data-pipeline", "prompt", "workflow-logic")]
    volume_ = sum(c for w, s, e, c in transaction_list if w == "ticket-triage" and within(s, start, end))
    return len(counted) * 1000 / volume_, len(counted), volume_


this_week = incident_rate(WINDOW_START, AS_OF, incidents, transactions + previous_transactions)
last_week = incident_rate(PREVIOUS_START, WINDOW_START, incidents + previous_incidents, transactions + previous_transactions)
verdict("triage-incident-rate-trend", "block",
        f"{this_week[0]:.3f} ({this_week[1]}/{this_week[2]}) <= {last_week[0]:.3f} ({last_week[1]}/{last_week[2]})",
        this_week[0] <= last_week[0], "week over week")


# Data and systems.
def lags(dataset, stage=None):
    return [f[3] for f in freshness if f[0] == dataset and (stage is None or f[1] == stage) and within(f[2])]


value = nearest_rank(lags("tickets", "source-to-pipeline"), 50)
verdict("tickets-ingestion-freshness", "block", f"median {value}s", value <= 60, "")
value = nearest_rank(lags("tickets", "feature-store-to-dashboard"), 90)
verdict("tickets-dashboard-freshness", "warn", f"p90 {span(value)}", value <= 75 * 60, "")
series = lags("kb-articles", "source-to-pipeline")
stale = [lag for lag in series if lag > 6 * 3600]
verdict("kb-articles-stale-share", "warn", f"{pct(len(stale) / len(series))} ({len(stale)}/{len(series)})",
        len(stale) / len(series) <= 0.05, f"{len(freshness)} freshness rows in all")
# Fragmentation is read from workflows.yaml, not from evidence (mirrored here by hand).
TRIAGE_CHAIN = ["zendesk", "kafka", "feature-store", "triage-model", "servicenow", "powerbi"]
TRIAGE_STEP_SYSTEMS = ["kafka", "feature-store", "triage-model", "servicenow"]
handoffs = sum(1 for a, b in zip(["zendesk"] + TRIAGE_STEP_SYSTEMS, TRIAGE_STEP_SYSTEMS) if a != b)
verdict("triage-fragmentation", "warn", f"{len(TRIAGE_CHAIN)} systems", len(TRIAGE_CHAIN) <= 6, "")
verdict("triage-handoffs", "warn", f"{handoffs} handoffs", handoffs <= 4, "")
verdict("refund-duplicate-sources", "block", "0 duplicate sources", True, "one connector per system")

# Value.
lines_in = [v for v in value_lines if within(v["periodStart"])]
benefits = sum(v["amount"] for v in lines_in if v["type"] == "benefit")
costs = sum(v["amount"] for v in lines_in if v["type"] == "cost")
roi = (benefits - costs) / costs
verdict("triage-roi", "warn", f"{pct(roi)} ((benefits {benefits:,.2f} - costs {costs:,.2f}) / costs, EUR)",
        roi >= 1.0, f"{len(lines_in)} lines")
latest = max(case_effort, key=lambda c: c["measuredAt"])
removed = (latest["minutesBefore"] - (latest["minutesAfter"] + sum(s["minutes"] for s in latest.get("addedSteps", []))))\
    * latest["monthlyVolume"] / 60
verdict("triage-work-removed", "block", f"{removed:.2f} h/month", removed >= 200, "")
after = [c for d, c, p in throughput if p == "after" and within(d)]
baseline = [c for d, c, p in throughput if p == "baseline"]
after_mean, baseline_mean = sum(after) / len(after), sum(baseline) / len(baseline)
verdict("triage-throughput", "warn", f"{after_mean:.2f} cases/day ({len(after)} days)", after_mean >= 1000, "")
change = (after_mean - baseline_mean) / baseline_mean
verdict("triage-throughput-change", "block", f"{pct(change)} (baseline {baseline_mean:.2f}/day)", change >= 0.10, "")

# Risk.
ci_controls = ["pii-scan", "prompt-injection-tests"]  # enforcedAt includes ci (controls.yaml)
ci_covered = [c for c in ci_controls
              if any(e[1] == c and e[2] == "automated" and e[3] != "error" and AS_OF - CONTROLS[c][2] <= e[0] <= AS_OF
                     for e in executions)]
verdict("ci-compliance-coverage", "block", f"{pct(len(ci_covered) / len(ci_controls))} ({len(ci_covered)}/{len(ci_controls)})",
        len(ci_covered) == len(ci_controls), "")


def gaps(kind, model=None):
    result = []
    for name in MODELS:
        if model and name != model:
            continue
        times = sorted(c["ranAt"] for c in monitoring_checks if c["model"] == name and c["type"] == kind and within(c["ranAt"]))
        result += [((times[i + 1] if i + 1 < len(times) else AS_OF) - times[i]).total_seconds() for i in range(len(times))]
    return result


value = max(gaps("drift"))
verdict("drift-monitoring-gap", "warn", f"max {span(value)} (median {span(nearest_rank(gaps('drift'), 50))})",
        value <= 26 * 3600, "refund-risk skipped the 25th")
value = nearest_rank(gaps("bias", "triage-classifier"), 50)
verdict("bias-audit-cadence", "block", f"median {span(value)}", value <= 7 * 86400, "")
in_window_alerts = [a for a in alerts if within(a[3])]
on_time = [a for a in in_window_alerts if a[4] - a[3] <= timedelta(hours=4)]
verdict("alerts-triaged", "block", f"{pct(len(on_time) / len(in_window_alerts))} ({len(on_time)}/{len(in_window_alerts)})",
        len(on_time) / len(in_window_alerts) >= 0.8, "missed: " + ", ".join(a[0] for a in in_window_alerts if a not in on_time))

# Scale.
cohort = [p for p in pilots if within(p[2], AS_OF - timedelta(days=90))]
owned = [p for p in cohort if p[3] == "production" and p[4] and p[5] and p[6]]
verdict("pilot-conversion", "warn", f"{pct(len(owned) / len(cohort))} ({len(owned)}/{len(cohort)})",
        len(owned) / len(cohort) >= 0.3, "")


def deploy_times(kind=None):
    result = []
    for change_id, change_kind, approved, deployed, rolled_back_at in changes:
        if deployed is None or not within(deployed, AS_OF - timedelta(days=30)) or (kind and change_kind != kind):
            continue
        if rolled_back_at is not None and rolled_back_at <= deployed + timedelta(days=7):
            continue
        if rolled_back_at is None and deployed + timedelta(days=7) > AS_OF:
            continue
        result.append((deployed - approved).total_seconds())
    return result


value = nearest_rank(deploy_times(), 90)
verdict("safe-deploy-time", "block", f"p90 {span(value)} ({len(deploy_times())} safe changes)", value <= 2 * 86400, "")
value = nearest_rank(deploy_times("model"), 50)
verdict("model-deploy-time", "warn", f"median {span(value)} ({len(deploy_times('model'))} safe model changes)",
        value <= 2 * 86400, "")

# ------------------------------------------------------------------------------------------------
# deployments.json: every production deployment of ticket-triage over the last month, from the
# deployment pipeline: one per deployed change (the rollbacks of the 23rd and 25th are the
# deployments of CHG-1184 and CHG-1191), a failed deployment of the 21st that was retried, and the
# staging deployments before two model releases. The DORA keys read them with the incidents above:
# an incident belongs to the latest successful production deployment finished before it opened.
# ------------------------------------------------------------------------------------------------

deployments = []
for change_id, change_kind, approved, deployed, rolled_back_at in changes:
    if deployed is not None:
        deployments.append({"id": "DEP-" + change_id[4:], "service": "ticket-triage", "environment": "production",
                            "result": "success", "startedAt": ts(deployed - timedelta(minutes=9)), "finishedAt": ts(deployed)})
deployments.append({"id": "DEP-1180", "service": "ticket-triage", "environment": "production", "result": "failure",
                    "startedAt": ts(at(21, 14, 2)), "finishedAt": ts(at(21, 14, 11))})
deployments.append({"id": "DEP-1181", "service": "ticket-triage", "environment": "staging", "result": "success",
                    "startedAt": ts(at(22, 10, 0)), "finishedAt": ts(at(22, 10, 8))})
deployments.append({"id": "DEP-1170", "service": "ticket-triage", "environment": "staging", "result": "success",
                    "startedAt": ts(at(15, 16, 0)), "finishedAt": ts(at(15, 16, 7))})
deployments.sort(key=lambda d: (d["finishedAt"], d["id"]))
write_json_envelope("deployments.json", "deployments", "deployment pipeline (Argo CD)", deployments)

# costs.json: what ticket triage cost before the AI (September, before go-live on 2026-10-05) and
# with it (November so far): cloud (the AI's inference makes it dearer), the outsourced triage
# contractor (vendor), and the specialists' hours (labour, at the 38 EUR/h wage rate the business
# case uses).
cost_lines = [
    {"id": "COST-2609-cloud", "workflow": "ticket-triage", "category": "cloud", "phase": "baseline", "amount": 4200,
     "currency": "EUR", "periodStart": "2026-09-01T00:00:00Z", "periodEnd": "2026-10-01T00:00:00Z"},
    {"id": "COST-2609-vendor", "workflow": "ticket-triage", "category": "vendor", "phase": "baseline", "amount": 18000,
     "currency": "EUR", "periodStart": "2026-09-01T00:00:00Z", "periodEnd": "2026-10-01T00:00:00Z",
     "assumptions": {"contractor": "Triage Partners Ltd", "seats": 6}},
    {"id": "COST-2609-labour", "workflow": "ticket-triage", "category": "labour", "phase": "baseline", "hours": 1900,
     "periodStart": "2026-09-01T00:00:00Z", "periodEnd": "2026-10-01T00:00:00Z"},
    {"id": "COST-2611-cloud", "workflow": "ticket-triage", "category": "cloud", "phase": "current", "amount": 6100,
     "currency": "EUR", "periodStart": "2026-11-01T00:00:00Z", "periodEnd": "2026-11-28T00:00:00Z",
     "assumptions": {"inferenceCalls": 412000}},
    {"id": "COST-2611-vendor", "workflow": "ticket-triage", "category": "vendor", "phase": "current", "amount": 3500,
     "currency": "EUR", "periodStart": "2026-11-01T00:00:00Z", "periodEnd": "2026-11-28T00:00:00Z",
     "assumptions": {"contractor": "Triage Partners Ltd", "seats": 1}},
    {"id": "COST-2611-labour", "workflow": "ticket-triage", "category": "labour", "phase": "current", "hours": 760,
     "periodStart": "2026-11-01T00:00:00Z", "periodEnd": "2026-11-28T00:00:00Z"},
]
write_json_envelope("costs.json", "costs", "finance cost export", cost_lines)

# DORA keys over the last 30 days.
month_start = AS_OF - timedelta(days=30)
production = sorted((parse(d["finishedAt"]), d["id"]) for d in deployments
                    if d["environment"] == "production" and d["result"] == "success")
in_month = [d for d in production if within(d[0], month_start)]
verdict("deployment-frequency", "warn", f"{len(in_month) / (30 / 7):.2f} a week ({len(in_month)} deployments)",
        len(in_month) / (30 / 7) >= 2, "")


def moment_of(value):
    return value if isinstance(value, datetime) else parse(value)


def attributed(incident):
    opened = moment_of(incident["openedAt"])
    before = [d for d in production if d[0] < opened]
    return before[-1] if before else None


all_incidents = incidents + previous_incidents
failed = {attributed(i)[1] for i in all_incidents if attributed(i) and within(attributed(i)[0], month_start)}
verdict("change-failure-rate", "warn", f"{pct(len(failed) / len(in_month))} ({len(failed)}/{len(in_month)}: {', '.join(sorted(failed))})",
        len(failed) / len(in_month) <= 0.6, "")
recoveries = [(moment_of(i["recoveredAt"]) - attributed(i)[0]).total_seconds() for i in all_incidents
              if i.get("recoveredAt") and attributed(i) and within(moment_of(i["recoveredAt"]), month_start)]
value = nearest_rank(recoveries, 50)
verdict("failed-deployment-recovery", "warn", f"median {span(value)} ({len(recoveries)} incidents)", value <= 86400, "")
saved = 0.0
for category in ("cloud", "vendor", "labour"):
    def money(line):
        return line["amount"] if "amount" in line else line["hours"] * 38
    base = [c for c in cost_lines if c["category"] == category and c["phase"] == "baseline"]
    per_day = sum(money(c) for c in base) / sum((parse(c["periodEnd"]) - parse(c["periodStart"])).total_seconds() / 86400 for c in base)
    for c in cost_lines:
        if c["category"] == category and c["phase"] == "current" and within(parse(c["periodStart"]), month_start):
            saved += per_day * (parse(c["periodEnd"]) - parse(c["periodStart"])).total_seconds() / 86400 - money(c)
verdict("triage-cost-savings", "warn", f"{saved:,.2f} EUR", saved >= 20000, "")

week_runs = [a for a in agent_runs if within(a["completedAt"])]
good = [a for a in week_runs if a["correct"] and not a["humanIntervened"]]
wrong = [a["id"] for a in week_runs if not a["correct"]]
rescued = [a["id"] for a in week_runs if a["correct"] and a["humanIntervened"]]
verdict("refund-agent-success", "block", f"{pct(len(good) / len(week_runs))} ({len(good)}/{len(week_runs)})",
        len(good) / len(week_runs) >= 0.9, f"wrong: {', '.join(wrong)}; rescued: {', '.join(rescued)}")

# ------------------------------------------------------------------------------------------------
# refund-approval.workflow-runs.ndjson: traced refund requests (whole runs plus one record per step),
# from their own random stream so the ticket traces above keep their bytes. 30 refunds a week: risk
# scoring in seconds, approval by an agent (one click) or a team lead (hours), payout through Stripe.
# One approval waited 9h over a weekend (the 8h step SLA), so the approval step sits at 29/30 while
# the whole runs all finish inside Finance's one-day promise.
refund_rng = stream("refund-runs")
refund_starts = []
while len(refund_starts) < 30:
    candidate = earliest + timedelta(seconds=refund_rng.uniform(0, (at(27, 12, 0) - earliest).total_seconds()))
    if refund_rng.random() < hour_weight(candidate):
        refund_starts.append(candidate.replace(microsecond=(candidate.microsecond // 1000) * 1000))
refund_starts.sort()
slow_approval = refund_rng.randrange(3, 27)
refund_runs = []
refund_number = 51_870
for index, start in enumerate(refund_starts):
    refund_number += refund_rng.randint(7, 23)
    run_id = f"ra-{refund_number}"
    t = start
    steps = []
    duration = refund_rng.uniform(0.8, 6.5)
    steps.append(("risk-scoring", t, t + ms(duration), "ok"))
    t = t + ms(duration) + ms(refund_rng.uniform(1, 30))
    if index == slow_approval:
        duration = 9 * 3600 + refund_rng.uniform(0, 1800)
    elif refund_rng.random() < 0.7:
        duration = refund_rng.uniform(2 * 60, 25 * 60)  # low risk: one click by the agent
    else:
        duration = refund_rng.uniform(40 * 60, 5 * 3600)  # a team lead approves
    steps.append(("approval", t, t + ms(duration), "ok"))
    t = t + ms(duration) + ms(refund_rng.uniform(5, 120))
    duration = refund_rng.uniform(2 * 60, 40 * 60)
    steps.append(("payout", t, t + ms(duration), "ok"))
    end = t + ms(duration)
    refund_runs.append({"id": run_id, "workflow": "refund-approval",
                        "startedAt": ts(start), "endedAt": ts(end), "outcome": "ok"})
    for name, step_start, step_end, outcome in steps:
        refund_runs.append({"id": f"{run_id}-{name}", "workflow": "refund-approval", "step": name,
                            "startedAt": ts(step_start), "endedAt": ts(step_end), "outcome": outcome})
write_ndjson("refund-approval.workflow-runs.ndjson", "workflow-runs", refund_runs)

# ------------------------------------------------------------------------------------------------
print(f"wrote {len(runs)} workflow runs ({TRACED} whole) and {len(refund_runs)} refund-approval run records, {len(incidents)} incidents, "
      f"{len(transactions)} transaction rows, {len(checks)} connector checks, "
      f"{len(executions)} control executions, {len(evaluations)} model evaluations to {OUT}")
print(f"the week before: {len(previous_transactions)} transaction rows, {len(previous_incidents)} incidents; also "
      f"{len(freshness)} freshness measurements, {len(value_lines)} value lines, {len(case_effort)} case-effort studies, "
      f"{len(throughput)} throughput days, {len(monitoring_checks)} monitoring checks, {len(alerts)} alerts, "
      f"{len(pilots)} pilots, {len(changes)} changes, {len(agent_runs)} agent runs, {len(deployments)} deployments, "
      f"{len(cost_lines)} cost lines")
print(f"window {ts(WINDOW_START)} .. {ts(AS_OF)}; ticket-triage transactions in window: {volume}")
print()
width = max(len(r[0]) for r in results)
for gate, severity, value, outcome, note in results:
    print(f"{gate:<{width}}  {severity:<5}  {outcome:<4}  {value}" + (f"   [{note}]" if note else ""))
blocked = [r[0] for r in results if r[3] == "FAIL" and r[1] == "block"]
warned = [r[0] for r in results if r[3] == "FAIL" and r[1] == "warn"]
print()
print(f"decision: {'BLOCKED by ' + ', '.join(blocked) if blocked else 'pass'}"
      + (f"; warnings: {', '.join(warned)}" if warned else ""))
