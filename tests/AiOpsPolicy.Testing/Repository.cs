// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Testing;

/// <summary>Finds the repository, its example policies and evidence, from a test's output folder.</summary>
public static class Repository
{
    private static readonly Lazy<string> _root = new(FindRoot);

    /// <summary>Gets the folder that holds AiOpsPolicy.sln.</summary>
    public static string Root => _root.Value;

    /// <summary>Gets the help-desk example policy set.</summary>
    public static string HelpdeskPolicies => Path.Combine(Root, "policies", "helpdesk");

    /// <summary>Gets the example evidence.</summary>
    public static string ExampleEvidence => Path.Combine(Root, "examples", "evidence");

    /// <summary>A path below the repository's root.</summary>
    /// <param name="parts">The path's parts, from the root.</param>
    /// <returns>The full path.</returns>
    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AiOpsPolicy.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above '{AppContext.BaseDirectory}' holds AiOpsPolicy.sln.");
    }
}
