// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.History.Schema;

/// <summary>The dimensions of <c>coverage_daily</c>.</summary>
internal static class CoverageDimension
{
    public const string All = "all";

    public const string Team = "team";

    public const string Point = "point";
}
