// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Oscal;

namespace AiOpsPolicy.Core.Tests.Oscal;

public sealed class OscalControlSetTests : IDisposable
{
    /// <summary>SP 800-53 rev5.1.1 MODERATE: 287 controls and enhancements (177 base controls, 110 enhancements).</summary>
    private const int ModerateCount = 287;

    private static readonly Lazy<OscalControlSet> _catalog = new(() => OscalControlSet.LoadCatalog(OscalTestData.ModerateCatalog));
    private static readonly Lazy<OscalControlSet> _profile = new(() => OscalControlSet.LoadProfile(OscalTestData.ModerateProfile));

    private readonly string _folder = Directory.CreateTempSubdirectory("aiops-oscal-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void LoadCatalog_WhenGivenTheModerateBaseline_ShouldHoldTheDocumentedNumberOfControls()
    {
        // Given
        var path = OscalTestData.ModerateCatalog;

        // When
        var catalog = OscalControlSet.LoadCatalog(path);

        // Then
        Assert.Equal(ModerateCount, catalog.Count);
        Assert.Equal(177, catalog.Controls.Count(c => !c.Id.Contains('.', StringComparison.Ordinal)));
        Assert.Equal(110, catalog.Controls.Count(c => c.Id.Contains('.', StringComparison.Ordinal)));
        Assert.Equal("NIST Special Publication 800-53 Revision 5.1.1 MODERATE IMPACT BASELINE", catalog.Title);
        Assert.Equal("Account Management", catalog.Find("ac-2")!.Title);
        Assert.Equal("Automated System Account Management", catalog.Find("AC-2.1")!.Title);
        Assert.All(catalog.Controls, c => Assert.Equal(c.Id.ToLowerInvariant(), c.Id));
    }

    [Fact]
    public void LoadProfile_WhenGivenTheModerateBaseline_ShouldListTheSameIdsAsTheResolvedCatalog()
    {
        // Given
        var catalog = _catalog.Value;

        // When
        var profile = OscalControlSet.LoadProfile(OscalTestData.ModerateProfile);

        // Then
        Assert.Equal(ModerateCount, profile.Count);
        Assert.Equal(catalog.Controls.Select(c => c.Id).Order(StringComparer.Ordinal), profile.Controls.Select(c => c.Id).Order(StringComparer.Ordinal));
        Assert.All(profile.Controls, c => Assert.Null(c.Title));
    }

    [Fact]
    public void Contains_WhenGivenTheHelpdeskCatalogIds_ShouldFindEveryOne()
    {
        // Given
        var controls = HelpdeskRun.Controls;
        var ids = controls.SelectMany(c => c.CatalogIds).Distinct(StringComparer.Ordinal).ToList();

        // When
        var notInCatalog = ids.Where(id => !_catalog.Value.Contains(id)).ToList();
        var notInProfile = ids.Where(id => !_profile.Value.Contains(id)).ToList();

        // Then
        Assert.Equal(16, ids.Count);
        Assert.Contains("cm-3.2", ids);
        Assert.Empty(notInCatalog);
        Assert.Empty(notInProfile);
    }

    [Fact]
    public void LoadCatalog_WhenGivenAProfile_ShouldSayWhichFileIsNotACatalog()
    {
        // Given
        var path = OscalTestData.ModerateProfile;

        // When
        var error = Assert.Throws<InvalidDataException>(() => OscalControlSet.LoadCatalog(path));

        // Then
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("'catalog'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ not json", "(line 1, column 3): not valid JSON: 'n' is an invalid start of a property name. Expected a '\"'")]
    [InlineData("""{ "profile": { "metadata": { "title": "x" } } }""", "no 'imports'")]
    [InlineData("""{ "profile": { "metadata": { "title": "x" }, "imports": [ { "href": "#a", "include-all": {} } ] } }""", "include-all")]
    [InlineData("""{ "profile": { "metadata": { "title": "x" }, "imports": [ { "href": "#a", "include-controls": [ { "matching": [] } ] } ] } }""", "selects no controls")]
    [InlineData("""{ "profile": { "imports": [ { "href": "#a", "include-controls": [ { "with-ids": ["ac-1"] } ] } ] } }""", "no 'metadata'")]
    public void LoadProfile_WhenPartsAreMissing_ShouldThrowNamingTheFileAndThePart(string json, string expected)
    {
        // Given
        var path = Path.Combine(_folder, "profile.json");
        File.WriteAllText(path, json);

        // When
        var error = Assert.Throws<InvalidDataException>(() => OscalControlSet.LoadProfile(path));

        // Then
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "catalog": { "metadata": { "title": "x" }, "groups": [] } }""", "holds no controls")]
    [InlineData("""{ "catalog": { "metadata": { "title": "x" }, "groups": [ { "controls": [ { "title": "no id" } ] } ] } }""", "no 'id'")]
    [InlineData("""{ "catalog": { "metadata": { "title": "x" }, "groups": { } } }""", "is not an array")]
    public void LoadCatalog_WhenPartsAreMissing_ShouldThrowNamingTheFileAndThePart(string json, string expected)
    {
        // Given
        var path = Path.Combine(_folder, "catalog.json");
        File.WriteAllText(path, json);

        // When
        var error = Assert.Throws<InvalidDataException>(() => OscalControlSet.LoadCatalog(path));

        // Then
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadCatalog_WhenControlsAreTopLevelAndInSubgroups_ShouldReadBothAndNormalizeIds()
    {
        // Given
        var path = Path.Combine(_folder, "catalog.json");
        File.WriteAllText(path, """
            { "catalog": { "metadata": { "title": "Tiny" },
              "controls": [ { "id": "X-1", "title": "One", "controls": [ { "id": "x-1.1", "title": "One.One" } ] } ],
              "groups": [ { "groups": [ { "controls": [ { "id": "y-2", "title": "Two" }, { "id": "Y-2", "title": "Duplicate" } ] } ] } ] } }
            """);

        // When
        var catalog = OscalControlSet.LoadCatalog(path);

        // Then
        Assert.Equal(["y-2", "x-1", "x-1.1"], catalog.Controls.Select(c => c.Id));
        Assert.Equal("Two", catalog.Find("Y-2")!.Title);
    }
}
