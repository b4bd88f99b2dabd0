// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json.Nodes;
using NJsonSchema;

namespace AiOpsPolicy.Reporting.Tests.Oscal;

/// <summary>
/// Loads NIST's OSCAL 1.0.6 assessment-results schema for NJsonSchema. The file refers to its
/// definitions by plain-name fragments (<c>"$ref": "#assembly_oscal-ar_result"</c>, matched by the
/// definition's <c>"$id"</c>), which draft-07 allows but NJsonSchema reads as file paths; the
/// loader rewrites each such reference to its <c>#/definitions/...</c> pointer in memory. The
/// file itself stays unmodified and every constraint is kept.
/// </summary>
internal static class OscalSchema
{
    private static readonly Lazy<JsonSchema> _schema = new(Load);

    /// <summary>Gets the path of the copied schema.</summary>
    public static string Path => System.IO.Path.Combine(Repository.Root, "tests", "AiOpsPolicy.Reporting.Tests", "Schemas", "oscal_assessment-results_schema_1.0.6.json");

    /// <summary>Gets the loaded schema.</summary>
    public static JsonSchema Value => _schema.Value;

    private static JsonSchema Load()
    {
        var root = JsonNode.Parse(File.ReadAllText(Path))!.AsObject();
        var definitions = root["definitions"]!.AsObject();
        var pointers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, definition) in definitions)
        {
            if (definition is JsonObject obj && obj["$id"]?.GetValue<string>() is { } id && id.StartsWith('#'))
            {
                pointers[id] = "#/definitions/" + name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
                obj.Remove("$id");
            }
        }

        Rewrite(root, pointers);
        return JsonSchema.FromJsonAsync(root.ToJsonString()).GetAwaiter().GetResult();
    }

    private static void Rewrite(JsonNode? node, Dictionary<string, string> pointers)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["$ref"] is JsonValue reference && reference.GetValue<string>() is { } target && pointers.TryGetValue(target, out var pointer))
                {
                    obj["$ref"] = pointer;
                }

                foreach (var (_, child) in obj.ToList())
                {
                    Rewrite(child, pointers);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Rewrite(child, pointers);
                }

                break;
            default:
                break;
        }
    }
}
