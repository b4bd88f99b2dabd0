// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text;
using System.Text.Json;
using AiOpsPolicy.Core.Evidence.Contract;

namespace AiOpsPolicy.Core.Tests.Evidence;

/// <summary>
/// The loader accepts a time on its digits when they are certainly in range and parses it fully
/// otherwise: that shortcut must never accept a time the full parse refuses.
/// </summary>
public sealed class EvidenceTimeFastPathTests
{
    [Fact]
    public void IsCertainlyValidTime_WhenEveryPartIsAtOrAcrossItsLimits_ShouldOnlyAcceptTimesTheFullParseAccepts()
    {
        // Given: every combination of parts at, inside and past their limits (leap days, 31st of
        // 30-day months, hour 24, second 60, offsets past 14 hours, the calendar's first and last years).
        string[] years = ["0001", "0002", "1900", "2000", "2024", "2026", "9998", "9999"];
        string[] months = ["00", "01", "02", "04", "12", "13"];
        string[] days = ["00", "01", "28", "29", "30", "31", "32"];
        string[] hours = ["00", "23", "24"];
        string[] minutes = ["59", "60"];
        string[] seconds = ["00", "59.9999999", "60"];
        string[] offsets = ["Z", "+00:00", "-00:00", "+13:59", "+14:00", "-14:00", "+14:01", "-14:30", "+05:60", "+99:00"];
        var accepted = 0;
        var disagreements = new List<string>();

        // When
        foreach (var text in from y in years from mo in months from d in days from h in hours from mi in minutes from s in seconds from o in offsets select $"{y}-{mo}-{d}T{h}:{mi}:{s}{o}")
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            if (!EvidenceTimes.IsTimeShape(bytes) || !EvidenceTimes.IsCertainlyValidTime(bytes))
            {
                continue;
            }

            accepted++;
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes($"\"{text}\""));
            reader.Read();
            if (!reader.TryGetDateTimeOffset(out _))
            {
                disagreements.Add(text);
            }
        }

        // Then: nothing the shortcut accepts is refused by the full parse, and it does accept the common times.
        Assert.Empty(disagreements);
        Assert.True(accepted > 1000, $"the shortcut accepted only {accepted} times");
        Assert.True(EvidenceTimes.IsCertainlyValidTime("2026-11-28T06:00:00Z"u8));
        Assert.True(EvidenceTimes.IsCertainlyValidTime("2024-02-29T23:59:59.1234567+14:00"u8));
        Assert.False(EvidenceTimes.IsCertainlyValidTime("2026-02-29T06:00:00Z"u8));
        Assert.False(EvidenceTimes.IsCertainlyValidTime("0001-01-01T00:00:00+01:00"u8));
    }
}
