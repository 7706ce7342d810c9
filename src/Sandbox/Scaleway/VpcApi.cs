using System.Text.Json.Nodes;
using CoderBootstrap.Sandbox.Scaleway.Model;
using Microsoft.AspNetCore.Http;

namespace CoderBootstrap.Sandbox.Scaleway;

/// <summary><c>/vpc/v2/regions/{region}</c>: VPCs and private networks.</summary>
public sealed class VpcApi(ScalewayStore store, ScalewayIdentity identity)
{
    private const string Base = "/vpc/v2/regions/{region}";

    public void Map(ScalewayRoutes routes)
    {
        routes.Map("GET", Base + "/vpcs", "vpc.vpcs.list", ListVpcs);
        routes.Map("POST", Base + "/vpcs", "vpc.vpcs.create", CreateVpcAsync);
        routes.Map("GET", Base + "/vpcs/{id}", "vpc.vpcs.get", context => ScalewayRoutes.Json(Render(FindVpc(context))));
        routes.Map("PATCH", Base + "/vpcs/{id}", "vpc.vpcs.update", UpdateVpcAsync);
        routes.Map("DELETE", Base + "/vpcs/{id}", "vpc.vpcs.delete", DeleteVpc);
        routes.Map("GET", Base + "/private-networks", "vpc.private_networks.list", ListPrivateNetworks);
        routes.Map("POST", Base + "/private-networks", "vpc.private_networks.create", CreatePrivateNetworkAsync);
        routes.Map("GET", Base + "/private-networks/{id}", "vpc.private_networks.get", context => ScalewayRoutes.Json(Render(FindPrivateNetwork(context))));
        routes.Map("PATCH", Base + "/private-networks/{id}", "vpc.private_networks.update", UpdatePrivateNetworkAsync);
        routes.Map("DELETE", Base + "/private-networks/{id}", "vpc.private_networks.delete", DeletePrivateNetwork);
    }

    private IResult ListVpcs(HttpContext context)
    {
        var region = ScalewayRoutes.Route(context, "region");
        var query = new ListQuery(context.Request.Query);
        var isDefault = query.Get("is_default");
        return store.Read(state =>
        {
            var candidates = state.Vpcs.Where(vpc => vpc.Region == region && (isDefault is null || vpc.IsDefault.ToString().Equals(isDefault, StringComparison.OrdinalIgnoreCase)));
            var (items, total) = query.Apply(candidates, vpc => vpc.Name, vpc => vpc.Tags, vpc => vpc.CreatedAt, vpc => vpc.ProjectId);
            return ScalewayRoutes.Json(ScalewayRoutes.List("vpcs", items.Select(vpc => Render(vpc, state)), total));
        });
    }

    private async Task<IResult> CreateVpcAsync(HttpContext context)
    {
        var region = ScalewayRoutes.Route(context, "region");
        var body = await RequestBody.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        var name = body.String("name") is { Length: > 0 } given ? given : $"vpc-{Guid.NewGuid().ToString("N")[..8]}";
        var vpc = new VpcRecord
        {
            Id = ScalewayFormat.NewId(),
            Region = region,
            ProjectId = body.String("project_id") ?? identity.ProjectId,
            Name = name,
            Tags = body.StringList("tags") ?? [],
            RoutingEnabled = body.Boolean("enable_routing") ?? true,
            CreatedAt = store.Now,
            UpdatedAt = store.Now,
        };
        return store.Write(state =>
        {
            state.Vpcs.Add(vpc);
            return ScalewayRoutes.Json(Render(vpc, state));
        });
    }

    private async Task<IResult> UpdateVpcAsync(HttpContext context)
    {
        var body = await RequestBody.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        var id = ScalewayRoutes.Route(context, "id");
        var region = ScalewayRoutes.Route(context, "region");
        var name = body.String("name");
        var tags = body.StringList("tags");
        return store.Write(state =>
        {
            var vpc = state.Vpcs.FirstOrDefault(v => v.Id == id && v.Region == region) ?? throw ScalewayErrors.NotFound("vpc", id);
            vpc.Name = name ?? vpc.Name;
            vpc.Tags = tags ?? vpc.Tags;
            vpc.UpdatedAt = store.Now;
            return ScalewayRoutes.Json(Render(vpc, state));
        });
    }

    private IResult DeleteVpc(HttpContext context)
    {
        var id = ScalewayRoutes.Route(context, "id");
        var region = ScalewayRoutes.Route(context, "region");
        return store.Write(state =>
        {
            var vpc = state.Vpcs.FirstOrDefault(v => v.Id == id && v.Region == region) ?? throw ScalewayErrors.NotFound("vpc", id);
            if (state.PrivateNetworks.Any(pn => pn.VpcId == id))
            {
                throw ScalewayErrors.TransientState("vpc", id, "has_private_networks");
            }

            state.Vpcs.Remove(vpc);
            return ScalewayRoutes.NoContent();
        });
    }

    private IResult ListPrivateNetworks(HttpContext context)
    {
        var region = ScalewayRoutes.Route(context, "region");
        var query = new ListQuery(context.Request.Query);
        var vpcId = query.Get("vpc_id");
        return store.Read(state =>
        {
            var candidates = state.PrivateNetworks.Where(pn => pn.Region == region && (vpcId is null || pn.VpcId == vpcId));
            var (items, total) = query.Apply(candidates, pn => pn.Name, pn => pn.Tags, pn => pn.CreatedAt, pn => pn.ProjectId);
            return ScalewayRoutes.Json(ScalewayRoutes.List("private_networks", items.Select(Render), total));
        });
    }

    private async Task<IResult> CreatePrivateNetworkAsync(HttpContext context)
    {
        var region = ScalewayRoutes.Route(context, "region");
        var body = await RequestBody.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        var projectId = body.String("project_id") ?? identity.ProjectId;
        var requestedSubnets = body.StringList("subnets") ?? [];
        foreach (var subnet in requestedSubnets)
        {
            if (!System.Net.IPNetwork.TryParse(subnet, out _))
            {
                throw ScalewayErrors.InvalidArgument("subnets", "format", $"- invalid CIDR '{subnet}'\n");
            }
        }

        return store.Write(state =>
        {
            VpcRecord vpc;
            if (body.String("vpc_id") is { } vpcId)
            {
                vpc = state.Vpcs.FirstOrDefault(v => v.Id == vpcId && v.Region == region) ?? throw ScalewayErrors.NotFound("vpc", vpcId);
            }
            else
            {
                vpc = state.Vpcs.FirstOrDefault(v => v.IsDefault && v.Region == region && v.ProjectId == projectId) ?? CreateDefaultVpc(state, region, projectId);
            }

            var id = ScalewayFormat.NewId();
            var index = state.PrivateNetworks.Count(pn => pn.VpcId == vpc.Id);
            var subnets = requestedSubnets.Count > 0
                ? requestedSubnets
                : [$"172.16.{(index * 4) % 256}.0/22", $"fd63:256c:45f7:{index + 1:x4}::/64"];
            var network = new PrivateNetworkRecord
            {
                Id = id,
                Region = region,
                ProjectId = projectId,
                VpcId = vpc.Id,
                Name = body.String("name") is { Length: > 0 } name ? name : $"pn-{Guid.NewGuid().ToString("N")[..8]}",
                Tags = body.StringList("tags") ?? [],
                Subnets = subnets.Select(subnet => new SubnetRecord(ScalewayFormat.NewId(), subnet)).ToList(),
                CreatedAt = store.Now,
                UpdatedAt = store.Now,
            };
            state.PrivateNetworks.Add(network);
            return ScalewayRoutes.Json(Render(network));
        });
    }

    private async Task<IResult> UpdatePrivateNetworkAsync(HttpContext context)
    {
        var body = await RequestBody.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        var id = ScalewayRoutes.Route(context, "id");
        var region = ScalewayRoutes.Route(context, "region");
        var name = body.String("name");
        var tags = body.StringList("tags");
        return store.Write(state =>
        {
            var network = state.PrivateNetworks.FirstOrDefault(pn => pn.Id == id && pn.Region == region) ?? throw ScalewayErrors.NotFound("private_network", id);
            network.Name = name ?? network.Name;
            network.Tags = tags ?? network.Tags;
            network.UpdatedAt = store.Now;
            return ScalewayRoutes.Json(Render(network));
        });
    }

    private IResult DeletePrivateNetwork(HttpContext context)
    {
        var id = ScalewayRoutes.Route(context, "id");
        var region = ScalewayRoutes.Route(context, "region");
        var now = store.Now;
        return store.Write(state =>
        {
            var network = state.PrivateNetworks.FirstOrDefault(pn => pn.Id == id && pn.Region == region) ?? throw ScalewayErrors.NotFound("private_network", id);
            var usedByCluster = state.Clusters.Any(cluster => cluster.PrivateNetworkId == id && ResourceStatus.Cluster(cluster, state.Pools, now) is not null);
            // A database instance being deleted no longer holds its private network (the recordings delete both in that order).
            var usedByDatabase = state.RdbInstances.Any(instance => instance.Endpoints.Any(endpoint => endpoint.PrivateNetworkId == id && !endpoint.IsRemoved) && instance.DeletingSince is null);
            if (usedByCluster || usedByDatabase)
            {
                throw ScalewayErrors.TransientState("private_network", id, "attached");
            }

            if (ReleasingUntil(state, network, now) > now)
            {
                // Right after a cluster or database left it, the network is still being released.
                throw ScalewayErrors.TransientState("private_network", id, "releasing");
            }

            state.PrivateNetworks.Remove(network);
            return ScalewayRoutes.NoContent();
        });
    }

    /// <summary>
    /// Until the lifecycle monitor has purged a cluster or database that finished deleting, the
    /// window it would set is computed here from the same moment, so the answer never depends on
    /// whether the monitor has run yet.
    /// </summary>
    private DateTimeOffset ReleasingUntil(ScalewayState state, PrivateNetworkRecord network, DateTimeOffset now)
    {
        var window = store.Scaled(store.Timings.PrivateNetworkRelease);
        var goneNotPurged = state.Clusters.Where(c => c.PrivateNetworkId == network.Id).Select(c => c.GoneAt)
            .Concat(state.RdbInstances.Where(i => i.Endpoints.Any(e => e.PrivateNetworkId == network.Id)).Select(i => i.GoneAt))
            .OfType<DateTimeOffset>()
            .Where(gone => gone <= now)
            .Select(gone => gone + window);
        return goneNotPurged.Append(network.ReleasingUntil ?? DateTimeOffset.MinValue).Max();
    }

    private VpcRecord CreateDefaultVpc(ScalewayState state, string region, string projectId)
    {
        var vpc = new VpcRecord
        {
            Id = ScalewayFormat.NewId(),
            Region = region,
            ProjectId = projectId,
            Name = "default",
            IsDefault = true,
            CreatedAt = store.Now,
            UpdatedAt = store.Now,
        };
        state.Vpcs.Add(vpc);
        return vpc;
    }

    private VpcRecord FindVpc(HttpContext context)
    {
        var id = ScalewayRoutes.Route(context, "id");
        var region = ScalewayRoutes.Route(context, "region");
        return store.Read(state => state.Vpcs.FirstOrDefault(v => v.Id == id && v.Region == region)) ?? throw ScalewayErrors.NotFound("vpc", id);
    }

    private PrivateNetworkRecord FindPrivateNetwork(HttpContext context)
    {
        var id = ScalewayRoutes.Route(context, "id");
        var region = ScalewayRoutes.Route(context, "region");
        return store.Read(state => state.PrivateNetworks.FirstOrDefault(pn => pn.Id == id && pn.Region == region)) ?? throw ScalewayErrors.NotFound("private_network", id);
    }

    private JsonObject Render(VpcRecord vpc) => store.Read(state => Render(vpc, state));

    private JsonObject Render(VpcRecord vpc, ScalewayState state) => new()
    {
        ["id"] = vpc.Id,
        ["name"] = vpc.Name,
        ["tags"] = ScalewayFormat.Strings(vpc.Tags),
        ["organization_id"] = identity.OrganizationId,
        ["created_at"] = ScalewayFormat.Timestamp(vpc.CreatedAt),
        ["updated_at"] = ScalewayFormat.Timestamp(vpc.UpdatedAt),
        ["project_id"] = vpc.ProjectId,
        ["is_default"] = vpc.IsDefault,
        ["private_network_count"] = state.PrivateNetworks.Count(pn => pn.VpcId == vpc.Id),
        ["routing_enabled"] = vpc.RoutingEnabled,
        ["custom_routes_propagation_enabled"] = true,
        ["transitivity_enabled"] = false,
        ["s3_integration_enabled"] = false,
        ["region"] = vpc.Region,
    };

    private JsonObject Render(PrivateNetworkRecord network) => new()
    {
        ["id"] = network.Id,
        ["name"] = network.Name,
        ["tags"] = ScalewayFormat.Strings(network.Tags),
        ["organization_id"] = identity.OrganizationId,
        ["created_at"] = ScalewayFormat.Timestamp(network.CreatedAt),
        ["updated_at"] = ScalewayFormat.Timestamp(network.UpdatedAt),
        ["project_id"] = network.ProjectId,
        ["subnets"] = new JsonArray(network.Subnets.Select(subnet => (JsonNode?)new JsonObject
        {
            ["id"] = subnet.Id,
            ["created_at"] = ScalewayFormat.Timestamp(network.CreatedAt),
            ["updated_at"] = ScalewayFormat.Timestamp(network.UpdatedAt),
            ["subnet"] = subnet.Subnet,
            ["project_id"] = network.ProjectId,
            ["private_network_id"] = network.Id,
            ["vpc_id"] = network.VpcId,
            ["region"] = network.Region,
        }).ToArray()),
        ["vpc_id"] = network.VpcId,
        ["dhcp_enabled"] = true,
        ["has_s3_integration"] = false,
        ["default_route_propagation_enabled"] = false,
        ["region"] = network.Region,
    };
}
