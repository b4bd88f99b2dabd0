// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text;
using System.Xml;
using AiOpsPolicy.Core.Model;
using AiOpsPolicy.Core.Results;
using AiOpsPolicy.Core.Text;
using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Reporting;

/// <summary>
/// The JUnit XML report, valid against the Surefire schema junit-10.xsd: one <c>testsuite</c> per
/// policy file (its <c>file</c> attribute the repository-relative path) and one <c>testcase</c> per
/// gate, so that Azure Pipelines, GitLab, Jenkins and the GitHub test reporters show gates as tests.
/// junit-10.xsd allows no <c>file</c> or <c>line</c> on a testcase and no <c>skipped</c> on the root:
/// the file is on the suite, every failure, error and skipped text ends with <c>location: PATH:LINE:COLUMN</c>
/// (the form action-junit-report reads a line from when the testcase has none), and every suite counts
/// its <c>skipped</c> (waived) gates, which readers add up. A test fails exactly when
/// its gate blocks the deployment: <c>failure</c> for a blocking fail, <c>error</c> (type
/// <c>error</c> or <c>insufficient-evidence</c>) for a blocking gate that could not be decided, and
/// <c>skipped</c> for a waived gate. A gate that did not pass but does not block (warn) is a passing
/// test with a <c>system-out</c> note, so that a warning never turns the pipeline red. Class names are
/// <c>aiops-policy.POLICYSET.SEVERITY</c> and test names are gate names, unique within a set.
/// </summary>
public sealed class JUnitReportWriter : IReportWriter
{
    private readonly ReportOptions _options;

    /// <summary>Initializes a new instance of the <see cref="JUnitReportWriter"/> class.</summary>
    /// <param name="options">The report options; null for the defaults.</param>
    public JUnitReportWriter(ReportOptions? options = null)
    {
        _options = options ?? ReportOptions.Default;
    }

    /// <inheritdoc />
    public string Format => "junit";

    /// <inheritdoc />
    /// <remarks>Named so that Azure's PublishTestResults default pattern <c>**/TEST-*.xml</c> finds it.</remarks>
    public string DefaultFileName => "TEST-aiops-policy.xml";

    /// <inheritdoc />
    public void Write(GateRunResult result, Stream output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        var settings = new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\n",
            CheckCharacters = true,
        };

        var gates = result.Gates.DistinctBy(g => g.Gate).ToList();
        if (result.Score is { } score)
        {
            gates.Add(ScoreCase(score));
        }

        using var writer = XmlWriter.Create(output, settings);
        writer.WriteStartDocument();
        writer.WriteStartElement("testsuites");
        writer.WriteAttributeString("name", "aiops-policy");
        WriteCounts(writer, gates);
        writer.WriteAttributeString("time", "0");

        // One suite per policy file, in the order the files first appear; results without a file (the score) last.
        foreach (var file in gates.GroupBy(g => g.Location.IsInFile ? RepositoryPath.Display(g.Location.Path, _options.RepositoryRoot) : null).OrderBy(f => f.Key is null ? 1 : 0))
        {
            var suiteGates = file.ToList();
            writer.WriteStartElement("testsuite");
            writer.WriteAttributeString("name", file.Key is null ? result.PolicySet : $"{result.PolicySet} {file.Key}");
            WriteCounts(writer, suiteGates);
            writer.WriteAttributeString("skipped", Number(suiteGates.Count(g => g.Status == GateStatus.Waived)));
            writer.WriteAttributeString("time", "0");
            writer.WriteAttributeString("timestamp", result.EvaluatedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
            writer.WriteAttributeString("package", "aiops-policy." + result.PolicySet);
            if (file.Key is { } path)
            {
                writer.WriteAttributeString("file", Clean(path));
            }

            WriteProperties(writer, result);
            foreach (var gate in suiteGates)
            {
                WriteTestCase(writer, result, gate);
            }

            writer.WriteEndElement();
        }

        writer.WriteEndElement();
        writer.WriteEndDocument();
    }

    private static void WriteProperties(XmlWriter writer, GateRunResult result)
    {
        writer.WriteStartElement("properties");
        Property(writer, "decision", result.Decision);
        Property(writer, "engineVersion", result.EngineVersion);
        Property(writer, "evaluatedAt", ReportText.Time(result.EvaluatedAt));
        Property(writer, "policyDigest", result.PolicyDigest);
        if (result.PolicySetVersion is { } version)
        {
            Property(writer, "policySetVersion", version);
        }

        Property(writer, "evidenceDigest", result.EvidenceDigest);
        writer.WriteEndElement();
    }

    private static GateResult ScoreCase(ScoreResult score) => new()
    {
        Gate = "(score)",
        Description = "The weighted score of the policy set",
        Severity = GateSeverity.Block,
        Status = score.Status,
        Observed = UnitFormat.Percentage(score.Score),
        Bound = ">= " + UnitFormat.Percentage(score.PassAt),
        Explanation = "Score " + ScoreText.Describe(score),
        Location = SourceLocation.None,
    };

    private static void WriteCounts(XmlWriter writer, List<GateResult> gates)
    {
        writer.WriteAttributeString("tests", Number(gates.Count));
        writer.WriteAttributeString("failures", Number(gates.Count(g => g.Blocks && g.Status == GateStatus.Fail)));
        writer.WriteAttributeString("errors", Number(gates.Count(g => g.Blocks && g.Status is GateStatus.Error or GateStatus.InsufficientEvidence)));
    }

    private static void Property(XmlWriter writer, string name, string value)
    {
        writer.WriteStartElement("property");
        writer.WriteAttributeString("name", name);
        writer.WriteAttributeString("value", Clean(value));
        writer.WriteEndElement();
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Drops characters XML 1.0 cannot carry, so user text can never make the report unreadable.</summary>
    private static string Clean(string text)
    {
        if (text.All(XmlConvert.IsXmlChar))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (XmlConvert.IsXmlChar(text[i]))
            {
                builder.Append(text[i]);
            }
            else if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]))
            {
                builder.Append(text[i]).Append(text[i + 1]);
                i++;
            }
            else
            {
                builder.Append('\uFFFD');
            }
        }

        return builder.ToString();
    }

    private void WriteTestCase(XmlWriter writer, GateRunResult result, GateResult gate)
    {
        writer.WriteStartElement("testcase");
        writer.WriteAttributeString("name", gate.Gate);
        writer.WriteAttributeString("classname", $"aiops-policy.{result.PolicySet}.{ReportText.Severity(gate)}");
        writer.WriteAttributeString("time", "0");
        var details = Details(gate);
        if (gate.Status == GateStatus.Waived)
        {
            writer.WriteStartElement("skipped");
            writer.WriteAttributeString("message", Clean(ReportText.WaivedText(gate)));
            writer.WriteString(Clean(details));
            writer.WriteEndElement();
        }
        else if (gate.Blocks && gate.Status == GateStatus.Fail)
        {
            writer.WriteStartElement("failure");
            writer.WriteAttributeString("type", "fail");
            writer.WriteAttributeString("message", Clean(gate.Explanation));
            writer.WriteString(Clean(details));
            writer.WriteEndElement();
        }
        else if (gate.Blocks)
        {
            writer.WriteStartElement("error");
            writer.WriteAttributeString("type", gate.Status.ToText());
            writer.WriteAttributeString("message", Clean(gate.Explanation));
            writer.WriteString(Clean(details));
            writer.WriteEndElement();
        }
        else if (gate.Status != GateStatus.Pass)
        {
            writer.WriteElementString("system-out", Clean($"{gate.Status.ToText().ToUpperInvariant()} (does not block): {gate.Explanation}\n{details}"));
        }

        writer.WriteEndElement();
    }

    private string Details(GateResult gate)
    {
        var builder = new StringBuilder();
        builder.Append("status: ").Append(gate.Status.ToText()).Append('\n');
        builder.Append("severity: ").Append(ReportText.Severity(gate)).Append('\n');
        if (gate.Observed is { } observed)
        {
            builder.Append("observed: ").Append(observed).Append('\n');
        }

        if (gate.Bound is { } bound)
        {
            builder.Append("bound: ").Append(bound).Append('\n');
        }

        foreach (var clause in gate.Clauses)
        {
            var value = clause.Value is { } v ? (v ? "true" : "false") : "n/a";
            builder.Append("clause: ").Append(clause.Text).Append(" = ").Append(value);
            if (clause.Problem is { } problem)
            {
                builder.Append(" (").Append(problem).Append(')');
            }

            builder.Append('\n');
        }

        foreach (var record in gate.Metrics.SelectMany(m => m.FailingRecords).Distinct(StringComparer.Ordinal).Take(10))
        {
            builder.Append("record: ").Append(record).Append('\n');
        }

        if (gate.Location.IsInFile)
        {
            var path = RepositoryPath.Display(gate.Location.Path, _options.RepositoryRoot);
            builder.Append("location: ").Append(path);
            if (gate.Location.HasPosition)
            {
                // path:line:column, the form JUnit readers (action-junit-report) take a line from.
                builder.Append(CultureInfo.InvariantCulture, $":{gate.Location.StartLine}:{gate.Location.StartColumn}");
            }

            builder.Append('\n');
        }

        return builder.ToString();
    }
}
