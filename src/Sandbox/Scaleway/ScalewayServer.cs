using System.Text.Json.Nodes;
using CoderBootstrap.Sandbox.Core;
using CoderBootstrap.Sandbox.Postgres;
using CoderBootstrap.Sandbox.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CoderBootstrap.Sandbox.Scaleway;

/// <summary>
/// The HTTP server of the emulated Scaleway API (and the <c>/sandbox</c> admin endpoints) on 127.0.0.1.
/// Every Scaleway path needs <c>X-Auth-Token</c> set to the sandbox secret key.
/// </summary>
public sealed class ScalewayServer : IAsyncDisposable
{
    private readonly SandboxRuntime _runtime;
    private readonly ScalewayIdentity _identity;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly RdbApi _rdb;
    private WebApplication? _app;
    private ScalewayLifecycleMonitor? _monitor;
    private ScalewayRoutes? _routes;

    public ScalewayServer(SandboxRuntime runtime, ScalewayIdentity identity, ISandboxKubernetes kubernetes, PostgresFleet? postgres,
        ILoggerFactory loggerFactory, SandboxTimings? timings = null, ScalewayQuotas? quotas = null)
    {
        _runtime = runtime;
        _identity = identity;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<ScalewayServer>();
        Store = new ScalewayStore(runtime, timings ?? new SandboxTimings());
        Quotas = quotas ?? new ScalewayQuotas();
        Kapsule = new KapsuleApi(Store, identity, kubernetes, Quotas);
        LoadBalancers = new LoadBalancerApi(Store, identity);
        BlockVolumes = new BlockVolumeApi(Store, identity);
        _rdb = new RdbApi(Store, identity, Quotas, postgres, new RdbCertificate());
        Vpc = new VpcApi(Store, identity);
        Billing = new BillingApi(Store, identity);
        Kubernetes = kubernetes;
        Postgres = postgres;
    }

    public ScalewayStore Store { get; }

    public ScalewayQuotas Quotas { get; }

    public KapsuleApi Kapsule { get; }

    public LoadBalancerApi LoadBalancers { get; }

    public BlockVolumeApi BlockVolumes { get; }

    public VpcApi Vpc { get; }

    public BillingApi Billing { get; }

    /// <summary>The webhook receiver of <c>/sandbox/webhooks/{name}</c> (notification tests read it).</summary>
    public WebhookReceiver Webhooks { get; } = new();

    /// <summary>The SMTP relay on a loopback port of its own (<see cref="SmtpReceiver.Port"/>); <c>/sandbox/smtp/messages</c> lists what arrived.</summary>
    public SmtpReceiver Mail { get; private set; } = null!;

    public ISandboxKubernetes Kubernetes { get; }

    public PostgresFleet? Postgres { get; }

    public string BaseUrl { get; private set; } = "";

    /// <summary>The fault-injection operation names of the Scaleway API.</summary>
    public IReadOnlyList<string> Operations => _routes?.Operations ?? [];

    public async Task StartAsync(int port, CancellationToken cancellationToken)
    {
        Mail = SmtpReceiver.Start();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(_loggerFactory);
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        builder.WebHost.ConfigureKestrel(options => options.Listen(System.Net.IPAddress.Loopback, port));
        var app = builder.Build();
        app.UseSandboxRequestLog(_runtime, IsAdminPath);
        var api = new ScalewayApi(_runtime, _identity, _logger);
        app.Use((context, next) => IsAdminPath(context) ? next(context) : api.ServeAsync(context));

        _routes = new ScalewayRoutes(app);
        Vpc.Map(_routes);
        Kapsule.Map(_routes);
        _rdb.Map(_routes);
        LoadBalancers.Map(_routes);
        BlockVolumes.Map(_routes);
        InstanceCatalog.Map(_routes);
        ProductCatalogApi.Map(_routes);
        Billing.Map(_routes);
        AdminApi.Map(app, _runtime, () => Operations);
        Webhooks.Map(app, AdminApi.Prefix);
        Mail.Map(app, AdminApi.Prefix);
        app.MapPost(AdminApi.Prefix + "/k8s/pools/{id}/autoscale", async (string id, HttpContext context) =>
        {
            var body = await context.Request.ReadFromJsonAsync<AutoscaleRequest>(context.RequestAborted).ConfigureAwait(false);
            if (body?.Size is not { } size)
            {
                return Results.Json(new { message = "body {\"size\": N} required" }, statusCode: StatusCodes.Status400BadRequest);
            }
            var error = Kapsule.Autoscale(id, size, out var found);
            return !found ? Results.Json(new { message = $"pool {id} not found" }, statusCode: StatusCodes.Status404NotFound)
                : error is not null ? Results.Json(new { message = error }, statusCode: StatusCodes.Status400BadRequest)
                : Results.Json(new { id, size });
        });
        app.MapPut(AdminApi.Prefix + "/billing", async (HttpContext context) =>
        {
            var body = await context.Request.ReadFromJsonAsync<BillingKnob>(context.RequestAborted).ConfigureAwait(false);
            Billing.BilledHours = body?.BilledHours;
            return Results.Json(new { billed_hours = Billing.BilledHours });
        });
        app.MapGet(AdminApi.Prefix + "/rdb/backups/{id}/download", (string id) =>
        {
            var file = Store.Read(state => state.RdbBackups.FirstOrDefault(b => b.Id == id)?.DumpFile);
            return file is not null && File.Exists(file)
                ? Results.File(file, "application/octet-stream", $"{id}.dump")
                : Results.Json(new { message = "backup not found or not backed by a real database" }, statusCode: StatusCodes.Status404NotFound);
        });
        app.MapFallback((RequestDelegate)(_ => throw ScalewayErrors.RouteNotFound()));

        _runtime.OnResourcesReset(() =>
        {
            Store.Wipe();
            _monitor?.ForgetPushedNodes();
        });

        // Clusters kept from a previous run are registered with the Kubernetes emulation before any
        // request, so that answering a request never calls into that module under the store lock.
        foreach (var cluster in Store.Read(state => state.Clusters.ToList()))
        {
            Kapsule.ServerUrl(cluster);
        }

        await StartDatabaseServersAsync(cancellationToken).ConfigureAwait(false);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;
        var address = (app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.First()
            ?? throw new InvalidOperationException("The Scaleway server has no address."));
        BaseUrl = address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        _rdb.BaseUrl = BaseUrl;

        _monitor = new ScalewayLifecycleMonitor(Store, Kapsule, _rdb, Kubernetes, _loggerFactory.CreateLogger<ScalewayLifecycleMonitor>(), LoadBalancers);
        await _monitor.TickAsync(cancellationToken).ConfigureAwait(false);
        _monitor.Start();
    }

    /// <summary>
    /// The PostgreSQL servers of the database instances kept from a previous run start before the API answers, so
    /// the first reads after a restart find them running (as a managed instance never stops with its API).
    /// </summary>
    private async Task StartDatabaseServersAsync(CancellationToken cancellationToken)
    {
        if (Postgres is null)
        {
            return;
        }

        var now = Store.Now;
        var instanceIds = Store.Read(state => state.RdbInstances
            .Where(instance => instance.BackedByPostgres && ResourceStatus.RdbInstance(instance, now) is not null)
            .Select(instance => instance.Id)
            .ToList());
        await Task.WhenAll(instanceIds.Select(async instanceId =>
        {
            try
            {
                await Postgres.ForInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidOperationException exception)
            {
                _logger.LogError(exception, "The PostgreSQL server of database instance {InstanceId} did not start", instanceId);
            }
        })).ConfigureAwait(false);
    }

    /// <summary>Runs one lifecycle pass now (purges finished deletions, pushes ready nodes); tests use it to avoid waiting for the timer.</summary>
    public Task TickAsync(CancellationToken cancellationToken) => _monitor?.TickAsync(cancellationToken) ?? Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_monitor is not null)
        {
            await _monitor.DisposeAsync().ConfigureAwait(false);
        }

        if (_app is not null)
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }

        if (Mail is not null)
        {
            await Mail.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static bool IsAdminPath(HttpContext context) => context.Request.Path.StartsWithSegments(AdminApi.Prefix, StringComparison.Ordinal);
}

internal sealed record AutoscaleRequest(int? Size);

internal sealed record BillingKnob([property: System.Text.Json.Serialization.JsonPropertyName("billed_hours")] double? BilledHours);
