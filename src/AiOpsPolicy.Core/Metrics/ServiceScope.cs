// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Frozen;
using AiOpsPolicy.Core.Model;

namespace AiOpsPolicy.Core.Metrics;

/// <summary>
/// Which records a metric's <c>service</c> argument selects. A declared workflow matches its own name and every
/// one of its <c>externalIds</c> (so DevLake scopes such as <c>github:GithubRepo:1:384111310</c> or a CI/CD scope
/// count for the workflow they belong to); any other name matches records that carry exactly that name. Null
/// selects every record, each service on its own for deployment attribution.
/// </summary>
internal sealed class ServiceScope
{
    private readonly FrozenSet<string>? _names;
    private readonly FrozenDictionary<string, string> _aliases;

    private ServiceScope(string? service, FrozenSet<string>? names, FrozenDictionary<string, string> aliases)
    {
        Service = service;
        _names = names;
        _aliases = aliases;
    }

    /// <summary>Gets the service asked for, or null for all.</summary>
    public string? Service { get; }

    /// <summary>Resolves a service argument against the declared workflows.</summary>
    /// <param name="service">The argument.</param>
    /// <param name="policies">The policy set.</param>
    /// <returns>The scope.</returns>
    public static ServiceScope Resolve(string? service, PolicySet policies)
    {
        ArgumentNullException.ThrowIfNull(policies);
        if (service is null)
        {
            // Every service: an external id stands for its workflow, so that a workflow's scopes are attributed
            // together (validation makes each id name one workflow).
            var aliases = policies.Workflows
                .SelectMany(w => w.ExternalIds.Select(id => (Id: id, w.Name)))
                .DistinctBy(a => a.Id, StringComparer.Ordinal)
                .ToFrozenDictionary(a => a.Id, a => a.Name, StringComparer.Ordinal);
            return new ServiceScope(null, null, aliases);
        }

        var workflow = policies.Workflows.FirstOrDefault(w => string.Equals(w.Name, service, StringComparison.Ordinal));
        var names = workflow is null ? [service] : workflow.ExternalIds.Add(service);
        return new ServiceScope(service, names.ToFrozenSet(StringComparer.Ordinal), FrozenDictionary<string, string>.Empty);
    }

    /// <summary>Whether a record's service is in scope.</summary>
    /// <param name="service">The record's service.</param>
    /// <returns>True when selected.</returns>
    public bool Contains(string? service) => _names is null || (service is not null && _names.Contains(service));

    /// <summary>
    /// The group a record is attributed within: one group for a named service (its external ids pooled, as DevLake
    /// pools a project's scopes), otherwise the record's own service, an external id standing for its workflow (no
    /// service is a group of its own).
    /// </summary>
    /// <param name="service">The record's service.</param>
    /// <returns>The group key.</returns>
    public string GroupOf(string? service) => _names is not null ? string.Empty
        : service is null ? string.Empty
        : _aliases.GetValueOrDefault(service, service);

    /// <summary>Words for explanations: " of project1", or "" for every service.</summary>
    /// <returns>The words.</returns>
    public string Of() => Service is null ? string.Empty : $" of {Service}";
}
