// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text;
using AiOpsPolicy.Core.Results;

namespace AiOpsPolicy.Reporting;

/// <content>The "Findings" section: observations that never block.</content>
public sealed partial class MarkdownReportWriter
{
    private string? Findings(GateRunResult result)
    {
        if (result.Findings.IsEmpty)
        {
            return null;
        }

        var builder = new StringBuilder("\n## Findings\n\nObservations from the policy set's finding rules. They do not block.\n\n");
        foreach (var finding in result.Findings)
        {
            var group = finding.Group is null ? string.Empty : $" ({Escape(finding.Group)})";
            if (finding.Status == FindingStatus.Error)
            {
                var where = finding.Location is { IsInFile: true } location ? " (" + Escape(Location(location)) + ")" : string.Empty;
                builder.Append(CultureInfo.InvariantCulture, $"- :warning: **{Escape(finding.Name)}**{group}: could not be evaluated: {Escape(finding.Message)}{where}\n");
            }
            else
            {
                builder.Append(CultureInfo.InvariantCulture, $"- **{Escape(finding.Name)}**{group}: {Escape(finding.Message)}\n");
            }
        }

        return builder.ToString();
    }
}
