// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text;
using System.Xml;
using System.Collections.Immutable;
using AiOpsPolicy.Core.PolicyTests;
using AiOpsPolicy.Core.Text;

namespace AiOpsPolicy.Reporting.PolicyTests;

/// <summary>
/// Writes policy test results as JUnit XML, valid against the Surefire schema junit-10.xsd, the format
/// CI systems show as test results: one <c>testsuite</c> per test file (its <c>file</c> attribute the
/// path), one <c>testcase</c> per test, and a <c>failure</c> (an expectation did not hold) or
/// <c>error</c> (the test could not run) element holding the diff and ending with the test's
/// <c>location: PATH:LINE:COLUMN</c>. A test file that could not be loaded is an <c>error</c> testcase
/// named <c>load FILE</c> listing its problems, so the counts cover every file the run looked at.
/// junit-10.xsd allows no <c>file</c> or <c>line</c> on a testcase and no <c>skipped</c> on the root.
/// </summary>
public static class JUnitPolicyTestWriter
{
    /// <summary>Writes the report.</summary>
    /// <param name="result">The run's results.</param>
    /// <param name="output">Where to write it.</param>
    public static void Write(PolicyTestRunResult result, Stream output) => Write(result, [], output);

    /// <summary>Writes the report, with a testcase in error for each test file that could not be loaded.</summary>
    /// <param name="result">The run's results.</param>
    /// <param name="loadProblems">The problems of the test files that could not be loaded.</param>
    /// <param name="output">Where to write it.</param>
    public static void Write(PolicyTestRunResult result, IReadOnlyList<PolicyTestProblem> loadProblems, Stream output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(loadProblems);
        var settings = new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\n",
        };
        var cases = result.Results
            .Select(r => new Case(r.Test.File, r))
            .Concat(loadProblems
                .GroupBy(p => p.Location.IsInFile ? p.Location.Path : "(test files)", StringComparer.Ordinal)
                .Select(g => new Case(g.Key, null, [.. g])))
            .ToList();
        using var writer = XmlWriter.Create(output, settings);
        writer.WriteStartDocument();
        writer.WriteStartElement("testsuites");
        writer.WriteAttributeString("name", $"aiops-policy test {result.PolicySet}");
        WriteCounts(writer, cases, root: true);
        foreach (var file in cases.GroupBy(c => c.File, StringComparer.Ordinal))
        {
            var fileCases = file.ToList();
            writer.WriteStartElement("testsuite");
            writer.WriteAttributeString("name", file.Key);
            WriteCounts(writer, fileCases, root: false);
            writer.WriteAttributeString("file", file.Key);
            foreach (var testCase in fileCases)
            {
                if (testCase.Result is { } test)
                {
                    WriteCase(writer, result.PolicySet, test);
                }
                else
                {
                    WriteLoadError(writer, result.PolicySet, file.Key, testCase.Problems);
                }
            }

            writer.WriteEndElement();
        }

        writer.WriteEndElement();
        writer.WriteEndDocument();
    }

    private static void WriteCase(XmlWriter writer, string policySet, PolicyTestResult test)
    {
        writer.WriteStartElement("testcase");
        writer.WriteAttributeString("classname", $"{policySet}.{Path.GetFileName(test.Test.File)}");
        writer.WriteAttributeString("name", test.Test.Name);
        writer.WriteAttributeString("time", Seconds(test.Duration));
        if (test.Outcome != PolicyTestOutcome.Passed)
        {
            var failed = test.Outcome == PolicyTestOutcome.Failed;
            writer.WriteStartElement(failed ? "failure" : "error");
            var count = failed ? test.Expectations.Count(e => !e.Held) : test.Problems.Length;
            writer.WriteAttributeString("message", failed ? $"{count} expectation(s) did not hold" : $"the test could not run: {test.Problems[0].Message}");
            writer.WriteAttributeString("type", failed ? "ExpectationFailed" : "InvalidTest");
            var text = failed ? "--- expected\n+++ actual\n" + test.DiffText() : test.DiffText();
            writer.WriteString(text.TrimEnd('\n') + "\n" + Location(test.Test.Location) + "\n");
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
    }

    private static void WriteLoadError(XmlWriter writer, string policySet, string file, ImmutableArray<PolicyTestProblem> problems)
    {
        writer.WriteStartElement("testcase");
        writer.WriteAttributeString("classname", $"{policySet}.{Path.GetFileName(file)}");
        writer.WriteAttributeString("name", "load " + Path.GetFileName(file));
        writer.WriteAttributeString("time", Seconds(TimeSpan.Zero));
        writer.WriteStartElement("error");
        writer.WriteAttributeString("message", $"the test file could not be loaded: {problems[0].Message}");
        writer.WriteAttributeString("type", "TestFileInvalid");
        writer.WriteString(string.Join("\n", problems.Select(p => p.ToString())) + "\n" + Location(problems[0].Location) + "\n");
        writer.WriteEndElement();
        writer.WriteEndElement();
    }

    private static string Location(SourceLocation location) =>
        location.HasPosition
            ? $"location: {location.Path}:{location.StartLine.ToString(CultureInfo.InvariantCulture)}:{location.StartColumn.ToString(CultureInfo.InvariantCulture)}"
            : $"location: {location.Path}";

    private static void WriteCounts(XmlWriter writer, List<Case> cases, bool root)
    {
        writer.WriteAttributeString("tests", cases.Count.ToString(CultureInfo.InvariantCulture));
        writer.WriteAttributeString("failures", cases.Count(c => c.Result?.Outcome == PolicyTestOutcome.Failed).ToString(CultureInfo.InvariantCulture));
        writer.WriteAttributeString("errors", cases.Count(c => c.Result is null || c.Result.Outcome == PolicyTestOutcome.Error).ToString(CultureInfo.InvariantCulture));
        if (!root)
        {
            writer.WriteAttributeString("skipped", "0");
        }

        writer.WriteAttributeString("time", Seconds(cases.Aggregate(TimeSpan.Zero, (total, c) => total + (c.Result?.Duration ?? TimeSpan.Zero))));
    }

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>A testcase: a test's result, or a test file's load problems.</summary>
    private sealed record Case(string File, PolicyTestResult? Result, ImmutableArray<PolicyTestProblem> Problems = default);
}
