// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Text;

namespace AiOpsPolicy.Core.PolicyTests;

/// <summary>A problem with a test file or with a test's evidence: the test cannot say anything.</summary>
/// <param name="Location">Where the problem is.</param>
/// <param name="Message">What is wrong and how to fix it.</param>
public sealed record PolicyTestProblem(SourceLocation Location, string Message)
{
    /// <summary>Formats the problem the way compilers do: <c>file(line,col): error: message</c>.</summary>
    /// <returns>The line.</returns>
    public override string ToString() => Location.IsInFile ? $"{Location}: error: {Message}" : $"error: {Message}";
}
