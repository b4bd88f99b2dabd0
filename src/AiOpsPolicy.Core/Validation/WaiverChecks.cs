// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using System.Globalization;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Model;
using AiOpsPolicy.Core.Syntax;
using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Core.Validation;

/// <summary>
/// The waiver rules that depend on the evaluation time, which the rest of validation does not know:
/// a waiver may not expire further ahead than the policy set allows, and an expired waiver is
/// reported. <c>validate</c> checks them against its --as-of (default now); <c>gate</c> against its own.
/// </summary>
public static class WaiverChecks
{
    /// <summary>Checks every waiver of a policy set at an evaluation time.</summary>
    /// <param name="policies">The policy set.</param>
    /// <param name="now">The evaluation time.</param>
    /// <returns>An error for each waiver that runs too long, a warning for each expired one.</returns>
    public static ImmutableArray<Diagnostic> Check(PolicySet policies, DateTimeOffset now)
    {
        var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
        foreach (var waiver in policies.Waivers)
        {
            if (waiver.Expires is not { } expires)
            {
                continue;
            }

            var at = ((waiver.Node["spec"] as YamlMapping)?["expires"] ?? waiver.Node).Location;
            var when = expires.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture);
            if (expires <= now)
            {
                diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.WaiverExpired, at, waiver.Name, when, string.Join(", ", waiver.Gates)));
            }
            else if (expires - now > policies.MaxWaiverDuration)
            {
                diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.WaiverTooLong, at, waiver.Name, when, UnitFormat.Duration(expires - now), UnitFormat.Duration(policies.MaxWaiverDuration)));
            }
        }

        return diagnostics.ToImmutable();
    }

    /// <summary>Whether a waiver applies at an evaluation time: not expired, and not longer than allowed.</summary>
    /// <param name="waiver">The waiver.</param>
    /// <param name="policies">The policy set.</param>
    /// <param name="now">The evaluation time.</param>
    /// <returns>True when it applies.</returns>
    public static bool Applies(Waiver waiver, PolicySet policies, DateTimeOffset now) =>
        waiver.Expires is { } expires && expires > now && expires - now <= policies.MaxWaiverDuration;
}
