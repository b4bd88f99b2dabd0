// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Configuration;

/// <summary>The decision service's limits (<c>service.limits</c>).</summary>
public sealed record ServiceLimits
{
    /// <summary>The default request body limit: 16 MiB, room for a week of a busy workflow's runs inline.</summary>
    public const long DefaultMaxRequestBytes = 16L * 1024 * 1024;

    /// <summary>The default time a request waits for a decision slot before it is refused (503).</summary>
    public const int DefaultQueueTimeoutSeconds = 30;

    /// <summary>The default number of inline evidence files in one request.</summary>
    public const int DefaultMaxEvidenceFiles = 256;

    /// <summary>Gets the largest request body accepted; larger ones get 413 (AOP5202).</summary>
    public long MaxRequestBytes { get; init; } = DefaultMaxRequestBytes;

    /// <summary>
    /// Gets how many decisions one instance evaluates at once; others wait (0: twice the processor count). Each
    /// evaluation holds its evidence in memory and one thread, so this bounds memory and threads under a burst.
    /// </summary>
    public int MaxConcurrentDecisions { get; init; }

    /// <summary>Gets how long a request waits for a decision slot before it gets 503 (AOP5207).</summary>
    public int QueueTimeoutSeconds { get; init; } = DefaultQueueTimeoutSeconds;

    /// <summary>Gets the most inline evidence files one request may send.</summary>
    public int MaxEvidenceFiles { get; init; } = DefaultMaxEvidenceFiles;

    /// <summary>Gets the decision slots in effect: <see cref="MaxConcurrentDecisions"/>, or twice the processor count when 0.</summary>
    public int EffectiveConcurrentDecisions => MaxConcurrentDecisions > 0 ? MaxConcurrentDecisions : 2 * Environment.ProcessorCount;
}
