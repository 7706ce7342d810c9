using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CoderBootstrap.Sandbox.Core;
using CoderBootstrap.Sandbox.Scaleway.Model;
using Microsoft.AspNetCore.Http;

namespace CoderBootstrap.Sandbox.Scaleway;

/// <summary><c>/k8s/v1/regions/{region}</c>: Kapsule clusters, pools, nodes, versions and kubeconfigs.</summary>
public sealed class KapsuleApi(ScalewayStore store, ScalewayIdentity identity, ISandboxKubernetes kubernetes, ScalewayQuotas quotas)
{
    private const string Base = "/k8s/v1/regions/{region}";

    private readonly ConcurrentDictionary<string, string> _serverUrls = new(StringComparer.Ordinal);

    public void Map(ScalewayRoutes routes)
    {
        routes.Map("GET", Base + "/versions", "k8s.versions.list", context =>
            ScalewayRoutes.Json(new JsonObject { ["versions"] = new JsonArray(KapsuleCatalog.Versions.Select(v => (JsonNode?)KapsuleCatalog.RenderVersion(v, ScalewayRoutes.Route(context, "region"))).ToArray()) }));
        routes.Map("GET", Base + "/versions/{name}", "k8s.versions.get", context =>
        {
            var name = ScalewayRoutes.Route(context, "name");
            return KapsuleCatalog.Versions.Contains(name)
                ? ScalewayRoutes.Json(KapsuleCatalog.RenderVersion(name, ScalewayRoutes.Route(context, "region")))
                : throw ScalewayErrors.NotFound("version", name);
        });
        routes.Map("GET", Base + "/clusters", "k8s.clusters.list", ListClusters);
        routes.Map("POST", Base + "/clusters", "k8s.clusters.create", CreateClusterAsync);
        routes.Map("GET", Base + "/clusters/{id}", "k8s.clusters.get", context => store.Read(state => ScalewayRoutes.Json(Render(FindCluster(state, context), state))));
        routes.Map("PATCH", Base + "/clusters/{id}", "k8s.clusters.update", UpdateClusterAsync);
        routes.Map("DELETE", Base + "/clusters/{id}", "k8s.clusters.delete", DeleteCluster);
        routes.Map("GET", Base + "/clusters/{id}/kubeconfig", "k8s.clusters.kubeconfig", GetKubeconfig);
        routes.Map("POST", Base + "/clusters/{id}/reset-admin-token", "k8s.clusters.reset_admin_token", ResetAdminToken);
        routes.Map("GET", Base + "/clusters/{id}/pools", "k8s.pools.list", ListPools);
        routes.Map("POST", Base + "/clusters/{id}/pools", "k8s.pools.create", CreatePoolAsync);
        routes.Map("GET", Base + "/clusters/{id}/nodes", "k8s.nodes.list", ListNodes);
        routes.Map("GET", Base + "/pools/{id}", "k8s.pools.get", context => store.Read(state => ScalewayRoutes.Json(Render(FindPool(state, context)))));
        routes.Map("PATCH", Base + "/pools/{id}", "k8s.pools.update", UpdatePoolAsync);
        routes.Map("PUT", Base + "/pools/{id}/set-labels", "k8s.pools.set_labels", SetPoolLabelsAsync);
        routes.Map("DELETE", Base + "/pools/{id}", "k8s.pools.delete", DeletePool);
    }

    /// <summary>The API server URL of a cluster, registering it with the Kubernetes emulation on first use (also after a restart).</summary>
    public string ServerUrl(ClusterRecord cluster) =>
        _serverUrls.GetOrAdd(cluster.Id, _ => kubernetes.RegisterCluster(cluster.Id, cluster.Name, cluster.AdminToken, cluster.Version));

    /// <summary>
    /// Replaces the cluster's static admin token: the old one is refused from now on (kubeconfigs holding it
    /// must be downloaded again); the API server's address does not change. Answers <c>{}</c>, as Kapsule does.
    /// </summary>
    private IResult ResetAdminToken(HttpContext context)
    {
        var adminToken = NewAdminToken();
        var cluster = store.Write(state =>
        {
            var cluster = FindCluster(state, context);
            if (cluster.DeletingSince is not null)
            {
                throw ScalewayErrors.TransientState("cluster", cluster.Id, "deleting");
            }

            cluster.AdminToken = adminToken;
            return cluster;
        });
        kubernetes.RegisterCluster(cluster.Id, cluster.Name, adminToken, cluster.Version);
        return ScalewayRoutes.Json(new JsonObject());
    }

    private static string NewAdminToken() => Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();

    public void Forget(string clusterId) => _serverUrls.TryRemove(clusterId, out _);

    private IResult ListClusters(HttpContext context)
    {
        var region = ScalewayRoutes.Route(context, "region");
        var query = new ListQuery(context.Request.Query);
        var status = query.EnumFilter("status", "unknown");
        var privateNetwork = query.Get("private_network_id");
        var now = store.Now;
        return store.Read(state =>
        {
            var candidates = state.Clusters.Where(cluster => cluster.Region == region && ResourceStatus.Cluster(cluster, state.Pools, now) is { } current
                && (status is null || current == status) && (privateNetwork is null || cluster.PrivateNetworkId == privateNetwork));
            var (items, total) = query.Apply(candidates, c => c.Name, c => c.Tags, c => c.CreatedAt, c => c.ProjectId);
            return ScalewayRoutes.Json(ScalewayRoutes.List("clusters", items.Select(cluster => Render(cluster, state)), total));
        });
    }

    private async Task<IResult> CreateClusterAsync(HttpContext context)
    {
        var region = ScalewayRoutes.Route(context, "region");
        var body = await RequestBody.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        var name = body.RequiredString("name");
        var version = body.RequiredString("version");
        if (!KapsuleCatalog.IsSupported(version))
        {
            throw ScalewayErrors.InvalidArgument("version", "constraint", $"- version {version} is not available\n");
        }

        var cni = body.String("cni") ?? "cilium";
        if (!KapsuleCatalog.Cnis.Contains(cni))
        {
            throw ScalewayErrors.InvalidArgument("cni", "constraint", $"- cni must be one of {string.Join(", ", KapsuleCatalog.Cnis)}\n");
        }

        var type = body.String("type");
        if (type is not (null or "" or "kapsule"))
        {
            throw ScalewayErrors.InvalidArgument("type", "constraint", "- only kapsule clusters are available in the sandbox\n");
        }

        // New Kapsule clusters must be attached to a private network.
        var privateNetworkId = body.String("private_network_id");
        if (string.IsNullOrEmpty(privateNetworkId))
        {
            throw ScalewayErrors.InvalidArgument("private_network_id", "required", "- private_network_id is required: clusters without a private network are no longer supported\n");
        }

        var poolSpecs = (body.Array("pools") ?? []).Select((node, index) => node is JsonObject obj
            ? PoolSpec.Parse(new RequestBody(obj), $"pools.{index}.")
            : throw ScalewayErrors.InvalidArgument($"pools.{index}", "format", "- invalid: Invalid type. Expected: object\n")).ToList();
        if (poolSpecs.GroupBy(spec => spec.Name).FirstOrDefault(group => group.Count() > 1) is { } duplicate)
        {
            throw ScalewayErrors.InvalidArgument("pools", "constraint", $"- pool name {duplicate.Key} is used twice\n");
        }

        var projectId = body.String("project_id") ?? identity.ProjectId;
        var autoUpgrade = body.Object("auto_upgrade");

        void Validate(ScalewayState state)
        {
            if (!state.PrivateNetworks.Any(pn => pn.Id == privateNetworkId && pn.Region == region))
            {
                throw ScalewayErrors.NotFound("private_network", privateNetworkId);
            }

            var now = store.Now;
            quotas.CheckClusters(state.Clusters.Count(c => c.ProjectId == projectId && ResourceStatus.Cluster(c, state.Pools, now) is not null));
            quotas.CheckNodes(poolSpecs.Sum(spec => spec.Size));
        }

        store.Read(state =>
        {
            Validate(state);
            return true;
        });

        // The Kubernetes emulation learns the cluster before the cluster is visible, so answering
        // a request never has to call into that module while holding the store lock.
        var clusterId = ScalewayFormat.NewId();
        var adminToken = NewAdminToken();
        _serverUrls[clusterId] = kubernetes.RegisterCluster(clusterId, name, adminToken, version);
        try
        {
            var cluster = store.Write(state =>
            {
                Validate(state);
                var now = store.Now;
                var created = new ClusterRecord
                {
                    Id = clusterId,
                    Region = region,
                    ProjectId = projectId,
                    Name = name,
                    Description = body.String("description") ?? "",
                    Tags = body.StringList("tags") ?? [],
                    Version = version,
                    Cni = cni,
                    PrivateNetworkId = privateNetworkId,
                    FeatureGates = body.StringList("feature_gates") ?? [],
                    AdmissionPlugins = body.StringList("admission_plugins") ?? [],
                    ApiserverCertSans = body.StringList("apiserver_cert_sans") ?? [],
                    AutoUpgradeEnabled = autoUpgrade is not null && new RequestBody(autoUpgrade).Boolean("enable") == true,
                    AdminToken = adminToken,
                    CreatedAt = now,
                    UpdatedAt = now,
                    ControlPlaneReadyAt = store.After(store.Timings.ClusterCreate),
                    CreatedWithPools = poolSpecs.Count > 0,
                };
                state.Clusters.Add(created);
                foreach (var spec in poolSpecs)
                {
                    state.Pools.Add(NewPool(created, spec, now));
                }

                return created;
            });
            return store.Read(state => ScalewayRoutes.Json(Render(cluster, state)));
        }
        catch
        {
            Forget(clusterId);
            kubernetes.RemoveCluster(clusterId);
            throw;
        }
    }

    private async Task<IResult> UpdateClusterAsync(HttpContext context)
    {
        var body = await RequestBody.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        var name = body.String("name");
        var description = body.String("description");
        var tags = body.StringList("tags");
        var featureGates = body.StringList("feature_gates");
        var admissionPlugins = body.StringList("admission_plugins");
        var certSans = body.StringList("apiserver_cert_sans");
        var autoUpgrade = body.Object("auto_upgrade") is { } upgrade ? new RequestBody(upgrade).Boolean("enable") : null;
        return store.Write(state =>
        {
            var cluster = FindCluster(state, context);
            RequireNotDeleting(cluster, state);
            cluster.Name = name ?? cluster.Name;
            cluster.Description = description ?? cluster.Description;
            cluster.Tags = tags ?? cluster.Tags;
            cluster.FeatureGates = featureGates ?? cluster.FeatureGates;
            cluster.AdmissionPlugins = admissionPlugins ?? cluster.AdmissionPlugins;
            cluster.ApiserverCertSans = certSans ?? cluster.ApiserverCertSans;
            cluster.AutoUpgradeEnabled = autoUpgrade ?? cluster.AutoUpgradeEnabled;
            cluster.UpdatedAt = store.Now;
            return ScalewayRoutes.Json(Render(cluster, state));
        });
    }

    private IResult DeleteCluster(HttpContext context)
    {
        var withAdditional = context.Request.Query["with_additional_resources"].FirstOrDefault();
        if (withAdditional is not (null or "true" or "false"))
        {
            throw ScalewayErrors.InvalidArgument("with_additional_resources", "format", "- with_additional_resources must be true or false\n");
        }

        return store.Write(state =>
        {
            var cluster = FindCluster(state, context);
            RequireNotDeleting(cluster, state);
            var now = store.Now;
            var goneAt = store.After(store.Timings.ClusterDelete);
            cluster.DeletingSince = now;
            cluster.GoneAt = goneAt;
            cluster.UpdatedAt = now;
            cluster.DeleteAdditionalResources = withAdditional == "true";
            foreach (var pool in state.Pools.Where(p => p.ClusterId == cluster.Id && p.DeletingSince is null))
            {
                pool.DeletingSince = now;
                pool.GoneAt = goneAt;
            }

            return ScalewayRoutes.Json(Render(cluster, state));
        });
    }

    private IResult GetKubeconfig(HttpContext context)
    {
        var cluster = store.Read(state => FindCluster(state, context));
        var redacted = context.Request.Query["redacted"].FirstOrDefault() == "true";
        var yaml = Kubeconfig(cluster, ServerUrl(cluster), redacted ? "REDACTED_TOKEN" : cluster.AdminToken, kubernetes.CertificateAuthorityData);
        if (context.Request.Query["dl"].FirstOrDefault() is "1" or "true")
        {
            return Results.Text(yaml, "application/octet-stream", Encoding.UTF8);
        }

        return ScalewayRoutes.Json(new JsonObject
        {
            ["name"] = "kubeconfig",
            ["content_type"] = "application/octet-stream",
            ["content"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(yaml)),
        });
    }

    private IResult ListPools(HttpContext context)
    {
        var query = new ListQuery(context.Request.Query);
        var status = query.EnumFilter("status", "unknown");
        var now = store.Now;
        return store.Read(state =>
        {
            var cluster = FindCluster(state, context);
            var candidates = state.Pools.Where(pool => pool.ClusterId == cluster.Id && ResourceStatus.Pool(pool, now) is { } current && (status is null || current == status));
            var (items, total) = query.Apply(candidates, p => p.Name, p => p.Tags, p => p.CreatedAt, _ => cluster.ProjectId);
            return ScalewayRoutes.Json(ScalewayRoutes.List("pools", items.Select(Render), total));
        });
    }

    private async Task<IResult> CreatePoolAsync(HttpContext context)
    {
        var body = await RequestBody.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        var spec = PoolSpec.Parse(body, "");
        return store.Write(state =>
        {
            var cluster = FindCluster(state, context);
            var now = store.Now;
            var status = ResourceStatus.Cluster(cluster, state.Pools, now);
            if (status is "deleting" or "creating")
            {
                throw ScalewayErrors.TransientState("cluster", cluster.Id, status);
            }

            if (state.Pools.Any(pool => pool.ClusterId == cluster.Id && pool.Name == spec.Name && ResourceStatus.Pool(pool, now) is not null))
            {
                throw ScalewayErrors.AlreadyExists("pool", spec.Name);
            }

            quotas.CheckNodes(state.Pools.Where(p => p.ClusterId == cluster.Id && p.DeletingSince is null).Sum(p => p.Size) + spec.Size);
            var pool = NewPool(cluster, spec, now);
            state.Pools.Add(pool);
            return ScalewayRoutes.Json(Render(pool));
        });
    }

    private async Task<IResult> UpdatePoolAsync(HttpContext context)
    {
        var body = await RequestBody.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        var size = body.Integer("size");
        if (size is < 0 or > 150)
        {
            throw ScalewayErrors.InvalidArgument("size", "constraint", "- size must be between 0 and 150\n");
        }

        var minSize = body.Integer("min_size");
        var maxSize = body.Integer("max_size");
        var autoscaling = body.Boolean("autoscaling");
        var autohealing = body.Boolean("autohealing");
        var tags = body.StringList("tags");
        return store.Write(state =>
        {
            var pool = FindPool(state, context);
            if (pool.DeletingSince is not null)
            {
                throw ScalewayErrors.TransientState("pool", pool.Id, "deleting");
            }

            var now = store.Now;
            if (size is { } newSize && newSize != pool.Size)
            {
                quotas.CheckNodes(state.Pools.Where(p => p.ClusterId == pool.ClusterId && p.DeletingSince is null && p.Id != pool.Id).Sum(p => p.Size) + (int)newSize);
                var cluster = state.Clusters.First(c => c.Id == pool.ClusterId);
                pool.ReadyAt = store.After(store.Timings.PoolResize);
                Resize(cluster, pool, (int)newSize, now);
            }

            pool.MinSize = (int?)minSize ?? pool.MinSize;
            pool.MaxSize = (int?)maxSize ?? Math.Max(pool.MaxSize, pool.Size);
            pool.Autoscaling = autoscaling ?? pool.Autoscaling;
            pool.Autohealing = autohealing ?? pool.Autohealing;
            pool.Tags = tags ?? pool.Tags;
            pool.UpdatedAt = now;
            return ScalewayRoutes.Json(Render(pool));
        });
    }

    private async Task<IResult> SetPoolLabelsAsync(HttpContext context)
    {
        var body = await RequestBody.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        var labels = body.Object("labels") ?? [];
        return store.Write(state =>
        {
            var pool = FindPool(state, context);
            pool.Labels = labels.ToDictionary(pair => pair.Key, pair => pair.Value?.GetValueKind() == System.Text.Json.JsonValueKind.String
                ? pair.Value.GetValue<string>()
                : throw ScalewayErrors.InvalidArgument($"labels.{pair.Key}", "format", "- label values must be strings\n"));
            pool.UpdatedAt = store.Now;
            return ScalewayRoutes.Json(Render(pool));
        });
    }

    private IResult DeletePool(HttpContext context) => store.Write(state =>
    {
        var pool = FindPool(state, context);
        if (pool.DeletingSince is not null)
        {
            throw ScalewayErrors.TransientState("pool", pool.Id, "deleting");
        }

        pool.DeletingSince = store.Now;
        pool.GoneAt = store.After(store.Timings.PoolDelete);
        pool.UpdatedAt = store.Now;
        return ScalewayRoutes.Json(Render(pool));
    });

    private IResult ListNodes(HttpContext context)
    {
        var query = new ListQuery(context.Request.Query);
        var poolId = query.Get("pool_id");
        var status = query.EnumFilter("status", "unknown");
        var now = store.Now;
        return store.Read(state =>
        {
            var cluster = FindCluster(state, context);
            var nodes = state.Pools
                .Where(pool => pool.ClusterId == cluster.Id && ResourceStatus.Pool(pool, now) is not null && (poolId is null || pool.Id == poolId))
                .SelectMany(pool => pool.Nodes.Select(node => (Pool: pool, Node: node)))
                .Where(pair => status is null || ResourceStatus.Node(pair.Node, now) == status);
            var (items, total) = query.Apply(nodes, pair => pair.Node.Name, _ => [], pair => pair.Node.CreatedAt, _ => cluster.ProjectId);
            return ScalewayRoutes.Json(ScalewayRoutes.List("nodes", items.Select(pair => Render(pair.Pool, pair.Node, now)), total));
        });
    }

    private PoolRecord NewPool(ClusterRecord cluster, PoolSpec spec, DateTimeOffset now)
    {
        var readyAt = store.After(store.Timings.PoolCreate);
        var pool = new PoolRecord
        {
            Id = ScalewayFormat.NewId(),
            ClusterId = cluster.Id,
            Region = cluster.Region,
            Name = spec.Name,
            NodeType = spec.NodeType,
            Size = spec.Size,
            MinSize = spec.MinSize ?? (spec.Autoscaling ? spec.Size : 0),
            MaxSize = spec.MaxSize ?? spec.Size,
            Autoscaling = spec.Autoscaling,
            Autohealing = spec.Autohealing,
            Tags = spec.Tags,
            Zone = spec.Zone ?? cluster.Region + "-1",
            RootVolumeType = spec.RootVolumeType is null or "default_volume_type" ? "sbs_5k" : spec.RootVolumeType,
            RootVolumeSize = spec.RootVolumeSize ?? 20_000_000_000,
            Version = cluster.Version,
            SecurityGroupId = ScalewayFormat.NewId(),
            CreatedAt = now,
            UpdatedAt = now,
            ReadyAt = readyAt,
            FirstReadyAt = readyAt,
        };
        Resize(cluster, pool, spec.Size, now);
        return pool;
    }

    private void Resize(ClusterRecord cluster, PoolRecord pool, int size, DateTimeOffset now)
    {
        pool.Size = size;
        pool.MaxSize = Math.Max(pool.MaxSize, size);
        if (pool.Nodes.Count > size)
        {
            pool.Nodes = pool.Nodes.Take(size).ToList();
            return;
        }

        var nodeReadyAt = pool.ReadyAt - store.Scaled(store.Timings.NodeReadyBeforePool);
        while (pool.Nodes.Count < size)
        {
            var suffix = Guid.NewGuid().ToString("N")[..6];
            pool.Nodes.Add(new NodeRecord
            {
                Id = ScalewayFormat.NewId(),
                Name = $"scw-{cluster.Name}-{pool.Name}-{suffix}",
                InstanceId = ScalewayFormat.NewId(),
                PublicIp = $"51.158.{RandomNumberGenerator.GetInt32(1, 255)}.{RandomNumberGenerator.GetInt32(1, 255)}",
                CreatedAt = now,
                ReadyAt = nodeReadyAt < now ? pool.ReadyAt : nodeReadyAt,
            });
        }
    }

    /// <summary>
    /// The cluster autoscaler's move, for tests: an autoscaled pool changes its size (within its
    /// bounds) and scales to it. Null when the pool does not exist; an error text when it cannot.
    /// </summary>
    public string? Autoscale(string poolId, int size, out bool found)
    {
        var outcome = store.Write<(bool Found, string? Error)>(state =>
        {
            var pool = state.Pools.FirstOrDefault(p => p.Id == poolId && p.DeletingSince is null);
            if (pool is null)
            {
                return (false, null);
            }
            if (!pool.Autoscaling)
            {
                return (true, $"pool {poolId} does not autoscale");
            }
            if (size < pool.MinSize || size > pool.MaxSize)
            {
                return (true, $"size {size} is outside the pool's autoscaling bounds {pool.MinSize}..{pool.MaxSize}");
            }
            var cluster = state.Clusters.First(c => c.Id == pool.ClusterId);
            pool.ReadyAt = store.After(store.Timings.PoolResize);
            Resize(cluster, pool, size, store.Now);
            pool.UpdatedAt = store.Now;
            return (true, null);
        });
        found = outcome.Found;
        return outcome.Error;
    }

    private ClusterRecord FindCluster(ScalewayState state, HttpContext context)
    {
        var id = ScalewayRoutes.Route(context, "id");
        var region = ScalewayRoutes.Route(context, "region");
        var cluster = state.Clusters.FirstOrDefault(c => c.Id == id && c.Region == region);
        return cluster is not null && ResourceStatus.Cluster(cluster, state.Pools, store.Now) is not null
            ? cluster
            : throw ScalewayErrors.NotFound("cluster", id);
    }

    private PoolRecord FindPool(ScalewayState state, HttpContext context)
    {
        var id = ScalewayRoutes.Route(context, "id");
        var region = ScalewayRoutes.Route(context, "region");
        var pool = state.Pools.FirstOrDefault(p => p.Id == id && p.Region == region);
        return pool is not null && ResourceStatus.Pool(pool, store.Now) is not null ? pool : throw ScalewayErrors.NotFound("pool", id);
    }

    private void RequireNotDeleting(ClusterRecord cluster, ScalewayState state)
    {
        if (ResourceStatus.Cluster(cluster, state.Pools, store.Now) == "deleting")
        {
            throw ScalewayErrors.TransientState("cluster", cluster.Id, "deleting");
        }
    }

    private static string Kubeconfig(ClusterRecord cluster, string serverUrl, string token, string? certificateAuthority)
    {
        var tls = !serverUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? ""
            : certificateAuthority is null ? "    insecure-skip-tls-verify: true\n"
            : $"    certificate-authority-data: {certificateAuthority}\n";
        return $$"""
            apiVersion: v1
            clusters:
            - name: "{{cluster.Name}}"
              cluster:
            {{tls}}    server: {{serverUrl}}
            contexts:
            - name: admin@{{cluster.Name}}
              context:
                cluster: "{{cluster.Name}}"
                user: {{cluster.Name}}-admin
            current-context: admin@{{cluster.Name}}
            kind: Config
            preferences: {}
            users:
            - name: {{cluster.Name}}-admin
              user:
                token: {{token}}

            """;
    }

    private JsonObject Render(ClusterRecord cluster, ScalewayState state)
    {
        var status = ResourceStatus.Cluster(cluster, state.Pools, store.Now) ?? throw ScalewayErrors.NotFound("cluster", cluster.Id);
        return new JsonObject
        {
            ["region"] = cluster.Region,
            ["id"] = cluster.Id,
            ["organization_id"] = identity.OrganizationId,
            ["project_id"] = cluster.ProjectId,
            ["created_at"] = ScalewayFormat.Timestamp(cluster.CreatedAt),
            ["updated_at"] = ScalewayFormat.Timestamp(cluster.UpdatedAt),
            ["type"] = "kapsule",
            ["name"] = cluster.Name,
            ["description"] = cluster.Description,
            ["status"] = status,
            ["version"] = cluster.Version,
            ["cni"] = cluster.Cni,
            ["tags"] = ScalewayFormat.Strings(cluster.Tags),
            ["cluster_url"] = _serverUrls.TryGetValue(cluster.Id, out var serverUrl) ? serverUrl : $"https://{cluster.Id}.api.k8s.{cluster.Region}.scw.cloud:6443",
            ["dns_wildcard"] = $"*.{cluster.Id}.nodes.k8s.{cluster.Region}.scw.cloud",
            ["autoscaler_config"] = new JsonObject
            {
                ["scale_down_disabled"] = false,
                ["scale_down_delay_after_add"] = "10m",
                ["estimator"] = "binpacking",
                ["expander"] = "random",
                ["ignore_daemonsets_utilization"] = false,
                ["balance_similar_node_groups"] = false,
                ["expendable_pods_priority_cutoff"] = -10,
                ["scale_down_unneeded_time"] = "10m",
                ["scale_down_utilization_threshold"] = 0.5,
                ["max_graceful_termination_sec"] = 600,
                ["skip_nodes_with_local_storage"] = true,
                ["log_level"] = 2,
            },
            ["auto_upgrade"] = new JsonObject
            {
                ["enabled"] = cluster.AutoUpgradeEnabled,
                ["maintenance_window"] = new JsonObject { ["start_hour"] = 0, ["day"] = "any" },
            },
            ["upgrade_available"] = false,
            ["feature_gates"] = ScalewayFormat.Strings(cluster.FeatureGates),
            ["admission_plugins"] = ScalewayFormat.Strings(cluster.AdmissionPlugins),
            ["open_id_connect_config"] = new JsonObject
            {
                ["issuer_url"] = "",
                ["client_id"] = "",
                ["username_claim"] = "",
                ["username_prefix"] = "",
                ["groups_claim"] = new JsonArray(),
                ["groups_prefix"] = "",
                ["required_claim"] = new JsonArray(),
            },
            ["apiserver_cert_sans"] = ScalewayFormat.Strings(cluster.ApiserverCertSans),
            ["private_network_id"] = cluster.PrivateNetworkId,
            ["commitment_ends_at"] = ScalewayFormat.Timestamp(cluster.CreatedAt),
            ["acl_available"] = true,
            ["iam_nodes_group_id"] = "",
            ["pod_cidr"] = "100.64.0.0/15",
            ["service_cidr"] = "10.32.0.0/20",
            ["service_dns_ip"] = "10.32.0.10",
        };
    }

    private JsonObject Render(PoolRecord pool) => new()
    {
        ["region"] = pool.Region,
        ["id"] = pool.Id,
        ["cluster_id"] = pool.ClusterId,
        ["created_at"] = ScalewayFormat.Timestamp(pool.CreatedAt),
        ["updated_at"] = ScalewayFormat.Timestamp(pool.UpdatedAt),
        ["name"] = pool.Name,
        ["status"] = ResourceStatus.Pool(pool, store.Now) ?? throw ScalewayErrors.NotFound("pool", pool.Id),
        ["version"] = pool.Version,
        ["node_type"] = pool.NodeType,
        ["autoscaling"] = pool.Autoscaling,
        ["size"] = pool.Size,
        ["min_size"] = pool.MinSize,
        ["max_size"] = pool.MaxSize,
        ["container_runtime"] = "containerd",
        ["autohealing"] = pool.Autohealing,
        ["tags"] = ScalewayFormat.Strings(pool.Tags),
        ["placement_group_id"] = null,
        ["kubelet_args"] = new JsonObject(),
        ["upgrade_policy"] = new JsonObject { ["max_unavailable"] = 1, ["max_surge"] = 0 },
        ["zone"] = pool.Zone,
        ["root_volume_type"] = pool.RootVolumeType,
        ["root_volume_size"] = pool.RootVolumeSize,
        ["public_ip_disabled"] = false,
        ["security_group_id"] = pool.SecurityGroupId,
        ["labels"] = new JsonObject(pool.Labels.Select(pair => KeyValuePair.Create(pair.Key, (JsonNode?)pair.Value))),
        ["taints"] = new JsonArray(),
        ["startup_taints"] = new JsonArray(),
    };

    private static JsonObject Render(PoolRecord pool, NodeRecord node, DateTimeOffset now)
    {
        var ready = ResourceStatus.Node(node, now) == "ready";
        return new JsonObject
        {
            ["region"] = pool.Region,
            ["id"] = node.Id,
            ["cluster_id"] = pool.ClusterId,
            ["created_at"] = ScalewayFormat.Timestamp(node.CreatedAt),
            ["updated_at"] = ScalewayFormat.Timestamp(ready ? node.ReadyAt : node.CreatedAt),
            ["pool_id"] = pool.Id,
            ["status"] = ResourceStatus.Node(node, now),
            ["conditions"] = new JsonObject
            {
                ["DiskPressure"] = "False",
                ["MemoryPressure"] = "False",
                ["PIDPressure"] = "False",
                ["Ready"] = ready ? "True" : "False",
            },
            ["name"] = node.Name,
            ["public_ip_v4"] = node.PublicIp,
            ["public_ip_v6"] = null,
            ["provider_id"] = $"scaleway://instance/{pool.Zone}/{node.InstanceId}",
            ["error_message"] = "",
        };
    }
}
