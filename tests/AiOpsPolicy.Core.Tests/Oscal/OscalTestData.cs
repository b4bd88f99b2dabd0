// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Tests.Oscal;

/// <summary>The NIST baseline files kept in Oscal/Data.</summary>
internal static class OscalTestData
{
    /// <summary>Gets the MODERATE baseline profile.</summary>
    public static string ModerateProfile => Data("NIST_SP-800-53_rev5_MODERATE-baseline_profile.json");

    /// <summary>Gets the MODERATE baseline resolved into a catalog.</summary>
    public static string ModerateCatalog => Data("NIST_SP-800-53_rev5_MODERATE-baseline-resolved-profile_catalog-min.json");

    private static string Data(string name) => Repository.Combine("tests", "AiOpsPolicy.Core.Tests", "Oscal", "Data", name);
}
