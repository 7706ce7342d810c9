using System.Security.Cryptography;
using System.Text;

namespace CoderBootstrap.Sandbox.Coder;

/// <summary>
/// The <c>/api/v2/debug/health</c> report (healthsdk.HealthcheckReport). Every section is healthy
/// except the access URL, which is an error when <c>CODER_ACCESS_URL</c> is not set (code EACS01).
/// </summary>
internal static class CoderHealthReport
{
    public static object Build(string accessUrl, string coderVersion, Guid organizationId, DateTimeOffset now)
    {
        var accessUrlSet = accessUrl.Length > 0;
        var noWarnings = Array.Empty<object>();
        var accessUrlSection = new
        {
            Healthy = accessUrlSet,
            Severity = accessUrlSet ? "ok" : "error",
            Warnings = noWarnings,
            Dismissed = false,
            AccessUrl = accessUrl,
            Reachable = accessUrlSet,
            StatusCode = accessUrlSet ? 200 : 0,
            HealthzResponse = accessUrlSet ? "OK" : "",
            Error = accessUrlSet ? null : "EACS01: Access URL not set",
        };
        return new
        {
            Time = now,
            Healthy = accessUrlSet,
            Severity = accessUrlSet ? "ok" : "error",
            Derp = new
            {
                Healthy = true,
                Severity = "ok",
                Warnings = noWarnings,
                Dismissed = false,
                Regions = new Dictionary<string, object>(),
                NetcheckLogs = Array.Empty<string>(),
            },
            AccessUrl = accessUrlSection,
            Websocket = new { Healthy = true, Severity = "ok", Warnings = noWarnings, Dismissed = false, Body = "", Code = 101 },
            Database = new
            {
                Healthy = true,
                Severity = "ok",
                Warnings = noWarnings,
                Dismissed = false,
                Reachable = true,
                Latency = "1.2ms",
                LatencyMs = 1,
                ThresholdMs = 15,
            },
            WorkspaceProxy = new
            {
                Healthy = true,
                Severity = "ok",
                Warnings = noWarnings,
                Dismissed = false,
                WorkspaceProxies = new { Regions = Array.Empty<object>() },
            },
            ProvisionerDaemons = new
            {
                Severity = "ok",
                Warnings = noWarnings,
                Dismissed = false,
                Items = new[]
                {
                    new
                    {
                        ProvisionerDaemon = new
                        {
                            Id = BuiltInProvisionerId(organizationId),
                            OrganizationId = organizationId,
                            CreatedAt = now,
                            LastSeenAt = now,
                            Name = "built-in",
                            Version = coderVersion,
                            ApiVersion = "1.4",
                            Provisioners = new[] { "echo", "terraform" },
                            Tags = new Dictionary<string, string> { ["owner"] = "", ["scope"] = "organization" },
                            Status = "idle",
                        },
                        Warnings = noWarnings,
                    },
                },
            },
            CoderVersion = coderVersion,
        };
    }

    /// <summary>A stable id for the cluster's built-in provisioner daemon.</summary>
    public static Guid BuiltInProvisionerId(Guid organizationId) =>
        new(MD5.HashData(Encoding.UTF8.GetBytes("built-in-provisioner/" + organizationId)));
}
