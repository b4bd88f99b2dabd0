// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using Microsoft.Extensions.Logging;

namespace AiOpsPolicy.Service;

/// <summary>
/// Hands warnings and errors to the host as single lines (<c>level: category: message</c>): the CLI writes them to
/// standard error through its console, so the service never writes to the terminal itself.
/// </summary>
/// <param name="sink">Receives each line.</param>
internal sealed class LineLoggerProvider(Action<string> sink) : ILoggerProvider
{
    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Logger(sink, categoryName);

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private sealed class Logger(Action<string> sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                var problem = exception is null ? string.Empty : $" ({exception.GetType().Name}: {exception.Message})";
                sink($"{logLevel.ToString().ToLowerInvariant()}: {category}: {formatter(state, exception)}{problem}".ReplaceLineEndings(" "));
            }
        }
    }
}
