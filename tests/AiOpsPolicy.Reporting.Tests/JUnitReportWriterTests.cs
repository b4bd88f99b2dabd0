// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using AiOpsPolicy.Core.Model;
using AiOpsPolicy.Core.Results;
using Snapshooter.Xunit;

namespace AiOpsPolicy.Reporting.Tests;

public sealed class JUnitReportWriterTests : ReportWriterTestBase
{
    [Fact]
    public void Write_WhenGivenTheHelpdeskRun_ShouldMatchTheSnapshot()
    {
        // Given
        var writer = new JUnitReportWriter(SampleResults.Options);

        // When
        var xml = Render(writer, SampleResults.Helpdesk);

        // Then
        Snapshot.Match(xml);
    }

    [Fact]
    public void Write_WhenGivenTheHelpdeskRun_ShouldValidateAgainstTheJUnitSchema()
    {
        // Given
        var writer = new JUnitReportWriter(SampleResults.Options);

        // When
        var errors = Validate(RenderBytes(writer, SampleResults.Helpdesk));

        // Then
        Assert.Empty(errors);
    }

    [Fact]
    public void Write_WhenEveryStatusOccurs_ShouldMapStatusesToFailureErrorSkippedAndValidate()
    {
        // Given
        var waived = SampleResults.HelpdeskWaived.Gates.Single(g => g.Status == GateStatus.Waived);
        var result = SampleResults.Run(
            SampleResults.Gate("passes", GateStatus.Pass, "ok"),
            SampleResults.Gate("fails", GateStatus.Fail, "93% < 95% \u0001 & <bad>"),
            SampleResults.Gate("errors", GateStatus.Error, "threw"),
            SampleResults.Gate("thin", GateStatus.InsufficientEvidence, "no evidence"),
            SampleResults.Gate("warns", GateStatus.Warn, "a little high", GateSeverity.Warn),
            SampleResults.Gate("warn-gate-errors", GateStatus.Error, "threw", GateSeverity.Warn),
            waived);
        var writer = new JUnitReportWriter(SampleResults.Options);

        // When
        var bytes = RenderBytes(writer, result);
        var root = XDocument.Parse(System.Text.Encoding.UTF8.GetString(bytes)).Root!;
        XElement Case(string name) => root.Descendants("testcase").Single(c => (string?)c.Attribute("name") == name);

        // Then: counts on the root as junit-10.xsd allows them, and skipped summed over the suites
        Assert.Empty(Validate(bytes));
        Assert.Equal("7", (string?)root.Attribute("tests"));
        Assert.Equal("1", (string?)root.Attribute("failures"));
        Assert.Equal("2", (string?)root.Attribute("errors"));
        Assert.Equal(1, root.Elements("testsuite").Sum(s => (int)s.Attribute("skipped")!));
        Assert.Equal(7, root.Elements("testsuite").Sum(s => (int)s.Attribute("tests")!));
        Assert.Empty(Case("passes").Elements());
        Assert.Equal("fail", (string?)Case("fails").Element("failure")!.Attribute("type"));
        Assert.Equal("error", (string?)Case("errors").Element("error")!.Attribute("type"));
        Assert.Equal("insufficient-evidence", (string?)Case("thin").Element("error")!.Attribute("type"));
        Assert.Contains("WARN (does not block)", Case("warns").Element("system-out")!.Value, StringComparison.Ordinal);
        Assert.Null(Case("warn-gate-errors").Element("error"));
        Assert.Contains("waived by ops-lead@example.com until 2026-12-03T12:00:00Z", (string?)Case(waived.Gate).Element("skipped")!.Attribute("message"), StringComparison.Ordinal);
        Assert.Equal("aiops-policy.synthetic.block", (string?)Case("fails").Attribute("classname"));
    }

    [Fact]
    public void Validate_WhenTheXmlBreaksTheSchema_ShouldReportErrors()
    {
        // Given
        var xml = "<testsuite name=\"x\" tests=\"1\" failures=\"0\" errors=\"0\"><testcase classname=\"c\" /></testsuite>"u8.ToArray();

        // When
        var errors = Validate(xml);

        // Then
        Assert.NotEmpty(errors);
    }

    [Fact]
    public void Write_WhenGivenTheHelpdeskRun_ShouldGiveEveryTestcaseAUniqueClassnameAndName()
    {
        // Given
        var writer = new JUnitReportWriter(SampleResults.Options);

        // When
        var cases = XDocument.Parse(Render(writer, SampleResults.Helpdesk)).Descendants("testcase")
            .Select(c => (string?)c.Attribute("classname") + "/" + (string?)c.Attribute("name"))
            .ToList();

        // Then: one per gate and roll-up result, and one for the score
        Assert.Equal(SampleResults.Helpdesk.Gates.Length + 1, cases.Count);
        Assert.Contains("aiops-policy.helpdesk-ai.block/(score)", cases);
        Assert.Equal(cases.Count, cases.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal("TEST-aiops-policy.xml", writer.DefaultFileName);
    }

    [Fact]
    public void Write_WhenAGateFails_ShouldPutTheFileOnItsSuiteAndTheLineWhereActionJUnitReportFindsIt()
    {
        // Given: the failing gate of the example, declared in policies/helpdesk/gates.yaml
        var failing = SampleResults.Helpdesk.Gates.Single(g => g.Gate == "triage-inference-sla");
        var writer = new JUnitReportWriter(SampleResults.Options);

        // When
        var root = XDocument.Parse(Render(writer, SampleResults.Helpdesk)).Root!;
        var testcase = root.Descendants("testcase").Single(c => (string?)c.Attribute("name") == "triage-inference-sla");
        var position = JUnitSchema.ActionJUnitReportPosition(testcase);

        // Then: not "block:1" but the gate's own file and line, in a document junit-10.xsd accepts
        Assert.Equal(("policies/helpdesk/gates.yaml", failing.Location.StartLine), position);
        Assert.EndsWith($"location: policies/helpdesk/gates.yaml:{failing.Location.StartLine}:{failing.Location.StartColumn}\n", testcase.Element("failure")!.Value, StringComparison.Ordinal);
        Assert.All(root.Elements("testsuite").Where(s => s.Attribute("file") is not null), s => Assert.StartsWith("policies/helpdesk/", (string)s.Attribute("file")!, StringComparison.Ordinal));
        Assert.Empty(JUnitSchema.Validate(RenderBytes(writer, SampleResults.Helpdesk)));
    }

    private static List<string> Validate(byte[] xml)
    {
        var schemas = new XmlSchemaSet();
        using (var schemaReader = XmlReader.Create(RepositoryPaths.JUnitSchema))
        {
            schemas.Add(targetNamespace: null, schemaReader);
        }

        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = schemas };
        settings.ValidationEventHandler += (_, e) => errors.Add($"{e.Severity}: {e.Message} ({e.Exception?.LineNumber},{e.Exception?.LinePosition})");
        using var stream = new MemoryStream(xml);
        using var reader = XmlReader.Create(stream, settings);
        while (reader.Read())
        {
        }

        return errors;
    }
}
