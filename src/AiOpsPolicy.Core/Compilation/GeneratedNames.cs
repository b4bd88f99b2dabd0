// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;

namespace AiOpsPolicy.Core.Compilation;

/// <summary>Names of the generated code. Kept in one place because the cache depends on them.</summary>
internal static class GeneratedNames
{
    public const string Namespace = "AiOpsPolicy.Generated";
    public const string ClassName = "CompiledPolicies";
    public const string FullTypeName = Namespace + "." + ClassName;

    /// <summary>
    /// Changes whenever the shape of the generated code changes, so that old cache entries and bundles are not trusted.
    /// 4: the metric plan is a resource of the assembly (<see cref="MetricPlan.ResourceName"/>), no longer a generated
    /// <c>PlanMetrics</c> method; an older assembly has no plan to read.
    /// </summary>
    public const string CodeShapeVersion = "4";

    public static string Measure(int gate) => "Measure_" + gate.ToString(CultureInfo.InvariantCulture);

    public static string Condition(int gate) => "Condition_" + gate.ToString(CultureInfo.InvariantCulture);

    public static string Check(int check) => "Check_" + check.ToString(CultureInfo.InvariantCulture);

    public static string FindingWhen(int finding) => "FindingWhen_" + finding.ToString(CultureInfo.InvariantCulture);

    public static string FindingPart(int finding, int part) => "FindingPart_" + finding.ToString(CultureInfo.InvariantCulture) + "_" + part.ToString(CultureInfo.InvariantCulture);
}
