// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Files;
using AiOpsPolicy.Core.Model;
using AiOpsPolicy.Core.Syntax;
using AiOpsPolicy.Core.Text;

namespace AiOpsPolicy.Core.Loading;

/// <summary>
/// The load stage: finds the policy files under the given paths, reads every YAML document, and
/// checks each document's envelope (a mapping with a known apiVersion and kind).
/// </summary>
public static class PolicyLoader
{
    /// <summary>The only apiVersion of this release.</summary>
    public const string ApiVersion = "aiops-policy/v1";

    private static readonly string[] Extensions = [".yaml", ".yml"];

    /// <summary>Loads the policy documents under the given paths.</summary>
    /// <param name="paths">Policy files or folders.</param>
    /// <returns>The documents, the files they came from, and every problem found.</returns>
    public static PolicyLoadResult Load(IReadOnlyList<string> paths)
    {
        var diagnostics = new List<Diagnostic>();
        var fullPaths = SourceFileReader.Enumerate(paths, Extensions, IsNotPolicy, diagnostics);
        if (fullPaths.Count == 0 && diagnostics.Count == 0)
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.NoPolicyFiles, SourceLocation.None, string.Join(", ", paths)));
        }

        var files = ImmutableArray.CreateBuilder<SourceFile>();
        var documents = ImmutableArray.CreateBuilder<PolicyDocument>();
        foreach (var fullPath in fullPaths)
        {
            var file = SourceFileReader.Read(fullPath, SourceFileReader.MaxPolicyFileBytes, diagnostics);
            if (file is null)
            {
                continue;
            }

            files.Add(file);
            foreach (var root in YamlDocumentReader.Read(file, diagnostics))
            {
                if (ReadEnvelope(root, diagnostics) is { } kind && root is YamlMapping mapping)
                {
                    documents.Add(new PolicyDocument(kind, mapping, file));
                }
            }
        }

        return new PolicyLoadResult(files.ToImmutable(), documents.ToImmutable(), [.. diagnostics]);
    }

    /// <summary>Loads policy documents from text, for tests and tools that hold policies in memory.</summary>
    /// <param name="files">The files.</param>
    /// <returns>The documents, the files they came from, and every problem found.</returns>
    public static PolicyLoadResult Load(IReadOnlyList<SourceFile> files)
    {
        var diagnostics = new List<Diagnostic>();
        var documents = ImmutableArray.CreateBuilder<PolicyDocument>();
        foreach (var file in files)
        {
            foreach (var root in YamlDocumentReader.Read(file, diagnostics))
            {
                if (ReadEnvelope(root, diagnostics) is { } kind && root is YamlMapping mapping)
                {
                    documents.Add(new PolicyDocument(kind, mapping, file));
                }
            }
        }

        return new PolicyLoadResult([.. files], documents.ToImmutable(), [.. diagnostics]);
    }

    /// <summary>
    /// Policy unit tests (<c>*.test.yaml</c>) and anything under an <c>evidence</c> or <c>tests</c>
    /// folder live beside policies but are not part of the set.
    /// </summary>
    private static bool IsNotPolicy(string relativePath)
    {
        var normalized = relativePath.Replace('\\', '/');
        return normalized.EndsWith(".test.yaml", StringComparison.OrdinalIgnoreCase)
            || normalized.EndsWith(".test.yml", StringComparison.OrdinalIgnoreCase)
            || normalized.Split('/').SkipLast(1).Any(part => part is "evidence" or "tests");
    }

    private static PolicyKind? ReadEnvelope(YamlNode root, List<Diagnostic> diagnostics)
    {
        if (root is not YamlMapping mapping)
        {
            if (root is YamlScalar { IsNull: true })
            {
                // An empty document (a stray "---" or a file of comments) holds nothing to check.
                return null;
            }

            diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.DocumentNotMapping, root.Location, root.ShapeName));
            return null;
        }

        var ok = true;
        switch (mapping["apiVersion"])
        {
            case null:
                diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.UnknownApiVersion, mapping.Location, "The document has no apiVersion; add 'apiVersion: aiops-policy/v1'"));
                ok = false;
                break;
            case YamlScalar { Value: ApiVersion }:
                break;
            case var other:
                diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.UnknownApiVersion, other.Location, $"apiVersion '{(other as YamlScalar)?.Value ?? other.ShapeName}' is not known"));
                ok = false;
                break;
        }

        var kindNode = mapping["kind"];
        PolicyKind? kind = null;
        if (kindNode is YamlScalar kindScalar && Enum.TryParse<PolicyKind>(kindScalar.Value, ignoreCase: false, out var parsed) && Enum.IsDefined(parsed) && kindScalar.Value == parsed.ToString())
        {
            kind = parsed;
        }
        else
        {
            var known = string.Join(", ", Enum.GetNames<PolicyKind>());
            var what = kindNode switch
            {
                null => "The document has no kind",
                YamlScalar s => $"'{s.Value}' is not a kind of policy document" + Suggest(s.Value),
                _ => $"kind must be a word, not a {kindNode.ShapeName}",
            };
            diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.UnknownKind, (kindNode ?? mapping).Location, what, known));
        }

        return ok ? kind : null;
    }

    private static string Suggest(string value) =>
        Spelling.Closest(value, Enum.GetNames<PolicyKind>()) is { } match ? $" (did you mean '{match}'?)" : string.Empty;
}
