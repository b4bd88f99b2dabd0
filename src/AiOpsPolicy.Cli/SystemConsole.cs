// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Cli;

/// <summary>The process's real console: the one place in the product that touches it.</summary>
internal sealed class SystemConsole : IConsole
{
#pragma warning disable RS0030 // The console adapter is the one place allowed to use System.Console.
    public TextWriter Out => Console.Out;

    public TextWriter Err => Console.Error;

    public bool SupportsColor =>
        !Console.IsOutputRedirected
        && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
        && Environment.GetEnvironmentVariable("TERM") is not "dumb";
#pragma warning restore RS0030
}
