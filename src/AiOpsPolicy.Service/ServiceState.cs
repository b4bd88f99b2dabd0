// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Configuration;
using AiOpsPolicy.History;
using AiOpsPolicy.Service.Bundles;
using AiOpsPolicy.Service.Decisions;
using AiOpsPolicy.Service.Metrics;
using AiOpsPolicy.Service.Security;

namespace AiOpsPolicy.Service;

/// <summary>Everything one service instance holds: settings, the store, caches and counters. One per process.</summary>
/// <param name="Settings">The service settings.</param>
/// <param name="Store">The history store (decision log, bundles).</param>
/// <param name="Bundles">The bundles loaded in memory.</param>
/// <param name="Decisions">Makes and reads decisions.</param>
/// <param name="Metrics">The Prometheus metrics.</param>
/// <param name="Tokens">Finds who a token belongs to.</param>
/// <param name="Time">The clock.</param>
public sealed record ServiceState(
    ServiceSettings Settings,
    IHistoryStore Store,
    BundleRegistry Bundles,
    DecisionMaker Decisions,
    ServiceMetrics Metrics,
    TokenAuthenticator Tokens,
    TimeProvider Time);
