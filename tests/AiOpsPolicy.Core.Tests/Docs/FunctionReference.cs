// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Expressions;
using AiOpsPolicy.Core.Metrics;

namespace AiOpsPolicy.Core.Tests.Docs;

/// <summary>
/// Generates docs/functions.md from the code: every public member an expression can call on the
/// evaluation context (<see cref="PolicyContext"/>), on a rubric check's <c>model</c>
/// (<see cref="ModelEvaluation"/>), and on what the metric functions return (<see cref="MetricValue"/>,
/// <see cref="Window"/>), with the signature from reflection and the text from the XML documentation
/// the compiler writes next to AiOpsPolicy.Core.dll. Nothing is written by hand, so it cannot drift;
/// <see cref="FunctionReferenceTests"/> fails when the file in the repository is not what this gives.
/// </summary>
internal static partial class FunctionReference
{
    /// <summary>Gets the path of the generated file.</summary>
    public static string DocPath => Repository.Combine("docs", "functions.md");

    /// <summary>Generates the reference.</summary>
    /// <returns>The Markdown text.</returns>
    public static string Generate()
    {
        var assembly = typeof(PolicyContext).Assembly;
        var xml = XDocument.Load(Path.ChangeExtension(assembly.Location, ".xml"));
        var docs = xml.Descendants("member").ToDictionary(m => (string)m.Attribute("name")!, StringComparer.Ordinal);
        var builder = new StringBuilder();
        builder.Append("""
            # Functions an expression can call

            <!-- Generated from the code by tests/AiOpsPolicy.Core.Tests/Docs/FunctionReference.cs: do not edit.
                 Regenerate with: AIOPS_UPDATE_DOCS=1 dotnet test tests/AiOpsPolicy.Core.Tests --filter FunctionReference -->

            Every gate `condition`, `measure`, definition, finding `when` and message placeholder is a C#
            expression evaluated against the policy context: the members below are in scope without a prefix
            (`SlaAttainment("ticket-triage")`, `Days(7)`, `Now`). A rubric check's `predicate` also sees `model`,
            the model evaluation under test (`model.Privacy("pii-leak-test")`). Metric functions return a
            `MetricValue`, which converts to `double` (a share, count or amount) or `TimeSpan` (a duration) where
            one is expected. The metrics themselves (definitions, windows, edge cases) are in
            [metrics.md](metrics.md); what else an expression may use (LINQ, `Math`, strings) is in
            [security.md](security.md#the-compile-time-allow-list).


            """);
        var context = typeof(PolicyContext).GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Where(m => m is MethodInfo { IsSpecialName: false } or PropertyInfo)
            .ToList();
        Section(builder, docs, "Metric functions", "The fifteen metrics, by group; each takes the policy set's default window when none is given.", context.Where(m => m is MethodInfo { ReturnType: var r } && r == typeof(MetricValue)));
        Section(builder, docs, "Durations, windows and text", "Helpers for bounds, windows and matching.", context.Where(m => m is MethodInfo { ReturnType: var r } && r != typeof(MetricValue)));
        Section(builder, docs, "Context properties", "What the evaluation sees besides the metrics.", context.OfType<PropertyInfo>());
        Section(builder, docs, "Rubric checks: `model`", "In a rubric check's `predicate`, `model` is the model evaluation record under test (evidence kind `model-evaluations`). A check it names that was not run is insufficient evidence, never a pass or a fail.", Members(typeof(ModelEvaluation)));
        Section(builder, docs, "On a metric's value: `MetricValue`", "What a metric function returns.", Members(typeof(MetricValue)).Where(m => m is not MethodInfo { IsStatic: true }));
        Section(builder, docs, "On a window: `Window`", "What `Last(...)`, `Previous(...)` and `DefaultWindow` give.", Members(typeof(Window)));
        return builder.ToString().TrimEnd() + "\n";
    }

    private static IEnumerable<MemberInfo> Members(Type type) =>
        type.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Where(m => m is MethodInfo { IsSpecialName: false } or PropertyInfo)
            .Where(m => m.Name is not ("ToString" or "Equals" or "GetHashCode" or "Deconstruct" or "PrintMembers" or "<Clone>$" or "EqualityContract"))
            // AsOf is the loader's as-of projection of a record (EvidenceSet.AsOf), applied before any metric: engine
            // plumbing that rubric authors never call, and documented on EvidenceRecord rather than on each override.
            .Where(m => m.Name != nameof(EvidenceRecord.AsOf))
            .Where(m => m.GetCustomAttribute<System.Text.Json.Serialization.JsonIgnoreAttribute>() is null || m is MethodInfo);

    private static void Section(StringBuilder builder, Dictionary<string, XElement> docs, string title, string intro, IEnumerable<MemberInfo> members)
    {
        var list = members.OrderBy(m => m.MetadataToken).ToList();
        builder.Append("## ").Append(title).Append("\n\n").Append(intro).Append("\n\n");
        foreach (var member in list)
        {
            var doc = Find(docs, member);
            builder.Append("### `").Append(Signature(member)).Append("`\n\n");
            builder.Append(Text(doc?.Element("summary")) is { Length: > 0 } summary ? summary : "(not documented)").Append("\n\n");
            if (member is MethodInfo method)
            {
                foreach (var parameter in method.GetParameters())
                {
                    var text = Text(doc?.Elements("param").FirstOrDefault(p => (string?)p.Attribute("name") == parameter.Name));
                    builder.Append("- `").Append(parameter.Name).Append("`: ").Append(text.Length > 0 ? text : "(not documented)").Append('\n');
                }

                if (Text(doc?.Element("returns")) is { Length: > 0 } returns)
                {
                    builder.Append("- returns: ").Append(returns).Append('\n');
                }

                if (method.GetParameters().Length > 0 || doc?.Element("returns") is not null)
                {
                    builder.Append('\n');
                }
            }
        }
    }

    private static XElement? Find(Dictionary<string, XElement> docs, MemberInfo member)
    {
        var type = member.DeclaringType!.FullName!.Replace('+', '.');
        if (member is PropertyInfo)
        {
            return docs.GetValueOrDefault($"P:{type}.{member.Name}");
        }

        var method = (MethodInfo)member;
        var count = method.GetParameters().Length;
        var prefix = $"M:{type}.{member.Name}";
        return docs.Where(d => d.Key == prefix && count == 0 || d.Key.StartsWith(prefix + "(", StringComparison.Ordinal) && ParameterCount(d.Key) == count)
            .Select(d => d.Value)
            .FirstOrDefault();
    }

    private static int ParameterCount(string id)
    {
        var list = id[(id.IndexOf('(', StringComparison.Ordinal) + 1)..id.LastIndexOf(')')];
        var depth = 0;
        var count = list.Length == 0 ? 0 : 1;
        foreach (var c in list)
        {
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            count += c == ',' && depth == 0 ? 1 : 0;
        }

        return count;
    }

    private static string Signature(MemberInfo member)
    {
        var nullability = new NullabilityInfoContext();
        if (member is PropertyInfo property)
        {
            return $"{(property.GetMethod!.IsStatic ? "static " : string.Empty)}{TypeName(property.PropertyType, nullability.Create(property))} {property.Name}";
        }

        var method = (MethodInfo)member;
        var parameters = method.GetParameters().Select(p =>
        {
            var text = $"{TypeName(p.ParameterType, nullability.Create(p))} {p.Name}";
            return p.HasDefaultValue ? text + " = " + Literal(p.DefaultValue) : text;
        });
        return $"{TypeName(method.ReturnType, nullability.Create(method.ReturnParameter))} {method.Name}({string.Join(", ", parameters)})";
    }

    private static string Literal(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "null",
    };

    private static string TypeName(Type type, NullabilityInfo? nullability)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return TypeName(underlying, null) + "?";
        }

        var name = type == typeof(string) ? "string"
            : type == typeof(bool) ? "bool"
            : type == typeof(double) ? "double"
            : type == typeof(int) ? "int"
            : type == typeof(long) ? "long"
            : type == typeof(object) ? "object"
            : type.IsArray ? TypeName(type.GetElementType()!, null) + "[]"
            : type.IsGenericType ? $"{GenericName().Replace(type.Name, string.Empty)}<{string.Join(", ", type.GetGenericArguments().Select(a => TypeName(a, null)))}>"
            : type.Name;
        return nullability?.ReadState == NullabilityState.Nullable && !type.IsValueType ? name + "?" : name;
    }

    private static string Text(XElement? element)
    {
        if (element is null)
        {
            return string.Empty;
        }

        var builder = new StringBuilder();
        foreach (var node in element.Nodes())
        {
            builder.Append(node switch
            {
                XText text => text.Value,
                XElement { Name.LocalName: "c" } code => "`" + code.Value + "`",
                XElement { Name.LocalName: "see" or "seealso" } see => "`" + ((string?)see.Attribute("langword") ?? ((string?)see.Attribute("cref") ?? string.Empty).Split('(')[0].Split('.', ':')[^1]) + "`",
                XElement { Name.LocalName: "paramref" or "typeparamref" } reference => "`" + (string?)reference.Attribute("name") + "`",
                XElement other => other.Value,
                _ => string.Empty,
            });
        }

        return Whitespace().Replace(builder.ToString(), " ").Trim();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex("`[0-9]+$")]
    private static partial Regex GenericName();
}
