using Microsoft.AspNetCore.Http;
using static CoderBootstrap.Sandbox.Coder.CoderHttp;

namespace CoderBootstrap.Sandbox.Coder;

/// <summary>What Coder says about its deployment: <c>/healthz</c>, build info and the health report.</summary>
internal sealed class CoderDeploymentApi(CoderClusterState state)
{
    public IEnumerable<CoderRoute> Routes =>
    [
        new("GET", "/healthz", "coder.healthz.get", false, false, GetHealthzAsync),
        new("GET", "/api/v2/buildinfo", "coder.buildinfo.get", false, false, GetBuildInfoAsync),
        new("GET", "/api/v2/debug/health", "coder.debug.health.get", false, true, GetHealthReportAsync),
    ];

    private static async Task GetHealthzAsync(CoderRequest request)
    {
        request.Context.Response.StatusCode = 200;
        request.Context.Response.ContentType = "text/plain; charset=utf-8";
        await request.Context.Response.WriteAsync("OK", request.Context.RequestAborted);
    }

    private Task GetBuildInfoAsync(CoderRequest request)
    {
        var accessUrl = state.Backend.Current.Get("CODER_ACCESS_URL");
        var deploymentId = state.Read(document => document.DeploymentId);
        return WriteJsonAsync(request.Context, 200, new
        {
            ExternalUrl = accessUrl,
            Version = state.CoderVersion(),
            DashboardUrl = accessUrl,
            Telemetry = false,
            WorkspaceProxy = false,
            AgentApiVersion = "2.0",
            ProvisionerApiVersion = "1.4",
            UpgradeMessage = "",
            DeploymentId = deploymentId,
            WebpushPublicKey = "",
        });
    }

    private Task GetHealthReportAsync(CoderRequest request)
    {
        var accessUrl = state.Backend.Current.Get("CODER_ACCESS_URL");
        var organizationId = state.Read(document => document.Organization?.Id ?? Guid.Empty);
        var report = CoderHealthReport.Build(accessUrl, state.CoderVersion(), organizationId, state.Now());
        return WriteJsonAsync(request.Context, 200, report);
    }
}
