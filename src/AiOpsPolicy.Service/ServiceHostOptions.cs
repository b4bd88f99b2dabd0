// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Service;

/// <summary>How a host runs the decision service: where it listens when the settings name no Kestrel endpoint, its clock and logging.</summary>
public sealed record ServiceHostOptions
{
    /// <summary>Gets the URLs to listen on when the settings' <c>kestrel</c> section declares no endpoints (<c>serve --urls</c>).</summary>
    public IReadOnlyList<string> Urls { get; init; } = [];

    /// <summary>Gets the clock decisions without <c>asOf</c> are made at.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Gets where log lines (warnings and errors) go, one call per line; null drops them.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Gets a private folder for bundle files and request evidence; a fresh temporary folder when null.</summary>
    public string? WorkFolder { get; init; }
}
