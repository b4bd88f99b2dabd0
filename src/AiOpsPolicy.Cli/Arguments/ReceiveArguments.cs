// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.CommandLine;
using System.Globalization;
using AiOpsPolicy.Cli.CommandLine;
using AiOpsPolicy.Sources.Otlp;

namespace AiOpsPolicy.Cli.Arguments;

/// <summary>The arguments of <c>aiops-policy receive</c>.</summary>
internal sealed class ReceiveArguments
{
    /// <summary>Gets the loopback port to listen on.</summary>
    public required int Port { get; init; }

    public required string OutputDirectory { get; init; }

    /// <summary>Gets how long to receive; null until interrupted.</summary>
    public TimeSpan? Duration { get; init; }

    public int MaxBodyBytes { get; init; } = OtlpReceiver.DefaultMaxBodyBytes;

    /// <summary>Declares <c>receive</c>.</summary>
    /// <param name="run">Runs the command with the parsed arguments.</param>
    /// <param name="fail">Reports a usage problem (AOP5001).</param>
    /// <returns>The command.</returns>
    public static Command Declare(Func<ReceiveArguments, int> run, Func<string, int> fail)
    {
        var output = CliOptions.Value("--out", "DIR", "The folder received traces are kept in (traces.otlp.jsonl).", "--output");
        var listen = CliOptions.Value("--listen", "ADDRESS:PORT", "The loopback address and port to listen on (default: 127.0.0.1:4318).");
        var duration = CliOptions.Duration("--for", "Stop after this long (default: until Ctrl+C or SIGTERM).");
        var maxBody = CliOptions.Parsed<int?>("--max-body", "BYTES", "The largest request body accepted.", value =>
            int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) && bytes > 0 ? (bytes, null) : (null, "--max-body needs a number of bytes"));
        var command = new Command("receive", """
            Receive OpenTelemetry traces (OTLP/HTTP, protobuf or JSON) and keep them in DIR for an otlp evidence
            source. Runs until Ctrl+C (or for DURATION). Exit 0 when stopped, 2 when it cannot listen.
            """)
        {
            output, listen, duration, maxBody,
        };
        command.SetAction(parsed =>
        {
            var address = parsed.GetValue(listen) ?? "127.0.0.1:4318";
            if (parsed.GetValue(output) is not { } folder)
            {
                return fail("Give the folder received traces are kept in with --out DIR");
            }

            return TryParseLoopback(address, out var port)
                ? run(new ReceiveArguments { Port = port, OutputDirectory = folder, Duration = parsed.GetValue(duration), MaxBodyBytes = parsed.GetValue(maxBody) ?? OtlpReceiver.DefaultMaxBodyBytes })
                : fail($"--listen takes a loopback address and port, such as 127.0.0.1:4318 (got '{address}'); to receive from other machines, put an OpenTelemetry Collector in front");
        });
        return command;
    }

    private static bool TryParseLoopback(string listen, out int port)
    {
        port = 0;
        var colon = listen.LastIndexOf(':');
        return colon > 0
            && int.TryParse(listen[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and < 65536
            && listen[..colon] is "127.0.0.1" or "localhost";
    }
}
