// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Text.Json;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Text;
using AiOpsPolicy.Service.Api;
using AiOpsPolicy.Service.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AiOpsPolicy.Service;

/// <summary>The HTTP API (docs/service.md): decisions, the verdict for Argo Rollouts, bundles, health and metrics.</summary>
public static class ServiceEndpoints
{
    /// <summary>The longest policy set name accepted in a URL.</summary>
    public const int MaxPolicySetLength = 200;

    private const string Json = "application/json";

    /// <summary>The readiness check's budget for reaching the store.</summary>
    private static readonly TimeSpan ReadinessTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Maps every endpoint.</summary>
    /// <param name="app">The application.</param>
    public static void Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var v1 = app.MapGroup("/v1/policy-sets/{name}").WithTags("decisions");
        v1.MapPost("/decisions", Decide)
            .WithName("Decide")
            .WithSummary("Decide on a policy set with evidence inline or by reference")
            .WithDescription("Evaluates the policy set's bundle against the evidence, logs the decision (who asked, bundle and evidence digests, the report) and returns it. 201: a new decision; 200: the decision an earlier request with the same idempotencyKey made.")
            .Accepts<DecisionRequest>(Json)
            .Produces<DecisionResponse>(StatusCodes.Status201Created, Json)
            .Produces<DecisionResponse>(StatusCodes.Status200OK, Json)
            .ProducesProblems(400, 401, 403, 404, 409, 413, 415, 422, 503);
        v1.MapGet("/decisions/{id}", Read)
            .WithName("GetDecision")
            .WithSummary("Read a logged decision back")
            .Produces<DecisionResponse>(StatusCodes.Status200OK, Json)
            .ProducesProblems(401, 403, 404, 503);
        v1.MapPost("/verdict", VerdictPost)
            .WithName("Verdict")
            .WithSummary("Decide, and answer with a small JSON value for Argo Rollouts' web metric provider")
            .WithDescription("The same request and decision log as POST .../decisions; the answer is {\"allowed\": true|false, ...}, which a successCondition such as result.allowed == true tests.")
            .Accepts<DecisionRequest>(Json)
            .Produces<VerdictResponse>(StatusCodes.Status200OK, Json)
            .ProducesProblems(400, 401, 403, 404, 409, 413, 415, 422, 503);
        v1.MapGet("/verdict", VerdictGet)
            .WithName("VerdictByReference")
            .WithSummary("Decide on collected evidence (evidenceRef in the query), for callers that can only GET")
            .Produces<VerdictResponse>(StatusCodes.Status200OK, Json)
            .ProducesProblems(400, 401, 403, 404, 409, 422, 503);
        v1.MapPut("/bundle", PutBundle)
            .WithName("LoadBundle")
            .WithSummary("Load a bundle for the policy set (admin token)")
            .WithDescription("The body is the bundle file written by 'aiops-policy build'. It is checked as 'gate --bundle' checks it, stored in PostgreSQL and in force on every instance within 5 s.")
            .Accepts<byte[]>("application/octet-stream")
            .Produces<BundleResponse>(StatusCodes.Status200OK, Json)
            .ProducesProblems(400, 401, 403, 404, 413, 422, 503);
        v1.MapGet("/bundle", GetBundle)
            .WithName("GetBundle")
            .WithSummary("Which bundle the policy set runs now")
            .Produces<BundleResponse>(StatusCodes.Status200OK, Json)
            .ProducesProblems(401, 404, 409, 503);
        app.MapGet("/healthz", Healthy).WithTags("operations").WithName("Health").WithSummary("Liveness: the process answers")
            .Produces<HealthResponse>(StatusCodes.Status200OK, Json);
        app.MapGet("/readyz", Ready).WithTags("operations").WithName("Ready").WithSummary("Readiness: the decision log (PostgreSQL) answers")
            .Produces<HealthResponse>(StatusCodes.Status200OK, Json)
            .Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable, Json);
        app.MapGet("/metrics", Scrape).WithTags("operations").WithName("Metrics").WithSummary("Prometheus metrics (text exposition format 0.0.4)")
            .Produces<string>(StatusCodes.Status200OK, "text/plain");
    }

    /// <summary>
    /// Counts every request by route and status and times it, and turns anything thrown into a problem response: a
    /// malformed request ends 4xx with a diagnostic, and a bug ends 500 with AOP5003, never with a stack trace.
    /// </summary>
    /// <param name="context">The request.</param>
    /// <param name="next">The rest of the pipeline.</param>
    /// <returns>A task.</returns>
    public static async Task Guard(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var state = context.RequestServices.GetRequiredService<ServiceState>();
        var started = Stopwatch.GetTimestamp();
        state.Metrics.InFlight(1);
        try
        {
            await next(context).ConfigureAwait(false);
            if (!context.Response.HasStarted && context.Response.StatusCode >= 400 && context.Response.ContentType is null)
            {
                // Routing's own refusals (no such endpoint, wrong method, wrong content type) have no body: give them
                // the same problem document as every other refusal.
                var status = context.Response.StatusCode;
                var message = status switch
                {
                    404 => "There is no endpoint at this path; the API is in docs/service.md and /openapi/v1.json",
                    405 => $"This endpoint does not take {CallerText.Printable(context.Request.Method)}; the API is in docs/service.md and /openapi/v1.json",
                    415 => $"This endpoint does not take the content type '{CallerText.Printable(context.Request.ContentType ?? "none")}': decisions take {Json}, bundles application/octet-stream",
                    _ => $"The request was refused (HTTP {status})",
                };
                await Problems.Result(ServiceProblem.Of(status, DiagnosticCatalog.RequestInvalid, message)).ExecuteAsync(context).ConfigureAwait(false);
            }
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            var problem = ex.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? ServiceProblem.Of(413, DiagnosticCatalog.RequestTooLarge, state.Settings.Limits.MaxRequestBytes)
                : ServiceProblem.Of(ex.StatusCode, DiagnosticCatalog.RequestInvalid, "The request could not be read: " + ex.Message.TrimEnd('.'));
            await Problems.Result(problem).ExecuteAsync(context).ConfigureAwait(false);
        }
        catch (Exception ex) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            var problem = ServiceProblem.Of(500, DiagnosticCatalog.InternalError, ex.GetType().Name, ex.Message);
            await Problems.Result(problem).ExecuteAsync(context).ConfigureAwait(false);
        }
        finally
        {
            state.Metrics.InFlight(-1);
            var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
            state.Metrics.Request(route, context.Request.Method, context.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    private static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            builder.Produces<ProblemResponse>(status, Problems.MediaType);
        }

        return builder;
    }

    private static async Task<IResult> Decide(string name, HttpContext context)
    {
        var state = State(context);
        var (caller, refused) = Decider(state, context, name);
        if (refused is not null || caller is null)
        {
            return refused ?? Results.StatusCode(500);
        }

        var (request, invalid) = await ReadRequestAsync(context, state).ConfigureAwait(false);
        if (invalid is not null || request is null)
        {
            return Counted(state, name, invalid ?? ServiceProblem.Of(400, DiagnosticCatalog.RequestInvalid, "The body must be a JSON object"));
        }

        var (decision, replayed, problem) = await state.Decisions.DecideAsync(caller, name, request, context.RequestAborted).ConfigureAwait(false);
        if (problem is not null || decision is null)
        {
            return Counted(state, name, problem ?? ServiceProblem.Of(500, DiagnosticCatalog.InternalError, "DecisionMaker", "no decision and no problem"));
        }

        state.Metrics.Decision(name, decision.Decision);
        var location = $"/v1/policy-sets/{Uri.EscapeDataString(name)}/decisions/{decision.Id}";
        context.Response.Headers["X-AiOps-Exit-Code"] = decision.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return replayed
            ? Results.Json(decision, ServiceJsonContext.Default.DecisionResponse, Json, StatusCodes.Status200OK)
            : new CreatedJson(location, decision);
    }

    private static async Task<IResult> Read(string name, string id, HttpContext context)
    {
        var state = State(context);
        var (caller, refused) = Decider(state, context, name);
        if (refused is not null || caller is null)
        {
            return refused ?? Results.StatusCode(500);
        }

        var (decision, problem) = await state.Decisions.ReadAsync(caller, name, id, context.RequestAborted).ConfigureAwait(false);
        return problem is not null || decision is null
            ? Problems.Result(problem ?? ServiceProblem.Of(404, DiagnosticCatalog.PolicySetUnknown, "no decision"))
            : Results.Json(decision, ServiceJsonContext.Default.DecisionResponse, Json);
    }

    private static async Task<IResult> VerdictPost(string name, HttpContext context)
    {
        var state = State(context);
        var (caller, refused) = Decider(state, context, name);
        if (refused is not null || caller is null)
        {
            return refused ?? Results.StatusCode(500);
        }

        var (request, invalid) = await ReadRequestAsync(context, state).ConfigureAwait(false);
        return invalid is not null || request is null
            ? Counted(state, name, invalid ?? ServiceProblem.Of(400, DiagnosticCatalog.RequestInvalid, "The body must be a JSON object"))
            : await VerdictAsync(state, caller, name, request, context).ConfigureAwait(false);
    }

    private static async Task<IResult> VerdictGet(string name, HttpContext context)
    {
        var state = State(context);
        var (caller, refused) = Decider(state, context, name);
        if (refused is not null || caller is null)
        {
            return refused ?? Results.StatusCode(500);
        }

        var query = context.Request.Query;
        if (query.Keys.FirstOrDefault(k => k is not ("evidenceRef" or "asOf" or "idempotencyKey")) is { } unknown)
        {
            return Counted(state, name, ServiceProblem.Of(400, DiagnosticCatalog.RequestInvalid, $"'{CallerText.Printable(unknown)}' is not a query parameter of the verdict; it allows: evidenceRef, asOf, idempotencyKey"));
        }

        var request = new DecisionRequest
        {
            EvidenceRef = query["evidenceRef"] is { Count: 1 } reference ? reference.ToString() : null,
            AsOf = query["asOf"] is { Count: 1 } asOf ? asOf.ToString() : null,
            IdempotencyKey = query["idempotencyKey"] is { Count: 1 } key ? key.ToString() : null,
            Context = new DecisionContext { Provider = "argo-rollouts" },
        };
        return await VerdictAsync(state, caller, name, request, context).ConfigureAwait(false);
    }

    private static async Task<IResult> VerdictAsync(ServiceState state, Caller caller, string name, DecisionRequest request, HttpContext context)
    {
        var (decision, _, problem) = await state.Decisions.DecideAsync(caller, name, request, context.RequestAborted).ConfigureAwait(false);
        if (problem is not null || decision is null)
        {
            return Counted(state, name, problem ?? ServiceProblem.Of(500, DiagnosticCatalog.InternalError, "DecisionMaker", "no decision and no problem"));
        }

        state.Metrics.Decision(name, decision.Decision);
        var blockedBy = decision.Report.TryGetProperty("gates", out var gates) && gates.ValueKind == JsonValueKind.Array
            ? gates.EnumerateArray()
                .Where(g => g.TryGetProperty("blocks", out var blocks) && blocks.ValueKind == JsonValueKind.True)
                .Select(g => g.TryGetProperty("name", out var gate) ? gate.GetString() ?? string.Empty : string.Empty)
                .ToList()
            : [];
        return Results.Json(
            new VerdictResponse { Allowed = decision.ExitCode == 0, Decision = decision.Decision, ExitCode = decision.ExitCode, Id = decision.Id, BlockedBy = blockedBy },
            ServiceJsonContext.Default.VerdictResponse,
            Json);
    }

    private static async Task<IResult> PutBundle(string name, HttpContext context)
    {
        var state = State(context);
        var caller = state.Tokens.Authenticate(context.Request.Headers.Authorization);
        if (caller is null)
        {
            return Unauthenticated(context);
        }

        if (!caller.IsAdmin)
        {
            return Problems.Result(ServiceProblem.Of(403, DiagnosticCatalog.NotAuthorized, "Only an admin token loads bundles (service.adminTokens); this is a tenant's token"));
        }

        if (state.Settings.OwnerOf(name) is null)
        {
            return Problems.Result(ServiceProblem.Of(404, DiagnosticCatalog.PolicySetUnknown, $"Policy set '{CallerText.Printable(name)}' is not configured for any tenant (service.tenants.TENANT.policySets)"));
        }

        var (body, problem) = await ReadBodyAsync(context, state.Settings.Limits.MaxRequestBytes).ConfigureAwait(false);
        if (problem is not null || body is null)
        {
            return Problems.Result(problem ?? ServiceProblem.Of(400, DiagnosticCatalog.RequestInvalid, "The body is empty"));
        }

        Bundles.LoadedBundle loaded;
        try
        {
            loaded = await state.Bundles.PutAsync(name, body, caller.TokenName, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or TimeoutException or IOException or System.Net.Sockets.SocketException)
        {
            return Problems.Result(ServiceProblem.Of(503, DiagnosticCatalog.DecisionLogUnavailable, "written", ex.GetType().Name + ": " + ex.Message.TrimEnd('.')));
        }

        return loaded.Compiled is { } compiled
            ? Results.Json(BundleBody(name, loaded.Digest, compiled), ServiceJsonContext.Default.BundleResponse, Json)
            : Problems.Result(new ServiceProblem(422, loaded.Diagnostics, ServiceProblem.InvalidInput));
    }

    private static async Task<IResult> GetBundle(string name, HttpContext context)
    {
        var state = State(context);
        var caller = state.Tokens.Authenticate(context.Request.Headers.Authorization);
        if (caller is null)
        {
            return Unauthenticated(context);
        }

        // Administrators see every configured set (to check a load); tenants only their own.
        if (caller.IsAdmin ? state.Settings.OwnerOf(name) is null : !caller.Owns(name))
        {
            return Problems.Result(NotYours(name));
        }

        Bundles.LoadedBundle? loaded;
        try
        {
            loaded = await state.Bundles.ForPolicySetAsync(name, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or TimeoutException or IOException or System.Net.Sockets.SocketException)
        {
            return Problems.Result(ServiceProblem.Of(503, DiagnosticCatalog.DecisionLogUnavailable, "read", ex.GetType().Name + ": " + ex.Message.TrimEnd('.')));
        }

        return loaded switch
        {
            null => Problems.Result(ServiceProblem.Of(409, DiagnosticCatalog.BundleNotLoaded, name)),
            { Compiled: { } compiled } => Results.Json(BundleBody(name, loaded.Digest, compiled), ServiceJsonContext.Default.BundleResponse, Json),
            _ => Problems.Result(new ServiceProblem(503, loaded.Diagnostics, null)),
        };
    }

    private static IResult Healthy() => Results.Json(new HealthResponse { Status = "ok" }, ServiceJsonContext.Default.HealthResponse, Json);

    private static async Task<IResult> Ready([Microsoft.AspNetCore.Mvc.FromServices] ServiceState state, HttpContext context)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(ReadinessTimeout);
        try
        {
            await state.Store.CurrentBundleDigestAsync(string.Empty, timeout.Token).ConfigureAwait(false);
            return Results.Json(new HealthResponse { Status = "ok" }, ServiceJsonContext.Default.HealthResponse, Json);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return Results.Json(
                new HealthResponse { Status = "unavailable", Reason = "the decision log cannot be reached: " + ex.GetType().Name },
                ServiceJsonContext.Default.HealthResponse,
                Json,
                StatusCodes.Status503ServiceUnavailable);
        }
    }

    private static IResult Scrape(HttpContext context) =>
        Results.Text(State(context).Metrics.Write(), "text/plain; version=0.0.4; charset=utf-8");

    private static BundleResponse BundleBody(string name, string digest, Core.Compilation.CompiledPolicySet compiled) => new()
    {
        PolicySet = name,
        Digest = digest,
        Version = compiled.Policies.Manifest?.Version,
        Gates = compiled.Policies.Gates.Length,
    };

    private static ServiceState State(HttpContext context) => context.RequestServices.GetRequiredService<ServiceState>();

    /// <summary>The caller, when it is a tenant token that owns the set; otherwise the refusal (401, 403 or 404).</summary>
    private static (Caller? Caller, IResult? Refused) Decider(ServiceState state, HttpContext context, string name)
    {
        var caller = state.Tokens.Authenticate(context.Request.Headers.Authorization);
        if (caller is null)
        {
            return (null, Unauthenticated(context));
        }

        if (caller.IsAdmin)
        {
            return (null, Problems.Result(ServiceProblem.Of(403, DiagnosticCatalog.NotAuthorized, "An admin token loads bundles and decides nothing; use the tenant's token")));
        }

        return caller.Owns(name) ? (caller, null) : (null, Problems.Result(NotYours(name)));
    }

    /// <summary>The same answer for a set that does not exist and a set of another tenant: a token learns nothing of other teams' sets.</summary>
    private static ServiceProblem NotYours(string name) =>
        ServiceProblem.Of(404, DiagnosticCatalog.PolicySetUnknown, $"Policy set '{CallerText.Printable(name)}' is not one of this token's policy sets");

    private static IResult Unauthenticated(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return Problems.Result(ServiceProblem.Of(401, DiagnosticCatalog.NotAuthorized, "Send 'Authorization: Bearer TOKEN' with a token the operator configured (docs/service.md, Tokens)"));
    }

    private static IResult Counted(ServiceState state, string name, ServiceProblem problem)
    {
        state.Metrics.Decision(name, problem.Status >= 500 ? "unavailable" : "invalid");
        return Problems.Result(problem);
    }

    /// <summary>Reads and parses a decision request, with the body's line and column in every parse problem.</summary>
    private static async Task<(DecisionRequest? Request, ServiceProblem? Problem)> ReadRequestAsync(HttpContext context, ServiceState state)
    {
        if (context.Request.ContentType is { } type && !type.StartsWith(Json, StringComparison.OrdinalIgnoreCase))
        {
            return (null, ServiceProblem.Of(415, DiagnosticCatalog.RequestInvalid, $"The body must be {Json}, not '{CallerText.Printable(type)}'"));
        }

        var (body, problem) = await ReadBodyAsync(context, state.Settings.Limits.MaxRequestBytes).ConfigureAwait(false);
        if (problem is not null || body is null)
        {
            return (null, problem);
        }

        return RequestReader.Parse(body);
    }

    /// <summary>
    /// The most a refused body is read (and thrown away) before the 413 is sent: twice the limit and 1 MiB. A server that
    /// answers before the client has sent its body and then closes with the rest unread makes the kernel reset the
    /// connection, and the client then sees a broken pipe instead of the 413 and its diagnostic. Kestrel's own limit is
    /// set to this ceiling (ServiceHost) so that the service, not Kestrel, decides where the limit lies.
    /// </summary>
    /// <param name="limit">The configured request limit.</param>
    /// <returns>The ceiling in bytes.</returns>
    public static long DrainCeiling(long limit) => limit > (long.MaxValue - (1 << 20)) / 2 ? long.MaxValue : (2 * limit) + (1 << 20);

    /// <summary>Reads the body whole, refusing it (413) as soon as it passes the limit, whatever Content-Length said.</summary>
    private static async Task<(byte[]? Body, ServiceProblem? Problem)> ReadBodyAsync(HttpContext context, long limit)
    {
        var tooLarge = ServiceProblem.Of(413, DiagnosticCatalog.RequestTooLarge, limit);
        if (context.Request.ContentLength > limit)
        {
            await DrainAsync(context, limit).ConfigureAwait(false);
            return (null, tooLarge);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                await DrainAsync(context, limit).ConfigureAwait(false);
                return (null, tooLarge);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.Length == 0
            ? (null, new ServiceProblem(400, [Diagnostic.Create(DiagnosticCatalog.RequestInvalid, SourceLocation.ForFile("request"), "The body is empty")], ServiceProblem.InvalidInput))
            : (buffer.ToArray(), null);
    }

    /// <summary>
    /// Throws away the rest of a refused body, up to <see cref="DrainCeiling"/> bytes and 10 seconds, so that the client
    /// reads the 413; the connection is closed after the answer either way.
    /// </summary>
    private static async Task DrainAsync(HttpContext context, long limit)
    {
        context.Response.Headers.Connection = "close";
        if (context.Request.ContentLength > DrainCeiling(limit))
        {
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        var chunk = new byte[81920];
        try
        {
            while (await context.Request.Body.ReadAsync(chunk, timeout.Token).ConfigureAwait(false) > 0)
            {
                // Thrown away: the body is refused.
            }
        }
        catch (Exception ex) when (ex is BadHttpRequestException or IOException or OperationCanceledException)
        {
            // Past the ceiling, too slow, or the client went away: answer anyway, Kestrel closes the connection.
        }
    }

    /// <summary>A 201 with a Location header and the decision, written with the source-generated JSON.</summary>
    private sealed class CreatedJson(string location, DecisionResponse decision) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.Location = location;
            return Results.Json(decision, ServiceJsonContext.Default.DecisionResponse, Json, StatusCodes.Status201Created).ExecuteAsync(httpContext);
        }
    }
}
