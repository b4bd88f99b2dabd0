// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Reporting.Tests;

/// <summary>The published schemas this project's format tests validate against (copied into Schemas/).</summary>
internal static class RepositoryPaths
{
    /// <summary>Gets the published SARIF 2.1.0 schema.</summary>
    public static string SarifSchema => Repository.Combine("tests", "AiOpsPolicy.Reporting.Tests", "Schemas", "sarif-schema-2.1.0.json");

    /// <summary>Gets the JUnit XML schema Jenkins' xUnit plugin validates against.</summary>
    public static string JUnitSchema => Repository.Combine("tests", "AiOpsPolicy.Reporting.Tests", "Schemas", "junit-10.xsd");
}
