// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Reporting.Tests;

public sealed class ReportFormatsTests : ReportWriterTestBase
{
    public static TheoryData<string> Formats() => [.. ReportFormats.Names];

    [Theory]
    [MemberData(nameof(Formats))]
    public void Write_WhenCalledTwiceOnTheSameResult_ShouldWriteIdenticalBytes(string format)
    {
        // Given
        var writer = ReportFormats.Create(format, SampleResults.Options);

        // When
        var first = RenderBytes(writer, SampleResults.HelpdeskWaived);
        var second = RenderBytes(ReportFormats.Create(format, SampleResults.Options), SampleResults.HelpdeskWaived);

        // Then
        Assert.NotEmpty(first);
        Assert.Equal(first, second);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Create_WhenGivenAKnownFormat_ShouldReturnItsWriterWithAUniqueFileName(string format)
    {
        // Given
        var others = ReportFormats.Names.Where(n => n != format).Select(n => ReportFormats.Create(n).DefaultFileName);

        // When
        var writer = ReportFormats.Create(format);

        // Then
        Assert.Equal(format, writer.Format);
        Assert.DoesNotContain(writer.DefaultFileName, others);
    }

    [Fact]
    public void Create_WhenTheFormatIsUnknown_ShouldNameTheKnownFormats()
    {
        // Given
        const string Format = "pdf";

        // When
        var exception = Assert.Throws<ArgumentException>(() => ReportFormats.Create(Format));

        // Then
        Assert.Contains("junit", exception.Message, StringComparison.Ordinal);
    }
}
