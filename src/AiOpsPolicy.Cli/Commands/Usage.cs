// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Text;

namespace AiOpsPolicy.Cli.Commands;

/// <summary>The help text and usage errors.</summary>
internal static class Usage
{
    public const string Text = """
        aiops-policy: metrics-as-code policy gates for AI operations

        Usage:
          aiops-policy validate [PATH ...] [--cache-dir DIR] [--no-cache]
              Check policy files: YAML, schemas, references and every C# expression.
              Exit 0 when valid, 2 when not.

          aiops-policy gate --policies DIR --evidence DIR [--json FILE] [--as-of TIME]
                            [--cache-dir DIR] [--no-cache] [--no-color]
              Evaluate every gate against the evidence and decide whether a deployment may go ahead.
              Exit 0 allowed (warnings allowed), 1 blocked, 2 invalid input or usage.

          aiops-policy --version | --help

        --as-of TIME    the evaluation time (ISO 8601 with offset); default: now, recorded in the report
        --cache-dir DIR where compiled policy sets are cached (default: $AIOPS_POLICY_CACHE or ~/.cache/aiops-policy)
        """;

    public static int Fail(IConsole console, string problem)
    {
        console.Err.WriteLine(Diagnostic.Create(DiagnosticCatalog.Usage, SourceLocation.None, problem).ToString());
        return ExitCodes.InvalidInput;
    }
}
