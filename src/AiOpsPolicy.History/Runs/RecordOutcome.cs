// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.History.Runs;

/// <summary>What <see cref="IHistoryStore.RecordAsync"/> did with a run.</summary>
public enum RecordOutcome
{
    /// <summary>The run was new and is now stored.</summary>
    Recorded,

    /// <summary>A run with the same run id was already stored; nothing was written.</summary>
    Duplicate,
}
