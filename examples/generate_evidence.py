#!/usr/bin/env python3
"""Generates the example evidence in examples/evidence/ for the policy set in policies/helpdesk/.

Northwind Help Desk, AI ticket triage: one week of evidence, collected at 2026-11-28T06:00:00Z,
for a gate run with `--as-of 2026-11-28T12:00:00Z` (window: the 7 days before as-of).

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

# ------------------------------------------------------------------------------------------------
print(f"wrote {len(runs)} workflow runs ({TRACED} whole), {len(incidents)} incidents, "
      f"{len(transactions)} transaction rows, {len(checks)} connector checks, "
      f"{len(executions)} control executions, {len(evaluations)} model evaluations to {OUT}")
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
