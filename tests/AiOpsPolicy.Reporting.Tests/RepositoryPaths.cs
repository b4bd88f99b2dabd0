// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Reporting.Tests;

/// <summary>Finds the repository, its examples and the published schemas (copied into Schemas/) from the test output directory.</summary>
internal static class RepositoryPaths
{
    private static readonly Lazy<string> _root = new(FindRoot);

    /// <summary>Gets the folder that holds AiOpsPolicy.sln.</summary>
    public static string Root => _root.Value;

    /// <summary>Gets the help-desk example policy set.</summary>
    public static string HelpdeskPolicies => Path.Combine(Root, "policies", "helpdesk");

    /// <summary>Gets the example evidence.</summary>
    public static string ExampleEvidence => Path.Combine(Root, "examples", "evidence");

    /// <summary>Gets the published SARIF 2.1.0 schema.</summary>
    public static string SarifSchema => Path.Combine(Root, "tests", "AiOpsPolicy.Reporting.Tests", "Schemas", "sarif-schema-2.1.0.json");

    /// <summary>Gets the JUnit XML schema Jenkins' xUnit plugin validates against.</summary>
    public static string JUnitSchema => Path.Combine(Root, "tests", "AiOpsPolicy.Reporting.Tests", "Schemas", "junit-10.xsd");

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
