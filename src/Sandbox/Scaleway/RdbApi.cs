using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CoderBootstrap.Sandbox.Postgres;
using CoderBootstrap.Sandbox.Scaleway.Model;
using Microsoft.AspNetCore.Http;

namespace CoderBootstrap.Sandbox.Scaleway;

/// <summary>
/// <c>/rdb/v1/regions/{region}</c>: managed PostgreSQL. With a <see cref="LocalPostgresServer"/>, instances,
/// users, databases, privileges and backups are real roles, databases, grants and pg_dump files.
/// </summary>
public sealed class RdbApi(ScalewayStore store, ScalewayIdentity identity, ScalewayQuotas quotas, PostgresFleet? postgres, RdbCertificate certificate)
{
    private const string Base = "/rdb/v1/regions/{region}";
    private static readonly string[] Permissions = ["readonly", "readwrite", "all", "custom", "none"];

    /// <summary>The Scaleway endpoint's base URL, for the download URLs of exported backups.</summary>
    public string BaseUrl { get; set; } = "";

    public void Map(ScalewayRoutes routes)
    {
        routes.Map("GET", Base + "/node-types", "rdb.node_types.list", context =>
            ScalewayRoutes.Json(RdbCatalog.RenderNodeTypes(ScalewayRoutes.Route(context, "region"), new ListQuery(context.Request.Query))));
        routes.Map("GET", Base + "/database-engines", "rdb.engines.list", context =>
            ScalewayRoutes.Json(RdbCatalog.RenderEngines(ScalewayRoutes.Route(context, "region"), new ListQuery(context.Request.Query))));
        routes.Map("GET", Base + "/instances", "rdb.instances.list", ListInstances);
        routes.Map("POST", Base + "/instances", "rdb.instances.create", CreateInstanceAsync);
        routes.Map("GET", Base + "/instances/{id}", "rdb.instances.get", context => store.Read(state => ScalewayRoutes.Json(Render(FindInstance(state, context)))));
        routes.Map("PATCH", Base + "/instances/{id}", "rdb.instances.update", UpdateInstanceAsync);
        routes.Map("DELETE", Base + "/instances/{id}", "rdb.instances.delete", DeleteInstance);
        routes.Map("GET", Base + "/instances/{id}/certificate", "rdb.instances.certificate", context =>
        {
            store.Read(state => FindInstance(state, context));
            return ScalewayRoutes.Json(new JsonObject
            {
                ["name"] = "ssl_certificate",
                ["content_type"] = "application/x-pem-file",
                ["content"] = Convert.ToBase64String(Encoding.ASCII.GetBytes(certificate.Pem)),
            });
        });
        routes.Map("POST", Base + "/instances/{id}/endpoints", "rdb.endpoints.create", CreateEndpointAsync);
        routes.Map("GET", Base + "/endpoints/{endpoint}", "rdb.endpoints.get", GetEndpoint);
        routes.Map("DELETE", Base + "/endpoints/{endpoint}", "rdb.endpoints.delete", DeleteEndpoint);
        routes.Map("GET", Base + "/instances/{id}/databases", "rdb.databases.list", ListDatabasesAsync);
        routes.Map("POST", Base + "/instances/{id}/databases", "rdb.databases.create", CreateDatabaseAsync);
        routes.Map("DELETE", Base + "/instances/{id}/databases/{name}", "rdb.databases.delete", DeleteDatabaseAsync);
        routes.Map("GET", Base + "/instances/{id}/users", "rdb.users.list", ListUsers);
        routes.Map("POST", Base + "/instances/{id}/users", "rdb.users.create", CreateUserAsync);
        routes.Map("PATCH", Base + "/instances/{id}/users/{name}", "rdb.users.update", UpdateUserAsync);
        routes.Map("DELETE", Base + "/instances/{id}/users/{name}", "rdb.users.delete", DeleteUserAsync);
        routes.Map("GET", Base + "/instances/{id}/privileges", "rdb.privileges.list", ListPrivileges);
        routes.Map("PUT", Base + "/instances/{id}/privileges", "rdb.privileges.set", SetPrivilegeAsync);
        routes.Map("GET", Base + "/instances/{id}/acls", "rdb.acls.list", ListAcls);
        routes.Map("POST", Base + "/instances/{id}/acls", "rdb.acls.add", context => ChangeAclsAsync(context, replace: false));
        routes.Map("PUT", Base + "/instances/{id}/acls", "rdb.acls.set", context => ChangeAclsAsync(context, replace: true));
        routes.Map("DELETE", Base + "/instances/{id}/acls", "rdb.acls.delete", DeleteAclsAsync);
        routes.Map("GET", Base + "/backups", "rdb.backups.list", ListBackups);
        routes.Map("POST", Base + "/backups", "rdb.backups.create", CreateBackupAsync);
        routes.Map("GET", Base + "/backups/{id}", "rdb.backups.get", context => store.Read(state => ScalewayRoutes.Json(Render(FindBackup(state, context)))));
        routes.Map("PATCH", Base + "/backups/{id}", "rdb.backups.update", UpdateBackupAsync);
        routes.Map("DELETE", Base + "/backups/{id}", "rdb.backups.delete", DeleteBackup);
        routes.Map("POST", Base + "/backups/{id}/export", "rdb.backups.export", ExportBackup);
        routes.Map("POST", Base + "/backups/{id}/restore", "rdb.backups.restore", RestoreBackupAsync);
    }

    /// <summary>The real PostgreSQL server backing an instance (callers check <c>BackedByPostgres</c> first).</summary>
    private Task<LocalPostgresServer> ServerOfAsync(string instanceId, CancellationToken cancellationToken) =>
        postgres!.ForInstanceAsync(instanceId, cancellationToken);

    /// <summary>Stops and discards the real PostgreSQL server of an instance that finished deleting.</summary>
    public async Task ReleaseAsync(RdbInstanceRecord instance, IReadOnlyList<RdbInstanceRecord> liveInstances, CancellationToken cancellationToken)
    {
        if (postgres is null || !instance.BackedByPostgres)
        {
            return;
        }

        await postgres.RemoveAsync(instance.Id, cancellationToken).ConfigureAwait(false);
    }

    private IResult ListInstances(HttpContext context)
    {
        var region = ScalewayRoutes.Route(context, "region");
        var query = new ListQuery(context.Request.Query);
        var now = store.Now;
        return store.Read(state =>
        {
            var candidates = state.RdbInstances.Where(i => i.Region == region && ResourceStatus.RdbInstance(i, now) is not null);
            var (items, total) = query.Apply(candidates, i => i.Name, i => i.Tags, i => i.CreatedAt, i => i.ProjectId);
            return ScalewayRoutes.Json(ScalewayRoutes.List("instances", items.Select(Render), total));
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
        ValidateUserName("user_name", userName);
        var password = body.RequiredString("password");
        ValidatePassword("password", password);
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
        var projectId = body.String("project_id") ?? identity.ProjectId;
        var endpointSpecs = (body.Array("init_endpoints") ?? []).Select((node, index) => node as JsonObject
            ?? throw ScalewayErrors.InvalidArgument($"init_endpoints.{index}", "format", "- invalid: Invalid type. Expected: object\n")).ToList();
        var highAvailability = body.Boolean("is_ha_cluster") ?? (body.String("high_availability_mode") is { } mode && mode != "disabled");
        var backupDisabled = body.Boolean("disable_backup") ?? false;
        var tags = body.StringList("tags") ?? [];
        var now = store.Now;
        var id = ScalewayFormat.NewId();

        var endpoints = store.Read(state =>
        {
            quotas.CheckDatabaseInstances(state.RdbInstances.Count(i => i.ProjectId == projectId && ResourceStatus.RdbInstance(i, now) is not null));
            return endpointSpecs.Count == 0
                ? [new RdbEndpointRecord(ScalewayFormat.NewId(), null, null, now)]
                : endpointSpecs.Select((spec, index) => NewEndpoint(state, region, spec, $"init_endpoints.{index}", now)).ToList();
        });

        var backed = postgres is not null && engine.StartsWith("PostgreSQL", StringComparison.OrdinalIgnoreCase);
        if (backed)
        {
            await (await ServerOfAsync(id, context.RequestAborted).ConfigureAwait(false)).EnsureRoleAsync(userName, password, admin: true, context.RequestAborted).ConfigureAwait(false);
            await (await ServerOfAsync(id, context.RequestAborted).ConfigureAwait(false)).EnsureDatabaseAsync("rdb", userName, context.RequestAborted).ConfigureAwait(false);
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
            ProvisionedAt = store.After(store.Timings.RdbProvisioning),
            ReadyAt = store.After(store.Timings.RdbReady),
            Endpoints = endpoints,
            Users = [new RdbUserRecord(userName, true)],
            Databases = [new RdbDatabaseRecord("rdb", now)],
            BackedByPostgres = backed,
        };
        store.Write(state => state.RdbInstances.Add(instance));
        return ScalewayRoutes.Json(Render(instance));
    }

    private async Task<IResult> UpdateInstanceAsync(HttpContext context)
    {
        var body = await RequestBody.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        var name = body.String("name");
        var tags = body.StringList("tags");
        var backupDisabled = body.Boolean("is_backup_schedule_disabled");
        return store.Write(state =>
        {
            var instance = FindInstance(state, context);
            if (instance.DeletingSince is not null)
            {
                throw ScalewayErrors.TransientState("instance", instance.Id, "deleting");
            }

            instance.Name = name ?? instance.Name;
            instance.Tags = tags ?? instance.Tags;
            instance.BackupDisabled = backupDisabled ?? instance.BackupDisabled;
            instance.UpdatedAt = store.Now;
            return ScalewayRoutes.Json(Render(instance));
        });
    }

    private IResult DeleteInstance(HttpContext context) => store.Write(state =>
    {
        var instance = FindInstance(state, context);
        if (instance.DeletingSince is not null)
        {
            throw ScalewayErrors.TransientState("instance", instance.Id, "deleting");
        }

        instance.DeletingSince = store.Now;
        instance.GoneAt = store.After(store.Timings.RdbDelete);
        return ScalewayRoutes.Json(Render(instance));
    });

    private async Task<IResult> CreateEndpointAsync(HttpContext context)
    {
        var body = await RequestBody.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        var spec = body.Object("endpoint_spec") ?? throw ScalewayErrors.InvalidArgument("endpoint_spec", "required", "- required: this field is required\n");
        return store.Write(state =>
        {
            var instance = FindInstance(state, context);
            RequireReady(instance);
            var until = store.After(store.Timings.RdbEndpointAdd);
            var endpoint = NewEndpoint(state, instance.Region, spec, "endpoint_spec", store.Now) with { ActiveFrom = until };
            instance.Endpoints.Add(endpoint);
            instance.TransientStatus = "initializing";
            instance.TransientUntil = until;
            // The real API answers before the endpoint is provisioned: an endpoint without id or port.
            return ScalewayRoutes.Json(new JsonObject { ["id"] = "", ["name"] = null, ["port"] = 0 });
        });
    }

    private IResult GetEndpoint(HttpContext context) => store.Read(state =>
    {
        var (instance, endpoint) = FindEndpoint(state, context);
        return ScalewayRoutes.Json(Render(instance, endpoint));
    });

    private IResult DeleteEndpoint(HttpContext context) => store.Write(state =>
    {
        var (instance, endpoint) = FindEndpoint(state, context);
        RequireReady(instance);
        var until = store.After(store.Timings.RdbEndpointRemove);
        instance.Endpoints[instance.Endpoints.IndexOf(endpoint)] = endpoint with { RemovedAt = until };
        instance.TransientStatus = "configuring";
        instance.TransientUntil = until;
        return ScalewayRoutes.NoContent();
    });

    private async Task<IResult> ListDatabasesAsync(HttpContext context)
    {
        var query = new ListQuery(context.Request.Query);
        var (instance, candidates) = store.Read(state =>
        {
            var found = FindInstance(state, context);
            return (found, found.Databases.ToList());
        });
        var sizes = new Dictionary<string, long>();
        foreach (var database in candidates)
        {
            sizes[database.Name] = instance.BackedByPostgres && postgres is not null
                ? await (await ServerOfAsync(instance.Id, context.RequestAborted).ConfigureAwait(false)).DatabaseSizeAsync(database.Name, context.RequestAborted).ConfigureAwait(false)
                : 7_739_059;
        }

        var (items, total) = query.Apply(candidates, db => db.Name, _ => [], db => db.CreatedAt, _ => null);
        return ScalewayRoutes.Json(ScalewayRoutes.List("databases", items.Select(db => (JsonNode)new JsonObject
        {
            ["managed"] = true,
            ["name"] = db.Name,
            ["owner"] = "_rdb_superadmin",
            ["size"] = sizes[db.Name],
        }), total));
    }

    private async Task<IResult> CreateDatabaseAsync(HttpContext context)
    {
        var body = await RequestBody.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        var name = body.RequiredString("name");
        ValidateUserName("name", name);
        var instance = store.Read(state => FindInstance(state, context));
        RequireReady(instance);
        if (instance.Databases.Any(db => db.Name == name))
        {
            throw ScalewayErrors.AlreadyExists("database", name);
        }

        if (instance.BackedByPostgres && postgres is not null)
        {
            var owner = instance.Users.First(user => user.IsAdmin).Name;
            await (await ServerOfAsync(instance.Id, context.RequestAborted).ConfigureAwait(false)).EnsureDatabaseAsync(name, owner, context.RequestAborted).ConfigureAwait(false);
            foreach (var admin in instance.Users.Where(user => user.IsAdmin && user.Name != owner))
            {
                await (await ServerOfAsync(instance.Id, context.RequestAborted).ConfigureAwait(false)).GrantAsync(name, admin.Name, "all", context.RequestAborted).ConfigureAwait(false);
            }
        }

        store.Write(state => instance.Databases.Add(new RdbDatabaseRecord(name, store.Now)));
        return ScalewayRoutes.Json(new JsonObject { ["managed"] = true, ["name"] = name, ["owner"] = "", ["size"] = 0 });
    }

    private async Task<IResult> DeleteDatabaseAsync(HttpContext context)
    {
        var name = ScalewayRoutes.Route(context, "name");
        var instance = store.Read(state => FindInstance(state, context));
        RequireReady(instance);
        var database = instance.Databases.FirstOrDefault(db => db.Name == name) ?? throw ScalewayErrors.NotFound("database", name);
        if (instance.BackedByPostgres && postgres is not null)
        {
            await (await ServerOfAsync(instance.Id, context.RequestAborted).ConfigureAwait(false)).DropDatabaseAsync(name, context.RequestAborted).ConfigureAwait(false);
        }

        store.Write(state =>
        {
            instance.Databases.Remove(database);
            instance.Privileges.RemoveAll(privilege => privilege.DatabaseName == name);
        });
        return ScalewayRoutes.NoContent();
    }

    private IResult ListUsers(HttpContext context)
    {
        var query = new ListQuery(context.Request.Query);
        return store.Read(state =>
        {
            var instance = FindInstance(state, context);
            var (items, total) = query.Apply(instance.Users, user => user.Name, _ => [], _ => instance.CreatedAt, _ => null);
            return ScalewayRoutes.Json(ScalewayRoutes.List("users", items.Select(Render), total));
        });
    }

    private async Task<IResult> CreateUserAsync(HttpContext context)
    {
        var body = await RequestBody.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        var name = body.RequiredString("name");
        ValidateUserName("name", name);
        var password = body.RequiredString("password");
        ValidatePassword("password", password);
        var isAdmin = body.Boolean("is_admin") ?? false;
        var instance = store.Read(state => FindInstance(state, context));
        RequireReady(instance);
        if (instance.Users.Any(user => user.Name == name))
        {
            throw ScalewayErrors.AlreadyExists("user", name);
        }

        if (instance.BackedByPostgres && postgres is not null)
        {
            await (await ServerOfAsync(instance.Id, context.RequestAborted).ConfigureAwait(false)).EnsureRoleAsync(name, password, isAdmin, context.RequestAborted).ConfigureAwait(false);
            if (isAdmin)
            {
                foreach (var database in instance.Databases)
                {
                    await (await ServerOfAsync(instance.Id, context.RequestAborted).ConfigureAwait(false)).GrantAsync(database.Name, name, "all", context.RequestAborted).ConfigureAwait(false);
                }
            }
        }

        var user = new RdbUserRecord(name, isAdmin);
        store.Write(state => instance.Users.Add(user));
        return ScalewayRoutes.Json(Render(user));
    }

    private async Task<IResult> UpdateUserAsync(HttpContext context)
    {
        var body = await RequestBody.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        var name = ScalewayRoutes.Route(context, "name");
        var instance = store.Read(state => FindInstance(state, context));
        RequireReady(instance);
        var user = instance.Users.FirstOrDefault(u => u.Name == name) ?? throw ScalewayErrors.NotFound("user", name);
        if (body.String("password") is { } password)
        {
            ValidatePassword("password", password);
            if (instance.BackedByPostgres && postgres is not null)
            {
                await (await ServerOfAsync(instance.Id, context.RequestAborted).ConfigureAwait(false)).SetPasswordAsync(name, password, context.RequestAborted).ConfigureAwait(false);
            }
        }

        var updated = user with { IsAdmin = body.Boolean("is_admin") ?? user.IsAdmin };
        store.Write(state => instance.Users[instance.Users.IndexOf(user)] = updated);
        return ScalewayRoutes.Json(Render(updated));
    }

    private async Task<IResult> DeleteUserAsync(HttpContext context)
    {
        var name = ScalewayRoutes.Route(context, "name");
        var instance = store.Read(state => FindInstance(state, context));
        RequireReady(instance);
        var user = instance.Users.FirstOrDefault(u => u.Name == name) ?? throw ScalewayErrors.NotFound("user", name);
        if (instance.BackedByPostgres && postgres is not null)
        {
            await (await ServerOfAsync(instance.Id, context.RequestAborted).ConfigureAwait(false)).DropRoleAsync(name, context.RequestAborted).ConfigureAwait(false);
        }

        store.Write(state =>
        {
            instance.Users.Remove(user);
            instance.Privileges.RemoveAll(privilege => privilege.UserName == name);
        });
        return ScalewayRoutes.NoContent();
    }

    private IResult ListPrivileges(HttpContext context)
    {
        var query = new ListQuery(context.Request.Query);
        var database = query.Get("database_name");
        var user = query.Get("user_name");
        return store.Read(state =>
        {
            var instance = FindInstance(state, context);
            var items = instance.Privileges.Where(p => (database is null || p.DatabaseName == database) && (user is null || p.UserName == user)).ToList();
            return ScalewayRoutes.Json(ScalewayRoutes.List("privileges", items.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).Select(Render), items.Count));
        });
    }

    private async Task<IResult> SetPrivilegeAsync(HttpContext context)
    {
        var body = await RequestBody.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        var databaseName = body.RequiredString("database_name");
        var userName = body.RequiredString("user_name");
        var permission = body.RequiredString("permission");
        if (!Permissions.Contains(permission))
        {
            throw ScalewayErrors.InvalidArgument("permission", "constraint", $"- permission must be one of {string.Join(", ", Permissions)}\n");
        }

        var instance = store.Read(state => FindInstance(state, context));
        RequireReady(instance);
        if (instance.Databases.All(db => db.Name != databaseName))
        {
            throw ScalewayErrors.NotFound("database", databaseName);
        }

        if (instance.Users.All(user => user.Name != userName))
        {
            throw ScalewayErrors.NotFound("user", userName);
        }

        if (instance.BackedByPostgres && postgres is not null)
        {
            await (await ServerOfAsync(instance.Id, context.RequestAborted).ConfigureAwait(false)).GrantAsync(databaseName, userName, permission, context.RequestAborted).ConfigureAwait(false);
        }

        var privilege = new RdbPrivilegeRecord(databaseName, userName, permission);
        store.Write(state =>
        {
            instance.Privileges.RemoveAll(p => p.DatabaseName == databaseName && p.UserName == userName);
            instance.Privileges.Add(privilege);
        });
        return ScalewayRoutes.Json(Render(privilege));
    }

    private IResult ListAcls(HttpContext context)
    {
        var query = new ListQuery(context.Request.Query);
        return store.Read(state =>
        {
            var rules = FindInstance(state, context).AclRules;
            return ScalewayRoutes.Json(ScalewayRoutes.List("rules", rules.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).Select(Render), rules.Count));
        });
    }

    /// <summary>Adds (POST) or replaces (PUT) the instance's ACL rules; answers the rules as they now stand.</summary>
    private async Task<IResult> ChangeAclsAsync(HttpContext context, bool replace)
    {
        var body = await RequestBody.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        var rules = (body.Array("rules") ?? throw ScalewayErrors.InvalidArgument("rules", "required", "- required: this field is required\n"))
            .Select((node, index) =>
            {
                var rule = new RequestBody(node as JsonObject ?? throw ScalewayErrors.InvalidArgument($"rules.{index}", "format", "- invalid: Invalid type. Expected: object\n"));
                var ip = rule.RequiredString("ip");
                if (!IPNetwork.TryParse(ip, out _) && !IPAddress.TryParse(ip, out _))
                {
                    throw ScalewayErrors.InvalidArgument($"rules.{index}.ip", "format", "- ip must be an IP address or a CIDR\n");
                }

                return new RdbAclRuleRecord(ip.Contains('/', StringComparison.Ordinal) ? ip : ip + "/32", rule.String("description") ?? "");
            }).ToList();
        return store.Write(state =>
        {
            var instance = FindInstance(state, context);
            RequireReady(instance);
            if (replace)
            {
                instance.AclRules = rules;
            }
            else
            {
                instance.AclRules.AddRange(rules.Where(rule => instance.AclRules.All(existing => existing.Ip != rule.Ip)));
            }

            return ScalewayRoutes.Json(new JsonObject { ["rules"] = new JsonArray(instance.AclRules.Select(rule => (JsonNode?)Render(rule)).ToArray()) });
        });
    }

    private async Task<IResult> DeleteAclsAsync(HttpContext context)
    {
        var body = await RequestBody.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        var ips = body.StringList("acl_rule_ips") ?? throw ScalewayErrors.InvalidArgument("acl_rule_ips", "required", "- required: this field is required\n");
        return store.Write(state =>
        {
            var instance = FindInstance(state, context);
            RequireReady(instance);
            instance.AclRules.RemoveAll(rule => ips.Any(ip => rule.Ip == ip || rule.Ip == ip + "/32"));
            return ScalewayRoutes.Json(new JsonObject { ["rules"] = new JsonArray(instance.AclRules.Select(rule => (JsonNode?)Render(rule)).ToArray()) });
        });
    }

    private IResult ListBackups(HttpContext context)
    {
        var region = ScalewayRoutes.Route(context, "region");
        var query = new ListQuery(context.Request.Query);
        var instanceId = query.Get("instance_id");
        return store.Read(state =>
        {
            var candidates = state.RdbBackups.Where(b => b.Region == region && (instanceId is null || b.InstanceId == instanceId));
            var (items, total) = query.Apply(candidates, b => b.Name, _ => [], b => b.CreatedAt, b => b.ProjectId);
            return ScalewayRoutes.Json(ScalewayRoutes.List("database_backups", items.Select(Render), total));
        });
    }

    private async Task<IResult> CreateBackupAsync(HttpContext context)
    {
        var region = ScalewayRoutes.Route(context, "region");
        var body = await RequestBody.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        var instanceId = body.RequiredString("instance_id");
        var databaseName = body.RequiredString("database_name");
        var name = body.String("name") is { Length: > 0 } given ? given : $"{databaseName}-{store.Now:yyyyMMddHHmmss}";
        var expiresAt = ParseTimestamp(body, "expires_at");
        var instance = store.Read(state => state.RdbInstances.FirstOrDefault(i => i.Id == instanceId && i.Region == region && ResourceStatus.RdbInstance(i, store.Now) is not null))
            ?? throw ScalewayErrors.NotFound("instance", instanceId);
        RequireReady(instance);
        if (instance.Databases.All(db => db.Name != databaseName))
        {
            throw ScalewayErrors.NotFound("database", databaseName);
        }

        var id = ScalewayFormat.NewId();
        string? dumpFile = null;
        long? size = null;
        if (instance.BackedByPostgres && postgres is not null)
        {
            dumpFile = Path.Combine((await ServerOfAsync(instance.Id, context.RequestAborted).ConfigureAwait(false)).BackupDirectory, id + ".dump");
            size = await (await ServerOfAsync(instance.Id, context.RequestAborted).ConfigureAwait(false)).DumpAsync(databaseName, dumpFile, context.RequestAborted).ConfigureAwait(false);
        }

        var backup = new RdbBackupRecord
        {
            Id = id,
            Region = region,
            InstanceId = instance.Id,
            InstanceName = instance.Name,
            ProjectId = instance.ProjectId,
            DatabaseName = databaseName,
            Name = name,
            ExpiresAt = expiresAt,
            CreatedAt = store.Now,
            UpdatedAt = store.Now,
            ReadyAt = store.After(store.Timings.RdbBackup),
            Size = size ?? 1253,
            DumpFile = dumpFile,
        };
        store.Write(state => state.RdbBackups.Add(backup));
        return ScalewayRoutes.Json(Render(backup));
    }

    private async Task<IResult> UpdateBackupAsync(HttpContext context)
    {
        var body = await RequestBody.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        var expiresAt = ParseTimestamp(body, "expires_at");
        var name = body.String("name");
        return store.Write(state =>
        {
            var backup = FindBackup(state, context);
            backup.Name = name ?? backup.Name;
            backup.ExpiresAt = expiresAt ?? backup.ExpiresAt;
            backup.UpdatedAt = store.Now;
            return ScalewayRoutes.Json(Render(backup));
        });
    }

    private IResult DeleteBackup(HttpContext context) => store.Write(state =>
    {
        var backup = FindBackup(state, context);
        backup.DeletingSince = store.Now;
        backup.UpdatedAt = store.Now;
        state.RdbBackups.Remove(backup);
        if (backup.DumpFile is not null && File.Exists(backup.DumpFile))
        {
            File.Delete(backup.DumpFile);
        }

        return ScalewayRoutes.Json(Render(backup));
    });

    private IResult ExportBackup(HttpContext context) => store.Write(state =>
    {
        var backup = FindBackup(state, context);
        RequireBackupReady(backup);
        backup.ExportingUntil = store.After(store.Timings.RdbBackupExport);
        backup.UpdatedAt = store.Now;
        return ScalewayRoutes.Json(Render(backup));
    });

    private async Task<IResult> RestoreBackupAsync(HttpContext context)
    {
        var body = await RequestBody.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        var databaseName = body.RequiredString("database_name");
        ValidateUserName("database_name", databaseName);
        var targetId = body.RequiredString("instance_id");
        var (backup, target) = store.Read(state =>
        {
            var found = FindBackup(state, context);
            var instance = state.RdbInstances.FirstOrDefault(i => i.Id == targetId && ResourceStatus.RdbInstance(i, store.Now) is not null)
                ?? throw ScalewayErrors.NotFound("instance", targetId);
            return (found, instance);
        });
        RequireBackupReady(backup);
        RequireReady(target);
        if (target.BackedByPostgres && postgres is not null && backup.DumpFile is not null)
        {
            var owner = target.Users.First(user => user.IsAdmin).Name;
            await (await ServerOfAsync(target.Id, context.RequestAborted).ConfigureAwait(false)).RestoreAsync(backup.DumpFile, databaseName, owner, context.RequestAborted).ConfigureAwait(false);
        }

        return store.Write(state =>
        {
            if (target.Databases.All(db => db.Name != databaseName))
            {
                target.Databases.Add(new RdbDatabaseRecord(databaseName, store.Now));
            }

            backup.RestoringUntil = store.After(store.Timings.RdbBackupRestore);
            backup.UpdatedAt = store.Now;
            return ScalewayRoutes.Json(Render(backup));
        });
    }

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

    private RdbInstanceRecord FindInstance(ScalewayState state, HttpContext context)
    {
        var id = ScalewayRoutes.Route(context, "id");
        var region = ScalewayRoutes.Route(context, "region");
        var instance = state.RdbInstances.FirstOrDefault(i => i.Id == id && i.Region == region);
        return instance is not null && ResourceStatus.RdbInstance(instance, store.Now) is not null ? instance : throw ScalewayErrors.NotFound("instance", id);
    }

    private (RdbInstanceRecord Instance, RdbEndpointRecord Endpoint) FindEndpoint(ScalewayState state, HttpContext context)
    {
        var id = ScalewayRoutes.Route(context, "endpoint");
        foreach (var instance in state.RdbInstances.Where(i => ResourceStatus.RdbInstance(i, store.Now) is not null))
        {
            if (instance.Endpoints.FirstOrDefault(e => e.Id == id && !e.IsRemoved) is { } endpoint)
            {
                return (instance, endpoint);
            }
        }

        throw ScalewayErrors.NotFound("endpoint", id);
    }

    private RdbBackupRecord FindBackup(ScalewayState state, HttpContext context)
    {
        var id = ScalewayRoutes.Route(context, "id");
        var region = ScalewayRoutes.Route(context, "region");
        return state.RdbBackups.FirstOrDefault(b => b.Id == id && b.Region == region) ?? throw ScalewayErrors.NotFound("database_backup", id);
    }

    private void RequireReady(RdbInstanceRecord instance)
    {
        var status = ResourceStatus.RdbInstance(instance, store.Now) ?? throw ScalewayErrors.NotFound("instance", instance.Id);
        if (status != "ready")
        {
            throw ScalewayErrors.TransientState("instance", instance.Id, status);
        }
    }

    private void RequireBackupReady(RdbBackupRecord backup)
    {
        var status = ResourceStatus.RdbBackup(backup, store.Now);
        if (status != "ready")
        {
            throw ScalewayErrors.TransientState("database_backup", backup.Id, status);
        }
    }

    private static DateTimeOffset? ParseTimestamp(RequestBody body, string name) =>
        body.String(name) is { } text
            ? DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var value)
                ? value
                : throw ScalewayErrors.InvalidArgument(name, "format", "- must be an RFC 3339 timestamp\n")
            : null;

    private static void ValidatePassword(string argument, string password)
    {
        var valid = password.Length is >= 8 and <= 128 && password.Any(char.IsAsciiDigit) && password.Any(char.IsAsciiLetterUpper)
            && password.Any(char.IsAsciiLetterLower) && password.Any(c => !char.IsAsciiLetterOrDigit(c));
        if (!valid)
        {
            throw ScalewayErrors.InvalidArgument(argument, "constraint", "- password must be 8 to 128 characters with at least one digit, one upper case, one lower case and one special character\n");
        }
    }

    private static void ValidateUserName(string argument, string name)
    {
        var valid = name.Length is >= 1 and <= 63 && (char.IsAsciiLetterLower(name[0]) || name[0] == '_')
            && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-');
        if (!valid || name.StartsWith("_rdb", StringComparison.Ordinal) || name.StartsWith("pg_", StringComparison.Ordinal))
        {
            throw ScalewayErrors.InvalidArgument(argument, "constraint", "- must be 1 to 63 lower case letters, digits, '_' or '-', starting with a letter\n");
        }
    }

    private static string RdbEngineName(string engine)
    {
        var dash = engine.LastIndexOf('-');
        var family = engine[..dash];
        return (family.Equals("postgresql", StringComparison.OrdinalIgnoreCase) ? "PostgreSQL" : "MySQL") + engine[dash..];
    }

    private JsonObject Render(RdbInstanceRecord instance)
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
            ["endpoint"] = publicEndpoint is null ? null : Render(instance, publicEndpoint),
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
            ["endpoints"] = new JsonArray(listed.Select(endpoint => (JsonNode?)Render(instance, endpoint)).ToArray()),
            ["logs_policy"] = new JsonObject { ["max_age_retention"] = 30, ["total_disk_retention"] = null },
            ["backup_same_region"] = false,
            ["maintenances"] = new JsonArray(),
            ["encryption"] = new JsonObject { ["enabled"] = false },
            ["created_at"] = ScalewayFormat.Timestamp(instance.CreatedAt),
            ["region"] = instance.Region,
        };
    }

    /// <summary>With a real PostgreSQL every endpoint answers on 127.0.0.1 at its port; the private-network service IP stays in the subnet.</summary>
    private JsonObject Render(RdbInstanceRecord instance, RdbEndpointRecord endpoint)
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

    private static JsonObject Render(RdbAclRuleRecord rule) => new()
    {
        ["ip"] = rule.Ip,
        ["port"] = 5432,
        ["protocol"] = "tcp",
        ["direction"] = "inbound",
        ["action"] = "allow",
        ["description"] = rule.Description,
    };

    private static JsonObject Render(RdbUserRecord user) => new() { ["is_admin"] = user.IsAdmin, ["name"] = user.Name };

    private static JsonObject Render(RdbPrivilegeRecord privilege) => new()
    {
        ["permission"] = privilege.Permission,
        ["database_name"] = privilege.DatabaseName,
        ["user_name"] = privilege.UserName,
    };

    private JsonObject Render(RdbBackupRecord backup)
    {
        var status = ResourceStatus.RdbBackup(backup, store.Now);
        var exported = backup.ExportingUntil is not null;
        return new JsonObject
        {
            ["created_at"] = ScalewayFormat.Timestamp(backup.CreatedAt),
            ["database_name"] = backup.DatabaseName,
            ["download_url"] = exported ? $"{BaseUrl}/sandbox/rdb/backups/{backup.Id}/download" : null,
            ["download_url_expires_at"] = exported ? ScalewayFormat.Timestamp(backup.ExportingUntil!.Value.AddDays(1)) : null,
            ["expires_at"] = ScalewayFormat.Timestamp(backup.ExpiresAt),
            ["id"] = backup.Id,
            ["instance_id"] = backup.InstanceId,
            ["instance_name"] = backup.InstanceName,
            ["name"] = backup.Name,
            ["region"] = backup.Region,
            ["same_region"] = false,
            ["size"] = status == "creating" ? null : backup.Size,
            ["status"] = status,
            ["updated_at"] = backup.UpdatedAt == backup.CreatedAt ? null : ScalewayFormat.Timestamp(backup.UpdatedAt),
        };
    }
}
