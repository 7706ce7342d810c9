using System.Text.Json.Nodes;
using CoderBootstrap.Sandbox.Scaleway.Model;
using Microsoft.AspNetCore.Http;

namespace CoderBootstrap.Sandbox.Scaleway;

/// <summary>The databases of a managed instance (real databases when backed by PostgreSQL).</summary>
internal sealed class RdbDatabasesApi(RdbResources rdb)
{
    public void Map(ScalewayRoutes routes)
    {
        routes.Map("GET", RdbResources.Base + "/instances/{id}/databases", "rdb.databases.list", ListDatabasesAsync);
        routes.Map("POST", RdbResources.Base + "/instances/{id}/databases", "rdb.databases.create", CreateDatabaseAsync);
        routes.Map("DELETE", RdbResources.Base + "/instances/{id}/databases/{name}", "rdb.databases.delete", DeleteDatabaseAsync);
    }

    private async Task<IResult> ListDatabasesAsync(HttpContext context)
    {
        var query = new ListQuery(context.Request.Query);
        var (instance, candidates) = rdb.Store.Read(state =>
        {
            var found = rdb.FindInstance(state, context);
            return (found, found.Databases.ToList());
        });
        var sizes = new Dictionary<string, long>();
        foreach (var database in candidates)
        {
            sizes[database.Name] = instance.BackedByPostgres && rdb.Postgres is not null
                ? await (await rdb.ServerOfAsync(instance.Id, context.RequestAborted).ConfigureAwait(false)).DatabaseSizeAsync(database.Name, context.RequestAborted).ConfigureAwait(false)
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
        RdbResources.ValidateUserName("name", name);
        var instance = rdb.Store.Read(state => rdb.FindInstance(state, context));
        rdb.RequireReady(instance);
        if (instance.Databases.Any(db => db.Name == name))
        {
            throw ScalewayErrors.AlreadyExists("database", name);
        }

        if (instance.BackedByPostgres && rdb.Postgres is not null)
        {
            var owner = instance.Users.First(user => user.IsAdmin).Name;
            await (await rdb.ServerOfAsync(instance.Id, context.RequestAborted).ConfigureAwait(false)).EnsureDatabaseAsync(name, owner, context.RequestAborted).ConfigureAwait(false);
            foreach (var admin in instance.Users.Where(user => user.IsAdmin && user.Name != owner))
            {
                await (await rdb.ServerOfAsync(instance.Id, context.RequestAborted).ConfigureAwait(false)).GrantAsync(name, admin.Name, "all", context.RequestAborted).ConfigureAwait(false);
            }
        }

        rdb.Store.Write(state => instance.Databases.Add(new RdbDatabaseRecord(name, rdb.Store.Now)));
        return ScalewayRoutes.Json(new JsonObject { ["managed"] = true, ["name"] = name, ["owner"] = "", ["size"] = 0 });
    }

    private async Task<IResult> DeleteDatabaseAsync(HttpContext context)
    {
        var name = ScalewayRoutes.Route(context, "name");
        var instance = rdb.Store.Read(state => rdb.FindInstance(state, context));
        rdb.RequireReady(instance);
        var database = instance.Databases.FirstOrDefault(db => db.Name == name) ?? throw ScalewayErrors.NotFound("database", name);
        if (instance.BackedByPostgres && rdb.Postgres is not null)
        {
            await (await rdb.ServerOfAsync(instance.Id, context.RequestAborted).ConfigureAwait(false)).DropDatabaseAsync(name, context.RequestAborted).ConfigureAwait(false);
        }

        rdb.Store.Write(state =>
        {
            instance.Databases.Remove(database);
            instance.Privileges.RemoveAll(privilege => privilege.DatabaseName == name);
        });
        return ScalewayRoutes.NoContent();
    }
}
