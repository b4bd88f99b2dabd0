// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Model;
using AiOpsPolicy.Core.Results;

namespace AiOpsPolicy.Core.Evaluation;

/// <summary>
/// Waivers: a gate (or roll-up) that did not pass and is covered by a waiver that applies ends <c>waived</c>. It does not
/// block, and the result keeps the status it would have had and who waived it until when.
/// </summary>
internal static class WaiverApplier
{
    /// <summary>
    /// Applies the first waiver (by name) that covers the result and applies at the evaluation time. A waiver that has
    /// expired does not apply, and the explanation says so.
    /// </summary>
    /// <param name="result">A gate's or roll-up's result.</param>
    /// <param name="policies">The policy set and its waivers.</param>
    /// <param name="now">The evaluation time.</param>
    /// <returns>The result, waived or with the expired waivers noted; unchanged when it passed.</returns>
    public static GateResult Apply(GateResult result, PolicySet policies, DateTimeOffset now)
    {
        if (result.Status == GateStatus.Pass)
        {
            return result;
        }

        var covering = policies.Waivers.Where(w => w.Gates.Contains(result.Gate)).OrderBy(w => w.Name, StringComparer.Ordinal).ToList();
        if (covering.FirstOrDefault(w => Validation.WaiverChecks.Applies(w, policies, now)) is { } waiver)
        {
            return result with
            {
                Status = GateStatus.Waived,
                WaivedStatus = result.Status,
                Waiver = Info(waiver, now),
                Explanation = $"Waived by {waiver.Owner} {(waiver.Expires is { } until ? WaiverExpiry.Describe(until) : "with no expiry")} ({waiver.Ticket}): {waiver.Reason}. Without the waiver: {result.Status.ToText()}; {result.Explanation}",
            };
        }

        var expired = covering.Where(w => w.Expires is { } e && e <= now).ToList();
        return expired.Count == 0
            ? result
            : result with { Explanation = result.Explanation + "; " + string.Join("; ", expired.Select(w => $"waiver '{w.Name}' expired {w.Expires?.ToUniversalTime():yyyy-MM-dd'T'HH:mm'Z'} and no longer applies")) };
    }

    /// <summary>A waiver as the run's result lists it.</summary>
    /// <param name="waiver">The waiver.</param>
    /// <param name="now">The evaluation time, against which it has expired or not.</param>
    /// <returns>The waiver's entry.</returns>
    public static WaiverInfo Info(Waiver waiver, DateTimeOffset now) =>
        new(waiver.Name, waiver.Owner, waiver.Reason, waiver.Ticket, waiver.Expires ?? DateTimeOffset.MinValue, waiver.Gates, waiver.Expires is not { } expires || expires <= now);
}
