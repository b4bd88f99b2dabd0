// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Configuration;
using AiOpsPolicy.History;
using AiOpsPolicy.Service.Api;
using AiOpsPolicy.Service.Bundles;
using AiOpsPolicy.Service.Decisions;
using AiOpsPolicy.Service.Metrics;
using AiOpsPolicy.Service.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AiOpsPolicy.Service;

/// <summary>
/// Builds the decision service: Kestrel from the standard Kestrel configuration (the settings' <c>kestrel</c> section,
/// then <c>Kestrel__...</c> environment variables), the history store opened and migrated, and the endpoints of
/// <see cref="ServiceEndpoints"/>. Instances keep nothing but caches: any number of them can share one PostgreSQL.
/// </summary>
public static class ServiceHost
{
    /// <summary>Opens the store and builds the service, ready to start.</summary>
    /// <param name="settings">The service settings.</param>
    /// <param name="options">How the host runs it.</param>
    /// <param name="cancellationToken">Cancels opening the store.</param>
    /// <returns>The application; start it with <c>StartAsync</c> or <c>RunAsync</c>, dispose it to stop.</returns>
    public static async Task<WebApplication> CreateAsync(ServiceSettings settings, ServiceHostOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(options);
        var store = await HistoryStoreFactory.OpenAsync(settings.HistoryStore, cancellationToken).ConfigureAwait(false);
        try
        {
            return Build(settings, options, store);
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static WebApplication Build(ServiceSettings settings, ServiceHostOptions options, IHistoryStore store)
    {
        // No appsettings.json, no command line: like the operator configuration, settings are never discovered in the
        // working folder. Kestrel's own section comes from the operator's file, then from Kestrel__* variables (which
        // is where a certificate password belongs).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings.Kestrel.Select(p => new KeyValuePair<string, string?>("Kestrel:" + p.Key, p.Value)));
        builder.Configuration.AddEnvironmentVariables(source => source.Prefix = null);
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            kestrel.Configure(context.Configuration.GetSection("Kestrel"));
            kestrel.Limits.MaxRequestBodySize = ServiceEndpoints.DrainCeiling(settings.Limits.MaxRequestBytes);
            kestrel.AddServerHeader = false;
        });
        if (!settings.Kestrel.Keys.Any(k => k.StartsWith("Endpoints:", StringComparison.Ordinal)) && options.Urls.Count > 0)
        {
            builder.WebHost.UseUrls([.. options.Urls]);
        }

        builder.Logging.ClearProviders();
        if (options.Log is { } log)
        {
            builder.Logging.AddProvider(new LineLoggerProvider(log));
        }

        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ServiceJsonContext.Default));
        builder.Services.AddOpenApi("v1", openApi => openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new Microsoft.OpenApi.OpenApiInfo
            {
                Title = "AiOpsPolicy decision service",
                Version = "v1",
                Description = "Policy decisions for many pipelines, logged in PostgreSQL. See docs/service.md.",
            };
            document.Servers = [];
            return Task.CompletedTask;
        }));

        var work = options.WorkFolder ?? Path.Combine(Path.GetTempPath(), "aiops-policy-service-" + Guid.NewGuid().ToString("N"));
        var metrics = new ServiceMetrics();
        var bundles = new BundleRegistry(store, settings, Path.Combine(work, "bundles"), options.Time, metrics);
        var decisions = new DecisionMaker(settings, store, bundles, options.Time, Path.Combine(work, "requests"));
        var state = new ServiceState(settings, store, bundles, decisions, metrics, new TokenAuthenticator(settings), options.Time);
        builder.Services.AddSingleton(state);

        var app = builder.Build();
        app.Lifetime.ApplicationStopped.Register(() =>
        {
            decisions.Dispose();
            bundles.Dispose();
            store.DisposeAsync().AsTask().GetAwaiter().GetResult();
            TryDelete(work);
        });
        app.Use(ServiceEndpoints.Guard);
        ServiceEndpoints.Map(app);
        app.MapOpenApi("/openapi/{documentName}.json");
        return app;
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort at shutdown: the folder is private and below the temporary folder.
        }
    }
}
