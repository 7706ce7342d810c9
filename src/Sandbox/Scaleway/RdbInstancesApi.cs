using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CoderBootstrap.Sandbox.Scaleway.Model;
using Microsoft.AspNetCore.Http;

namespace CoderBootstrap.Sandbox.Scaleway;

/// <summary>Managed database instances, their endpoints and certificate, and the node-type and engine catalogs.</summary>
internal sealed class RdbInstancesApi(RdbResources rdb)
{
    public void Map(ScalewayRoutes routes)
    {
        routes.Map("GET", RdbResources.Base + "/node-types", "rdb.node_types.list", context =>
            ScalewayRoutes.Json(RdbCatalog.RenderNodeTypes(ScalewayRoutes.Route(context, "region"), new ListQuery(context.Request.Query))));
        routes.Map("GET", RdbResources.Base + "/database-engines", "rdb.engines.list", context =>
            ScalewayRoutes.Json(RdbCatalog.RenderEngines(ScalewayRoutes.Route(context, "region"), new ListQuery(context.Request.Query))));
        routes.Map("GET", RdbResources.Base + "/instances", "rdb.instances.list", ListInstances);
        routes.Map("POST", RdbResources.Base + "/instances", "rdb.instances.create", CreateInstanceAsync);
        routes.Map("GET", RdbResources.Base + "/instances/{id}", "rdb.instances.get", context => rdb.Store.Read(state => ScalewayRoutes.Json(rdb.RenderInstance(rdb.FindInstance(state, context)))));
        routes.Map("PATCH", RdbResources.Base + "/instances/{id}", "rdb.instances.update", UpdateInstanceAsync);
        routes.Map("DELETE", RdbResources.Base + "/instances/{id}", "rdb.instances.delete", DeleteInstance);
        routes.Map("GET", RdbResources.Base + "/instances/{id}/certificate", "rdb.instances.certificate", context =>
        {
            rdb.Store.Read(state => rdb.FindInstance(state, context));
            return ScalewayRoutes.Json(new JsonObject
            {
                ["name"] = "ssl_certificate",
                ["content_type"] = "application/x-pem-file",
                ["content"] = Convert.ToBase64String(Encoding.ASCII.GetBytes(rdb.Certificate.Pem)),
            });
        });
        routes.Map("POST", RdbResources.Base + "/instances/{id}/endpoints", "rdb.endpoints.create", CreateEndpointAsync);
        routes.Map("GET", RdbResources.Base + "/endpoints/{endpoint}", "rdb.endpoints.get", GetEndpoint);
        routes.Map("DELETE", RdbResources.Base + "/endpoints/{endpoint}", "rdb.endpoints.delete", DeleteEndpoint);
    }

    private IResult ListInstances(HttpContext context)
    {
        var region = ScalewayRoutes.Route(context, "region");
        var query = new ListQuery(context.Request.Query);
        var now = rdb.Store.Now;
        return rdb.Store.Read(state =>
        {
            var candidates = state.RdbInstances.Where(i => i.Region == region && ResourceStatus.RdbInstance(i, now) is not null);
            var (items, total) = query.Apply(candidates, i => i.Name, i => i.Tags, i => i.CreatedAt, i => i.ProjectId);
            return ScalewayRoutes.Json(ScalewayRoutes.List("instances", items.Select(rdb.RenderInstance), total));
        });
    }

    private async Task<IResult> CreateInstanceAsync(HttpContext context)
    {
        var region = ScalewayRoutes.Route(context, "region");
        var body = await RequestBody.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        var name = body.RequiredString("name");
        var engine = body.RequiredString("engine");
        if (!RdbCatalog.IsKnownEngine(engine))
        {
            throw ScalewayErrors.InvalidArgument("engine", "constraint", $"- engine {engine} is not available\n");
        }

        var userName = body.RequiredString("user_name");
        RdbResources.ValidateUserName("user_name", userName);
        var password = body.RequiredString("password");
        RdbResources.ValidatePassword("password", password);
        var nodeType = body.RequiredString("node_type").ToLowerInvariant();
        if (!RdbCatalog.IsKnownNodeType(nodeType))
        {
            throw ScalewayErrors.InvalidArgument("node_type", "constraint", $"- node type {nodeType} does not exist\n");
        }

        var volumeType = body.String("volume_type") ?? "lssd";
        if (volumeType is not ("lssd" or "bssd" or "sbs_5k" or "sbs_15k"))
        {
            throw ScalewayErrors.InvalidArgument("volume_type", "constraint", "- volume_type must be lssd, bssd, sbs_5k or sbs_15k\n");
        }

        var volumeSize = body.Integer("volume_size") is { } size and > 0 ? size : 5_000_000_000;
        var projectId = body.String("project_id") ?? rdb.Identity.ProjectId;
        var endpointSpecs = (body.Array("init_endpoints") ?? []).Select((node, index) => node as JsonObject
            ?? throw ScalewayErrors.InvalidArgument($"init_endpoints.{index}", "format", "- invalid: Invalid type. Expected: object\n")).ToList();
        var highAvailability = body.Boolean("is_ha_cluster") ?? (body.String("high_availability_mode") is { } mode && mode != "disabled");
        var backupDisabled = body.Boolean("disable_backup") ?? false;
        var tags = body.StringList("tags") ?? [];
        var now = rdb.Store.Now;
        var id = ScalewayFormat.NewId();

        var endpoints = rdb.Store.Read(state =>
        {
            rdb.Quotas.CheckDatabaseInstances(state.RdbInstances.Count(i => i.ProjectId == projectId && ResourceStatus.RdbInstance(i, now) is not null));
            return endpointSpecs.Count == 0
                ? [new RdbEndpointRecord(ScalewayFormat.NewId(), null, null, now)]
                : endpointSpecs.Select((spec, index) => NewEndpoint(state, region, spec, $"init_endpoints.{index}", now)).ToList();
        });

        var backed = rdb.Postgres is not null && engine.StartsWith("PostgreSQL", StringComparison.OrdinalIgnoreCase);
        if (backed)
        {
            await (await rdb.ServerOfAsync(id, context.RequestAborted).ConfigureAwait(false)).EnsureRoleAsync(userName, password, admin: true, context.RequestAborted).ConfigureAwait(false);
            await (await rdb.ServerOfAsync(id, context.RequestAborted).ConfigureAwait(false)).EnsureDatabaseAsync("rdb", userName, context.RequestAborted).ConfigureAwait(false);
        }

        var instance = new RdbInstanceRecord
        {
            Id = id,
            Region = region,
            ProjectId = projectId,
            Name = name,
            Engine = RdbEngineName(engine),
            NodeType = nodeType,
            IsHaCluster = highAvailability,
            BackupDisabled = backupDisabled,
            Tags = tags,
            VolumeType = volumeType,
            VolumeSize = volumeSize,
            CreatedAt = now,
            UpdatedAt = now,
            ProvisionedAt = rdb.Store.After(rdb.Store.Timings.RdbProvisioning),
            ReadyAt = rdb.Store.After(rdb.Store.Timings.RdbReady),
            Endpoints = endpoints,
            Users = [new RdbUserRecord(userName, true)],
            Databases = [new RdbDatabaseRecord("rdb", now)],
            BackedByPostgres = backed,
        };
        rdb.Store.Write(state => state.RdbInstances.Add(instance));
        return ScalewayRoutes.Json(rdb.RenderInstance(instance));
    }

    private async Task<IResult> UpdateInstanceAsync(HttpContext context)
    {
        var body = await RequestBody.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        var name = body.String("name");
        var tags = body.StringList("tags");
        var backupDisabled = body.Boolean("is_backup_schedule_disabled");
        return rdb.Store.Write(state =>
        {
            var instance = rdb.FindInstance(state, context);
            if (instance.DeletingSince is not null)
            {
                throw ScalewayErrors.TransientState("instance", instance.Id, "deleting");
            }

            instance.Name = name ?? instance.Name;
            instance.Tags = tags ?? instance.Tags;
            instance.BackupDisabled = backupDisabled ?? instance.BackupDisabled;
            instance.UpdatedAt = rdb.Store.Now;
            return ScalewayRoutes.Json(rdb.RenderInstance(instance));
        });
    }

    private IResult DeleteInstance(HttpContext context) => rdb.Store.Write(state =>
    {
        var instance = rdb.FindInstance(state, context);
        if (instance.DeletingSince is not null)
        {
            throw ScalewayErrors.TransientState("instance", instance.Id, "deleting");
        }

        instance.DeletingSince = rdb.Store.Now;
        instance.GoneAt = rdb.Store.After(rdb.Store.Timings.RdbDelete);
        return ScalewayRoutes.Json(rdb.RenderInstance(instance));
    });

    private async Task<IResult> CreateEndpointAsync(HttpContext context)
    {
        var body = await RequestBody.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        var spec = body.Object("endpoint_spec") ?? throw ScalewayErrors.InvalidArgument("endpoint_spec", "required", "- required: this field is required\n");
        return rdb.Store.Write(state =>
        {
            var instance = rdb.FindInstance(state, context);
            rdb.RequireReady(instance);
            var until = rdb.Store.After(rdb.Store.Timings.RdbEndpointAdd);
            var endpoint = NewEndpoint(state, instance.Region, spec, "endpoint_spec", rdb.Store.Now) with { ActiveFrom = until };
            instance.Endpoints.Add(endpoint);
            instance.TransientStatus = "initializing";
            instance.TransientUntil = until;
            // The real API answers before the endpoint is provisioned: an endpoint without id or port.
            return ScalewayRoutes.Json(new JsonObject { ["id"] = "", ["name"] = null, ["port"] = 0 });
        });
    }

    private IResult GetEndpoint(HttpContext context) => rdb.Store.Read(state =>
    {
        var (instance, endpoint) = FindEndpoint(state, context);
        return ScalewayRoutes.Json(rdb.RenderEndpoint(instance, endpoint));
    });

    private IResult DeleteEndpoint(HttpContext context) => rdb.Store.Write(state =>
    {
        var (instance, endpoint) = FindEndpoint(state, context);
        rdb.RequireReady(instance);
        var until = rdb.Store.After(rdb.Store.Timings.RdbEndpointRemove);
        instance.Endpoints[instance.Endpoints.IndexOf(endpoint)] = endpoint with { RemovedAt = until };
        instance.TransientStatus = "configuring";
        instance.TransientUntil = until;
        return ScalewayRoutes.NoContent();
    });

    private RdbEndpointRecord NewEndpoint(ScalewayState state, string region, JsonObject spec, string argument, DateTimeOffset now)
    {
        if (spec["load_balancer"] is not null)
        {
            return new RdbEndpointRecord(ScalewayFormat.NewId(), null, null, now);
        }

        if (spec["private_network"] is not JsonObject privateNetwork)
        {
            throw ScalewayErrors.InvalidArgument(argument, "required", "- one of load_balancer or private_network is required\n");
        }

        var body = new RequestBody(privateNetwork);
        var networkId = body.RequiredString("private_network_id");
        var network = state.PrivateNetworks.FirstOrDefault(pn => pn.Id == networkId && pn.Region == region) ?? throw ScalewayErrors.NotFound("private_network", networkId);
        var serviceIp = body.String("service_ip");
        var provisioningMode = serviceIp is null ? "ipam" : "static";
        if (serviceIp is null)
        {
            var subnet = network.Subnets.Select(s => IPNetwork.Parse(s.Subnet)).First(s => s.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork);
            var used = state.RdbInstances.SelectMany(i => i.Endpoints).Count(e => e.PrivateNetworkId == networkId);
            var bytes = subnet.BaseAddress.GetAddressBytes();
            var host = BitConverter.ToUInt32([bytes[3], bytes[2], bytes[1], bytes[0]]) + 2 + (uint)used;
            var address = new IPAddress([(byte)(host >> 24), (byte)(host >> 16), (byte)(host >> 8), (byte)host]);
            serviceIp = $"{address}/{subnet.PrefixLength}";
        }
        else if (!IPNetwork.TryParse(serviceIp, out _))
        {
            throw ScalewayErrors.InvalidArgument(argument + ".private_network.service_ip", "format", "- service_ip must be a CIDR\n");
        }

        return new RdbEndpointRecord(ScalewayFormat.NewId(), networkId, serviceIp, now, provisioningMode);
    }

    private (RdbInstanceRecord Instance, RdbEndpointRecord Endpoint) FindEndpoint(ScalewayState state, HttpContext context)
    {
        var id = ScalewayRoutes.Route(context, "endpoint");
        foreach (var instance in state.RdbInstances.Where(i => ResourceStatus.RdbInstance(i, rdb.Store.Now) is not null))
        {
            if (instance.Endpoints.FirstOrDefault(e => e.Id == id && !e.IsRemoved) is { } endpoint)
            {
                return (instance, endpoint);
            }
        }

        throw ScalewayErrors.NotFound("endpoint", id);
    }

    private static string RdbEngineName(string engine)
    {
        var dash = engine.LastIndexOf('-');
        var family = engine[..dash];
        return (family.Equals("postgresql", StringComparison.OrdinalIgnoreCase) ? "PostgreSQL" : "MySQL") + engine[dash..];
    }
}
