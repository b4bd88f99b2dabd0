// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Files;
using AiOpsPolicy.Core.Loading;
using AiOpsPolicy.Core.Model;
using AiOpsPolicy.Core.Text;

namespace AiOpsPolicy.Core.Validation;

/// <summary>
/// The validate stage: checks every document against its JSON Schema, binds it to its typed model,
/// and checks what a schema cannot: unique names, references that resolve, gates that check something.
/// </summary>
public static class PolicyValidator
{
    /// <summary>Validates loaded documents and builds the policy set.</summary>
    /// <param name="loaded">The load stage's result.</param>
    /// <param name="checkSchemas">
    /// False to skip the JSON Schema check, when the same content already passed it (a cached
    /// compilation proves that). Semantic checks always run.
    /// </param>
    /// <returns>The policy set and every problem found, including the load stage's.</returns>
    public static ValidationResult Validate(PolicyLoadResult loaded, bool checkSchemas = true)
    {
        var diagnostics = new List<Diagnostic>(loaded.Diagnostics);
        var objects = ImmutableArray.CreateBuilder<PolicyObject>();

        // spec.defaults.severity applies to every gate of the set, in whatever file the PolicySet is:
        // it is read first, so that gates bound before it in file order still get it.
        var defaultSeverity = loaded.Documents
            .Where(d => d.Kind == PolicyKind.PolicySet)
            .Select(d => new PolicyBinder(new List<Diagnostic>()).Bind(d))
            .OfType<PolicySetManifest>()
            .Select(m => m.DefaultSeverity)
            .FirstOrDefault(GateSeverity.Block);
        // A file the load could not read in full (any kind of document may be missing from it), or a document that did not
        // bind (its kind is known), may declare what other documents name: their unresolved references say so.
        var incomplete = loaded.Diagnostics.Where(d => d.IsError && d.Location.Path.Length > 0).Select(d => new SemanticChecks.Unread(d.Location.Path, null)).ToList();
        foreach (var document in loaded.Documents)
        {
            var unitDiagnostics = new List<Diagnostic>();
            var bound = new PolicyBinder(unitDiagnostics, defaultSeverity).Bind(document);
            diagnostics.AddRange(unitDiagnostics);

            if (checkSchemas)
            {
                var schemaDiagnostics = new List<Diagnostic>();
                SchemaValidator.Validate(document, schemaDiagnostics);

                // A malformed unit is reported once, with the unit's own message, not again as a pattern mismatch.
                diagnostics.AddRange(schemaDiagnostics.Where(s => !unitDiagnostics.Any(u => u.Location == s.Location)));
            }

            if (bound is not null)
            {
                objects.Add(bound);
            }
            else
            {
                incomplete.Add(new SemanticChecks.Unread(document.File.Path, document.Kind));
            }
        }

        var all = objects.ToImmutable();
        new SemanticChecks(diagnostics, incomplete).Run(all);
        var set = new PolicySet(loaded.Files, ComputeDigest(loaded.Files), all);
        return new ValidationResult(set, [.. DiagnosticOrder.Sort(diagnostics)]);
    }

    /// <summary>
    /// The digest of a set of files: SHA-256 over each file's path relative to the files' common
    /// folder and its text, in path order. Moving the folder or running from elsewhere does not
    /// change it; editing, adding or renaming a file does.
    /// </summary>
    /// <param name="files">The files.</param>
    /// <returns>The digest, <c>sha256:</c> and lower-case hex.</returns>
    public static string ComputeDigest(IReadOnlyList<SourceFile> files)
    {
        var root = files.Count == 0 ? Directory.GetCurrentDirectory() : SourceFileReader.CommonFolder(files.Select(f => Path.GetFullPath(f.Path)).ToList());
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(root, Path.GetFullPath(file.Path)).Replace('\\', '/');
            hash.AppendData(Encoding.UTF8.GetBytes(relative + "\n" + file.Text.Length + "\n"));
            hash.AppendData(Encoding.UTF8.GetBytes(file.Text));
        }

        return "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
