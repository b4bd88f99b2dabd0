// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Evaluation;

/// <summary>Nobody is told: the progress of an evaluation without a supervising process.</summary>
internal sealed class SilentProgress : IEvaluationProgress
{
    /// <summary>The one instance.</summary>
    public static readonly SilentProgress Instance = new();

    public void Started(TimeSpan totalLeft, TimeSpan itemTime)
    {
    }

    public void Gate(int index)
    {
    }

    public void Between()
    {
    }

    public void Finding(int index)
    {
    }

    public void Abandoned(int index, bool finding)
    {
    }

    public void Finished()
    {
    }
}
