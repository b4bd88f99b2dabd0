// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Baselines.Tests;

/// <summary>This project's source folder, where the corpus' expected diagnostics are kept.</summary>
internal static class RepositoryPaths
{
    /// <summary>Gets this test project's source folder.</summary>
    public static string ProjectSource => Repository.Combine("tests", "AiOpsPolicy.Baselines.Tests");
}
