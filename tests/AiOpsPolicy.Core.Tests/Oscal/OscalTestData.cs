// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Tests.Oscal;

/// <summary>Finds the NIST baseline files copied into Oscal/Data and the help-desk example, from the test output directory.</summary>
internal static class OscalTestData
{
    private static readonly Lazy<string> _root = new(FindRoot);

    /// <summary>Gets the folder that holds AiOpsPolicy.sln.</summary>
    public static string Root => _root.Value;

    /// <summary>Gets the MODERATE baseline profile.</summary>
    public static string ModerateProfile => Data("NIST_SP-800-53_rev5_MODERATE-baseline_profile.json");

    /// <summary>Gets the MODERATE baseline resolved into a catalog.</summary>
    public static string ModerateCatalog => Data("NIST_SP-800-53_rev5_MODERATE-baseline-resolved-profile_catalog-min.json");

    /// <summary>Gets the help-desk example policy set.</summary>
    public static string HelpdeskPolicies => Path.Combine(Root, "policies", "helpdesk");

    /// <summary>Gets the example evidence.</summary>
    public static string ExampleEvidence => Path.Combine(Root, "examples", "evidence");

    private static string Data(string name) => Path.Combine(Root, "tests", "AiOpsPolicy.Core.Tests", "Oscal", "Data", name);

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
