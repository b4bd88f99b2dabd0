// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text;
using System.Xml;
using AiOpsPolicy.Core.Testing;

namespace AiOpsPolicy.Reporting.PolicyTests;

/// <summary>
/// Writes policy test results as JUnit XML, the format CI systems show as test results: one
/// <c>testsuite</c> per test file, one <c>testcase</c> per test, and a <c>failure</c> (an
/// expectation did not hold) or <c>error</c> (the test could not run) element holding the diff.
/// </summary>
public static class JUnitPolicyTestWriter
{
    /// <summary>Writes the report.</summary>
    /// <param name="result">The run's results.</param>
    /// <param name="output">Where to write it.</param>
    public static void Write(PolicyTestRunResult result, Stream output)
    {
        var settings = new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\n",
        };
        using var writer = XmlWriter.Create(output, settings);
        writer.WriteStartDocument();
        writer.WriteStartElement("testsuites");
        writer.WriteAttributeString("name", $"aiops-policy test {result.PolicySet}");
        WriteCounts(writer, result.Results.Length, result.Failed, result.Errors, result.Duration);
        foreach (var file in result.Results.GroupBy(r => r.Test.File, StringComparer.Ordinal))
        {
            var results = file.ToList();
            writer.WriteStartElement("testsuite");
            writer.WriteAttributeString("name", file.Key);
            WriteCounts(
                writer,
                results.Count,
                results.Count(r => r.Outcome == PolicyTestOutcome.Failed),
                results.Count(r => r.Outcome == PolicyTestOutcome.Error),
                results.Aggregate(TimeSpan.Zero, (total, r) => total + r.Duration));
            foreach (var test in results)
            {
                WriteCase(writer, result.PolicySet, test);
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
        writer.WriteAttributeString("file", test.Test.File);
        writer.WriteAttributeString("line", test.Test.Location.StartLine.ToString(CultureInfo.InvariantCulture));
        writer.WriteAttributeString("time", Seconds(test.Duration));
        if (test.Outcome != PolicyTestOutcome.Passed)
        {
            var failed = test.Outcome == PolicyTestOutcome.Failed;
            writer.WriteStartElement(failed ? "failure" : "error");
            var count = failed ? test.Expectations.Count(e => !e.Held) : test.Problems.Length;
            writer.WriteAttributeString("message", failed ? $"{count} expectation(s) did not hold" : $"the test could not run: {test.Problems[0].Message}");
            writer.WriteAttributeString("type", failed ? "ExpectationFailed" : "InvalidTest");
            writer.WriteString(failed ? "--- expected\n+++ actual\n" + test.DiffText() : test.DiffText());
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
    }

    private static void WriteCounts(XmlWriter writer, int tests, int failures, int errors, TimeSpan time)
    {
        writer.WriteAttributeString("tests", tests.ToString(CultureInfo.InvariantCulture));
        writer.WriteAttributeString("failures", failures.ToString(CultureInfo.InvariantCulture));
        writer.WriteAttributeString("errors", errors.ToString(CultureInfo.InvariantCulture));
        writer.WriteAttributeString("skipped", "0");
        writer.WriteAttributeString("time", Seconds(time));
    }

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);
}
