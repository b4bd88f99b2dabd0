// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Runtime.InteropServices;
using AiOpsPolicy.Cli.Arguments;
using AiOpsPolicy.Cli.CommandLine;
using AiOpsPolicy.Core.Configuration;

namespace AiOpsPolicy.Cli.Commands;

/// <summary>
/// <c>aiops-policy serve</c>: the decision service (docs/service.md), configured by the operator configuration's
/// <c>service</c> section. Runs until SIGINT or SIGTERM (or for <c>--for</c>), then finishes the requests in flight.
/// Exit 0 when stopped, 2 when the configuration is not usable or the service cannot start.
/// </summary>
internal sealed class ServeCommand
{
    private readonly IConsole _console;

    public ServeCommand(IConsole console)
    {
        _console = console;
    }

    public int Run(ServeArguments arguments)
    {
        var (config, urls, duration) = (arguments.ConfigPath, arguments.Urls, arguments.Duration);
        var configuration = OperatorSettings.Load(_console, config, []);
        if (configuration is null)
        {
            return ExitCodes.InvalidInput;
        }

        if (configuration.Service is not { } settings)
        {
            return Usage.Fail(_console, configuration.Path is null
                ? $"serve needs the operator configuration: give --config FILE (or ${OperatorConfiguration.EnvironmentVariable}) with a 'service' section (docs/service.md)"
                : $"The operator configuration '{configuration.Path}' has no 'service' section (docs/service.md)");
        }

        return Serve(settings, urls.Count == 0 ? ["http://127.0.0.1:8080"] : urls, duration);
    }

    /// <summary>Runs the service. Kept in its own method, never inlined, so that ASP.NET Core loads only for serve.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private int Serve(ServiceSettings settings, IReadOnlyList<string> urls, TimeSpan? duration)
    {
        Microsoft.AspNetCore.Builder.WebApplication app;
        try
        {
            app = Service.ServiceHost.CreateAsync(settings, new Service.ServiceHostOptions { Urls = urls, Log = Log })
                .GetAwaiter().GetResult();
            app.StartAsync().GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _console.Err.WriteLine($"error: the decision service could not start: {ex.GetType().Name}: {ex.Message.TrimEnd('.')}");
            return ExitCodes.InvalidInput;
        }

        using var stop = new ManualResetEventSlim();
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Set(); });
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Set(); });
        _console.Out.WriteLine($"Decision service listening on {string.Join(", ", app.Urls)}; logging decisions in {HistoryShown(settings.HistoryStore)}. SIGINT or SIGTERM stops it.");
        _console.Out.Flush();
        stop.Wait(duration ?? Timeout.InfiniteTimeSpan);
        app.StopAsync().GetAwaiter().GetResult();
        app.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _console.Out.WriteLine("Decision service stopped.");
        return ExitCodes.Success;
    }

    private static string HistoryShown(string target) => HistoryTargets.Shown(target);

    /// <summary>Service log lines (warnings and errors) go to standard error, one at a time.</summary>
    private void Log(string line)
    {
        lock (_console)
        {
            _console.Err.WriteLine(line);
        }
    }
}
