// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AiOpsPolicy.Core.Configuration;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Syntax;
using AiOpsPolicy.Core.Text;
using AiOpsPolicy.Core.Validation;
using NJsonSchema;

namespace AiOpsPolicy.Core.Tests.Configuration;

/// <summary>The operator configuration's loader, its JSON Schema and docs/configuration.md stay in step.</summary>
public sealed partial class OperatorConfigurationTests
{
    private const string SchemaFile = "operator-configuration.schema.json";

    [Fact]
    public void Sections_WhenComparedWithTheSchemaAndTheDocs_ShouldBeTheSame()
    {
        // Given
        var schema = JsonNode.Parse(SchemaCatalog.ReadText(SchemaFile))!;
        var docs = File.ReadAllText(Path.Combine(Repository.Root, "docs", "configuration.md"));

        // When
        var properties = schema["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal);

        // Then
        Assert.Equal(OperatorConfigurationLoader.Sections.Order(StringComparer.Ordinal), properties);
        Assert.All(OperatorConfigurationLoader.Sections.Where(s => s is not ("apiVersion" or "kind")), s => Assert.Contains($"`{s}", docs, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Schema_WhenGivenTheDocumentedExample_ShouldAcceptIt()
    {
        // Given: the first yaml block of docs/configuration.md
        var docs = File.ReadAllText(Path.Combine(Repository.Root, "docs", "configuration.md"));
        var example = YamlBlock().Match(docs).Groups[1].Value;
        var root = YamlDocumentReader.Read(new SourceFile("example.yaml", example), new List<Diagnostic>()).Single();
        var schema = await JsonSchema.FromJsonAsync(SchemaCatalog.ReadText(SchemaFile));

        // When
        var errors = schema.Validate(YamlToJson.ToJToken(root, "#", []));

        // Then
        Assert.Empty(errors);
        Assert.Contains("kind: OperatorConfiguration", example, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WhenValid_ShouldResolveRelativePathsAgainstTheFileAndKeepEveryTarget()
    {
        // Given
        using var temp = new TempDirectory();
        File.WriteAllText(temp.Combine("platform.pub"), "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
        var path = temp.Combine("operator.yaml");
        File.WriteAllText(path, """
            apiVersion: aiops-policy/v1
            kind: OperatorConfiguration
            historyStores:
              main:
                sqlite: stores/runs.db
              shared:
                postgres: "Host=db.internal;Database=aiops"
            bundles:
              trustedKeys:
                platform:
                  publicKeyFile: platform.pub
            """);
        var diagnostics = new List<Diagnostic>();

        // When
        var configuration = OperatorConfigurationLoader.Load(path, diagnostics);

        // Then
        Assert.Empty(diagnostics);
        Assert.NotNull(configuration);
        Assert.Equal(["main", "shared"], configuration.HistoryStores.Keys);
        Assert.Equal((HistoryStoreKind.Sqlite, temp.Combine("stores/runs.db")), (configuration.HistoryStores["main"].Kind, configuration.HistoryStores["main"].Target));
        Assert.Equal((HistoryStoreKind.Postgres, "Host=db.internal;Database=aiops"), (configuration.HistoryStores["shared"].Kind, configuration.HistoryStores["shared"].Target));
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", Assert.Single(configuration.TrustedKeys).Pem, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WhenWarehousesAreDeclared_ShouldKeepTheValidAndReportTheOthersWithoutTheirUrl()
    {
        // Given: one valid ClickHouse database, one URL without a database (holding a password), one unknown kind
        using var temp = new TempDirectory();
        var path = temp.Combine("operator.yaml");
        File.WriteAllText(path, """
            apiVersion: aiops-policy/v1
            kind: OperatorConfiguration
            warehouses:
              analytics:
                clickhouse: "clickhouse://reader:pw-analytics@ch.internal:8123/aiops"
              broken:
                clickhouse: "clickhouse://reader:pw-broken@ch.internal:8123"
              other:
                snowflake: "x"
            """);
        var diagnostics = new List<Diagnostic>();

        // When
        var configuration = OperatorConfigurationLoader.Load(path, diagnostics);

        // Then: the file is not used, every problem is at its line, and no message quotes a URL
        Assert.Null(configuration);
        Assert.Equal([7, 9], diagnostics.Select(d => d.Location.StartLine));
        Assert.Contains("Warehouse 'broken': 'clickhouse' needs a URL clickhouse://[user[:password]@]host[:port]/database", diagnostics[0].Message, StringComparison.Ordinal);
        Assert.Contains("Warehouse 'other': 'snowflake' is not a warehouse kind; write 'clickhouse'", diagnostics[1].Message, StringComparison.Ordinal);
        Assert.All(diagnostics, d => Assert.DoesNotContain("pw-", d.ToString(), StringComparison.Ordinal));
        File.WriteAllText(path, string.Join('\n', File.ReadAllLines(path).Take(5)));
        var valid = OperatorConfigurationLoader.Load(path, diagnostics = []);
        Assert.Empty(diagnostics);
        var analytics = Assert.Single(valid!.Warehouses).Value;
        Assert.Equal(("analytics", "clickhouse://reader:pw-analytics@ch.internal:8123/aiops", "analytics"), (analytics.Name, analytics.Url, analytics.ToString()));
    }

    [Theory]
    [InlineData("main", null)]
    [InlineData("history/runs.db", null)]
    [InlineData("runs.db", null)]
    [InlineData("./runs.db", null)]
    [InlineData("Host=x", "is a connection string")]
    [InlineData("x;y", "is a connection string")]
    [InlineData("redis://x", "is a URL or host")]
    [InlineData("x:1", "is a URL or host")]
    [InlineData("/x.db", "is an absolute path")]
    [InlineData("~x.db", "is an absolute path")]
    [InlineData("a/../b.db", "leaves this folder through '..'")]
    [InlineData("..", "leaves this folder through '..'")]
    [InlineData("a\\b.db", "contains a backslash")]
    [InlineData("a\tb", "contains a control character")]
    [Trait("Hostile", "store")]
    public void Problem_WhenGivenStoreText_ShouldAcceptOnlyNamesAndContainedRelativeFiles(string store, string? expected)
    {
        // When
        var problem = HistoryStoreReference.Problem(store);

        // Then
        if (expected is null)
        {
            Assert.Null(problem);
        }
        else
        {
            Assert.StartsWith("spec.history.store " + expected, problem, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ResolveLinks_WhenAPathRunsThroughLinks_ShouldReturnTheRealPathAndNullForALoop()
    {
        // Given
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.Combine("real/inner"));
        Directory.CreateSymbolicLink(temp.Combine("a"), "real");
        Directory.CreateSymbolicLink(temp.Combine("real/inner/up"), "../..");
        File.CreateSymbolicLink(temp.Combine("loop1"), temp.Combine("loop2"));
        File.CreateSymbolicLink(temp.Combine("loop2"), temp.Combine("loop1"));

        // When
        var throughLinks = HistoryStoreReference.ResolveLinks(temp.Combine("a/inner/up/a/inner/file.db"));
        var loop = HistoryStoreReference.ResolveLinks(temp.Combine("loop1"));

        // Then: the real path, with the parts that do not exist kept as written
        Assert.Equal(HistoryStoreReference.ResolveLinks(temp.Path) + "/real/inner/file.db", throughLinks);
        Assert.Null(loop);
    }

    [GeneratedRegex("```yaml\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();
}
