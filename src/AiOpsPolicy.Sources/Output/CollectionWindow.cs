// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Sources.Output;

/// <summary>
/// The time a collection covers: from <see cref="Start"/> to <see cref="AsOf"/>. Nothing after
/// <see cref="AsOf"/> is read (it has not happened yet), so the same sources and as-of give the same files.
/// </summary>
/// <param name="AsOf">The end, and the time the files say they were collected.</param>
/// <param name="Length">How far back the collection reaches.</param>
public sealed record CollectionWindow(DateTimeOffset AsOf, TimeSpan Length)
{
    /// <summary>Gets the start.</summary>
    public DateTimeOffset Start => AsOf - Length;
}
