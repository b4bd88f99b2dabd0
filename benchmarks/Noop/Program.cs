// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace Noop;

/// <summary>Does nothing: the start-up baseline.</summary>
internal static class Program
{
    private static int Main() => 0;
}
