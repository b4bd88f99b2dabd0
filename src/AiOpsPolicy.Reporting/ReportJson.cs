// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Encodings.Web;
using System.Text.Json;

namespace AiOpsPolicy.Reporting;

/// <summary>What every JSON report (JSON, SARIF, GitLab, OSCAL) is written with.</summary>
internal static class ReportJson
{
    /// <summary>
    /// Indented, and with only what JSON requires escaped: reports are read by people in diffs and CI
    /// logs, so "&lt;", "&amp;" and non-ASCII text stay as they are rather than becoming \u escapes.
    /// </summary>
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
