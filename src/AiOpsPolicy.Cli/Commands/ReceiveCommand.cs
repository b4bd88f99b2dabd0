// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using AiOpsPolicy.Cli.Arguments;
using AiOpsPolicy.Core.Units;
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

    public int Run(IEnumerable<string> args)
    {
        string listen = "127.0.0.1:4318";
        string? output = null;
        TimeSpan? duration = null;
        var maxBody = OtlpReceiver.DefaultMaxBodyBytes;
        var problem = new ArgumentReader(args).Read(
            (name, value) => name switch
            {
                "--listen" => GateArguments.Set(name, value(), v => listen = v),
                "--out" or "--output" => GateArguments.Set(name, value(), v => output = v),
                "--for" => value() is { } d && UnitParser.TryParseDuration(d, out var parsed) && parsed > TimeSpan.Zero ? GateArguments.Flag(() => duration = parsed) : "--for needs a duration, such as 10m",
                "--max-body" => value() is { } b && int.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) && bytes > 0 ? GateArguments.Flag(() => maxBody = bytes) : "--max-body needs a number of bytes",
                _ => $"Unknown option '{name}' for 'receive'",
            },
            _ => { });
        if (problem is null && output is null)
        {
            problem = "Give the folder received traces are kept in with --out DIR";
        }

        if (problem is null && !IsLoopback(listen, out _))
        {
            problem = $"--listen takes a loopback address and port, such as 127.0.0.1:4318 (got '{listen}'); to receive from other machines, put an OpenTelemetry Collector in front";
        }

        if (problem is not null || output is null)
        {
            return Usage.Fail(_console, problem ?? "Give --out DIR");
        }

        IsLoopback(listen, out var port);
        using var stop = new ManualResetEventSlim();
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Set(); });
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Set(); });
        using var receiver = new OtlpReceiver(port, output, message => _console.Err.WriteLine("receive: " + message), maxBody);
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

    private static bool IsLoopback(string listen, out int port)
    {
        port = 0;
        var colon = listen.LastIndexOf(':');
        return colon > 0
            && int.TryParse(listen[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and < 65536
            && listen[..colon] is "127.0.0.1" or "localhost";
    }
}
