// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using AiOpsPolicy.Core.Loading;
using Newtonsoft.Json.Linq;

namespace AiOpsPolicy.Core.Validation;

/// <summary>
/// Converts YAML nodes to JSON tokens for schema validation, typing plain scalars by the YAML 1.2
/// core schema, and records which node each JSON path came from.
/// </summary>
internal static class YamlJson
{
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
                return Scalar(scalar);

            default:
                return JValue.CreateNull();
        }
    }

    private static JValue Scalar(YamlScalar scalar)
    {
        if (scalar.Style != YamlScalarStyle.Plain || scalar.Tag is "tag:yaml.org,2002:str" or "!!str")
        {
            return new JValue(scalar.Value);
        }

        var value = scalar.Value;
        if (scalar.IsNull)
        {
            return JValue.CreateNull();
        }

        if (value is "true" or "True" or "TRUE")
        {
            return new JValue(true);
        }

        if (value is "false" or "False" or "FALSE")
        {
            return new JValue(false);
        }

        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return new JValue(integer);
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            return new JValue(number);
        }

        return new JValue(value);
    }
}
