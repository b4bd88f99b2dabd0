// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text;
using AiOpsPolicy.Cli.Arguments;
using AiOpsPolicy.Cli.CommandLine;
using AiOpsPolicy.Core;
using AiOpsPolicy.Core.Compilation;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Diffing;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Files;
using AiOpsPolicy.Core.Loading;
using AiOpsPolicy.Core.Model;
using AiOpsPolicy.Core.Text;
using AiOpsPolicy.Core.Validation;
using AiOpsPolicy.Reporting.Diff;

namespace AiOpsPolicy.Cli.Commands;

/// <summary>
/// <c>aiops-policy diff</c>: the semantic difference between two versions of a policy set (git
/// revisions or folders) and, given evidence, the gates whose status it flips. Exit 0 when the diff
/// was produced, 2 on invalid policies, evidence or usage.
/// </summary>
internal sealed class DiffCommand
{
    private readonly IConsole _console;
    private readonly Func<DateTimeOffset> _clock;

    public DiffCommand(IConsole console, Func<DateTimeOffset> clock)
    {
        _console = console;
        _clock = clock;
    }

    public int Run(DiffArguments arguments)
    {
        var temporary = new List<string>();
        try
        {
            var baseSide = Side(arguments.BaseRevision, arguments.BaseDirectory, arguments.Policies, "base", temporary);
            var headSide = Side(arguments.HeadRevision, arguments.HeadDirectory, arguments.Policies, "head", temporary);
            if ((baseSide.Problem ?? headSide.Problem) is { } sideProblem)
            {
                return Usage.Fail(_console, sideProblem);
            }

            return Diff(arguments, baseSide, headSide);
        }
        finally
        {
            foreach (var folder in temporary)
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private int Diff(DiffArguments arguments, (string Label, string Folder, string? Problem) baseSide, (string Label, string Folder, string? Problem) headSide)
    {
        var evaluate = arguments.Evidence.Count > 0;
        var cache = arguments.NoCache ? null : new CompilationCache(arguments.CacheDirectory ?? CompilationCache.DefaultDirectory());
        var engine = new PolicyEngine(cache);
        using var baseCompiled = evaluate ? Prepare(engine, baseSide) : null;
        using var headCompiled = evaluate ? Prepare(engine, headSide) : null;
        var before = evaluate ? baseCompiled?.Policies : Validate(baseSide);
        var after = evaluate ? headCompiled?.Policies : Validate(headSide);
        if (before is null || after is null)
        {
            _console.Err.WriteLine("No diff was produced: fix the error(s) above.");
            return ExitCodes.InvalidInput;
        }

        var diff = new PolicyDiff { Base = baseSide.Label, Head = headSide.Label, Changes = PolicyDiffer.Compare(before, after) };
        if (evaluate)
        {
            var evidence = PolicyEngine.LoadEvidence(arguments.Evidence);
            foreach (var diagnostic in evidence.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning))
            {
                _console.Err.WriteLine(Reporting.ConsoleText.Inline(diagnostic.ToString()));
            }

            if (evidence.HasErrors)
            {
                _console.Err.WriteLine("No diff was produced: fix the evidence error(s) above.");
                return ExitCodes.InvalidInput;
            }

            var now = arguments.AsOf ?? _clock();
            diff = Evaluate(diff, baseCompiled!, headCompiled!, evidence.Evidence, now);
        }

        return Write(arguments, diff);
    }

    private static PolicyDiff Evaluate(PolicyDiff diff, CompiledPolicySet before, CompiledPolicySet after, EvidenceSet evidence, DateTimeOffset now)
    {
        var baseRun = PolicyEngine.Evaluate(before, evidence, now);
        var headRun = PolicyEngine.Evaluate(after, evidence, now);
        return diff with
        {
            EvaluatedAt = now,
            Flips = PolicyDiffer.Flips(baseRun, headRun),
            BaseDecision = baseRun.Decision,
            HeadDecision = headRun.Decision,
        };
    }

    private int Write(DiffArguments arguments, PolicyDiff diff)
    {
        void WriteTo(Stream stream)
        {
            if (arguments.Format == "json")
            {
                PolicyDiffJson.Write(diff, stream);
                return;
            }

            var text = arguments.Format == "markdown" ? PolicyDiffMarkdown.Write(diff) : PolicyDiffText.Write(diff);
            var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text);
            stream.Write(bytes);
        }

        if (arguments.OutputPath is { } output)
        {
            try
            {
                AtomicFile.Write(output, WriteTo);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _console.Err.WriteLine(Reporting.ConsoleText.Inline(Diagnostic.Create(DiagnosticCatalog.ReportWriteFailed, SourceLocation.None, output, ex.Message).ToString()));
                return ExitCodes.InvalidInput;
            }

            _console.Out.WriteLine(PolicyDiffWords.Headline(diff).Replace("**", string.Empty, StringComparison.Ordinal));
            return ExitCodes.Success;
        }

        using var memory = new MemoryStream();
        WriteTo(memory);
        _console.Out.Write(Encoding.UTF8.GetString(memory.ToArray()));
        return ExitCodes.Success;
    }

    private static (string Label, string Folder, string? Problem) Side(string? revision, string? directory, string policies, string which, List<string> temporary)
    {
        if (directory is not null)
        {
            return Directory.Exists(directory) ? (directory, directory, null) : (directory, directory, $"The {which} folder '{directory}' does not exist");
        }

        if (revision is null)
        {
            return ($"{policies} (working tree)", policies, null);
        }

        var folder = Directory.CreateTempSubdirectory("aiops-policy-diff-").FullName;
        temporary.Add(folder);
        var problem = GitRevision.Materialize(policies, revision, folder);
        return ($"{revision}:{policies}", folder, problem);
    }

    private CompiledPolicySet? Prepare(PolicyEngine engine, (string Label, string Folder, string? Problem) side)
    {
        var prepared = engine.Prepare([side.Folder]);
        Report(prepared.Diagnostics, side);
        return prepared.Compiled;
    }

    private PolicySet? Validate((string Label, string Folder, string? Problem) side)
    {
        var validated = PolicyValidator.Validate(PolicyLoader.Load([side.Folder]));
        Report(validated.Diagnostics, side);
        return validated.HasErrors ? null : validated.PolicySet;
    }

    private void Report(IEnumerable<Diagnostic> diagnostics, (string Label, string Folder, string? Problem) side)
    {
        var folder = Path.GetFullPath(side.Folder).Replace('\\', '/');
        foreach (var diagnostic in diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning))
        {
            // A revision's files live in a temporary folder: name them by the revision instead.
            var line = diagnostic.ToString().Replace(folder, side.Label, StringComparison.Ordinal);
            _console.Err.WriteLine(line);
        }
    }
}
