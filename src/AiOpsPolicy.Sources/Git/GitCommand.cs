// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Text;
using AiOpsPolicy.Sources.Collection;

namespace AiOpsPolicy.Sources.Git;

/// <summary>
/// Runs the git command line on the operator's repository. Arguments go to git as a list, never through
/// a shell, and every revision comes after <c>--end-of-options</c>, so a ref or branch name can never be
/// read as an option. The system configuration, pagers, prompts and locale are switched off so the
/// output is the same on every machine.
/// </summary>
internal sealed class GitCommand
{
    /// <summary>The most output one git command may produce: a history of millions of commits fits; a runaway does not fill memory.</summary>
    public const int MaxOutputBytes = 512 * 1024 * 1024;

    private readonly string _repository;
    private readonly TimeSpan _timeout;

    public GitCommand(string repository, TimeSpan timeout)
    {
        _repository = repository;
        _timeout = timeout;
    }

    /// <summary>Runs git with the arguments (and standard input, if any) and returns standard output.</summary>
    /// <exception cref="SourceException">git is missing, failed, timed out or wrote too much.</exception>
    public async Task<string> RunAsync(IReadOnlyList<string> arguments, string? input, CancellationToken cancellationToken)
    {
        var shown = "git " + string.Join(' ', arguments);
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = new UTF8Encoding(false),
        };
        foreach (var argument in (string[])["-C", _repository, "-c", "core.quotepath=off", "-c", "log.showSignature=false", "-c", "i18n.logOutputEncoding=UTF-8", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        start.Environment["GIT_PAGER"] = "cat";
        start.Environment["LC_ALL"] = "C";
        start.Environment["TZ"] = "UTC";
        start.Environment.Remove("GIT_DIR");
        start.Environment.Remove("GIT_WORK_TREE");

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new SourceException("git did not start", shown);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new SourceException("the git command line was not found: install git (the Git source runs it)", shown, ex);
        }

        using (process)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_timeout);
            var output = ReadLimitedAsync(process.StandardOutput, timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.StandardInput.WriteAsync(input ?? string.Empty).ConfigureAwait(false);
            process.StandardInput.Close();
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
                var text = await output.ConfigureAwait(false);
                var message = await error.ConfigureAwait(false);
                if (process.ExitCode != 0)
                {
                    var first = message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? $"exit code {process.ExitCode}";
                    throw new SourceException($"git failed on {_repository}: {ServerText.Shown(first)}", shown);
                }

                return text;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                throw new SourceException($"git did not finish within {_timeout.TotalSeconds:0}s (timeout)", shown);
            }
            catch (InvalidDataException ex)
            {
                process.Kill(entireProcessTree: true);
                throw new SourceException(ex.Message, shown, ex);
            }
        }
    }

    private static async Task<string> ReadLimitedAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var buffer = new char[65536];
        int read;
        while ((read = await reader.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (text.Length + read > MaxOutputBytes)
            {
                throw new InvalidDataException($"git wrote more than {MaxOutputBytes:N0} characters");
            }

            text.Append(buffer, 0, read);
        }

        return text.ToString();
    }
}
