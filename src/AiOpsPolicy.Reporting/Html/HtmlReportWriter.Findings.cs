// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text;
using AiOpsPolicy.Core.Results;

namespace AiOpsPolicy.Reporting.Html;

/// <content>The findings list: observations that never block, shown only when the run has any.</content>
public sealed partial class HtmlReportWriter
{
    private static void Findings(StringBuilder html, GateRunResult result)
    {
        if (result.Findings.IsDefaultOrEmpty)
        {
            return;
        }

        html.Append("<section id=\"findings\" class=\"card\" aria-labelledby=\"findings-h\">\n<h2 id=\"findings-h\">Findings</h2>\n")
            .Append("<p class=\"lede\">Observations from the policy set's finding rules. They do not block.</p>\n")
            .Append("<ul class=\"findings\" data-testid=\"findings\">\n");
        foreach (var finding in result.Findings)
        {
            var error = finding.Status == FindingStatus.Error;
            html.Append("<li data-finding=\"").Append(HtmlText.Encode(finding.Name)).Append("\"><strong>").Append(HtmlText.Encode(finding.Name)).Append("</strong>");
            if (finding.Group is { } group)
            {
                html.Append(" <span class=\"muted\">").Append(HtmlText.Encode(group)).Append("</span>");
            }

            html.Append(error ? ": <span class=\"sev\">could not be evaluated</span> " : ": ").Append(HtmlText.Encode(finding.Message));
            if (error && finding.Location is { IsInFile: true } location)
            {
                html.Append(" <span class=\"loc\">").Append(HtmlText.Encode(location.ToString())).Append("</span>");
            }

            html.Append("</li>\n");
        }

        html.Append("</ul>\n</section>\n");
    }
}
