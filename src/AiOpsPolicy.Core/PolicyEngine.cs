// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using AiOpsPolicy.Core.Compilation;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Evaluation;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Loading;
using AiOpsPolicy.Core.Model;
using AiOpsPolicy.Core.Results;
using AiOpsPolicy.Core.Text;
using AiOpsPolicy.Core.Validation;

namespace AiOpsPolicy.Core;

/// <summary>
/// The engine's front door: load -> validate -> compile (or fetch from the cache) -> evaluate.
/// Every stage reports problems as diagnostics; evaluation starts only when there are no errors.
/// </summary>
public sealed class PolicyEngine
{
    private readonly CompilationCache? _cache;

    /// <summary>Initializes a new instance of the <see cref="PolicyEngine"/> class.</summary>
    /// <param name="cache">The compilation cache, or null to compile every time.</param>
    public PolicyEngine(CompilationCache? cache)
    {
        _cache = cache;
    }

    /// <summary>
    /// Loads, validates and compiles a policy set. An unchanged set whose compilation is cached is
    /// not validated against its schemas or compiled again: the cache entry proves it passed both.
    /// </summary>
    /// <param name="policyPaths">Policy files or folders.</param>
    /// <returns>The compiled set (null when there are errors) and every problem found.</returns>
    public PreparedPolicies Prepare(IReadOnlyList<string> policyPaths) => Prepare(PolicyLoader.Load(policyPaths));

    /// <summary>
    /// Validates and compiles policy files held in memory: policy tests, <c>eval</c> and <c>diff</c>
    /// build sets from text this way, under exactly the same checks and sandbox as files on disk.
    /// </summary>
    /// <param name="files">The policy files.</param>
    /// <returns>The compiled set (null when there are errors) and every problem found.</returns>
    public PreparedPolicies Prepare(IReadOnlyList<SourceFile> files) => Prepare(PolicyLoader.Load(files));

    private PreparedPolicies Prepare(PolicyLoadResult loaded)
    {
        var diagnostics = new List<Diagnostic>();
        var loadFailed = loaded.Diagnostics.Any(d => d.IsError);
        if (_cache is not null && !loadFailed)
        {
            var quick = PolicyValidator.Validate(loaded, checkSchemas: false);
            if (!quick.HasErrors && _cache.TryLoad(quick.PolicySet, diagnostics) is { } cached)
            {
                return new PreparedPolicies(cached, [.. quick.Diagnostics, .. diagnostics]);
            }
        }

        var validated = PolicyValidator.Validate(loaded);
        diagnostics.InsertRange(0, validated.Diagnostics);
        if (loadFailed)
        {
            // Files that did not load leave holes in the set; compiling now would report phantom
            // unresolved references. Report what the load and validate stages found.
            return new PreparedPolicies(null, [.. DiagnosticOrder.Sort(diagnostics)]);
        }

        // Compile even when validation found errors, so that one run reports the C# problems too.
        return CompileAndStore(validated.PolicySet, diagnostics, store: !validated.HasErrors);
    }

    /// <summary>
    /// Validates and compiles a policy set into a bundle (<see cref="PolicyBundle"/>), for pipelines
    /// that should run gates without the compiler. The cache is not used: a bundle is built fresh.
    /// </summary>
    /// <param name="policyPaths">Policy files or folders.</param>
    /// <param name="output">Where to write the bundle.</param>
    /// <returns>Every problem found; the bundle is written only when there are no errors.</returns>
    public static ImmutableArray<Diagnostic> Build(IReadOnlyList<string> policyPaths, Stream output) => Build(policyPaths, output, signingKey: null);

    /// <summary>
    /// Validates and compiles a policy set into a bundle signed with the operator's key (<see cref="PolicyBundle"/>).
    /// The assembly is compiled from the policy files as the bundle stores them, so that <see cref="PolicyBundle.Verify"/>
    /// rebuilds the same bytes from the bundle alone.
    /// </summary>
    /// <param name="policyPaths">Policy files or folders.</param>
    /// <param name="output">Where to write the bundle.</param>
    /// <param name="signingKey">The signing key, or null for an unsigned bundle.</param>
    /// <returns>Every problem found; the bundle is written only when there are no errors.</returns>
    public static ImmutableArray<Diagnostic> Build(IReadOnlyList<string> policyPaths, Stream output, BundleSigningKey? signingKey)
    {
        var loaded = PolicyLoader.Load(policyPaths);
        var validated = PolicyValidator.Validate(loaded);
        if (validated.HasErrors)
        {
            return validated.Diagnostics;
        }

        var compiled = PolicyCompiler.Compile(PolicyBundle.AsStored(validated.PolicySet));
        var diagnostics = DiagnosticOrder.Sort(validated.Diagnostics.Concat(compiled.Diagnostics)).ToImmutableArray();
        if (compiled.Assembly is not null)
        {
            PolicyBundle.Write(validated.PolicySet, compiled.Assembly, output, signingKey);
        }

        return diagnostics;
    }

    /// <summary>Loads a prebuilt bundle: no compiler, refused unless signed by a trusted key (or allowed unsigned), built by this engine build and intact.</summary>
    /// <param name="bundlePath">The bundle file.</param>
    /// <param name="trust">The keys whose signatures are accepted, and whether unsigned bundles run.</param>
    /// <returns>The compiled set (null when refused) and the reason.</returns>
    public static PreparedPolicies LoadBundle(string bundlePath, BundleTrust trust) => PolicyBundle.Read(bundlePath, trust);

    /// <summary>Loads evidence files.</summary>
    /// <param name="evidencePaths">Evidence files or folders.</param>
    /// <returns>The evidence and every problem found.</returns>
    public static EvidenceLoadResult LoadEvidence(IReadOnlyList<string> evidencePaths) => EvidenceLoader.Load(evidencePaths);

    /// <summary>
    /// Loads evidence files, with or without push-down: false reads every record into memory through the contract, even
    /// workflow runs in Parquet or in a <c>.duckdb</c> store that the registered warehouse would keep in its engine
    /// (the operator's <c>gate --no-push-down</c>).
    /// </summary>
    /// <param name="evidencePaths">Evidence files or folders.</param>
    /// <param name="pushDown">Whether the registered warehouse may keep a kind in its engine and compute its metrics there.</param>
    /// <returns>The evidence and every problem found.</returns>
    public static EvidenceLoadResult LoadEvidence(IReadOnlyList<string> evidencePaths, bool pushDown) =>
        EvidenceLoader.Load(evidencePaths, EvidenceFormats.Registered, EvidenceFormats.Warehouse, pushDown);

    /// <summary>What a gate run of a compiled policy set at a time will ask of workflow runs kept in a query engine (<see cref="Evidence.PushDownPlan"/>).</summary>
    /// <param name="compiled">The compiled set.</param>
    /// <param name="now">The evaluation time.</param>
    /// <returns>The plan: the run criteria of every planned metric and roll-up, in plan order, repeats removed.</returns>
    public static PushDownPlan PlanPushDown(CompiledPolicySet compiled, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(compiled);

        // The aggregators are only made for their criteria, never handed a record, so no rubric check is evaluated.
        var context = new Metrics.MetricContext(now, compiled.Policies, static (_, _) => throw new InvalidOperationException("a push-down plan evaluates no rubric check"));
        var criteria = new List<RunCriterion>();
        var seen = new HashSet<RunCriterion>();
        foreach (var request in compiled.PlannedRequests.Concat(RollupEvaluator.Requests(compiled.Policies)))
        {
            if (!request.Kinds.Contains(EvidenceKind.WorkflowRuns))
            {
                continue;
            }

            IReadOnlyList<RunCriterion>? asked;
            try
            {
                asked = request.CreateAggregator(context).RunCriteria;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The evaluation reports it; the plan only leaves the metric out.
                continue;
            }

            foreach (var criterion in asked ?? [])
            {
                if (seen.Add(criterion))
                {
                    criteria.Add(criterion);
                }
            }
        }

        return new PushDownPlan(now, criteria);
    }

    /// <summary>
    /// Loads evidence files as <see cref="LoadEvidence(IReadOnlyList{string}, bool)"/> does, with what the gate will ask of
    /// the kinds kept in an engine: the engine's check of workflow runs then also groups them for the gate's tallies, in
    /// the same scan (<see cref="PushDownPlan"/>). The results are the same with or without the plan.
    /// </summary>
    /// <param name="evidencePaths">Evidence files or folders.</param>
    /// <param name="pushDown">Whether the registered warehouse may keep a kind in its engine and compute its metrics there.</param>
    /// <param name="plan">Called when the warehouse needs the plan, from the loading thread: it may wait for the policies to compile; null when there is none.</param>
    /// <returns>The evidence and every problem found.</returns>
    public static EvidenceLoadResult LoadEvidence(IReadOnlyList<string> evidencePaths, bool pushDown, Func<PushDownPlan?>? plan) =>
        EvidenceLoader.Load(evidencePaths, EvidenceFormats.Registered, EvidenceFormats.Warehouse, pushDown, [], plan);

    /// <summary>Evaluates every gate of a compiled policy set.</summary>
    /// <param name="compiled">The compiled set.</param>
    /// <param name="evidence">The evidence.</param>
    /// <param name="now">The evaluation time.</param>
    /// <returns>The run's result.</returns>
    public static GateRunResult Evaluate(CompiledPolicySet compiled, EvidenceSet evidence, DateTimeOffset now) =>
        GateEvaluator.Evaluate(compiled, evidence, now);

    /// <summary>Evaluates every gate and finding of a compiled policy set with options, such as the run history gate baselines read.</summary>
    /// <param name="compiled">The compiled set.</param>
    /// <param name="evidence">The evidence.</param>
    /// <param name="now">The evaluation time.</param>
    /// <param name="options">The options.</param>
    /// <returns>The run's result.</returns>
    public static GateRunResult Evaluate(CompiledPolicySet compiled, EvidenceSet evidence, DateTimeOffset now, EvaluationOptions options) =>
        GateEvaluator.Evaluate(compiled, evidence, now, options);

    /// <summary>
    /// Compiles and caches. Kept in its own method, never inlined, so that the JIT loads the Roslyn
    /// assemblies only when a compilation actually happens, not on a cache hit.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private PreparedPolicies CompileAndStore(PolicySet policies, List<Diagnostic> diagnostics, bool store)
    {
        var output = PolicyCompiler.Compile(policies);
        diagnostics.AddRange(output.Diagnostics);
        if (output.Assembly is null || !store)
        {
            return new PreparedPolicies(null, [.. DiagnosticOrder.Sort(diagnostics)]);
        }

        _cache?.Store(policies, output.Assembly);
        return new PreparedPolicies(CompilationCache.Load(policies, output.Assembly, fromCache: false), [.. DiagnosticOrder.Sort(diagnostics)]);
    }
}

/// <summary>A compiled policy set, ready to evaluate, and the problems found preparing it.</summary>
/// <param name="Compiled">The compiled set; null when there are errors.</param>
/// <param name="Diagnostics">Every problem found, in reporting order.</param>
public sealed record PreparedPolicies(CompiledPolicySet? Compiled, ImmutableArray<Diagnostic> Diagnostics)
{
    /// <summary>Gets a value indicating whether any diagnostic is an error.</summary>
    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    /// <summary>
    /// Adds the waiver checks that depend on the evaluation time (expired; expiring further ahead than
    /// allowed). A waiver that runs too long is an error: the set is then not usable as it is.
    /// </summary>
    /// <param name="now">The evaluation time.</param>
    /// <returns>The prepared policies with the waiver diagnostics; without the compiled set when one is an error.</returns>
    public PreparedPolicies CheckWaivers(DateTimeOffset now)
    {
        if (Compiled is null)
        {
            return this;
        }

        var waivers = Validation.WaiverChecks.Check(Compiled.Policies, now);
        if (waivers.IsEmpty)
        {
            return this;
        }

        var diagnostics = DiagnosticOrder.Sort(Diagnostics.Concat(waivers)).ToImmutableArray();
        if (!waivers.Any(d => d.IsError))
        {
            return this with { Diagnostics = diagnostics };
        }

        Compiled.Dispose();
        return new PreparedPolicies(null, diagnostics);
    }
}
