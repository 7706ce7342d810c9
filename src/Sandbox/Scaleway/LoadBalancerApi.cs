using System.Text.Json.Nodes;
using CoderBootstrap.Sandbox.Core;
using CoderBootstrap.Sandbox.Scaleway.Model;
using Microsoft.AspNetCore.Http;

namespace CoderBootstrap.Sandbox.Scaleway;

/// <summary>
/// <c>/lb/v1/zones/{zone}</c> (read, delete, lb types) and the cloud-controller side
/// (<see cref="ISandboxLoadBalancers"/>) that makes an LB appear for a Kubernetes <c>LoadBalancer</c> service.
/// </summary>
public sealed class LoadBalancerApi(ScalewayStore store, ScalewayIdentity identity) : ISandboxLoadBalancers
{
    private const string Base = "/lb/v1/zones/{zone}";

    private static readonly (string Name, string Description)[] Types =
    [
        ("LB-S", "Load balancer with 200 Mbps bandwidth"),
        ("LB-GP-M", "Load balancer with 500 Mbps bandwidth"),
        ("LB-GP-L", "Load balancer with 1 Gbps bandwidth"),
        ("LB-GP-XL", "Load balancer with 4 Gbps bandwidth"),
    ];

    public void Map(ScalewayRoutes routes)
    {
        routes.Map("GET", Base + "/lbs", "lb.lbs.list", ListLoadBalancers);
        routes.Map("GET", Base + "/lbs/{id}", "lb.lbs.get", context => store.Read(state => ScalewayRoutes.Json(Render(Find(state, context)))));
        routes.Map("DELETE", Base + "/lbs/{id}", "lb.lbs.delete", Delete);
        routes.Map("GET", Base + "/lbs/{id}/private-networks", "lb.lbs.private_networks.list", context => store.Read(state =>
        {
            Find(state, context);
            return ScalewayRoutes.Json(ScalewayRoutes.List("private_network", [], 0));
        }));
        routes.Map("GET", Base + "/lb-types", "lb.lb_types.list", context =>
        {
            var zone = ScalewayRoutes.Route(context, "zone");
            var query = new ListQuery(context.Request.Query);
            var items = Types.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).Select(type => (JsonNode)new JsonObject
            {
                ["name"] = type.Name,
                ["stock_status"] = "available",
                ["description"] = type.Description,
                ["region"] = RegionOf(zone),
                ["zone"] = zone,
            });
            return ScalewayRoutes.Json(ScalewayRoutes.List("lb_types", items, Types.Length));
        });
    }

    public string EnsureForService(string clusterId, string serviceNamespace, string serviceName, string ipAddress) => store.Write(state =>
    {
        var now = store.Now;
        var existing = state.LoadBalancers.FirstOrDefault(lb => lb.ClusterId == clusterId && lb.ServiceNamespace == serviceNamespace
            && lb.ServiceName == serviceName && lb.DeletingSince is null);
        if (existing is not null)
        {
            existing.IpAddress = ipAddress;
            return existing.Id;
        }

        var cluster = state.Clusters.FirstOrDefault(c => c.Id == clusterId);
        var region = cluster?.Region ?? "fr-par";
        var created = new LoadBalancerRecord
        {
            Id = ScalewayFormat.NewId(),
            Zone = region + "-1",
            Region = region,
            ProjectId = cluster?.ProjectId ?? identity.ProjectId,
            Name = $"{clusterId}_{serviceNamespace}_{serviceName}",
            Description = $"kubernetes service {serviceNamespace}/{serviceName}",
            ClusterId = clusterId,
            ServiceNamespace = serviceNamespace,
            ServiceName = serviceName,
            IpId = ScalewayFormat.NewId(),
            IpAddress = ipAddress,
            Type = "lb-s",
            Tags = ["kapsule", $"cluster={clusterId}", $"service={serviceNamespace}/{serviceName}"],
            CreatedAt = now,
            UpdatedAt = now,
            CreatingAt = store.After(store.Timings.LbToCreate),
            ReadyAt = store.After(store.Timings.LbReady),
        };
        state.LoadBalancers.Add(created);
        return created.Id;
    });

    public void RemoveForService(string clusterId, string serviceNamespace, string serviceName) => store.Write(state =>
    {
        foreach (var lb in state.LoadBalancers.Where(lb => lb.ClusterId == clusterId && lb.ServiceNamespace == serviceNamespace && lb.ServiceName == serviceName))
        {
            lb.RecreateWhenGone = false;
            if (lb.DeletingSince is null)
            {
                lb.DeletingSince = store.Now;
                lb.GoneAt = store.After(store.Timings.LbDelete);
            }
        }
    });

    /// <summary>The cloud controller's answer to an LB deleted under its Service: the same LB again, with a new id and address.</summary>
    internal LoadBalancerRecord Recreate(LoadBalancerRecord gone)
    {
        var now = store.Now;
        return new LoadBalancerRecord
        {
            Id = ScalewayFormat.NewId(),
            Zone = gone.Zone,
            Region = gone.Region,
            ProjectId = gone.ProjectId,
            Name = gone.Name,
            Description = gone.Description,
            ClusterId = gone.ClusterId,
            ServiceNamespace = gone.ServiceNamespace,
            ServiceName = gone.ServiceName,
            IpId = ScalewayFormat.NewId(),
            IpAddress = gone.IpAddress,
            Type = gone.Type,
            Tags = gone.Tags,
            CreatedAt = now,
            UpdatedAt = now,
            CreatingAt = store.After(store.Timings.LbToCreate),
            ReadyAt = store.After(store.Timings.LbReady),
        };
    }

    private IResult ListLoadBalancers(HttpContext context)
    {
        var zone = ScalewayRoutes.Route(context, "zone");
        var query = new ListQuery(context.Request.Query);
        var now = store.Now;
        return store.Read(state =>
        {
            var candidates = state.LoadBalancers.Where(lb => lb.Zone == zone && ResourceStatus.LoadBalancer(lb, now) is not null);
            var (items, total) = query.Apply(candidates, lb => lb.Name, lb => lb.Tags, lb => lb.CreatedAt, lb => lb.ProjectId);
            return ScalewayRoutes.Json(ScalewayRoutes.List("lbs", items.Select(Render), total));
        });
    }

    private IResult Delete(HttpContext context)
    {
        var releaseIp = context.Request.Query["release_ip"].FirstOrDefault();
        if (releaseIp is not (null or "true" or "false"))
        {
            throw ScalewayErrors.InvalidArgument("release_ip", "format", "- release_ip must be true or false\n");
        }

        return store.Write(state =>
        {
            var lb = Find(state, context);
            if (lb.DeletingSince is not null)
            {
                throw ScalewayErrors.TransientState("lb", lb.Id, "to_delete");
            }

            lb.DeletingSince = store.Now;
            lb.GoneAt = store.After(store.Timings.LbDelete);
            lb.UpdatedAt = store.Now;
            // The LB belongs to the cluster's cloud controller: while its Service exists, a new one replaces it.
            lb.RecreateWhenGone = state.Clusters.Any(c => c.Id == lb.ClusterId && c.DeletingSince is null);
            return ScalewayRoutes.NoContent();
        });
    }

    private LoadBalancerRecord Find(ScalewayState state, HttpContext context)
    {
        var id = ScalewayRoutes.Route(context, "id");
        var zone = ScalewayRoutes.Route(context, "zone");
        var lb = state.LoadBalancers.FirstOrDefault(candidate => candidate.Id == id && candidate.Zone == zone);
        return lb is not null && ResourceStatus.LoadBalancer(lb, store.Now) is not null ? lb : throw ScalewayErrors.LbNotFound("lbs");
    }

    private JsonObject Render(LoadBalancerRecord lb)
    {
        var status = ResourceStatus.LoadBalancer(lb, store.Now) ?? throw ScalewayErrors.LbNotFound("lbs");
        var instanceStatus = status is "ready" ? "ready" : "pending";
        return new JsonObject
        {
            ["id"] = lb.Id,
            ["name"] = lb.Name,
            ["description"] = lb.Description,
            ["status"] = status,
            ["instances"] = new JsonArray(new JsonObject
            {
                ["id"] = ScalewayFormat.DerivedId(lb.Id + "/instance"),
                ["status"] = instanceStatus,
                ["ip_address"] = "",
                ["created_at"] = ScalewayFormat.Timestamp(lb.CreatedAt),
                ["updated_at"] = ScalewayFormat.Timestamp(lb.UpdatedAt),
                ["region"] = lb.Region,
                ["zone"] = lb.Zone,
            }),
            ["organization_id"] = identity.OrganizationId,
            ["project_id"] = lb.ProjectId,
            ["ip"] = new JsonArray(new JsonObject
            {
                ["id"] = lb.IpId,
                ["ip_address"] = lb.IpAddress,
                ["organization_id"] = identity.OrganizationId,
                ["project_id"] = lb.ProjectId,
                ["lb_id"] = lb.Id,
                ["reverse"] = $"{lb.IpAddress.Replace('.', '-')}.lb.{lb.Region}.scw.cloud",
                ["tags"] = new JsonArray(),
                ["region"] = lb.Region,
                ["zone"] = lb.Zone,
            }),
            ["tags"] = ScalewayFormat.Strings(lb.Tags),
            ["frontend_count"] = 1,
            ["backend_count"] = 1,
            ["type"] = lb.Type,
            ["subscriber"] = null,
            ["ssl_compatibility_level"] = "ssl_compatibility_level_intermediate",
            ["created_at"] = ScalewayFormat.Timestamp(lb.CreatedAt),
            ["updated_at"] = ScalewayFormat.Timestamp(lb.UpdatedAt),
            ["private_network_count"] = 0,
            ["route_count"] = 0,
            ["region"] = lb.Region,
            ["zone"] = lb.Zone,
        };
    }

    private static string RegionOf(string zone) => zone[..zone.LastIndexOf('-')];
}
