// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text.Json;
using AiOpsPolicy.Core.Text;

namespace AiOpsPolicy.Core.Oscal;

/// <summary>
/// The controls of a framework baseline, read from an OSCAL resolved-profile catalog (ids with
/// titles) or an OSCAL profile (the ids of its <c>include-controls</c>). Ids are lower case and
/// compared ordinally; enhancements (<c>ac-2.1</c>) count as controls of their own.
/// </summary>
public sealed class OscalControlSet
{
    private readonly FrozenDictionary<string, OscalControl> _byId;

    /// <summary>Initializes a new instance of the <see cref="OscalControlSet"/> class.</summary>
    /// <param name="title">The baseline's title.</param>
    /// <param name="controls">Its controls; duplicate ids keep the first.</param>
    public OscalControlSet(string title, IEnumerable<OscalControl> controls)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(controls);
        Title = title;
        var builder = ImmutableArray.CreateBuilder<OscalControl>();
        var byId = new Dictionary<string, OscalControl>(StringComparer.Ordinal);
        foreach (var control in controls)
        {
            var normalized = control with { Id = Normalize(control.Id) };
            if (byId.TryAdd(normalized.Id, normalized))
            {
                builder.Add(normalized);
            }
        }

        Controls = builder.ToImmutable();
        _byId = byId.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Gets the baseline's title, from the document's metadata.</summary>
    public string Title { get; }

    /// <summary>Gets the controls in document order.</summary>
    public ImmutableArray<OscalControl> Controls { get; }

    /// <summary>Gets how many controls (and enhancements) the baseline holds.</summary>
    public int Count => Controls.Length;

    /// <summary>Normalizes a control id the way the set stores it: trimmed, lower case.</summary>
    /// <param name="id">The id.</param>
    /// <returns>The normalized id.</returns>
    public static string Normalize(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return id.Trim().ToLowerInvariant();
    }

    /// <summary>Whether the baseline holds a control id (compared after <see cref="Normalize"/>).</summary>
    /// <param name="id">The id.</param>
    /// <returns>True when held.</returns>
    public bool Contains(string id) => _byId.ContainsKey(Normalize(id));

    /// <summary>Finds a control by id (compared after <see cref="Normalize"/>).</summary>
    /// <param name="id">The id.</param>
    /// <returns>The control, or null.</returns>
    public OscalControl? Find(string id) => _byId.GetValueOrDefault(Normalize(id));

    /// <summary>Reads an OSCAL catalog (such as a resolved-profile catalog): every control under <c>groups</c> and <c>controls</c>, nested controls included.</summary>
    /// <param name="path">The catalog's JSON file.</param>
    /// <returns>The control set.</returns>
    /// <exception cref="InvalidDataException">The file is not JSON or not an OSCAL catalog; the message names the file.</exception>
    public static OscalControlSet LoadCatalog(string path)
    {
        using var document = Parse(path);
        var catalog = Member(document.RootElement, "catalog", path, "the document");
        var controls = new List<OscalControl>();
        if (catalog.TryGetProperty("groups", out var groups))
        {
            foreach (var group in Array(groups, path, "catalog.groups"))
            {
                CollectGroup(group, controls, path);
            }
        }

        if (catalog.TryGetProperty("controls", out var topLevel))
        {
            Collect(topLevel, controls, path, "catalog.controls");
        }

        if (controls.Count == 0)
        {
            throw new InvalidDataException($"'{path}': the OSCAL catalog holds no controls (no 'groups[].controls' or 'controls').");
        }

        return new OscalControlSet(MetadataTitle(catalog, path), controls);
    }

    /// <summary>Reads an OSCAL profile: the ids in every <c>imports[].include-controls[].with-ids</c>, without titles.</summary>
    /// <param name="path">The profile's JSON file.</param>
    /// <returns>The control set.</returns>
    /// <exception cref="InvalidDataException">The file is not JSON, not an OSCAL profile, or selects controls other than by id; the message names the file.</exception>
    public static OscalControlSet LoadProfile(string path)
    {
        using var document = Parse(path);
        var profile = Member(document.RootElement, "profile", path, "the document");
        var controls = new List<OscalControl>();
        foreach (var import in Array(Member(profile, "imports", path, "profile"), path, "profile.imports"))
        {
            if (import.TryGetProperty("include-all", out _))
            {
                throw new InvalidDataException($"'{path}': an import uses 'include-all'; only 'include-controls' with 'with-ids' can be read without resolving the imported catalog.");
            }

            if (!import.TryGetProperty("include-controls", out var includes))
            {
                continue;
            }

            foreach (var include in Array(includes, path, "profile.imports[].include-controls"))
            {
                if (!include.TryGetProperty("with-ids", out var ids))
                {
                    continue;
                }

                foreach (var id in Array(ids, path, "include-controls[].with-ids"))
                {
                    if (id.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(id.GetString()))
                    {
                        throw new InvalidDataException($"'{path}': 'with-ids' holds a value that is not a control id.");
                    }

                    controls.Add(new OscalControl(id.GetString()!, null));
                }
            }
        }

        if (controls.Count == 0)
        {
            throw new InvalidDataException($"'{path}': the OSCAL profile selects no controls (no 'imports[].include-controls[].with-ids').");
        }

        return new OscalControlSet(MetadataTitle(profile, path), controls);
    }

    private static JsonDocument Parse(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            using var stream = File.OpenRead(path);
            return JsonDocument.Parse(stream);
        }
        catch (JsonException e)
        {
            // The reader counts lines and bytes from zero; people count lines and columns from one.
            var at = e.LineNumber is { } line ? $" (line {line + 1}, column {e.BytePositionInLine.GetValueOrDefault() + 1})" : string.Empty;
            throw new InvalidDataException($"'{path}'{at}: not valid JSON: {JsonReaderText.Sentence(e.Message)}", e);
        }
    }

    private static void CollectGroup(JsonElement group, List<OscalControl> controls, string path)
    {
        if (group.TryGetProperty("controls", out var members))
        {
            Collect(members, controls, path, "groups[].controls");
        }

        if (group.TryGetProperty("groups", out var subgroups))
        {
            foreach (var subgroup in Array(subgroups, path, "groups[].groups"))
            {
                CollectGroup(subgroup, controls, path);
            }
        }
    }

    private static void Collect(JsonElement array, List<OscalControl> controls, string path, string where)
    {
        foreach (var control in Array(array, path, where))
        {
            var id = Member(control, "id", path, where + "[]");
            if (id.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(id.GetString()))
            {
                throw new InvalidDataException($"'{path}': a control in '{where}' has an 'id' that is not a string.");
            }

            var title = control.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            controls.Add(new OscalControl(id.GetString()!, title));
            if (control.TryGetProperty("controls", out var enhancements))
            {
                Collect(enhancements, controls, path, where + "[].controls");
            }
        }
    }

    private static string MetadataTitle(JsonElement root, string path)
    {
        var metadata = Member(root, "metadata", path, "the OSCAL document");
        var title = Member(metadata, "title", path, "metadata");
        return title.ValueKind == JsonValueKind.String ? title.GetString()! : throw new InvalidDataException($"'{path}': 'metadata.title' is not a string.");
    }

    private static JsonElement Member(JsonElement element, string name, string path, string where)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"'{path}': {where} is not a JSON object.");
        }

        return element.TryGetProperty(name, out var value) ? value : throw new InvalidDataException($"'{path}': {where} has no '{name}'.");
    }

    private static JsonElement.ArrayEnumerator Array(JsonElement element, string path, string where) =>
        element.ValueKind == JsonValueKind.Array ? element.EnumerateArray() : throw new InvalidDataException($"'{path}': '{where}' is not an array.");
}
