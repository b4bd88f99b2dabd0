// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Security.Cryptography;
using System.Text;
using AiOpsPolicy.Reporting;

namespace AiOpsPolicy.Cli;

/// <summary>
/// The console every command writes to: a filter in front of the real one, so that text from policy
/// files, evidence, caches or exceptions cannot drive the terminal or the CI runner that reads the log
/// (issue 12, docs/security.md "Console and annotation output"). Both streams go through
/// <see cref="ConsoleTextFilter"/>: escape sequences removed (the CLI's own colours kept when colour is
/// on), control characters shown escaped, workflow-command and service-message markers defused. Under
/// GitHub Actions, standard output is also wrapped in <c>::stop-commands::TOKEN</c> ... <c>::TOKEN::</c>
/// with a fresh random token, closed around the engine's own annotations (<see cref="WriteWorkflowCommands"/>)
/// and at the end of the run. Standard error is filtered but not wrapped: the runner reads the two streams
/// in no guaranteed order, and a stop on one could swallow the annotations on the other.
/// </summary>
public sealed class GuardedConsole : IConsole, IDisposable
{
    private readonly IConsole _inner;
    private readonly GuardedWriter _out;
    private readonly GuardedWriter _err;

    /// <summary>Initializes a new instance of the <see cref="GuardedConsole"/> class.</summary>
    /// <param name="inner">The real console.</param>
    /// <param name="githubActions">Whether the run is a GitHub Actions step (<c>GITHUB_ACTIONS=true</c>).</param>
    /// <param name="newToken">Makes a stop-commands token; null for 128 random bits in hex.</param>
    public GuardedConsole(IConsole inner, bool githubActions, Func<string>? newToken = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        var color = inner.SupportsColor;
        _out = new GuardedWriter(inner.Out, color, githubActions ? newToken ?? NewToken : null);
        _err = new GuardedWriter(inner.Err, color, stopToken: null);
    }

    /// <inheritdoc />
    public TextWriter Out => _out;

    /// <inheritdoc />
    public TextWriter Err => _err;

    /// <inheritdoc />
    public bool SupportsColor => _inner.SupportsColor;

    /// <summary>Whether the environment says this is a GitHub Actions step.</summary>
    /// <param name="value">The value of <c>GITHUB_ACTIONS</c>.</param>
    /// <returns>True for <c>true</c> (any case).</returns>
    public static bool IsGitHubActions(string? value) => string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public void WriteWorkflowCommands(string commands) => _out.WriteTrusted(commands);

    /// <summary>Ends the run's output: closes an open stop-commands block, so later steps' commands work.</summary>
    public void Complete()
    {
        _out.Complete();
        _err.Complete();
    }

    /// <summary>Completes the output (<see cref="Complete"/>); the real console stays open.</summary>
    public void Dispose()
    {
        Complete();
        _out.Dispose();
        _err.Dispose();
    }

    private static string NewToken() => RandomNumberGenerator.GetHexString(32, lowercase: true);

    /// <summary>A writer that filters every character on its way to the real stream.</summary>
    private sealed class GuardedWriter : TextWriter
    {
        private readonly TextWriter _inner;
        private readonly ConsoleTextFilter _filter;
        private readonly Func<string>? _newToken;
        private readonly StringBuilder _buffer = new();
        private string? _stopToken;

        public GuardedWriter(TextWriter inner, bool allowColor, Func<string>? stopToken)
        {
            _inner = inner;
            _filter = new ConsoleTextFilter(singleLine: false, allowColor);
            _newToken = stopToken;
        }

        public override Encoding Encoding => _inner.Encoding;

        [System.Diagnostics.CodeAnalysis.AllowNull]
        public override string NewLine
        {
            get => _inner.NewLine;
            set => _inner.NewLine = value;
        }

        public override void Write(char value) => Write([value]);

        public override void Write(string? value) => Write(value.AsSpan());

        public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

        public override void Write(ReadOnlySpan<char> buffer)
        {
            if (buffer.IsEmpty)
            {
                return;
            }

            if (_newToken is not null && _stopToken is null)
            {
                // Free text starts: stop the runner's command processing first, on a line of its own.
                _stopToken = _newToken();
                _buffer.Append(_filter.AtLineStart ? string.Empty : _inner.NewLine);
                _buffer.Append("::stop-commands::").Append(_stopToken).Append(_inner.NewLine);
                _filter.ResetLine();
            }

            _filter.Append(buffer, _buffer);
            Drain();
        }

        public override void WriteLine(string? value)
        {
            Write(value);
            Write(CoreNewLine);
        }

        protected override void Dispose(bool disposing)
        {
            // The real stream belongs to the caller: nothing to release here.
            base.Dispose(disposing);
        }

        public override void Flush()
        {
            Drain();
            _inner.Flush();
        }

        /// <summary>Writes the engine's own workflow commands, outside any stop-commands block.</summary>
        public void WriteTrusted(string commands)
        {
            Resume();
            _buffer.Append(commands);
            _filter.ResetLine();
            Drain();
        }

        public void Complete()
        {
            _filter.Complete(_buffer);
            Resume();
            Drain();
            _inner.Flush();
        }

        private void Resume()
        {
            if (_stopToken is null)
            {
                return;
            }

            _filter.Complete(_buffer);
            _buffer.Append(_filter.AtLineStart ? string.Empty : _inner.NewLine);
            _buffer.Append("::").Append(_stopToken).Append("::").Append(_inner.NewLine);
            _filter.ResetLine();
            _stopToken = null;
        }

        private void Drain()
        {
            if (_buffer.Length == 0)
            {
                return;
            }

            _inner.Write(_buffer.ToString());
            _buffer.Clear();
        }
    }
}
