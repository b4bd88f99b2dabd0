// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;

namespace AiOpsPolicy.Testing;

/// <summary>
/// The consumers' rules for JUnit XML: the Surefire schema junit-10.xsd (copied from ../shared/data/junit
/// into tests/AiOpsPolicy.Reporting.Tests/Schemas with its MIT licence header), and the way
/// action-junit-report finds a failure's file and line.
/// </summary>
public static partial class JUnitSchema
{
    /// <summary>Validates JUnit XML against junit-10.xsd.</summary>
    /// <param name="xml">The document's bytes.</param>
    /// <returns>Every validation error and warning; empty when valid.</returns>
    public static List<string> Validate(byte[] xml)
    {
        var schemas = new XmlSchemaSet();
        using (var schemaReader = XmlReader.Create(Repository.Combine("tests", "AiOpsPolicy.Reporting.Tests", "Schemas", "junit-10.xsd")))
        {
            schemas.Add(targetNamespace: null, schemaReader);
        }

        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = schemas };
        settings.ValidationFlags |= XmlSchemaValidationFlags.ReportValidationWarnings;
        settings.ValidationEventHandler += (_, e) => errors.Add($"{e.Severity}: {e.Message} ({e.Exception?.LineNumber},{e.Exception?.LinePosition})");
        using var stream = new MemoryStream(xml);
        using var reader = XmlReader.Create(stream, settings);
        while (reader.Read())
        {
        }

        return errors;
    }

    /// <summary>
    /// Where action-junit-report annotates a failed testcase: the file is the testcase's, the failure's or
    /// the suite's <c>file</c> attribute (else the class name's last part), and the line its <c>line</c>
    /// attribute or, failing that, the last <c> PATH...:N</c> in the failure text (resolveFileAndLine).
    /// </summary>
    /// <param name="testcase">The testcase element.</param>
    /// <returns>The file and line (1 when none is found, as the action does).</returns>
    public static (string File, int Line) ActionJUnitReportPosition(XElement testcase)
    {
        ArgumentNullException.ThrowIfNull(testcase);
        var problem = testcase.Element("failure") ?? testcase.Element("error");
        var file = (string?)testcase.Attribute("file") ?? (string?)problem?.Attribute("file") ?? (string?)testcase.Parent?.Attribute("file")
            ?? ((string?)testcase.Attribute("classname") ?? string.Empty).Split('.')[^1];
        var line = (string?)testcase.Attribute("line") ?? (string?)problem?.Attribute("line") ?? (string?)testcase.Parent?.Attribute("line");
        if (int.TryParse(line, System.Globalization.CultureInfo.InvariantCulture, out var number) && number > 0)
        {
            return (file, number);
        }

        var matches = new Regex(" [^ ]*" + Regex.Escape(file) + ".*?:\\d+").Matches(problem?.Value ?? string.Empty);
        return matches.Count == 0 ? (file, 1) : (file, int.Parse(matches[^1].Value.Split(':')[^1], System.Globalization.CultureInfo.InvariantCulture));
    }
}
