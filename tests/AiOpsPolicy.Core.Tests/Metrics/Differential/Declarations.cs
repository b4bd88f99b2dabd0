// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text;

namespace AiOpsPolicy.Core.Tests.Metrics.Differential;

/// <summary>An SLA (or a step's): a time target, a quality outcome, either, both or neither.</summary>
internal sealed record SlaDecl(TimeSpan? Time, string? Quality);

/// <summary>A workflow step.</summary>
internal sealed record StepDecl(string Name, string? System, SlaDecl? Sla);

/// <summary>A workflow: trigger, systems, SLA and steps.</summary>
internal sealed record WorkflowDecl(string Name, string? Trigger, List<string> Systems, SlaDecl? Sla, List<StepDecl> Steps)
{
    public StepDecl Step(string name) => Steps.Single(s => s.Name == name);
}

/// <summary>A connector and its daily-check thresholds (null: not declared).</summary>
internal sealed record ConnectorDecl(string Name, string System, bool Critical, List<string> Workflows, bool? Auth, string? SchemaHash, double? MaxLatencyMs, double? MaxErrorRate, double? MinDeliveredRatio);

/// <summary>A governance control.</summary>
internal sealed record ControlDecl(string Name, bool Required, bool Automated, List<string> EnforcedAt, TimeSpan? Cadence);

/// <summary>
/// The declarations one group of evidence sets is evaluated with, drawn at random: workflow SLAs,
/// the fragmentation workflows' systems and steps, connectors and their thresholds, controls, the
/// rubric's models and the tolerated invalid shares. The gates are the same for every group (one
/// compilation serves them all); only what they refer to changes.
/// </summary>
internal sealed class Declarations
{
    /// <summary>The workflows whose shapes the fragmentation metrics are checked on, per group.</summary>
    public const int FragmentationWorkflows = 10;

    public static readonly string[] SystemPool = ["zendesk", "kafka", "feature-store", "triage-model", "servicenow"];

    public static readonly string[] Models = ["m0", "m1", "m2", "m3"];

    public static readonly string[] EnforcementPoints = ["ci", "cd-gate", "runtime"];

    private readonly Dictionary<string, double> _tolerances = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _toleranceTexts = new(StringComparer.Ordinal);

    public required WorkflowDecl Wf { get; init; }

    public required WorkflowDecl Wc { get; init; }

    public required List<WorkflowDecl> Fragmented { get; init; }

    public required List<ConnectorDecl> Connectors { get; init; }

    public required List<ControlDecl> Controls { get; init; }

    /// <summary>Gets the rubric's models, or null when it names none (every evaluated model).</summary>
    public List<string>? RubricModels { get; init; }

    public IEnumerable<WorkflowDecl> Workflows => new[] { Wf, Wc }.Concat(Fragmented);

    public WorkflowDecl Workflow(string name) => Workflows.Single(w => w.Name == name);

    /// <summary>The tolerated invalid share of a kind: 0 unless the policy set says otherwise.</summary>
    public double Tolerance(string kind) => _tolerances.GetValueOrDefault(kind);

    public static Declarations Draw(Random random, IEnumerable<string> kinds)
    {
        SlaDecl? Sla(TimeSpan time, bool allowNone) => random.Next(8) switch
        {
            0 => new SlaDecl(time, null),
            1 => new SlaDecl(null, "ok"),
            2 when allowNone => null,
            3 when allowNone => new SlaDecl(null, null),
            _ => new SlaDecl(time, "ok"),
        };

        var fragmented = Enumerable.Range(0, FragmentationWorkflows).Select(i =>
        {
            var systems = SystemPool.OrderBy(_ => random.Next()).Take(random.Next(0, SystemPool.Length + 1)).ToList();
            // The trigger must be one of the declared systems (AOP2006): the first, another one, or none.
            var trigger = systems.Count == 0 ? null : random.Next(4) switch { 0 => null, 1 => systems[random.Next(systems.Count)], _ => systems[0] };
            var steps = Enumerable.Range(0, random.Next(1, 6))
                .Select(s => new StepDecl($"st{s}", systems.Count > 0 && random.Next(5) > 0 ? systems[random.Next(systems.Count)] : null, null)).ToList();
            return new WorkflowDecl($"fw{i}", trigger, systems, null, steps);
        }).ToList();

        var connectors = Enumerable.Range(0, 6).Select(i => new ConnectorDecl(
            $"c{i}",
            SystemPool[random.Next(SystemPool.Length)],
            random.Next(4) > 0,
            [.. fragmented.Where(_ => random.Next(4) == 0).Select(w => w.Name)],
            random.Next(3) switch { 0 => null, 1 => false, _ => true },
            random.Next(3) == 0 ? "sha256:a" : null,
            random.Next(2) == 0 ? 800 : null,
            random.Next(2) == 0 ? 0.01 : null,
            random.Next(2) == 0 ? 0.995 : null)).ToList();

        var controls = Enumerable.Range(0, 6).Select(i => new ControlDecl(
            $"k{i}",
            random.Next(5) > 0,
            random.Next(4) > 0,
            [.. EnforcementPoints.Where(_ => random.Next(2) == 0)],
            random.Next(4) switch { 0 => null, 1 => TimeSpan.FromDays(1), 2 => TimeSpan.FromHours(36), _ => TimeSpan.FromDays(7) })).ToList();

        var declarations = new Declarations
        {
            Wf = new WorkflowDecl("wf", "zendesk", ["zendesk", "kafka"], Sla(TimeSpan.FromHours(1), allowNone: true), [new StepDecl("s1", "zendesk", Sla(TimeSpan.FromMinutes(10), allowNone: false)), new StepDecl("s2", "kafka", Sla(TimeSpan.FromMinutes(20), allowNone: true))]),
            Wc = new WorkflowDecl("wc", null, ["kafka"], Sla(TimeSpan.FromMinutes(30), allowNone: false), [new StepDecl("s1", "kafka", Sla(TimeSpan.FromMinutes(5), allowNone: false))]),
            Fragmented = fragmented,
            Connectors = connectors,
            Controls = controls,
            RubricModels = random.Next(3) == 0 ? null : [.. Models.Where(_ => random.Next(3) > 0).DefaultIfEmpty(Models[0])],
        };

        foreach (var kind in kinds)
        {
            switch (random.Next(5))
            {
                case 0:
                    declarations.Tolerate(kind, 0.05, "5%");
                    break;
                case 1:
                    declarations.Tolerate(kind, 0.1, "10%");
                    break;
                case 2:
                    declarations.Tolerate(kind, 1, "100%");
                    break;
                default:
                    break;
            }
        }

        return declarations;
    }

    /// <summary>The policy documents: the policy set, the declarations and the rubric, then the given gates.</summary>
    public string[] Documents(IEnumerable<DifferentialGate> gates)
    {
        var documents = new List<string> { PolicySet() };
        documents.AddRange(Workflows.Select(Yaml));
        documents.AddRange(Connectors.Select(Yaml));
        documents.AddRange(Controls.Select(Yaml));
        documents.Add(Rubric());
        documents.AddRange(gates.Select(g => TestPolicies.Gate(g.Name, $"  measure: '{g.Measure.Replace("'", "''", StringComparison.Ordinal)}'\n  bound:\n    {g.Bound}")));
        return [.. documents];
    }

    private void Tolerate(string kind, double share, string text)
    {
        _tolerances[kind] = share;
        _toleranceTexts[kind] = text;
    }

    private string PolicySet()
    {
        var text = new StringBuilder("apiVersion: aiops-policy/v1\nkind: PolicySet\nmetadata:\n  name: differential\nspec:\n  version: 1.0.0\n");
        if (_toleranceTexts.Count > 0)
        {
            text.Append("  evidence:\n    tolerateInvalid:\n");
            foreach (var (kind, share) in _toleranceTexts)
            {
                text.Append("      ").Append(kind).Append(": ").Append(share).Append('\n');
            }
        }

        return text.ToString();
    }

    private static string Yaml(WorkflowDecl workflow)
    {
        var text = new StringBuilder($"apiVersion: aiops-policy/v1\nkind: Workflow\nmetadata:\n  name: {workflow.Name}\nspec:\n");
        if (workflow.Trigger is not null)
        {
            text.Append("  trigger: ").Append(workflow.Trigger).Append('\n');
        }

        text.Append("  systems: [").Append(string.Join(", ", workflow.Systems)).Append("]\n");
        AppendSla(text, workflow.Sla, "  ");
        text.Append("  steps:\n");
        foreach (var step in workflow.Steps)
        {
            text.Append("    - name: ").Append(step.Name).Append('\n');
            if (step.System is not null)
            {
                text.Append("      system: ").Append(step.System).Append('\n');
            }

            AppendSla(text, step.Sla, "      ");
        }

        return text.ToString();
    }

    private static void AppendSla(StringBuilder text, SlaDecl? sla, string indent)
    {
        if (sla is null)
        {
            return;
        }

        text.Append(indent).Append("sla:\n");
        if (sla.Time is { } time)
        {
            text.Append(indent).Append("  time: ").Append((long)time.TotalMinutes).Append("m\n");
        }

        if (sla.Quality is { } quality)
        {
            text.Append(indent).Append("  quality: ").Append(quality).Append('\n');
        }

        if (sla.Time is null && sla.Quality is null)
        {
            text.Append(indent).Append("  target: 95%\n");
        }
    }

    private static string Yaml(ConnectorDecl connector)
    {
        var text = new StringBuilder($"apiVersion: aiops-policy/v1\nkind: Connector\nmetadata:\n  name: {connector.Name}\nspec:\n  system: {connector.System}\n  critical: {(connector.Critical ? "true" : "false")}\n");
        if (connector.Workflows.Count > 0)
        {
            text.Append("  workflows: [").Append(string.Join(", ", connector.Workflows)).Append("]\n");
        }

        var checks = new List<string>();
        if (connector.Auth is { } auth)
        {
            checks.Add($"auth: {(auth ? "true" : "false")}");
        }

        if (connector.SchemaHash is { } hash)
        {
            checks.Add($"schemaHash: {hash}");
        }

        if (connector.MaxLatencyMs is { } latency)
        {
            checks.Add($"maxLatency: {latency.ToString(CultureInfo.InvariantCulture)}ms");
        }

        if (connector.MaxErrorRate is { } errorRate)
        {
            checks.Add($"maxErrorRate: {(errorRate * 100).ToString(CultureInfo.InvariantCulture)}%");
        }

        if (connector.MinDeliveredRatio is { } ratio)
        {
            checks.Add($"minDeliveredRatio: {(ratio * 100).ToString(CultureInfo.InvariantCulture)}%");
        }

        if (checks.Count > 0)
        {
            text.Append("  checks:\n");
            foreach (var check in checks)
            {
                text.Append("    ").Append(check).Append('\n');
            }
        }

        return text.ToString();
    }

    private static string Yaml(ControlDecl control)
    {
        var text = new StringBuilder($"apiVersion: aiops-policy/v1\nkind: Control\nmetadata:\n  name: {control.Name}\nspec:\n  title: Control {control.Name}\n  required: {(control.Required ? "true" : "false")}\n  automated: {(control.Automated ? "true" : "false")}\n");
        if (control.EnforcedAt.Count > 0)
        {
            text.Append("  enforcedAt: [").Append(string.Join(", ", control.EnforcedAt)).Append("]\n");
        }

        if (control.Cadence is { } cadence)
        {
            text.Append("  cadence: ").Append((long)cadence.TotalHours).Append("h\n");
        }

        return text.ToString();
    }

    private string Rubric()
    {
        var models = RubricModels is null ? string.Empty : $"  models: [{string.Join(", ", RubricModels)}]\n";
        return "apiVersion: aiops-policy/v1\nkind: Rubric\nmetadata:\n  name: rai\nspec:\n" + models + "  checks:\n"
            + string.Concat(RubricChecks.All.Select(c => $"    - name: {c.Name}\n      category: {c.Category}\n      predicate: '{c.Predicate}'\n"));
    }
}
