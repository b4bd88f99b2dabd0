// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Cli.Testing;

/// <summary>A console that records what the CLI writes.</summary>
public sealed class TestConsole : IConsole, IDisposable
{
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();

    /// <inheritdoc />
    public TextWriter Out => _out;

    /// <inheritdoc />
    public TextWriter Err => _err;

    /// <inheritdoc />
    public bool SupportsColor => false;

    /// <summary>Gets everything written to standard output.</summary>
    public string OutText => _out.ToString();

    /// <summary>Gets everything written to standard error.</summary>
    public string ErrText => _err.ToString();

    /// <inheritdoc />
    public void Dispose()
    {
        _out.Dispose();
        _err.Dispose();
    }
}
