// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Text;

/// <summary>What System.Text.Json says about text it cannot read, as a sentence for the person who wrote the text.</summary>
public static class JsonReaderText
{
    private const string ReaderOptions = " which is not supported in this mode. Change the reader options";

    /// <summary>
    /// The reader's message without its position (" Path: $.records[3] | LineNumber: 5 | BytePositionInLine: 4", counted
    /// from zero, which a diagnostic gives as the file's line and column counted from one) and without advice meant for
    /// the program that reads: "a trailing comma at the end which is not supported in this mode. Change the reader
    /// options" reads as a trailing comma that JSON does not allow.
    /// </summary>
    /// <param name="message">The exception's message.</param>
    /// <returns>The sentence, without a final period.</returns>
    public static string Sentence(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var tail in (ReadOnlySpan<string>)[" Path:", " LineNumber:"])
        {
            var cut = message.IndexOf(tail, StringComparison.Ordinal);
            if (cut >= 0)
            {
                message = message[..cut];
            }
        }

        return message.Replace(ReaderOptions, ", which JSON does not allow: remove it", StringComparison.Ordinal).TrimEnd('.', ' ');
    }
}
