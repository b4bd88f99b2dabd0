// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Net;
using System.Runtime.InteropServices;
using AiOpsPolicy.Cli.Arguments;
using AiOpsPolicy.Sources.Otlp;

namespace AiOpsPolicy.Cli.Commands;

/// <summary>
/// <c>aiops-policy receive</c>: an OTLP/HTTP trace receiver on a loopback port that keeps what it receives
/// as OTLP JSON lines (the Collector file exporter's format) for an <c>otlp</c> evidence source to read.
/// Runs until interrupted (Ctrl+C, SIGTERM) or for <c>--for</c>. Exit 0 when stopped, 2 when it cannot listen.
/// </summary>
internal sealed class ReceiveCommand
{
    private readonly IConsole _console;

    public ReceiveCommand(IConsole console)
    {
        _console = console;
    }

    public int Run(ReceiveArguments arguments)
    {
        var (port, output, duration) = (arguments.Port, arguments.OutputDirectory, arguments.Duration);
        using var stop = new ManualResetEventSlim();
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Set(); });
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Set(); });
        using var receiver = new OtlpReceiver(port, output, message => _console.Err.WriteLine("receive: " + message), arguments.MaxBodyBytes);
        try
        {
            receiver.Start();
        }
        catch (HttpListenerException ex)
        {
            _console.Err.WriteLine(Core.Diagnostics.Diagnostic.Create(Core.Diagnostics.DiagnosticCatalog.Usage, Core.Text.SourceLocation.None, $"Cannot listen on 127.0.0.1:{port}: {ex.Message}").ToString());
            return ExitCodes.InvalidInput;
        }

        _console.Out.WriteLine($"Receiving OTLP/HTTP traces on http://127.0.0.1:{port}/v1/traces (protobuf or JSON) into {Path.Combine(output, "traces.otlp.jsonl")}; Ctrl+C stops.");
        stop.Wait(duration ?? Timeout.InfiniteTimeSpan);
        receiver.Dispose();
        _console.Out.WriteLine($"Stopped: {receiver.SpansReceived:N0} span(s) received.");
        return ExitCodes.Success;
    }
}
