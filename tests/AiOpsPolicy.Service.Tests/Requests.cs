// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AiOpsPolicy.Service.Tests;

/// <summary>Decision request bodies, built as a pipeline would send them.</summary>
internal static class Requests
{
    /// <summary>Every example evidence file inline, as its text.</summary>
    public static JsonObject ExampleInline(string? asOf = ServiceFixture.AsOf)
    {
        var files = new JsonArray();
        foreach (var file in Directory.GetFiles(Repository.ExampleEvidence).Order(StringComparer.Ordinal))
        {
            files.Add(new JsonObject { ["name"] = Path.GetFileName(file), ["content"] = File.ReadAllText(file) });
        }

        var request = new JsonObject { ["evidence"] = files };
        if (asOf is not null)
        {
            request["asOf"] = asOf;
        }

        return request;
    }

    public static StringContent Json(JsonNode body) => Json(body.ToJsonString());

    public static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    public static async Task<JsonObject> ReadObjectAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())?.AsObject() ?? throw new InvalidOperationException("empty body");

    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
