// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Loading;
using AiOpsPolicy.Core.Model;
using AiOpsPolicy.Core.Syntax;
using AiOpsPolicy.Core.Text;
using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Core.Validation;

/// <summary>
/// Binds a document's YAML to its typed model. It reads defensively (a field of the wrong shape is
/// left at its default: the schema check reports it) and parses units, reporting malformed ones.
/// </summary>
internal sealed partial class PolicyBinder
{
    /// <summary>
    /// The spec properties the binder reads, per kind. A test checks these against the JSON Schemas
    /// so that the schemas and the code cannot drift apart.
    /// </summary>
    public static readonly IReadOnlyDictionary<PolicyKind, string[]> SpecProperties = new Dictionary<PolicyKind, string[]>
    {
        [PolicyKind.PolicySet] = ["budgets", "currency", "defaults", "evidence", "history", "scoring", "version", "waivers"],
        [PolicyKind.Workflow] = ["externalIds", "sla", "steps", "systems", "trigger"],
        [PolicyKind.Connector] = ["checks", "critical", "system", "workflows"],
        [PolicyKind.Control] = ["automated", "cadence", "catalogIds", "enforcedAt", "required", "title"],
        [PolicyKind.Rubric] = ["checks", "models"],
        [PolicyKind.Gate] = ["baseline", "bound", "condition", "description", "key", "measure", "severity", "weight"],
        [PolicyKind.Definition] = ["expression"],
        [PolicyKind.Waiver] = ["expires", "gates", "owner", "reason", "ticket"],
        [PolicyKind.Finding] = ["group", "message", "when"],
        [PolicyKind.Rollup] = ["levels", "metric", "severity", "window"],
    };

    private readonly ICollection<Diagnostic> _diagnostics;

    private readonly GateSeverity _defaultSeverity;

    /// <summary>Initializes a new instance of the <see cref="PolicyBinder"/> class.</summary>
    /// <param name="diagnostics">Where problems go.</param>
    /// <param name="defaultSeverity">The severity of gates and roll-ups that do not state one: the PolicySet's <c>spec.defaults.severity</c>.</param>
    public PolicyBinder(ICollection<Diagnostic> diagnostics, GateSeverity defaultSeverity = GateSeverity.Block)
    {
        _diagnostics = diagnostics;
        _defaultSeverity = defaultSeverity;
    }

    public PolicyObject? Bind(PolicyDocument document)
    {
        var root = document.Root;
        var metadata = BindMetadata(root["metadata"] as YamlMapping);
        if (metadata is null)
        {
            // No name: the schema check reports it, and a nameless document cannot be referred to.
            return null;
        }

        var spec = root["spec"] as YamlMapping;
        return document.Kind switch
        {
            PolicyKind.PolicySet => BindPolicySet(metadata, root, spec),
            PolicyKind.Workflow => BindWorkflow(metadata, root, spec),
            PolicyKind.Connector => BindConnector(metadata, root, spec),
            PolicyKind.Control => BindControl(metadata, root, spec),
            PolicyKind.Rubric => BindRubric(metadata, root, spec),
            PolicyKind.Gate => BindGate(metadata, root, spec),
            PolicyKind.Definition => BindDefinition(metadata, root, spec),
            PolicyKind.Waiver => BindWaiver(metadata, root, spec),
            PolicyKind.Finding => BindFinding(metadata, root, spec),
            PolicyKind.Rollup => BindRollup(metadata, root, spec),
            _ => null,
        };
    }

    private static PolicyMetadata? BindMetadata(YamlMapping? metadata)
    {
        if (metadata?["name"] is not YamlScalar { Value.Length: > 0 } name)
        {
            return null;
        }

        var labels = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        if (metadata["labels"] is YamlMapping labelMap)
        {
            foreach (var (key, value) in labelMap.Entries)
            {
                if (value is YamlScalar scalar)
                {
                    labels[key.Value] = scalar.Value;
                }
            }
        }

        return new PolicyMetadata(name.Value, Text(metadata, "owner"), Text(metadata, "description"), labels.ToImmutable());
    }

    private PolicySetManifest BindPolicySet(PolicyMetadata metadata, YamlMapping root, YamlMapping? spec)
    {
        var evidence = spec?["evidence"] as YamlMapping;
        var defaults = spec?["defaults"] as YamlMapping;
        var budgets = spec?["budgets"] as YamlMapping;
        var waivers = spec?["waivers"] as YamlMapping;
        var scoring = spec?["scoring"] as YamlMapping;
        var fallback = EvaluationBudgets.Default;
        return new PolicySetManifest(metadata, root)
        {
            Version = Text(spec, "version"),
            MaxEvidenceAge = Duration(evidence, "maxAge") ?? PolicySetManifest.DefaultMaxEvidenceAge,
            TolerateInvalid = Tolerances(evidence?["tolerateInvalid"] as YamlMapping),
            DefaultSeverity = Severity(defaults) ?? GateSeverity.Block,
            Window = Duration(defaults, "window") ?? PolicySetManifest.DefaultWindow,
            History = spec?["history"] is YamlMapping history ? new HistorySettings(Bool(history, "record") ?? false, Text(history, "store"), Bool(history, "require") ?? false) : null,
            MaxWaiverDuration = Duration(waivers, "maxDuration") ?? PolicySetManifest.DefaultMaxWaiverDuration,
            Scoring = scoring is not null && Percentage(scoring, "pass") is { } passAt && Percentage(scoring, "warn") is { } warnAt ? new ScoreThresholds(passAt, warnAt) : null,
            Currency = spec?["currency"] is YamlMapping currency ? Currency(currency) : null,
            Budgets = fallback with
            {
                ExpressionTime = Duration(budgets, "gateTime") ?? fallback.ExpressionTime,
                TotalTime = Duration(budgets, "totalTime") ?? fallback.TotalTime,
                AllocationBytes = (budgets?["allocationMiB"] is YamlScalar mib && long.TryParse(mib.Value, System.Globalization.CultureInfo.InvariantCulture, out var megabytes) ? megabytes : fallback.AllocationBytes / (1024 * 1024)) * 1024 * 1024,
            },
        };
    }

    /// <summary>
    /// The base currency and its dated rates. A rate that is not a number above zero, a day that is not a date, a rate
    /// for the base currency itself and a second rate of one currency from one day are AOP2025 at the value; a missing
    /// field is the schema's (AOP2003). Rates that cannot be used are left out, so no metric converts with them.
    /// </summary>
    private CurrencySettings? Currency(YamlMapping node)
    {
        if (Text(node, "base") is not { } currencyBase)
        {
            return null;
        }

        var rates = ImmutableArray.CreateBuilder<CurrencyRate>();
        var seen = new Dictionary<(string Currency, DateOnly From), SourceLocation>();
        foreach (var item in (node["rates"] as YamlSequence)?.Items.OfType<YamlMapping>() ?? [])
        {
            if (Text(item, "currency") is not { } currency || item["rate"] is not YamlScalar { IsNull: false } rateNode || item["from"] is not YamlScalar { IsNull: false } fromNode)
            {
                continue;
            }

            // Not a number, or not above zero: the schema says so (AOP2003); too large to be finite it does not.
            if (!double.TryParse(rateNode.Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var rate) || rate <= 0)
            {
                continue;
            }

            if (!double.IsFinite(rate))
            {
                _diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.InvalidCurrencyRates, rateNode.Location, $"The {currency} rate '{rateNode.Value}' is not a finite number. Write how many {currencyBase} one {currency} is worth, such as 0.92"));
                continue;
            }

            // Not shaped as yyyy-MM-dd: the schema's pattern says so; shaped so but no such day (2026-02-30): said here.
            if (!DateOnly.TryParseExact(fromNode.Value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var from))
            {
                if (IsDayShaped(fromNode.Value))
                {
                    _diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.InvalidCurrencyRates, fromNode.Location, $"The {currency} rate's day '{fromNode.Value}' is not a date. Write the first day the rate is in force as yyyy-MM-dd, such as 2026-01-01"));
                }

                continue;
            }

            if (string.Equals(currency, currencyBase, StringComparison.Ordinal))
            {
                _diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.InvalidCurrencyRates, item.Location, $"A rate for {currency}, the base currency, would convert it into itself. Remove it: amounts in {currencyBase} are never converted"));
                continue;
            }

            if (seen.TryGetValue((currency, from), out var first))
            {
                _diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.InvalidCurrencyRates, item.Location, $"A second {currency} rate from {fromNode.Value}; the first is at {first}. Keep one rate per currency and day"));
                continue;
            }

            seen.Add((currency, from), item.Location);
            rates.Add(new CurrencyRate(currency, rate, from));
        }

        return new CurrencySettings(currencyBase, rates.ToImmutable(), ((node["rates"] as YamlNode) ?? node).Location);
    }

    /// <summary>The tolerated invalid share per evidence kind; unknown kinds and malformed percentages are left to the schema check.</summary>
    private System.Collections.Immutable.ImmutableDictionary<Evidence.EvidenceKind, double> Tolerances(YamlMapping? mapping)
    {
        var builder = System.Collections.Immutable.ImmutableDictionary.CreateBuilder<Evidence.EvidenceKind, double>();
        foreach (var (key, _) in mapping?.Entries ?? [])
        {
            if (Evidence.EvidenceKinds.TryParse(key.Value, out var kind) && Percentage(mapping, key.Value) is { } share)
            {
                builder[kind] = share;
            }
        }

        return builder.ToImmutable();
    }

    private Workflow BindWorkflow(PolicyMetadata metadata, YamlMapping root, YamlMapping? spec)
    {
        var steps = ImmutableArray.CreateBuilder<WorkflowStep>();
        if (spec?["steps"] is YamlSequence sequence)
        {
            foreach (var item in sequence.Items.OfType<YamlMapping>())
            {
                if (Text(item, "name") is { } name)
                {
                    steps.Add(new WorkflowStep(name, Text(item, "system"), Sla(item["sla"] as YamlMapping)));
                }
            }
        }

        return new Workflow(metadata, root)
        {
            Trigger = Text(spec, "trigger"),
            Systems = Texts(spec, "systems"),
            ExternalIds = Texts(spec, "externalIds"),
            Sla = Sla(spec?["sla"] as YamlMapping),
            Steps = steps.ToImmutable(),
        };
    }

    private SlaTarget Sla(YamlMapping? sla) =>
        sla is null ? SlaTarget.None : new SlaTarget(Duration(sla, "time"), Text(sla, "quality"), Percentage(sla, "target"));

    private Connector BindConnector(PolicyMetadata metadata, YamlMapping root, YamlMapping? spec)
    {
        var checks = spec?["checks"] as YamlMapping;
        return new Connector(metadata, root)
        {
            System = Text(spec, "system") ?? string.Empty,
            Critical = Bool(spec, "critical") ?? false,
            Workflows = Texts(spec, "workflows"),
            Checks = checks is null
                ? ConnectorChecks.Default
                : new ConnectorChecks(
                    Bool(checks, "auth") ?? true,
                    Text(checks, "schemaHash"),
                    Duration(checks, "maxLatency"),
                    Percentage(checks, "maxErrorRate"),
                    Percentage(checks, "minDeliveredRatio") ?? ConnectorChecks.Default.MinDeliveredRatio),
        };
    }

    private Control BindControl(PolicyMetadata metadata, YamlMapping root, YamlMapping? spec) =>
        new(metadata, root)
        {
            Title = Text(spec, "title"),
            Required = Bool(spec, "required") ?? false,
            Automated = Bool(spec, "automated") ?? false,
            EnforcedAt = Texts(spec, "enforcedAt"),
            Cadence = Duration(spec, "cadence"),
            CatalogIds = Texts(spec, "catalogIds"),
        };

    private static Rubric BindRubric(PolicyMetadata metadata, YamlMapping root, YamlMapping? spec)
    {
        var checks = ImmutableArray.CreateBuilder<RubricCheck>();
        if (spec?["checks"] is YamlSequence sequence)
        {
            foreach (var item in sequence.Items.OfType<YamlMapping>())
            {
                if (Text(item, "name") is { } name && item["predicate"] is YamlScalar predicate)
                {
                    var role = $"predicate of check '{name}' in rubric '{metadata.Name}'";
                    checks.Add(new RubricCheck(name, Text(item, "category") ?? string.Empty, Text(item, "description"), new PolicyExpression(predicate, role)));
                }
            }
        }

        return new Rubric(metadata, root) { Models = Texts(spec, "models"), Checks = checks.ToImmutable() };
    }

    private Gate BindGate(PolicyMetadata metadata, YamlMapping root, YamlMapping? spec)
    {
        GateBound? bound = null;
        if (spec?["bound"] is YamlMapping boundNode)
        {
            bound = new GateBound(Quantity(boundNode, "min"), Quantity(boundNode, "max"));
        }

        return new Gate(metadata, root)
        {
            Description = Text(spec, "description"),
            Measure = spec?["measure"] is YamlScalar measure ? new PolicyExpression(measure, $"measure of gate '{metadata.Name}'") : null,
            Condition = spec?["condition"] is YamlScalar condition ? new PolicyExpression(condition, $"condition of gate '{metadata.Name}'") : null,
            Bound = bound,
            Severity = Severity(spec) ?? _defaultSeverity,
            Baseline = spec?["baseline"] is YamlMapping baseline ? BindBaseline(baseline) : null,
            Weight = spec?["weight"] is YamlScalar weight && double.TryParse(weight.Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var w) && double.IsFinite(w) && w > 0 ? w : 1,
            Key = Bool(spec, "key") ?? false,
        };
    }

    /// <summary>
    /// A roll-up. Levels are read in their fixed order (finest first) whatever order the YAML gives;
    /// a level name the engine does not know is left to the schema check, and a level that does not
    /// apply to the metric to the semantic checks.
    /// </summary>
    private Rollup BindRollup(PolicyMetadata metadata, YamlMapping root, YamlMapping? spec)
    {
        var levels = new List<RollupLevel>();
        if (spec?["levels"] is YamlMapping levelMap)
        {
            foreach (var (key, value) in levelMap.Entries)
            {
                if (Enum.GetValues<RollupLevelKind>().Where(l => l.ToText() == key.Value).Select(l => (RollupLevelKind?)l).FirstOrDefault() is { } level
                    && value is YamlScalar { IsNull: false } scalar && LevelBound(scalar) is { } bound)
                {
                    levels.Add(new RollupLevel(level, bound));
                }
            }
        }

        return new Rollup(metadata, root)
        {
            Metric = Text(spec, "metric") ?? string.Empty,
            Window = Duration(spec, "window"),
            Severity = Severity(spec) ?? _defaultSeverity,
            Levels = [.. levels.OrderBy(l => l.Level)],
        };
    }

    /// <summary>A roll-up level's bound: <c>&gt;= 95%</c> or <c>&lt;= 5%</c>.</summary>
    private GateBound? LevelBound(YamlScalar scalar)
    {
        var text = scalar.Value.Trim();
        var at = text.StartsWith(">=", StringComparison.Ordinal) ? 1 : text.StartsWith("<=", StringComparison.Ordinal) ? -1 : 0;
        if (at != 0 && UnitParser.TryParseQuantity(text[2..].Trim(), out var quantity) && quantity.Kind != QuantityKind.Duration)
        {
            return at > 0 ? new GateBound(quantity, null) : new GateBound(null, quantity);
        }

        _diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.MalformedUnit, scalar.Location, scalar.Value, "roll-up bound", "'>= 95%' (a minimum) or '<= 5%' (a maximum)"));
        return null;
    }

    private Waiver BindWaiver(PolicyMetadata metadata, YamlMapping root, YamlMapping? spec) =>
        new(metadata, root)
        {
            Gates = Texts(spec, "gates"),
            Owner = Text(spec, "owner") ?? string.Empty,
            Reason = Text(spec, "reason") ?? string.Empty,
            Ticket = Text(spec, "ticket") ?? string.Empty,
            Expires = Expiry(spec),
        };

    /// <summary>
    /// A waiver's expiry: a day (the waiver applies through that day, UTC) or a time with an offset.
    /// </summary>
    private DateTimeOffset? Expiry(YamlMapping? spec)
    {
        if (spec?["expires"] is not YamlScalar { IsNull: false } scalar)
        {
            return null;
        }

        var text = scalar.Value;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day))
        {
            return new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        }

        var t = text.IndexOf('T', StringComparison.Ordinal);
        if (t > 0 && (text.EndsWith('Z') || text.AsSpan(t).LastIndexOfAny('+', '-') > 0)
            && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var time))
        {
            return time;
        }

        _diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.MalformedUnit, scalar.Location, text, "expiry", "a day (2026-12-31) or a time with an offset (2026-12-31T18:00:00Z)"));
        return null;
    }

    private static Definition? BindDefinition(PolicyMetadata metadata, YamlMapping root, YamlMapping? spec) =>
        spec?["expression"] is YamlScalar expression
            ? new Definition(metadata, root, new PolicyExpression(expression, $"definition '{metadata.Name}'"))
            : null;

    private static string? Text(YamlMapping? mapping, string key) =>
        mapping?[key] is YamlScalar { IsNull: false } scalar ? scalar.Value : null;

    private static bool? Bool(YamlMapping? mapping, string key) =>
        mapping?[key] is YamlScalar scalar ? scalar.Value switch
        {
            "true" or "True" or "TRUE" => true,
            "false" or "False" or "FALSE" => false,
            _ => null,
        }
        : null;

    private static ImmutableArray<string> Texts(YamlMapping? mapping, string key) =>
        mapping?[key] is YamlSequence sequence
            ? [.. sequence.Items.OfType<YamlScalar>().Where(s => !s.IsNull).Select(s => s.Value)]
            : [];

    private static GateSeverity? Severity(YamlMapping? mapping) => Text(mapping, "severity") switch
    {
        "block" => GateSeverity.Block,
        "warn" => GateSeverity.Warn,
        _ => null,
    };

    private TimeSpan? Duration(YamlMapping? mapping, string key)
    {
        if (mapping?[key] is not YamlScalar { IsNull: false } scalar)
        {
            return null;
        }

        if (UnitParser.TryParseDuration(scalar.Value, out var duration))
        {
            return duration;
        }

        _diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.MalformedUnit, scalar.Location, scalar.Value, "duration", UnitParser.DurationHint));
        return null;
    }

    private double? Percentage(YamlMapping? mapping, string key)
    {
        if (mapping?[key] is not YamlScalar { IsNull: false } scalar)
        {
            return null;
        }

        if (UnitParser.TryParsePercentage(scalar.Value, out var fraction))
        {
            return fraction;
        }

        _diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.MalformedUnit, scalar.Location, scalar.Value, "percentage", UnitParser.PercentageHint));
        return null;
    }

    private Quantity? Quantity(YamlMapping mapping, string key)
    {
        if (mapping[key] is not YamlScalar { IsNull: false } scalar)
        {
            return null;
        }

        if (UnitParser.TryParseQuantity(scalar.Value, out var quantity))
        {
            return quantity;
        }

        _diagnostics.Add(Diagnostic.Create(
            DiagnosticCatalog.MalformedUnit,
            scalar.Location,
            scalar.Value,
            "bound",
            "a number (2.5), a percentage (95%) or a duration (4h)"));
        return null;
    }

    /// <summary>Whether a text is shaped yyyy-MM-dd (digits and dashes), whether or not it names a day.</summary>
    private static bool IsDayShaped(string text) =>
        text.Length == 10 && text[4] == '-' && text[7] == '-' && text.Where((c, i) => i is not 4 and not 7).All(char.IsAsciiDigit);
}
