// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text;
using AiOpsPolicy.Core.Results;

namespace AiOpsPolicy.Reporting.Tests;

/// <summary>What every writer test needs: render a result to bytes or text.</summary>
public abstract class ReportWriterTestBase
{
    /// <summary>Writes a report to memory.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="result">The result.</param>
    /// <returns>The bytes written.</returns>
    protected static byte[] RenderBytes(IReportWriter writer, GateRunResult result)
    {
        using var stream = new MemoryStream();
        writer.Write(result, stream);
        return stream.ToArray();
    }

    /// <summary>Writes a report to memory and decodes it as UTF-8.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="result">The result.</param>
    /// <returns>The text written.</returns>
    protected static string Render(IReportWriter writer, GateRunResult result) =>
        Encoding.UTF8.GetString(RenderBytes(writer, result));
}
