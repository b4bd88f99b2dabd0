// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json;
using System.Text.RegularExpressions;
using NJsonSchema;
using YamlDotNet.RepresentationModel;

namespace AiOpsPolicy.Reporting.Tests;

/// <summary>
/// The shipped <c>.vscode/settings.json</c>: its <c>yaml.schemas</c> globs (yaml-language-server's rules: <c>**</c>
/// any folders, <c>*</c> within one, a leading <c>!</c> excludes) give every document of every example policy
/// and evidence YAML file a schema, and every document passes that schema, so an editor shows no false error.
/// </summary>
public sealed class EditorSchemaTests
{
    [Fact]
    public async Task YamlSchemas_WhenAppliedToEveryExampleYamlFile_ShouldCoverEveryDocumentAndFindNoError()
    {
        // Given
        var settings = JsonDocument.Parse(File.ReadAllText(Repository.Combine(".vscode", "settings.json")), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var mappings = settings.RootElement.GetProperty("yaml.schemas").EnumerateObject()
            .Select(p => (Schema: p.Name, Globs: p.Value.EnumerateArray().Select(g => g.GetString()!).ToList()))
            .ToList();
        var files = Directory.EnumerateFiles(Repository.Combine("policies"), "*.yaml", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Repository.Combine("examples"), "*.yaml", SearchOption.AllDirectories))
            .Select(f => Path.GetRelativePath(Repository.Root, f).Replace('\\', '/'))
            .Where(f => !f.EndsWith(".test.yaml", StringComparison.Ordinal))

            // The operator's EvidenceSource files (docs/collect.md) have no JSON Schema yet.
            .Where(f => !File.ReadAllText(Repository.Combine(f)).Contains("\nkind: EvidenceSource", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();

        // When
        var problems = new List<string>();
        var documents = 0;
        foreach (var file in files)
        {
            var schemaPath = mappings.Where(m => Matches(m.Globs, file)).Select(m => m.Schema).SingleOrDefault();
            if (schemaPath is null)
            {
                problems.Add($"{file}: no schema applies");
                continue;
            }

            var schema = await JsonSchema.FromFileAsync(Repository.Combine(schemaPath.TrimStart('.', '/')));
            var stream = new YamlStream();
            stream.Load(new StringReader(File.ReadAllText(file is { } f ? Repository.Combine(f) : string.Empty)));
            foreach (var document in stream.Documents)
            {
                documents++;
                var json = JsonSerializer.Serialize(ToPlain(document.RootNode));
                problems.AddRange(schema.Validate(json).Select(e => $"{file}({document.RootNode.Start.Line}): {e}"));
            }
        }

        // Then: the 52 example documents and the evidence files, every one checked and clean
        Assert.Empty(problems);
        Assert.True(documents >= 55, $"Only {documents} documents were checked.");
    }

    private static bool Matches(List<string> globs, string file) =>
        globs.Where(g => !g.StartsWith('!')).Any(g => Glob(g).IsMatch(file))
        && !globs.Where(g => g.StartsWith('!')).Any(g => Glob(g[1..]).IsMatch(file));

    private static Regex Glob(string glob) =>
        new("^" + Regex.Escape(glob).Replace(@"\*\*/", "(.*/)?", StringComparison.Ordinal).Replace(@"\*", "[^/]*", StringComparison.Ordinal) + "$");

    /// <summary>YAML to plain values as a YAML 1.2 core-schema reader (the language server's) types them.</summary>
    private static object? ToPlain(YamlNode node) => node switch
    {
        YamlMappingNode map => map.Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => ToPlain(c.Value), StringComparer.Ordinal),
        YamlSequenceNode seq => seq.Children.Select(ToPlain).ToList(),
        YamlScalarNode { Style: not YamlDotNet.Core.ScalarStyle.Plain } s => s.Value,
        YamlScalarNode { Value: null or "null" or "~" or "" } => null,
        YamlScalarNode { Value: "true" } => true,
        YamlScalarNode { Value: "false" } => false,
        YamlScalarNode s when long.TryParse(s.Value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var l) => l,
        YamlScalarNode s when Regex.IsMatch(s.Value!, @"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$") => double.Parse(s.Value!, System.Globalization.CultureInfo.InvariantCulture),
        YamlScalarNode s => s.Value,
        _ => null,
    };
}
