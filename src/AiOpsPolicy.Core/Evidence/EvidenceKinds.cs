// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.ObjectModel;
using System.Text.Json.Serialization.Metadata;

namespace AiOpsPolicy.Core.Evidence;

/// <summary>The names of the evidence kinds as written in files, and the record type of each.</summary>
public static class EvidenceKinds
{
    // Arrays, not a frozen dictionary: 18 names are found as fast by a loop, and a gate reads evidence before anything
    // else could compile the generic dictionary code a frozen dictionary over an enum needs (docs/performance.md).
    private static readonly EvidenceKind[] All = Enum.GetValues<EvidenceKind>();
    private static readonly string[] KindNames = NamesOf(All);

    /// <summary>Gets every kind's file name, in enum order.</summary>
    public static IReadOnlyList<string> Names { get; } = new ReadOnlyCollection<string>(KindNames);

    /// <summary>The kebab-case name of a kind: <see cref="EvidenceKind.WorkflowRuns"/> is <c>workflow-runs</c>.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The name.</returns>
    public static string Name(EvidenceKind kind)
    {
        var text = kind.ToString();
        var builder = new System.Text.StringBuilder(text.Length + 4);
        for (var i = 0; i < text.Length; i++)
        {
            if (i > 0 && char.IsUpper(text[i]))
            {
                builder.Append('-');
            }

            builder.Append(char.ToLowerInvariant(text[i]));
        }

        return builder.ToString();
    }

    /// <summary>Finds a kind by its file name.</summary>
    /// <param name="name">The kebab-case name.</param>
    /// <param name="kind">The kind.</param>
    /// <returns>True when the name is a kind.</returns>
    public static bool TryParse(string name, out EvidenceKind kind)
    {
        for (var i = 0; i < KindNames.Length; i++)
        {
            if (string.Equals(KindNames[i], name, StringComparison.Ordinal))
            {
                kind = All[i];
                return true;
            }
        }

        kind = default;
        return false;
    }

    /// <summary>The serializer metadata of a kind's record type.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The type info.</returns>
    internal static JsonTypeInfo TypeInfo(EvidenceKind kind) => kind switch
    {
        EvidenceKind.WorkflowRuns => EvidenceJsonContext.Default.WorkflowRun,
        EvidenceKind.Incidents => EvidenceJsonContext.Default.Incident,
        EvidenceKind.Transactions => EvidenceJsonContext.Default.TransactionVolume,
        EvidenceKind.ConnectorChecks => EvidenceJsonContext.Default.ConnectorCheck,
        EvidenceKind.Freshness => EvidenceJsonContext.Default.FreshnessMeasurement,
        EvidenceKind.ValueLines => EvidenceJsonContext.Default.ValueLine,
        EvidenceKind.CaseEffort => EvidenceJsonContext.Default.CaseEffort,
        EvidenceKind.Throughput => EvidenceJsonContext.Default.DailyThroughput,
        EvidenceKind.ModelEvaluations => EvidenceJsonContext.Default.ModelEvaluation,
        EvidenceKind.ControlExecutions => EvidenceJsonContext.Default.ControlExecution,
        EvidenceKind.MonitoringChecks => EvidenceJsonContext.Default.MonitoringCheck,
        EvidenceKind.Alerts => EvidenceJsonContext.Default.MonitoringAlert,
        EvidenceKind.Pilots => EvidenceJsonContext.Default.Pilot,
        EvidenceKind.Changes => EvidenceJsonContext.Default.Change,
        EvidenceKind.AgentRuns => EvidenceJsonContext.Default.AgentRun,
        EvidenceKind.WorkflowRunCounts => EvidenceJsonContext.Default.WorkflowRunCount,
        EvidenceKind.Deployments => EvidenceJsonContext.Default.Deployment,
        EvidenceKind.Costs => EvidenceJsonContext.Default.CostLine,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown evidence kind."),
    };

    private static string[] NamesOf(EvidenceKind[] kinds)
    {
        var names = new string[kinds.Length];
        for (var i = 0; i < kinds.Length; i++)
        {
            names[i] = Name(kinds[i]);
        }

        return names;
    }
}
