// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Cli;

/// <summary>What the process's exit code says.</summary>
public static class ExitCodes
{
    /// <summary>Valid policies; the deployment is allowed (warnings allowed).</summary>
    public const int Success = 0;

    /// <summary>A blocking gate did not pass: the deployment is blocked.</summary>
    public const int Blocked = 1;

    /// <summary>Invalid input or usage: the policies, the evidence or the command line.</summary>
    public const int InvalidInput = 2;
}
