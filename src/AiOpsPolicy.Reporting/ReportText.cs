// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AiOpsPolicy.Core.Results;

namespace AiOpsPolicy.Reporting;

/// <summary>Small helpers every writer shares, so that times, hashes and wording agree across formats.</summary>
internal static class ReportText
{
    /// <summary>The evaluation time and waiver expiries, in UTC, as every report writes them.</summary>
    public static string Time(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>A date only, for "until" texts.</summary>
    public static string Date(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Cuts a text to a maximum length, saying so at the end.</summary>
    public static string Truncate(string text, int maxLength)
    {
        const string Marker = " [truncated]";
        if (text.Length <= maxLength)
        {
            return text;
        }

        var keep = Math.Max(0, maxLength - Marker.Length);
        if (keep > 0 && char.IsHighSurrogate(text[keep - 1]))
        {
            keep--;
        }

        return text[..keep] + Marker;
    }

    /// <summary>Lower-case hex SHA-256 of a UTF-8 text.</summary>
    public static string Sha256(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>The gate's severity as reports write it.</summary>
    public static string Severity(GateResult gate) => gate.Severity.ToString().ToLowerInvariant();

    /// <summary>Whether a gate needs a reader's attention without blocking: warn, or an error or insufficient evidence on a warn-severity gate.</summary>
    public static bool IsNonBlockingProblem(GateResult gate) =>
        !gate.Blocks && gate.Status is GateStatus.Warn or GateStatus.Fail or GateStatus.Error or GateStatus.InsufficientEvidence;

    /// <summary>"waived by OWNER until DATE (waiver NAME, ticket TICKET)".</summary>
    public static string WaivedText(GateResult gate)
    {
        if (gate.Waiver is not { } waiver)
        {
            return "waived";
        }

        var was = gate.WaivedStatus is { } status ? $"; would be {status.ToText()}" : string.Empty;
        return $"waived by {waiver.Owner} {WaiverExpiry.Describe(waiver.Expires)} (waiver {waiver.Name}, ticket {waiver.Ticket}{was}): {waiver.Reason}";
    }

    /// <summary>One line for a gate that did not pass: status, severity, explanation.</summary>
    public static string GateMessage(GateResult gate)
    {
        var blocks = gate.Blocks ? ", blocks the deployment" : string.Empty;
        var text = $"Gate '{gate.Gate}' {gate.Status.ToText()} ({Severity(gate)}{blocks}): {gate.Explanation}";
        return gate.Status == GateStatus.Waived ? text + " - " + WaivedText(gate) : text;
    }
}
