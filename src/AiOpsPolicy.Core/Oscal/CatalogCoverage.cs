// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Results;

namespace AiOpsPolicy.Core.Oscal;

/// <summary>Computes how a framework baseline is covered by the controls a policy set declares, through their catalog ids.</summary>
public static class CatalogCoverage
{
    /// <summary>
    /// Whether a declared control counts as implementing its catalog controls: it is required,
    /// declared automated, and the evidence shows an automated run within its cadence.
    /// </summary>
    /// <param name="control">The declared control.</param>
    /// <returns>True when it counts.</returns>
    public static bool IsAutomatedAndEvidenced(ControlCoverage control)
    {
        ArgumentNullException.ThrowIfNull(control);
        return control.Required && control.DeclaredAutomated && control.Evidenced;
    }

    /// <summary>Computes the coverage of every baseline control.</summary>
    /// <param name="controls">The declared controls, as a gate run reports them.</param>
    /// <param name="catalog">The baseline.</param>
    /// <returns>The coverage; catalog ids outside the baseline are listed as unknown.</returns>
    public static CatalogCoverageReport Compute(IReadOnlyList<ControlCoverage> controls, OscalControlSet catalog)
    {
        ArgumentNullException.ThrowIfNull(controls);
        ArgumentNullException.ThrowIfNull(catalog);
        var byId = new Dictionary<string, List<ControlCoverage>>(StringComparer.Ordinal);
        foreach (var control in controls)
        {
            foreach (var id in control.CatalogIds.Select(OscalControlSet.Normalize).Distinct(StringComparer.Ordinal))
            {
                if (!byId.TryGetValue(id, out var list))
                {
                    list = [];
                    byId[id] = list;
                }

                list.Add(control);
            }
        }

        var coverage = catalog.Controls.Select(c =>
        {
            var mapped = byId.GetValueOrDefault(c.Id) ?? [];
            var status = mapped.Count == 0 ? CatalogControlStatus.Missing
                : mapped.Any(IsAutomatedAndEvidenced) ? CatalogControlStatus.Automated
                : CatalogControlStatus.DeclaredOnly;
            return new CatalogControlCoverage(c.Id, c.Title, status, [.. mapped.Select(m => m.Name).Order(StringComparer.Ordinal)]);
        });
        var unknown = byId.Keys.Where(id => !catalog.Contains(id)).Order(StringComparer.Ordinal);
        return new CatalogCoverageReport(catalog.Title, [.. coverage], [.. unknown]);
    }
}
