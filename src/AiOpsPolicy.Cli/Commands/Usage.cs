// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Text;

namespace AiOpsPolicy.Cli.Commands;

/// <summary>The help text and usage errors.</summary>
internal static class Usage
{
    public const string Text = """
        aiops-policy: metrics-as-code policy gates for AI operations

        Usage:
          aiops-policy validate [PATH ...] [--format text|sarif|github] [--output FILE]
                                [--repo-root DIR] [--as-of TIME] [--cache-dir DIR] [--no-cache] [--config FILE]
              Check policy files: YAML, schemas, references and every C# expression; with --config (or
              $AIOPS_POLICY_CONFIG) also the operator configuration and the store names policies use.
              --format sarif writes the diagnostics as SARIF 2.1.0 (to FILE, or to standard output).
              Exit 0 when valid, 2 when not.

          aiops-policy gate (--policies DIR | --bundle FILE) --evidence DIR [--format FORMAT[,FORMAT...]] [--output DIR]
                            [--json FILE] [--repo-root DIR] [--as-of TIME]
                            [--cache-dir DIR] [--no-cache] [--no-color]
                            [--record TARGET [--require-record]] [--history TARGET] [--config FILE]
                            [--trusted-key FILE ...] [--allow-unsigned]
              Evaluate every gate against the evidence and decide whether a deployment may go ahead.
              Exit 0 allowed (warnings allowed), 1 blocked, 2 invalid input or usage, or a report
              that could not be written.

          aiops-policy collect --sources FILE --out DIR [--as-of TIME] [--window 30d]
              Collect evidence from the operator's sources (Prometheus, Git, OTLP traces; docs/collect.md) into
              ordinary evidence files, each with a provenance record. Exit 0 when every source was
              collected, 2 when the sources file is not valid or a source failed (its evidence is
              then marked incomplete, so gates that need it are insufficient-evidence).
          aiops-policy gate ... --collect FILE [--collect-out DIR] [--window 30d]
              Collect first, then gate on the collected evidence (and any --evidence DIR).
          aiops-policy receive --out DIR [--listen 127.0.0.1:4318] [--for DURATION]
              Receive OpenTelemetry traces (OTLP/HTTP, protobuf or JSON) and keep them in DIR for an
              otlp evidence source. Runs until Ctrl+C (or for DURATION).

          aiops-policy build --policies DIR [--output FILE] [--sign-key FILE]
              Validate and compile a policy set into a bundle that 'gate --bundle' runs without the
              compiler, signed with --sign-key (or $AIOPS_POLICY_SIGNING_KEY). 'gate --bundle' refuses an
              unsigned bundle, an unknown key, a different engine build or an altered bundle. Exit 0 built, 2 invalid.
          aiops-policy keygen --output NAME
              Make a signing key pair: NAME.key (private, 0600) and NAME.pub (public, to trust).
          aiops-policy verify BUNDLE [--trusted-key FILE ...] [--config FILE] [--allow-unsigned]
              Check a bundle's signature and digests, and rebuild its assembly from its own policy files
              to compare byte for byte. Exit 0 verified, 2 not.

          aiops-policy serve [--config FILE] [--urls URL[,URL...]] [--for DURATION]
              The decision service (docs/service.md): POST /v1/policy-sets/NAME/decisions with evidence inline
              or by reference, decisions logged in PostgreSQL, tenants and tokens from the operator
              configuration's 'service' section. Listens on --urls (default http://127.0.0.1:8080) unless
              service.kestrel declares endpoints. Runs until SIGINT or SIGTERM (or for DURATION).
          aiops-policy token
              Make a decision-service token; prints it and the sha256 hash the configuration stores.

          aiops-policy test | diff | eval      policy unit tests, semantic diffs, ad-hoc expressions;
                                               run each with --help (see docs/commands.md)

          aiops-policy coverage --store TARGET [--period week|month] [--by none|team|enforcement-point]
                                [--policy-set NAME] [--since T] [--until T] [--format text|markdown|json]
          aiops-policy coverage --store TARGET --catalog FILE [--policy-set NAME] [--since T] [--until T]
          aiops-policy history --store TARGET (--gate NAME | --metric NAME | --flips | --waivers)
                               [--policy-set NAME] [--top N] [--since T] [--until T] [--format text|markdown]
              Control coverage over time (by team, the team that pulls the organisation down), coverage
              of an OSCAL catalog or profile by the latest run, a gate's or metric's trend, the gates
              that flip most, the waivers renewed most, from runs recorded with gate --record
              (see docs/history.md). TARGET may also be a name the operator configuration declares
              (--config FILE or $AIOPS_POLICY_CONFIG, historyStores).
          aiops-policy review --store TARGET [--policy-set NAME] [--week YYYY-Www] [--format html,markdown] [--output DIR]
              The weekly review: the five metric groups against the previous week, failed gates,
              findings, coverage by team and waivers about to expire (see docs/reports.md).

          aiops-policy --version | --help

        --format F      report formats, comma-separated or repeated: json, junit, sarif, markdown, html,
                        gitlab (files in --output DIR) and github (annotations on standard output)
        --output DIR    the folder reports are written to (default: the current directory)
        --json FILE     write the JSON report to FILE (same as --format json, with a file name of your own)
        --repo-root DIR the folder report paths are relative to (default: the current directory)
        --record TARGET record the run in a history store: a SQLite file, a PostgreSQL connection
                        string or a store the operator configuration declares (default: $AIOPS_POLICY_HISTORY); --require-record makes a failed
                        recording exit 2 (see docs/history.md)
        --history TARGET the store gate baselines are read from (default: --record, else
                        $AIOPS_POLICY_HISTORY, else the PolicySet's spec.history.store)
        --config FILE   the operator configuration: named history stores and trusted bundle keys
                        (default: $AIOPS_POLICY_CONFIG; never read from the policy folder; docs/configuration.md)
        --trusted-key F a public key (PEM) whose bundle signatures gate --bundle accepts; repeatable
        --allow-unsigned run a bundle that is unsigned or signed by an unknown key (a warning on every run)
        --as-of TIME    the evaluation time (ISO 8601 with offset); default: now, recorded in the report
        --cache-dir DIR where compiled policy sets are cached (default: $AIOPS_POLICY_CACHE or ~/.cache/aiops-policy)
        See docs/reports.md for what each format holds and how CI shows it.
        """;

    public static int Fail(IConsole console, string problem)
    {
        console.Err.WriteLine(Reporting.ConsoleText.Inline(Diagnostic.Create(DiagnosticCatalog.Usage, SourceLocation.None, problem).ToString()));
        return ExitCodes.InvalidInput;
    }
}
