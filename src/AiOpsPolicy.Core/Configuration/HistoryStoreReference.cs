// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Files;
using AiOpsPolicy.Core.Model;
using AiOpsPolicy.Core.Syntax;

namespace AiOpsPolicy.Core.Configuration;

/// <summary>
/// What a PolicySet's <c>spec.history.store</c> may say, and what it resolves to. Policy text comes from pull requests,
/// so it may only name a store the operator's configuration declares (<c>store: main</c>), or a SQLite file given as a
/// relative path that stays inside the repository. It can never choose a host, a connection string, an absolute path
/// or a way out through <c>..</c> or a symlink: otherwise a pull request could send the pipeline's database
/// credentials (PGPASSWORD, which the PostgreSQL driver reads by itself) to a server of its choosing, or create a file
/// anywhere the pipeline may write.
/// </summary>
public static class HistoryStoreReference
{

    /// <summary>Whether the text is a store name: a letter, then letters, digits, '-' and '_' (no dot, no slash).</summary>
    /// <param name="text">The text.</param>
    /// <returns>True for a name.</returns>
    public static bool IsName(string text) =>
        text.Length is > 0 and <= 64 && char.IsAsciiLetter(text[0]) && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>Whether an operator's target is a PostgreSQL connection string or URL (the history store factory's test).</summary>
    /// <param name="target">The target.</param>
    /// <returns>True for PostgreSQL.</returns>
    public static bool IsPostgresTarget(string target) =>
        target.StartsWith("Host=", StringComparison.OrdinalIgnoreCase)
        || target.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
        || target.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Checks the text of <c>spec.history.store</c> without touching the file system: what policy text may never say.
    /// The message says what is wrong and what to write instead.
    /// </summary>
    /// <param name="store">The store text.</param>
    /// <returns>The problem, or null when the text is a name or a relative file path.</returns>
    public static string? Problem(string store)
    {
        const string Fix = "Declare the store in the operator configuration (historyStores, see docs/configuration.md) and write its name here, such as 'store: main'";
        if (IsName(store))
        {
            return null;
        }

        if (store.Any(char.IsControl))
        {
            return "spec.history.store contains a control character. Write a store name, such as 'store: main'";
        }

        if (store.Contains('=', StringComparison.Ordinal) || store.Contains(';', StringComparison.Ordinal))
        {
            return $"spec.history.store is a connection string: policy text cannot choose the database server the pipeline's credentials go to. {Fix}";
        }

        if (store.Contains("://", StringComparison.Ordinal) || (store.IndexOf(':', StringComparison.Ordinal) is var colon and > 0 && !store[..colon].Contains('/', StringComparison.Ordinal)))
        {
            return $"spec.history.store is a URL or host: policy text cannot choose where the history store connects. {Fix}";
        }

        if (store.Contains('\\', StringComparison.Ordinal))
        {
            return "spec.history.store contains a backslash. Write a relative path with forward slashes, such as 'history/runs.db', or a store name";
        }

        if (store.StartsWith('/') || store.StartsWith('~') || Path.IsPathRooted(store))
        {
            return $"spec.history.store is an absolute path: a store file named in policy text stays inside the repository. Write a path relative to this file, such as 'history/runs.db', or: {Fix}";
        }

        if (store.Split('/').Any(segment => segment == ".."))
        {
            return $"spec.history.store leaves this folder through '..': a store file named in policy text stays under the policy folder. Write a path below this file's folder, such as 'history/runs.db', or: {Fix}";
        }

        return null;
    }

    /// <summary>
    /// Resolves a PolicySet's store to the target the history store opens: a declared name to the operator's target,
    /// a relative file to its full path, after checking that, with every symlink followed, it stays inside the
    /// repository root.
    /// </summary>
    /// <param name="manifest">The PolicySet whose <c>spec.history.store</c> is resolved.</param>
    /// <param name="configuration">The operator configuration (<see cref="OperatorConfiguration.Empty"/> when none was given).</param>
    /// <param name="repositoryRoot">The repository root a store file must stay in; null to find it (<see cref="FindRepositoryRoot"/>).</param>
    /// <returns>The target, or the located problem.</returns>
    public static (string? Target, Diagnostic? Problem) Resolve(PolicySetManifest manifest, OperatorConfiguration configuration, string? repositoryRoot)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(configuration);
        if (manifest.History?.Store is not { Length: > 0 } store)
        {
            return (null, null);
        }

        var location = (manifest.Node["spec"] as YamlMapping)?["history"] is YamlMapping history && history["store"] is { } node ? node.Location : manifest.Location;
        if (Problem(store) is { } problem)
        {
            return (null, Diagnostic.Create(DiagnosticCatalog.InvalidHistorySetting, location, problem));
        }

        if (IsName(store))
        {
            if (configuration.HistoryStores.TryGetValue(store, out var declared))
            {
                return (declared.Target, null);
            }

            var known = configuration.HistoryStores.IsEmpty ? "declares no history stores" : "declares " + string.Join(", ", configuration.HistoryStores.Keys);
            var where = configuration.Path is { } path ? $"The operator configuration '{path}' {known}" : $"No operator configuration was given (--config FILE or ${OperatorConfiguration.EnvironmentVariable})";
            return (null, Diagnostic.Create(DiagnosticCatalog.HistoryStoreNotResolved, location, $"spec.history.store names the store '{store}', which the operator has not declared. {where}. Declare it under historyStores, or give --record/--history"));
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(manifest.Location.Path)) ?? Directory.GetCurrentDirectory();
        var full = Path.GetFullPath(Path.Combine(folder, store));
        var root = Path.GetFullPath(repositoryRoot ?? FindRepositoryRoot(folder));
        var resolvedRoot = ResolveLinks(root);
        var resolved = ResolveLinks(full);
        if (resolvedRoot is null || resolved is null || !IsInside(resolved, resolvedRoot))
        {
            return (null, Diagnostic.Create(DiagnosticCatalog.HistoryStoreNotResolved, location, $"spec.history.store '{store}' leads outside the repository root '{SourceFileReader.DisplayPath(root)}' through a symlink. Keep the store file inside the repository, or declare the store in the operator configuration and write its name"));
        }

        return (full, null);
    }

    /// <summary>
    /// The repository root of a folder: the nearest folder at or above it that holds <c>.git</c>, or the folder itself
    /// when none does (a policy folder outside any repository is its own root).
    /// </summary>
    /// <param name="folder">A full folder path.</param>
    /// <returns>The root.</returns>
    public static string FindRepositoryRoot(string folder)
    {
        for (var current = folder; !string.IsNullOrEmpty(current); current = Path.GetDirectoryName(current))
        {
            if (Directory.Exists(Path.Combine(current, ".git")) || File.Exists(Path.Combine(current, ".git")))
            {
                return current;
            }
        }

        return folder;
    }

    /// <summary>Whether a full path is the folder itself or below it.</summary>
    /// <param name="path">A full path.</param>
    /// <param name="folder">A full folder path.</param>
    /// <returns>True when inside.</returns>
    public static bool IsInside(string path, string folder) => PathLinks.IsInside(path, folder);

    /// <summary>
    /// The path with every symlink along it followed, component by component (the parts that do not exist yet are kept
    /// as written), or null for a symlink loop. The real path a file operation on it would reach.
    /// </summary>
    /// <param name="fullPath">A full path.</param>
    /// <returns>The resolved full path, or null.</returns>
    public static string? ResolveLinks(string fullPath) => PathLinks.ResolveLinks(fullPath);
}
