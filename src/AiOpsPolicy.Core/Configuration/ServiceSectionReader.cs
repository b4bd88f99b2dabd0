// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using System.Globalization;
using AiOpsPolicy.Core.Syntax;

namespace AiOpsPolicy.Core.Configuration;

/// <summary>
/// Reads the operator configuration's <c>service</c> section (docs/service.md): the decision service's store (a name
/// from <c>historyStores</c>), tokens by hash, tenants and their policy sets, the evidence folder, limits, and the
/// standard Kestrel section. Every problem is reported at its node; the caller refuses a configuration with any.
/// </summary>
internal static class ServiceSectionReader
{
    /// <summary>The settings of the <c>service</c> section.</summary>
    public static readonly ImmutableArray<string> Settings = ["historyStore", "evidenceRoot", "adminTokens", "tenants", "limits", "kestrel"];

    /// <summary>The settings of <c>service.limits</c>.</summary>
    public static readonly ImmutableArray<string> LimitSettings = ["maxRequestBytes", "maxConcurrentDecisions", "queueTimeoutSeconds", "maxEvidenceFiles"];

    /// <summary>Reads the section.</summary>
    /// <param name="node">The section's node.</param>
    /// <param name="folder">The configuration file's folder, which relative paths are relative to.</param>
    /// <param name="stores">The configuration's history stores.</param>
    /// <param name="trustedKeys">The configuration's trusted bundle keys.</param>
    /// <param name="report">Reports a problem at a node.</param>
    /// <returns>The settings, or null when the section is unusable.</returns>
    public static ServiceSettings? Read(YamlNode node, string folder, IReadOnlyDictionary<string, HistoryStoreTarget> stores, ImmutableArray<TrustedKeySource> trustedKeys, Action<YamlNode, string> report)
    {
        if (node is not YamlMapping service)
        {
            report(node, "service is a mapping with historyStore, tenants and adminTokens (see docs/service.md)");
            return null;
        }

        foreach (var key in service.Entries.Select(e => e.Key).Where(k => !Settings.Contains(k.Value, StringComparer.Ordinal)))
        {
            report(key, $"'{key.Value}' is not a setting of service; it allows: {string.Join(", ", Settings)}");
        }

        string? store = null;
        if (service["historyStore"] is not YamlScalar { IsNull: false } storeName)
        {
            report(service["historyStore"] ?? service, "service.historyStore names the store decisions are logged in: one of historyStores (PostgreSQL when more than one instance runs)");
        }
        else if (!stores.TryGetValue(storeName.Value, out var target))
        {
            report(storeName, $"service.historyStore '{storeName.Value}' is not declared under historyStores; it declares: {(stores.Count == 0 ? "none" : string.Join(", ", stores.Keys))}");
        }
        else
        {
            store = target.Target;
        }

        string? evidenceRoot = null;
        if (service["evidenceRoot"] is { } rootNode)
        {
            if (rootNode is YamlScalar { IsNull: false } root && root.Value.Length > 0)
            {
                evidenceRoot = System.IO.Path.GetFullPath(System.IO.Path.Combine(folder, root.Value));
            }
            else
            {
                report(rootNode, "service.evidenceRoot is a folder (relative to this file) under which each tenant's collected evidence lies in a folder named after the tenant");
            }
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var admins = ReadTokens(service["adminTokens"], "service.adminTokens", names, report);
        var tenants = ReadTenants(service["tenants"], names, report);
        var limits = ReadLimits(service["limits"], report);
        var kestrel = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        if (service["kestrel"] is { } kestrelNode)
        {
            if (kestrelNode is YamlMapping mapping)
            {
                Flatten(mapping, string.Empty, kestrel, report);
            }
            else
            {
                report(kestrelNode, "service.kestrel is Kestrel's configuration section (Endpoints, Certificates, Limits), as in appsettings.json's \"Kestrel\"");
            }
        }

        if (admins.IsEmpty && tenants.IsEmpty)
        {
            report(service, "service declares no tokens: add tenants (each with tokens and policySets) and adminTokens, or no one can use the service");
        }

        return store is null ? null : new ServiceSettings
        {
            HistoryStore = store,
            EvidenceRoot = evidenceRoot,
            AdminTokens = admins,
            Tenants = tenants,
            Limits = limits,
            Kestrel = kestrel.ToImmutable(),
            TrustedKeys = trustedKeys,
        };
    }

    private static ImmutableArray<ServiceToken> ReadTokens(YamlNode? node, string where, HashSet<string> hashes, Action<YamlNode, string> report)
    {
        if (node is null)
        {
            return [];
        }

        if (node is not YamlMapping mapping)
        {
            report(node, $"{where} maps token names to the token's hash, such as 'ci: sha256:...' (make one with 'aiops-policy token')");
            return [];
        }

        var tokens = ImmutableArray.CreateBuilder<ServiceToken>();
        foreach (var (name, value) in mapping.Entries)
        {
            if (!HistoryStoreReference.IsName(name.Value))
            {
                report(name, $"'{name.Value}' is not a token name: a name starts with a letter and holds only letters, digits, '-' and '_'");
                continue;
            }

            if (value is not YamlScalar { IsNull: false } text || ServiceToken.ParseHash(text.Value) is not { } hash)
            {
                report(value, $"Token '{name.Value}' needs its hash, 'sha256:' and 64 hex digits, never the token itself (make one with 'aiops-policy token')");
                continue;
            }

            if (!hashes.Add(Convert.ToHexStringLower(hash)))
            {
                report(value, $"Token '{name.Value}' has the same hash as another token: each token belongs to one tenant and one name");
                continue;
            }

            tokens.Add(new ServiceToken(name.Value, hash));
        }

        return tokens.ToImmutable();
    }

    private static ImmutableArray<ServiceTenant> ReadTenants(YamlNode? node, HashSet<string> hashes, Action<YamlNode, string> report)
    {
        if (node is null)
        {
            return [];
        }

        if (node is not YamlMapping mapping)
        {
            report(node, "service.tenants maps tenant names to 'policySets: [...]' and 'tokens: {NAME: sha256:...}'");
            return [];
        }

        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        var tenants = ImmutableArray.CreateBuilder<ServiceTenant>();
        foreach (var (name, value) in mapping.Entries)
        {
            if (!HistoryStoreReference.IsName(name.Value))
            {
                report(name, $"'{name.Value}' is not a tenant name: a name starts with a letter and holds only letters, digits, '-' and '_' (it is also the tenant's evidence folder)");
                continue;
            }

            if (value is not YamlMapping tenant)
            {
                report(value, $"Tenant '{name.Value}' needs 'policySets: [...]' and 'tokens: {{NAME: sha256:...}}'");
                continue;
            }

            foreach (var key in tenant.Entries.Select(e => e.Key).Where(k => k.Value is not ("policySets" or "tokens")))
            {
                report(key, $"'{key.Value}' is not a setting of a tenant; it allows: policySets, tokens");
            }

            var sets = ImmutableArray.CreateBuilder<string>();
            if (tenant["policySets"] is not YamlSequence sequence)
            {
                report(tenant["policySets"] ?? tenant, $"Tenant '{name.Value}' needs 'policySets', a list of the PolicySet names (metadata.name) its tokens may read and decide");
            }
            else
            {
                foreach (var item in sequence.Items)
                {
                    if (item is not YamlScalar { IsNull: false } set || set.Value.Length == 0 || set.Value.Length > 200 || set.Value.Any(c => char.IsControl(c) || c is '/' or '\\'))
                    {
                        report(item, "A policy set is named by its PolicySet's metadata.name: text without '/', '\\' or control characters, at most 200 characters");
                        continue;
                    }

                    if (owners.TryGetValue(set.Value, out var owner))
                    {
                        report(item, $"Policy set '{set.Value}' already belongs to tenant '{owner}': a policy set has one owner");
                        continue;
                    }

                    owners[set.Value] = name.Value;
                    sets.Add(set.Value);
                }
            }

            var tokens = ReadTokens(tenant["tokens"], $"service.tenants.{name.Value}.tokens", hashes, report);
            tenants.Add(new ServiceTenant(name.Value, tokens, sets.ToImmutable()));
        }

        return tenants.ToImmutable();
    }

    private static ServiceLimits ReadLimits(YamlNode? node, Action<YamlNode, string> report)
    {
        var limits = new ServiceLimits();
        if (node is null)
        {
            return limits;
        }

        if (node is not YamlMapping mapping)
        {
            report(node, $"service.limits is a mapping with {string.Join(", ", LimitSettings)}");
            return limits;
        }

        foreach (var (key, value) in mapping.Entries)
        {
            if (value is not YamlScalar { IsNull: false } scalar || !long.TryParse(scalar.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                report(value, $"service.limits.{key.Value} is a whole number");
                continue;
            }

            switch (key.Value)
            {
                case "maxRequestBytes" when number is >= 1024 and <= int.MaxValue:
                    limits = limits with { MaxRequestBytes = number };
                    break;
                case "maxConcurrentDecisions" when number is >= 0 and <= 1024:
                    limits = limits with { MaxConcurrentDecisions = (int)number };
                    break;
                case "queueTimeoutSeconds" when number is >= 1 and <= 3600:
                    limits = limits with { QueueTimeoutSeconds = (int)number };
                    break;
                case "maxEvidenceFiles" when number is >= 1 and <= 100_000:
                    limits = limits with { MaxEvidenceFiles = (int)number };
                    break;
                case "maxRequestBytes" or "maxConcurrentDecisions" or "queueTimeoutSeconds" or "maxEvidenceFiles":
                    report(value, $"service.limits.{key.Value} is out of range (maxRequestBytes 1024..2147483647, maxConcurrentDecisions 0..1024 with 0 for twice the processor count, queueTimeoutSeconds 1..3600, maxEvidenceFiles 1..100000)");
                    break;
                default:
                    report(key, $"'{key.Value}' is not a setting of service.limits; it allows: {string.Join(", ", LimitSettings)}");
                    break;
            }
        }

        return limits;
    }

    /// <summary>Turns the Kestrel mapping into configuration keys (<c>Endpoints:Https:Url</c>), as appsettings.json would give them.</summary>
    private static void Flatten(YamlNode node, string prefix, ImmutableSortedDictionary<string, string>.Builder keys, Action<YamlNode, string> report)
    {
        switch (node)
        {
            case YamlMapping mapping:
                foreach (var (key, value) in mapping.Entries)
                {
                    Flatten(value, prefix.Length == 0 ? key.Value : prefix + ":" + key.Value, keys, report);
                }

                break;
            case YamlSequence sequence:
                for (var i = 0; i < sequence.Items.Length; i++)
                {
                    Flatten(sequence.Items[i], prefix + ":" + i.ToString(CultureInfo.InvariantCulture), keys, report);
                }

                break;
            case YamlScalar scalar:
                keys[prefix] = scalar.IsNull ? string.Empty : scalar.Value;
                break;
            default:
                report(node, $"service.kestrel.{prefix.Replace(':', '.')} is not a value Kestrel's configuration can hold");
                break;
        }
    }
}
