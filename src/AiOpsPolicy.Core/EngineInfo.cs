// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Reflection;

namespace AiOpsPolicy.Core;

/// <summary>The engine's identity, as reports record it.</summary>
public static class EngineInfo
{
    /// <summary>Gets the engine's version (the informational version without build metadata).</summary>
    public static string Version { get; } =
        (typeof(EngineInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];
}
