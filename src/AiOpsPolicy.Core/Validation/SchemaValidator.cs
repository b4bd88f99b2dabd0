// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Loading;
using AiOpsPolicy.Core.Syntax;
using AiOpsPolicy.Core.Text;
using NJsonSchema;
using NJsonSchema.Validation;

namespace AiOpsPolicy.Core.Validation;

/// <summary>
/// Checks a policy document against its kind's JSON Schema and maps each violation back to the
/// YAML node it concerns, with a message that says what to write instead.
/// </summary>
public static class SchemaValidator
{
    /// <summary>Validates one document.</summary>
    /// <param name="document">The document.</param>
    /// <param name="diagnostics">Receives one diagnostic per violation.</param>
    /// <returns>True when the document matches its schema.</returns>
    public static bool Validate(PolicyDocument document, ICollection<Diagnostic> diagnostics)
    {
        var paths = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        var token = YamlToJson.ToJToken(document.Root, "#", paths);
        var schemaName = SchemaCatalog.FileName(document.Kind);
        var errors = SchemaCatalog.For(document.Kind).Validate(token);
        var found = false;
        foreach (var error in Flatten(errors))
        {
            found = true;
            var (node, message) = Describe(error, paths, document.Root);
            diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.SchemaViolation, node.Location, message, schemaName));
        }

        return !found;
    }

    private static IEnumerable<ValidationError> Flatten(IEnumerable<ValidationError> errors)
    {
        foreach (var error in errors)
        {
            if (error is ChildSchemaValidationError child && error.Kind is ValidationErrorKind.ArrayItemNotValid or ValidationErrorKind.PropertyRequired or ValidationErrorKind.AdditionalPropertiesNotValid or ValidationErrorKind.AdditionalItemNotValid)
            {
                foreach (var nested in Flatten(child.Errors.SelectMany(e => e.Value)))
                {
                    yield return nested;
                }
            }
            else
            {
                yield return error;
            }
        }
    }

    private static (YamlNode Node, string Message) Describe(ValidationError error, Dictionary<string, YamlNode> paths, YamlMapping root)
    {
        var path = error.Path ?? "#";
        var node = Find(path, paths) ?? root;
        var where = Readable(path);
        switch (error.Kind)
        {
            case ValidationErrorKind.PropertyRequired:
            {
                var parentPath = ParentOf(error, path);
                var parent = Find(parentPath, paths) ?? root;
                return (parent, $"'{error.Property}' is required in {Readable(parentPath)}; add it");
            }

            case ValidationErrorKind.NoAdditionalPropertiesAllowed:
            {
                var parentPath = ParentOf(error, path);
                var parent = Find(parentPath, paths) as YamlMapping;
                var key = (YamlNode?)parent?.GetKey(error.Property ?? string.Empty) ?? node;
                var known = KnownProperties(error.Schema);
                var hint = Spelling.Closest(error.Property ?? string.Empty, known) is { } close ? $"did you mean '{close}'? " : string.Empty;
                var owner = Readable(parentPath);
                var list = known.Count > 0 ? $"; {hint}{(hint.Length > 0 && parentPath == "#" ? "The document" : owner)} allows: {string.Join(", ", known)}" : string.Empty;
                return (key, $"'{error.Property}' is not a property of {owner}{list}");
            }

            case ValidationErrorKind.NotInEnumeration:
            {
                var allowed = string.Join(", ", error.Schema.Enumeration.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)));
                return (node, $"{Value(node)} is not allowed for {where}; use one of: {allowed}");
            }

            case ValidationErrorKind.PatternMismatch:
                return (node, $"{Value(node)} is not in the form {where} needs (pattern {error.Schema.Pattern})" + PatternHint(error.Schema.Pattern));

            case ValidationErrorKind.StringExpected or ValidationErrorKind.NumberExpected or ValidationErrorKind.IntegerExpected
                or ValidationErrorKind.BooleanExpected or ValidationErrorKind.ArrayExpected or ValidationErrorKind.ObjectExpected
                or ValidationErrorKind.NullExpected:
                return (node, $"{where} must be {Expected(error.Kind)}, but it is {Actual(node)}");

            case ValidationErrorKind.TooFewItems:
                return (node, $"{where} needs at least {error.Schema.MinItems} item(s)");

            case ValidationErrorKind.TooManyItems:
                return (node, $"{where} allows at most {error.Schema.MaxItems} item(s)");

            case ValidationErrorKind.StringTooShort:
                return (node, $"{where} must not be empty");

            case ValidationErrorKind.TooFewProperties:
                return (node, $"{where} needs at least {error.Schema.MinProperties} of: {string.Join(", ", KnownProperties(error.Schema))}");

            case ValidationErrorKind.ItemsNotUnique:
                return (node, $"{where} lists the same item more than once");

            case ValidationErrorKind.NumberTooSmall or ValidationErrorKind.NumberTooBig:
                return (node, $"{Value(node)} is out of range for {where}");

            default:
                return (node, $"{where} is not valid ({error.Kind})");
        }
    }

    private static YamlNode? Find(string path, Dictionary<string, YamlNode> paths)
    {
        while (true)
        {
            if (paths.TryGetValue(path, out var node))
            {
                return node;
            }

            if (path == "#")
            {
                return null;
            }

            path = Parent(path);
        }
    }

    /// <summary>
    /// The mapping an error about one of its properties concerns: the error's path is the mapping's and the property's
    /// name, joined by '.' (or '/' at the root), and a name may itself hold dots or brackets ('a.b', 'x[0]'), so the
    /// name is cut off whole rather than at the path's last separator.
    /// </summary>
    private static string ParentOf(ValidationError error, string path)
    {
        if (error.Property is { Length: > 0 } property && path.Length > property.Length + 1 && path.EndsWith(property, StringComparison.Ordinal)
            && path[^(property.Length + 1)] is '.' or '/')
        {
            return path[..^(property.Length + 1)];
        }

        return Parent(path);
    }

    private static string Parent(string path)
    {
        var dot = path.LastIndexOf('.');
        var bracket = path.LastIndexOf('[');
        var slash = path.LastIndexOf('/');
        var cut = Math.Max(dot, bracket);
        return cut > slash ? path[..cut] : "#";
    }

    /// <summary>"#/spec.steps[0].name" reads as "spec.steps[0].name"; the root reads as "the document".</summary>
    private static string Readable(string path) => path is "#" or "#/" ? "the document" : path.TrimStart('#', '/');

    private static List<string> KnownProperties(JsonSchema? schema) =>
        schema is null ? [] : [.. schema.ActualSchema.Properties.Keys.Order(StringComparer.Ordinal)];

    private static string Value(YamlNode node) => node is YamlScalar s ? $"'{s.Value}'" : $"a {node.ShapeName}";

    private static string Actual(YamlNode node) => node switch
    {
        YamlScalar s when s.IsNull => "empty",
        YamlScalar s => $"'{s.Value}'",
        _ => "a " + node.ShapeName,
    };

    private static string Expected(ValidationErrorKind kind) => kind switch
    {
        ValidationErrorKind.StringExpected => "text",
        ValidationErrorKind.NumberExpected => "a number",
        ValidationErrorKind.IntegerExpected => "a whole number",
        ValidationErrorKind.BooleanExpected => "true or false",
        ValidationErrorKind.ArrayExpected => "a list",
        ValidationErrorKind.ObjectExpected => "a mapping",
        _ => "empty",
    };

    private static string PatternHint(string? pattern) => pattern switch
    {
        not null when pattern.Contains("a-z0-9", StringComparison.Ordinal) && pattern.Contains("-[", StringComparison.Ordinal) => "; names are lower-case words joined by '-', such as 'ticket-triage'",
        _ => string.Empty,
    };
}
