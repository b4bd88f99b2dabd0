// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Results;

namespace AiOpsPolicy.Reporting;

/// <summary>Writes a gate run's result in one format.</summary>
public interface IReportWriter
{
    /// <summary>Gets the format's name, as <c>--format</c> takes it.</summary>
    string Format { get; }

    /// <summary>Gets the file name used when the report goes to an output folder.</summary>
    string DefaultFileName { get; }

    /// <summary>Writes the report.</summary>
    /// <param name="result">The run's result.</param>
    /// <param name="output">Where to write it.</param>
    void Write(GateRunResult result, Stream output);
}
