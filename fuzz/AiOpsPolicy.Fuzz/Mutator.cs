// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text;

namespace AiOpsPolicy.Fuzz;

/// <summary>Mutates the bytes of a seed input. Deterministic for a given <see cref="Random"/>.</summary>
internal sealed class Mutator
{
    private static readonly string[] Metacharacters =
    [
        ":", "- ", "[", "]", "{", "}", "&a ", "*a", "!", "!!binary ", "|", ">", "'", "\"", "#", "%", "@", "`", "\\", "---\n", "...\n",
        "? ", ",", "\t", "\n", "\r\n", "  ", "&x [*x, *x]", "<<: *x\n", "\"\\u0000\"", "\\uD800", "1e309", "-0", "null", "~", "true", "0x10",
        "9999999999999999999999", "\"2026-13-45T99:99:99Z\"", "{\"$evidence\": {}}", "# kind: incidents\n", "# collectedAt: x\n",
    ];

    private static readonly byte[][] InvalidUtf8 =
    [
        [0xFF], [0xC0, 0x80], [0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x00], [0xEF, 0xBB, 0xBF],
    ];

    private static readonly string[] ValidUtf8 = ["é", "ß", "€", "😀", "\u200B", "\u202E", "\uFEFF", "\u0085", "\u2028", "ｆ", "İ"];

    private readonly Random _random;
    private readonly IReadOnlyList<byte[]> _seeds;

    public Mutator(Random random, IReadOnlyList<byte[]> seeds)
    {
        _random = random;
        _seeds = seeds;
    }

    /// <summary>Applies one to four random mutations to a copy of the input.</summary>
    /// <param name="input">The input.</param>
    /// <returns>The mutated copy.</returns>
    public byte[] Mutate(byte[] input)
    {
        var data = new List<byte>(input);
        var count = _random.Next(1, 5);
        for (var i = 0; i < count; i++)
        {
            MutateOnce(data);
        }

        return [.. data];
    }

    private void MutateOnce(List<byte> data)
    {
        var at = data.Count == 0 ? 0 : _random.Next(data.Count + 1);
        switch (_random.Next(11))
        {
            case 0 when data.Count > 0:
                // Flip one bit.
                var index = _random.Next(data.Count);
                data[index] ^= (byte)(1 << _random.Next(8));
                break;
            case 1:
                // Truncate.
                data.RemoveRange(at, data.Count - at);
                break;
            case 2:
                DuplicateLine(data);
                break;
            case 3:
            case 4:
                data.InsertRange(at, Encoding.UTF8.GetBytes(Metacharacters[_random.Next(Metacharacters.Length)]));
                break;
            case 5:
                data.InsertRange(at, Encoding.UTF8.GetBytes(ValidUtf8[_random.Next(ValidUtf8.Length)]));
                break;
            case 6:
                data.InsertRange(at, InvalidUtf8[_random.Next(InvalidUtf8.Length)]);
                break;
            case 7 when data.Count > 0:
                // Delete a range.
                var start = _random.Next(data.Count);
                data.RemoveRange(start, Math.Min(data.Count - start, _random.Next(1, 64)));
                break;
            case 8:
                // Splice in a piece of another seed.
                var other = _seeds[_random.Next(_seeds.Count)];
                if (other.Length > 0)
                {
                    var from = _random.Next(other.Length);
                    data.InsertRange(at, other.Skip(from).Take(_random.Next(1, 256)));
                }

                break;
            case 9 when data.Count > 0:
                // Repeat a chunk many times (deep nesting, long lines, many records).
                var chunkStart = _random.Next(data.Count);
                var chunk = data.Skip(chunkStart).Take(_random.Next(1, 16)).ToArray();
                var times = _random.Next(2, 200);
                for (var k = 0; k < times; k++)
                {
                    data.InsertRange(chunkStart, chunk);
                }

                break;
            default:
                // Replace a digit or letter with a random byte.
                if (data.Count > 0)
                {
                    data[_random.Next(data.Count)] = (byte)_random.Next(256);
                }

                break;
        }
    }

    private void DuplicateLine(List<byte> data)
    {
        var lines = SplitLines(data);
        if (lines.Count == 0)
        {
            return;
        }

        var (start, length) = lines[_random.Next(lines.Count)];
        var line = data.GetRange(start, length);
        var (target, _) = lines[_random.Next(lines.Count)];
        data.InsertRange(target, line);
    }

    private static List<(int Start, int Length)> SplitLines(List<byte> data)
    {
        var lines = new List<(int Start, int Length)>();
        var start = 0;
        for (var i = 0; i < data.Count; i++)
        {
            if (data[i] == (byte)'\n')
            {
                lines.Add((start, i - start + 1));
                start = i + 1;
            }
        }

        if (start < data.Count)
        {
            lines.Add((start, data.Count - start));
        }

        return lines;
    }
}
