// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Baselines.Tests;

/// <summary>Finds the repository and this project's source folder from the test output directory.</summary>
internal static class RepositoryPaths
{
    private static readonly Lazy<string> _root = new(FindRoot);

    /// <summary>Gets the folder that holds AiOpsPolicy.sln.</summary>
    public static string Root => _root.Value;

    /// <summary>Gets this test project's source folder.</summary>
    public static string ProjectSource => Path.Combine(Root, "tests", "AiOpsPolicy.Baselines.Tests");

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
