using System.Text.Json.Nodes;
using CoderBootstrap.Sandbox.Scaleway.Model;
using Microsoft.AspNetCore.Http;

namespace CoderBootstrap.Sandbox.Scaleway;

/// <summary>Managed database backups: create (pg_dump when backed by PostgreSQL), update, delete, export and restore.</summary>
internal sealed class RdbBackupsApi(RdbResources rdb)
{
    public void Map(ScalewayRoutes routes)
    {
        routes.Map("GET", RdbResources.Base + "/backups", "rdb.backups.list", ListBackups);
        routes.Map("POST", RdbResources.Base + "/backups", "rdb.backups.create", CreateBackupAsync);
        routes.Map("GET", RdbResources.Base + "/backups/{id}", "rdb.backups.get", context => rdb.Store.Read(state => ScalewayRoutes.Json(Render(FindBackup(state, context)))));
        routes.Map("PATCH", RdbResources.Base + "/backups/{id}", "rdb.backups.update", UpdateBackupAsync);
        routes.Map("DELETE", RdbResources.Base + "/backups/{id}", "rdb.backups.delete", DeleteBackup);
        routes.Map("POST", RdbResources.Base + "/backups/{id}/export", "rdb.backups.export", ExportBackup);
        routes.Map("POST", RdbResources.Base + "/backups/{id}/restore", "rdb.backups.restore", RestoreBackupAsync);
    }

    private IResult ListBackups(HttpContext context)
    {
        var region = ScalewayRoutes.Route(context, "region");
        var query = new ListQuery(context.Request.Query);
        var instanceId = query.Get("instance_id");
        return rdb.Store.Read(state =>
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
        var name = body.String("name") is { Length: > 0 } given ? given : $"{databaseName}-{rdb.Store.Now:yyyyMMddHHmmss}";
        var expiresAt = RdbResources.ParseTimestamp(body, "expires_at");
        var instance = rdb.Store.Read(state => state.RdbInstances.FirstOrDefault(i => i.Id == instanceId && i.Region == region && ResourceStatus.RdbInstance(i, rdb.Store.Now) is not null))
            ?? throw ScalewayErrors.NotFound("instance", instanceId);
        rdb.RequireReady(instance);
        if (instance.Databases.All(db => db.Name != databaseName))
        {
            throw ScalewayErrors.NotFound("database", databaseName);
        }

        var id = ScalewayFormat.NewId();
        string? dumpFile = null;
        long? size = null;
        if (instance.BackedByPostgres && rdb.Postgres is not null)
        {
            dumpFile = Path.Combine((await rdb.ServerOfAsync(instance.Id, context.RequestAborted).ConfigureAwait(false)).BackupDirectory, id + ".dump");
            size = await (await rdb.ServerOfAsync(instance.Id, context.RequestAborted).ConfigureAwait(false)).DumpAsync(databaseName, dumpFile, context.RequestAborted).ConfigureAwait(false);
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
            CreatedAt = rdb.Store.Now,
            UpdatedAt = rdb.Store.Now,
            ReadyAt = rdb.Store.After(rdb.Store.Timings.RdbBackup),
            Size = size ?? 1253,
            DumpFile = dumpFile,
        };
        rdb.Store.Write(state => state.RdbBackups.Add(backup));
        return ScalewayRoutes.Json(Render(backup));
    }

    private async Task<IResult> UpdateBackupAsync(HttpContext context)
    {
        var body = await RequestBody.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        var expiresAt = RdbResources.ParseTimestamp(body, "expires_at");
        var name = body.String("name");
        return rdb.Store.Write(state =>
        {
            var backup = FindBackup(state, context);
            backup.Name = name ?? backup.Name;
            backup.ExpiresAt = expiresAt ?? backup.ExpiresAt;
            backup.UpdatedAt = rdb.Store.Now;
            return ScalewayRoutes.Json(Render(backup));
        });
    }

    private IResult DeleteBackup(HttpContext context) => rdb.Store.Write(state =>
    {
        var backup = FindBackup(state, context);
        backup.DeletingSince = rdb.Store.Now;
        backup.UpdatedAt = rdb.Store.Now;
        state.RdbBackups.Remove(backup);
        if (backup.DumpFile is not null && File.Exists(backup.DumpFile))
        {
            File.Delete(backup.DumpFile);
        }

        return ScalewayRoutes.Json(Render(backup));
    });

    private IResult ExportBackup(HttpContext context) => rdb.Store.Write(state =>
    {
        var backup = FindBackup(state, context);
        RequireBackupReady(backup);
        backup.ExportingUntil = rdb.Store.After(rdb.Store.Timings.RdbBackupExport);
        backup.UpdatedAt = rdb.Store.Now;
        return ScalewayRoutes.Json(Render(backup));
    });

    private async Task<IResult> RestoreBackupAsync(HttpContext context)
    {
        var body = await RequestBody.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        var databaseName = body.RequiredString("database_name");
        RdbResources.ValidateUserName("database_name", databaseName);
        var targetId = body.RequiredString("instance_id");
        var (backup, target) = rdb.Store.Read(state =>
        {
            var found = FindBackup(state, context);
            var instance = state.RdbInstances.FirstOrDefault(i => i.Id == targetId && ResourceStatus.RdbInstance(i, rdb.Store.Now) is not null)
                ?? throw ScalewayErrors.NotFound("instance", targetId);
            return (found, instance);
        });
        RequireBackupReady(backup);
        rdb.RequireReady(target);
        if (target.BackedByPostgres && rdb.Postgres is not null && backup.DumpFile is not null)
        {
            var owner = target.Users.First(user => user.IsAdmin).Name;
            await (await rdb.ServerOfAsync(target.Id, context.RequestAborted).ConfigureAwait(false)).RestoreAsync(backup.DumpFile, databaseName, owner, context.RequestAborted).ConfigureAwait(false);
        }

        return rdb.Store.Write(state =>
        {
            if (target.Databases.All(db => db.Name != databaseName))
            {
                target.Databases.Add(new RdbDatabaseRecord(databaseName, rdb.Store.Now));
            }

            backup.RestoringUntil = rdb.Store.After(rdb.Store.Timings.RdbBackupRestore);
            backup.UpdatedAt = rdb.Store.Now;
            return ScalewayRoutes.Json(Render(backup));
        });
    }

    private RdbBackupRecord FindBackup(ScalewayState state, HttpContext context)
    {
        var id = ScalewayRoutes.Route(context, "id");
        var region = ScalewayRoutes.Route(context, "region");
        return state.RdbBackups.FirstOrDefault(b => b.Id == id && b.Region == region) ?? throw ScalewayErrors.NotFound("database_backup", id);
    }

    private void RequireBackupReady(RdbBackupRecord backup)
    {
        var status = ResourceStatus.RdbBackup(backup, rdb.Store.Now);
        if (status != "ready")
        {
            throw ScalewayErrors.TransientState("database_backup", backup.Id, status);
        }
    }

    private JsonObject Render(RdbBackupRecord backup)
    {
        var status = ResourceStatus.RdbBackup(backup, rdb.Store.Now);
        var exported = backup.ExportingUntil is not null;
        return new JsonObject
        {
            ["created_at"] = ScalewayFormat.Timestamp(backup.CreatedAt),
            ["database_name"] = backup.DatabaseName,
            ["download_url"] = exported ? $"{rdb.BaseUrl}/sandbox/rdb/backups/{backup.Id}/download" : null,
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
