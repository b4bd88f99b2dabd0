// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;

namespace AiOpsPolicy.Core.Evidence.Contract;

/// <summary>The type of an evidence field, as every reader (JSON, YAML, NDJSON, CSV) and the JSON Schemas see it.</summary>
public enum EvidenceFieldType
{
    /// <summary>Text, optionally with a minimum length and a pattern.</summary>
    Text,

    /// <summary>An ISO 8601 time with an offset (<c>2026-11-28T06:00:00Z</c>).</summary>
    Time,

    /// <summary>A calendar day, <c>YYYY-MM-DD</c>.</summary>
    Day,

    /// <summary>A duration: a number of seconds, or a duration string such as <c>15m</c>.</summary>
    Duration,

    /// <summary>A finite number (NaN, infinities and values past the double range are refused).</summary>
    Number,

    /// <summary>A whole number within the field's range.</summary>
    WholeNumber,

    /// <summary>A JSON boolean: <c>true</c> or <c>false</c> (in CSV, the cell text true or false).</summary>
    Boolean,

    /// <summary>One word of a closed list.</summary>
    Choice,

    /// <summary>An object whose names are free and whose values all follow <see cref="EvidenceField.Item"/>.</summary>
    Map,

    /// <summary>A list of objects with the fields <see cref="EvidenceField.Fields"/>.</summary>
    List,

    /// <summary>A scalar of any kind but null: text, a finite number or a boolean (assumptions).</summary>
    Scalar,
}

/// <summary>
/// One field of an evidence record: its name, type and constraints. The contract is the one source
/// of truth: the loader checks records against it and the JSON Schemas in <c>schemas/evidence</c>
/// are generated from it (<see cref="EvidenceSchemaWriter"/>).
/// </summary>
public sealed record EvidenceField
{
    /// <summary>The pattern of kebab-case names (workflows, connectors, controls, outcomes).</summary>
    public const string KebabCase = "^[a-z][a-z0-9]*(-[a-z0-9]+)*$";

    /// <summary>
    /// The largest magnitude of any number in evidence, 10^15: far past any real amount, latency or
    /// count, still exact as a double, and a bound JSON Schema validators can hold. A value past it
    /// (1e400 included, which would read as infinity) is refused as overflow.
    /// </summary>
    public const double MaxMagnitude = 1e15;

    /// <summary>Gets the field's camelCase name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the field's type.</summary>
    public required EvidenceFieldType Type { get; init; }

    /// <summary>Gets a value indicating whether the field must be present (and not null).</summary>
    public bool Required { get; init; }

    /// <summary>Gets what the field means, in a sentence (the schema's description says the rest).</summary>
    public required string Description { get; init; }

    /// <summary>Gets the allowed words of a <see cref="EvidenceFieldType.Choice"/>.</summary>
    public ImmutableArray<string> Values { get; init; } = [];

    /// <summary>Gets the smallest allowed number, if any.</summary>
    public double? Minimum { get; init; }

    /// <summary>Gets the largest allowed number, if any.</summary>
    public double? Maximum { get; init; }

    /// <summary>Gets the smallest text length (1 for names and ids).</summary>
    public int MinLength { get; init; }

    /// <summary>Gets the pattern text must match, if any (a .NET and ECMA 262 regular expression).</summary>
    public string? Pattern { get; init; }

    /// <summary>Gets the field every value of a <see cref="EvidenceFieldType.Map"/> follows (its name is unused).</summary>
    public EvidenceField? Item { get; init; }

    /// <summary>Gets the fields of each object of a <see cref="EvidenceFieldType.List"/>.</summary>
    public ImmutableArray<EvidenceField> Fields { get; init; } = [];

    /// <summary>Gets the smallest number allowed in effect (numbers without a stated minimum stop at -<see cref="MaxMagnitude"/>).</summary>
    public double EffectiveMinimum => Minimum ?? (Type == EvidenceFieldType.WholeNumber ? long.MinValue : -MaxMagnitude);

    /// <summary>Gets the largest number allowed in effect.</summary>
    public double EffectiveMaximum => Maximum ?? (Type == EvidenceFieldType.WholeNumber ? long.MaxValue : MaxMagnitude);

    /// <summary>Gets the field's name as UTF-8, for matching names without decoding them.</summary>
    internal byte[] Utf8Name => field ??= System.Text.Encoding.UTF8.GetBytes(Name);

    /// <summary>Gets the compiled pattern, if any.</summary>
    internal System.Text.RegularExpressions.Regex? Regex => Pattern is null ? null : field ??= new System.Text.RegularExpressions.Regex(Pattern, System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Compiled, TimeSpan.FromSeconds(1));

    /// <summary>Gets what a valid value looks like, in words, for messages and schema descriptions.</summary>
    public string Allowed => Type switch
    {
        EvidenceFieldType.Text when Pattern == KebabCase => "a kebab-case name such as ticket-triage",
        EvidenceFieldType.Text when Pattern is not null => $"text matching {Pattern}",
        EvidenceFieldType.Text => MinLength > 0 ? "non-empty text" : "text",
        EvidenceFieldType.Time => "an ISO 8601 time with an offset, such as 2026-11-28T06:00:00Z",
        EvidenceFieldType.Day => "a day, YYYY-MM-DD",
        EvidenceFieldType.Duration => "a number of seconds (at least 0) or a duration such as 90s or 15m",
        EvidenceFieldType.Number or EvidenceFieldType.WholeNumber => Range(),
        EvidenceFieldType.Boolean => "true or false",
        EvidenceFieldType.Choice => "one of: " + string.Join(", ", Values),
        EvidenceFieldType.Map => "an object of name to " + (Item?.Allowed ?? "value"),
        EvidenceFieldType.List => "a list of objects with " + string.Join(", ", Fields.Select(f => f.Name)),
        _ => "text, a number from -10^15 to 10^15, or true/false",
    };

    private string Range()
    {
        var what = Type == EvidenceFieldType.WholeNumber ? "a whole number" : "a finite number";
        return (Minimum, Maximum) switch
        {
            ({ } min, { } max) when Type == EvidenceFieldType.Number && min == 0 && max == 1 => "a fraction from 0 to 1 (0.01 is 1%)",
            (0, null) => what + (Type == EvidenceFieldType.Number ? " from 0 to 10^15" : " of at least 0"),
            ({ } min, null) => $"{what} of at least {min.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
            (null, null) when Type == EvidenceFieldType.Number => what + " from -10^15 to 10^15",
            ({ } min, { } max) when Type == EvidenceFieldType.WholeNumber => $"{what} from {min.ToString(System.Globalization.CultureInfo.InvariantCulture)} to {max.ToString("0", System.Globalization.CultureInfo.InvariantCulture)}",
            ({ } min, { } max) => $"{what} from {min.ToString(System.Globalization.CultureInfo.InvariantCulture)} to {max.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
            _ => what,
        };
    }
}

/// <summary>One kind of evidence record: its name, what it is, and its fields.</summary>
/// <param name="Kind">The kind.</param>
/// <param name="Description">What one record is, in a sentence.</param>
/// <param name="Fields">The fields, in the order documents list them; <c>collectedAt</c> last.</param>
public sealed record EvidenceKindContract(EvidenceKind Kind, string Description, ImmutableArray<EvidenceField> Fields)
{
    /// <summary>Gets the kind's kebab-case name.</summary>
    public string Name => EvidenceKinds.Name(Kind);

    /// <summary>Finds a field by name.</summary>
    /// <param name="name">The camelCase name.</param>
    /// <returns>The field, or null.</returns>
    public EvidenceField? Field(string name) => Fields.FirstOrDefault(f => f.Name == name);
}
