// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Text;
using AiOpsPolicy.Sources;
using AiOpsPolicy.Sources.Configuration;
using AiOpsPolicy.Sources.Output;

namespace AiOpsPolicy.Cli.Commands;

/// <summary>
/// Collects the operator's evidence sources into a folder, for <c>collect</c> and <c>gate --collect</c>:
/// a line per source (on a terminal, one as it starts too), a located diagnostic for a sources file that
/// is not valid (AOP5101), one for each source that failed (AOP5102) and for data left out (AOP5103).
/// </summary>
internal static class Collecting
{
    /// <summary>Collects; returns null when the sources file is not valid, else whether every source was collected.</summary>
    public static bool? Run(IConsole console, string sourcesPath, CollectionWindow window, string folder)
    {
        var (sources, diagnostics) = EvidenceSourceLoader.Load(sourcesPath);
        foreach (var diagnostic in diagnostics)
        {
            console.Err.WriteLine(diagnostic.ToString());
        }

        if (diagnostics.Any(d => d.IsError))
        {
            console.Err.WriteLine($"Nothing was collected: fix the {diagnostics.Count(d => d.IsError)} error(s) above in the sources file.");
            return null;
        }

        var terminal = console.SupportsColor;
        console.Out.WriteLine($"Collecting {sources.Length} source(s) from {EvidenceFileWriter.Time(window.Start)} to {EvidenceFileWriter.Time(window.AsOf)} into {folder}");
        var collector = new EvidenceCollector(Environment.GetEnvironmentVariable);
        var outcomes = collector.CollectAsync(
            sources,
            window,
            folder,
            source =>
            {
                if (terminal)
                {
                    console.Out.WriteLine($"  ...     {source.Name} ({source.Type})");
                }
            },
            (source, message) => console.Err.WriteLine(Diagnostic.Create(DiagnosticCatalog.SourceDataLeftOut, SourceLocation.None, source, message).ToString()),
            CancellationToken.None).GetAwaiter().GetResult();
        foreach (var outcome in outcomes)
        {
            var seconds = outcome.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
            if (outcome.Succeeded)
            {
                console.Out.WriteLine($"  ok      {outcome.Source} ({outcome.Type}): {outcome.Files.Length} file(s), {outcome.Records:N0} record(s) in {seconds}s");
            }
            else
            {
                var kinds = string.Join(", ", outcome.Files.Select(f => Path.GetFileName(f).Split('.')[1]));
                console.Out.WriteLine($"  failed  {outcome.Source} ({outcome.Type}) in {seconds}s; its evidence is marked incomplete");
                console.Err.WriteLine(Diagnostic.Create(DiagnosticCatalog.SourceFailed, SourceLocation.None, outcome.Source, outcome.Failure, outcome.FailedQuery is { Length: > 0 } q ? q : "(none sent)", kinds.Length > 0 ? kinds : "its").ToString());
            }
        }

        return outcomes.All(o => o.Succeeded);
    }
}
