using System.Text.Json.Nodes;
using CoderBootstrap.Sandbox.Postgres;
using CoderBootstrap.Sandbox.Scaleway.Model;
using Microsoft.AspNetCore.Http;

namespace CoderBootstrap.Sandbox.Scaleway;

/// <summary>What the managed-database resources share: the store, the real PostgreSQL servers, instance lookup, readiness and rendering.</summary>
internal sealed class RdbResources(ScalewayStore store, ScalewayIdentity identity, ScalewayQuotas quotas, PostgresFleet? postgres, RdbCertificate certificate)
{
    internal const string Base = "/rdb/v1/regions/{region}";

    public ScalewayStore Store => store;

    public ScalewayIdentity Identity => identity;

    public ScalewayQuotas Quotas => quotas;

    public PostgresFleet? Postgres => postgres;

    public RdbCertificate Certificate => certificate;

    /// <summary>The Scaleway endpoint's base URL, for the download URLs of exported backups.</summary>
    public string BaseUrl { get; set; } = "";

    /// <summary>The real PostgreSQL server backing an instance (callers check <c>BackedByPostgres</c> first).</summary>
    internal Task<LocalPostgresServer> ServerOfAsync(string instanceId, CancellationToken cancellationToken) =>
        postgres!.ForInstanceAsync(instanceId, cancellationToken);

    internal RdbInstanceRecord FindInstance(ScalewayState state, HttpContext context)
    {
        var id = ScalewayRoutes.Route(context, "id");
        var region = ScalewayRoutes.Route(context, "region");
        var instance = state.RdbInstances.FirstOrDefault(i => i.Id == id && i.Region == region);
        return instance is not null && ResourceStatus.RdbInstance(instance, store.Now) is not null ? instance : throw ScalewayErrors.NotFound("instance", id);
    }

    internal void RequireReady(RdbInstanceRecord instance)
    {
        var status = ResourceStatus.RdbInstance(instance, store.Now) ?? throw ScalewayErrors.NotFound("instance", instance.Id);
        if (status != "ready")
        {
            throw ScalewayErrors.TransientState("instance", instance.Id, status);
        }
    }

    internal static DateTimeOffset? ParseTimestamp(RequestBody body, string name) =>
        body.String(name) is { } text
            ? DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var value)
                ? value
                : throw ScalewayErrors.InvalidArgument(name, "format", "- must be an RFC 3339 timestamp\n")
            : null;

    internal static void ValidatePassword(string argument, string password)
    {
        var valid = password.Length is >= 8 and <= 128 && password.Any(char.IsAsciiDigit) && password.Any(char.IsAsciiLetterUpper)
            && password.Any(char.IsAsciiLetterLower) && password.Any(c => !char.IsAsciiLetterOrDigit(c));
        if (!valid)
        {
            throw ScalewayErrors.InvalidArgument(argument, "constraint", "- password must be 8 to 128 characters with at least one digit, one upper case, one lower case and one special character\n");
        }
    }

    internal static void ValidateUserName(string argument, string name)
    {
        var valid = name.Length is >= 1 and <= 63 && (char.IsAsciiLetterLower(name[0]) || name[0] == '_')
            && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-');
        if (!valid || name.StartsWith("_rdb", StringComparison.Ordinal) || name.StartsWith("pg_", StringComparison.Ordinal))
        {
            throw ScalewayErrors.InvalidArgument(argument, "constraint", "- must be 1 to 63 lower case letters, digits, '_' or '-', starting with a letter\n");
        }
    }

    internal JsonObject RenderInstance(RdbInstanceRecord instance)
    {
        var status = ResourceStatus.RdbInstance(instance, store.Now) ?? throw ScalewayErrors.NotFound("instance", instance.Id);
        var now = store.Now;
        var listed = instance.Endpoints.Where(e => e.IsListed(now)).ToList();
        var publicEndpoint = listed.FirstOrDefault(e => e.PrivateNetworkId is null);
        return new JsonObject
        {
            ["id"] = instance.Id,
            ["name"] = instance.Name,
            ["organization_id"] = identity.OrganizationId,
            ["project_id"] = instance.ProjectId,
            ["status"] = status,
            ["engine"] = instance.Engine,
            ["upgradable_version"] = new JsonArray(),
            ["endpoint"] = publicEndpoint is null ? null : RenderEndpoint(instance, publicEndpoint),
            ["tags"] = ScalewayFormat.Strings(instance.Tags),
            ["settings"] = new JsonArray(new JsonObject { ["name"] = "max_connections", ["value"] = "100" }),
            ["backup_schedule"] = new JsonObject
            {
                ["frequency"] = 24,
                ["retention"] = 7,
                ["disabled"] = instance.BackupDisabled,
                ["next_run_at"] = instance.BackupDisabled ? null : ScalewayFormat.Timestamp(instance.CreatedAt.AddDays(1)),
            },
            ["is_ha_cluster"] = instance.IsHaCluster,
            ["high_availability_mode"] = instance.IsHaCluster ? "single_zone" : "unknown_high_availability_mode",
            ["read_replicas"] = new JsonArray(),
            ["node_type"] = instance.NodeType,
            ["volume"] = new JsonObject { ["type"] = instance.VolumeType, ["size"] = instance.VolumeSize, ["class"] = instance.VolumeType.StartsWith("sbs", StringComparison.Ordinal) ? "sbs" : instance.VolumeType },
            ["init_settings"] = new JsonArray(),
            ["endpoints"] = new JsonArray(listed.Select(endpoint => (JsonNode?)RenderEndpoint(instance, endpoint)).ToArray()),
            ["logs_policy"] = new JsonObject { ["max_age_retention"] = 30, ["total_disk_retention"] = null },
            ["backup_same_region"] = false,
            ["maintenances"] = new JsonArray(),
            ["encryption"] = new JsonObject { ["enabled"] = false },
            ["created_at"] = ScalewayFormat.Timestamp(instance.CreatedAt),
            ["region"] = instance.Region,
        };
    }

    /// <summary>With a real PostgreSQL every endpoint answers on 127.0.0.1 at its port; the private-network service IP stays in the subnet.</summary>
    internal JsonObject RenderEndpoint(RdbInstanceRecord instance, RdbEndpointRecord endpoint)
    {
        var real = instance.BackedByPostgres && postgres is not null;
        var publicAddress = $"51.159.{(ScalewayFormat.StableNumber(endpoint.Id) % 200) + 10}.{(ScalewayFormat.StableNumber(instance.Id) % 250) + 2}";
        var rendered = new JsonObject
        {
            ["ip"] = real ? postgres!.Host : endpoint.ServiceIp is { } serviceIp ? serviceIp[..serviceIp.IndexOf('/')] : publicAddress,
            ["port"] = real ? postgres!.PortOf(instance.Id) : endpoint.PrivateNetworkId is null ? 20000 + (ScalewayFormat.StableNumber(endpoint.Id) % 9000) : 5432,
            ["name"] = null,
            ["id"] = endpoint.Id,
        };
        if (endpoint.PrivateNetworkId is null)
        {
            rendered["load_balancer"] = new JsonObject();
        }
        else
        {
            rendered["private_network"] = new JsonObject
            {
                ["private_network_id"] = endpoint.PrivateNetworkId,
                ["service_ip"] = endpoint.ServiceIp,
                ["zone"] = instance.Region + "-1",
                ["provisioning_mode"] = endpoint.ProvisioningMode,
            };
        }

        return rendered;
    }
}
