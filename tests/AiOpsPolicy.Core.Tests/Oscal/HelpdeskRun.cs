// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Results;

namespace AiOpsPolicy.Core.Tests.Oscal;

/// <summary>The help-desk example run once through the real engine at 2026-11-28T12:00:00Z.</summary>
internal static class HelpdeskRun
{
    /// <summary>The evaluation time.</summary>
    public static readonly DateTimeOffset AsOf = TestClock.Now;

    private static readonly Lazy<GateRunResult> _result = new(Run);

    /// <summary>Gets the declared controls of the run.</summary>
    public static ImmutableArray<ControlCoverage> Controls => _result.Value.Controls;

    private static GateRunResult Run()
    {
        var prepared = new PolicyEngine(cache: null).Prepare([Repository.HelpdeskPolicies]);
        var evidence = PolicyEngine.LoadEvidence([Repository.ExampleEvidence]);
        using var compiled = prepared.Compiled ?? throw new InvalidOperationException("The help-desk example did not compile: " + string.Join("; ", prepared.Diagnostics));
        return PolicyEngine.Evaluate(compiled, evidence.Evidence, AsOf);
    }
}
