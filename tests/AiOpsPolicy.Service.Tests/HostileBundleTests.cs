// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Net;
using System.Net.Http.Headers;
using AiOpsPolicy.Core;
using AiOpsPolicy.Core.Compilation;

namespace AiOpsPolicy.Service.Tests;

/// <summary>
/// Bundles an administrator's token might be used to load: unsigned, signed by an unknown key, altered, for another
/// set, or not a bundle. Each is refused with the engine's reason, and the set keeps running the bundle it had.
/// </summary>
[Collection(SharedService.Name)]
[Trait("Hostile", "bundle")]
public sealed class HostileBundleTests(ServiceFixture service)
{
    public static TheoryData<string> Cases => ["unsigned", "unknown key", "altered", "another set", "not a zip", "empty"];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task PutBundle_WhenTheBundleIsNotOneTheOperatorTrustsForTheSet_ShouldRefuseItAndKeepTheCurrentOne(string name)
    {
        // Given
        var bundle = name switch
        {
            "unsigned" => Build(null),
            "unknown key" => Build(BundleSigningKey.Generate()),
            "altered" => Altered(service.HelpdeskBundle),
            "another set" => service.PaymentsBundle,
            "not a zip" => "#!/bin/sh\nrm -rf /\n"u8.ToArray(),
            _ => [],
        };
        using var admin = service.Client(service.AdminToken);
        using var tenant = service.Client(service.HelpdeskToken);
        var before = await (await tenant.GetAsync("/v1/policy-sets/helpdesk-ai/bundle")).Content.ReadAsStringAsync();
        using var content = new ByteArrayContent(bundle);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");

        // When
        using var response = await admin.PutAsync("/v1/policy-sets/helpdesk-ai/bundle", content);

        // Then
        var problem = await Requests.ReadObjectAsync(response);
        Assert.True(response.StatusCode is HttpStatusCode.UnprocessableEntity or HttpStatusCode.BadRequest, $"{name}: {(int)response.StatusCode} {problem}");
        Assert.Equal(name == "empty" ? "AOP5201" : "AOP5004", (string?)problem["diagnostics"]![0]!["code"]);
        Assert.Equal(before, await (await tenant.GetAsync("/v1/policy-sets/helpdesk-ai/bundle")).Content.ReadAsStringAsync());
    }

    private static byte[] Build(BundleSigningKey? key)
    {
        using (key)
        {
            using var output = new MemoryStream();
            Assert.DoesNotContain(PolicyEngine.Build([Repository.HelpdeskPolicies], output, key), d => d.IsError);
            return output.ToArray();
        }
    }

    /// <summary>The signed bundle with one policy file's text changed inside the zip (signature left as it was).</summary>
    private static byte[] Altered(byte[] bundle)
    {
        using var stream = new MemoryStream();
        stream.Write(bundle);
        using (var zip = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.Entries.First(e => e.FullName.EndsWith("gates.yaml", StringComparison.Ordinal));
            string text;
            using (var reader = new StreamReader(entry.Open()))
            {
                text = reader.ReadToEnd();
            }

            entry.Delete();
            using var writer = new StreamWriter(zip.CreateEntry(entry.FullName).Open());
            writer.Write(text.Replace("min: 95%", "min: 5%", StringComparison.Ordinal));
        }

        return stream.ToArray();
    }
}
