// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text.Json;
using Newtonsoft.Json.Linq;

namespace AiOpsPolicy.Core.Syntax;

/// <summary>
/// The one conversion of YAML to JSON. Evidence files, the inline evidence of policy tests and the policy diff's values
/// are written as JSON text (<see cref="Write"/>); schema validation reads JSON tokens that remember which node each
/// path came from (<see cref="ToJToken"/>). Both type scalars by one rule (<see cref="Classify"/>), the YAML 1.2 core
/// schema: quoted and block scalars, and scalars tagged <c>!!str</c>, are strings; plain ones are null, booleans,
/// integers or floats when they read as one.
/// </summary>
internal static class YamlToJson
{
    /// <summary>What a scalar is in JSON.</summary>
    internal enum ScalarType
    {
        /// <summary>A string: quoted, block, tagged <c>!!str</c>, or plain text that reads as nothing else.</summary>
        String,

        /// <summary>JSON null.</summary>
        Null,

        /// <summary>JSON true.</summary>
        True,

        /// <summary>JSON false.</summary>
        False,

        /// <summary>An integer that fits 64 bits, kept exact.</summary>
        Integer,

        /// <summary>Any other finite number.</summary>
        Float,
    }

    /// <summary>Writes a node as JSON text.</summary>
    /// <param name="node">The node.</param>
    /// <param name="writer">Where to write it.</param>
    public static void Write(YamlNode node, Utf8JsonWriter writer)
    {
        switch (node)
        {
            case YamlMapping mapping:
                writer.WriteStartObject();
                foreach (var (key, value) in mapping.Entries)
                {
                    writer.WritePropertyName(key.Value);
                    Write(value, writer);
                }

                writer.WriteEndObject();
                break;

            case YamlSequence sequence:
                writer.WriteStartArray();
                foreach (var item in sequence.Items)
                {
                    Write(item, writer);
                }

                writer.WriteEndArray();
                break;

            case YamlScalar scalar:
                switch (Classify(scalar, out var integer, out var number))
                {
                    case ScalarType.Null:
                        writer.WriteNullValue();
                        break;
                    case ScalarType.True:
                        writer.WriteBooleanValue(true);
                        break;
                    case ScalarType.False:
                        writer.WriteBooleanValue(false);
                        break;
                    case ScalarType.Integer:
                        writer.WriteNumberValue(integer);
                        break;
                    case ScalarType.Float:
                        writer.WriteNumberValue(number);
                        break;
                    default:
                        writer.WriteStringValue(scalar.Value);
                        break;
                }

                break;
        }
    }

    /// <summary>Converts a node to JSON tokens for schema validation, recording which node each JSON path came from.</summary>
    /// <param name="node">The node.</param>
    /// <param name="path">The node's JSON path (<c>#</c> for the root).</param>
    /// <param name="paths">Receives each path and its node.</param>
    /// <returns>The token.</returns>
    public static JToken ToJToken(YamlNode node, string path, Dictionary<string, YamlNode> paths)
    {
        paths[path] = node;
        switch (node)
        {
            case YamlMapping mapping:
            {
                var obj = new JObject();
                foreach (var (key, value) in mapping.Entries)
                {
                    var childPath = path == "#" ? "#/" + key.Value : path + "." + key.Value;
                    obj[key.Value] = ToJToken(value, childPath, paths);
                }

                return obj;
            }

            case YamlSequence sequence:
            {
                var array = new JArray();
                for (var i = 0; i < sequence.Items.Length; i++)
                {
                    array.Add(ToJToken(sequence.Items[i], path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]", paths));
                }

                return array;
            }

            case YamlScalar scalar:
                return Classify(scalar, out var integer, out var number) switch
                {
                    ScalarType.Null => JValue.CreateNull(),
                    ScalarType.True => new JValue(true),
                    ScalarType.False => new JValue(false),
                    ScalarType.Integer => new JValue(integer),
                    ScalarType.Float => new JValue(number),
                    _ => new JValue(scalar.Value),
                };

            default:
                return JValue.CreateNull();
        }
    }

    /// <summary>Types a scalar by the YAML 1.2 core schema.</summary>
    /// <param name="scalar">The scalar.</param>
    /// <param name="integer">The value when it is an integer.</param>
    /// <param name="number">The value when it is a float.</param>
    /// <returns>What it is.</returns>
    internal static ScalarType Classify(YamlScalar scalar, out long integer, out double number)
    {
        integer = 0;
        number = 0;

        // An explicit !!str keeps "123", "true" or "null" as text, as a quoted scalar does.
        if (scalar.Style != YamlScalarStyle.Plain || scalar.Tag is "tag:yaml.org,2002:str" or "!!str")
        {
            return ScalarType.String;
        }

        var value = scalar.Value;
        if (scalar.IsNull)
        {
            return ScalarType.Null;
        }

        if (value is "true" or "True" or "TRUE")
        {
            return ScalarType.True;
        }

        if (value is "false" or "False" or "FALSE")
        {
            return ScalarType.False;
        }

        // Integers first, so that one beyond 2^53 keeps every digit instead of being rounded through a double.
        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out integer))
        {
            return ScalarType.Integer;
        }

        // A time of day (12:30) is text, never a number in any culture.
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out number) && double.IsFinite(number) && !value.Contains(':', StringComparison.Ordinal))
        {
            return ScalarType.Float;
        }

        number = 0;
        return ScalarType.String;
    }
}
