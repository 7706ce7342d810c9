using System.Text.Json.Nodes;
using CoderBootstrap.Sandbox.Scaleway.Model;
using Microsoft.AspNetCore.Http;

namespace CoderBootstrap.Sandbox.Scaleway;

/// <summary>The users of a managed instance and their privileges on its databases (real roles and grants when backed by PostgreSQL).</summary>
internal sealed class RdbUsersApi(RdbResources rdb)
{
    private static readonly string[] Permissions = ["readonly", "readwrite", "all", "custom", "none"];

    public void Map(ScalewayRoutes routes)
    {
        routes.Map("GET", RdbResources.Base + "/instances/{id}/users", "rdb.users.list", ListUsers);
        routes.Map("POST", RdbResources.Base + "/instances/{id}/users", "rdb.users.create", CreateUserAsync);
        routes.Map("PATCH", RdbResources.Base + "/instances/{id}/users/{name}", "rdb.users.update", UpdateUserAsync);
        routes.Map("DELETE", RdbResources.Base + "/instances/{id}/users/{name}", "rdb.users.delete", DeleteUserAsync);
        routes.Map("GET", RdbResources.Base + "/instances/{id}/privileges", "rdb.privileges.list", ListPrivileges);
        routes.Map("PUT", RdbResources.Base + "/instances/{id}/privileges", "rdb.privileges.set", SetPrivilegeAsync);
    }

    private IResult ListUsers(HttpContext context)
    {
        var query = new ListQuery(context.Request.Query);
        return rdb.Store.Read(state =>
        {
            var instance = rdb.FindInstance(state, context);
            var (items, total) = query.Apply(instance.Users, user => user.Name, _ => [], _ => instance.CreatedAt, _ => null);
            return ScalewayRoutes.Json(ScalewayRoutes.List("users", items.Select(Render), total));
        });
    }

    private async Task<IResult> CreateUserAsync(HttpContext context)
    {
        var body = await RequestBody.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        var name = body.RequiredString("name");
        RdbResources.ValidateUserName("name", name);
        var password = body.RequiredString("password");
        RdbResources.ValidatePassword("password", password);
        var isAdmin = body.Boolean("is_admin") ?? false;
        var instance = rdb.Store.Read(state => rdb.FindInstance(state, context));
        rdb.RequireReady(instance);
        if (instance.Users.Any(user => user.Name == name))
        {
            throw ScalewayErrors.AlreadyExists("user", name);
        }

        if (instance.BackedByPostgres && rdb.Postgres is not null)
        {
            await (await rdb.ServerOfAsync(instance.Id, context.RequestAborted).ConfigureAwait(false)).EnsureRoleAsync(name, password, isAdmin, context.RequestAborted).ConfigureAwait(false);
            if (isAdmin)
            {
                foreach (var database in instance.Databases)
                {
                    await (await rdb.ServerOfAsync(instance.Id, context.RequestAborted).ConfigureAwait(false)).GrantAsync(database.Name, name, "all", context.RequestAborted).ConfigureAwait(false);
                }
            }
        }

        var user = new RdbUserRecord(name, isAdmin);
        rdb.Store.Write(state => instance.Users.Add(user));
        return ScalewayRoutes.Json(Render(user));
    }

    private async Task<IResult> UpdateUserAsync(HttpContext context)
    {
        var body = await RequestBody.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        var name = ScalewayRoutes.Route(context, "name");
        var instance = rdb.Store.Read(state => rdb.FindInstance(state, context));
        rdb.RequireReady(instance);
        var user = instance.Users.FirstOrDefault(u => u.Name == name) ?? throw ScalewayErrors.NotFound("user", name);
        if (body.String("password") is { } password)
        {
            RdbResources.ValidatePassword("password", password);
            if (instance.BackedByPostgres && rdb.Postgres is not null)
            {
                await (await rdb.ServerOfAsync(instance.Id, context.RequestAborted).ConfigureAwait(false)).SetPasswordAsync(name, password, context.RequestAborted).ConfigureAwait(false);
            }
        }

        var updated = user with { IsAdmin = body.Boolean("is_admin") ?? user.IsAdmin };
        rdb.Store.Write(state => instance.Users[instance.Users.IndexOf(user)] = updated);
        return ScalewayRoutes.Json(Render(updated));
    }

    private async Task<IResult> DeleteUserAsync(HttpContext context)
    {
        var name = ScalewayRoutes.Route(context, "name");
        var instance = rdb.Store.Read(state => rdb.FindInstance(state, context));
        rdb.RequireReady(instance);
        var user = instance.Users.FirstOrDefault(u => u.Name == name) ?? throw ScalewayErrors.NotFound("user", name);
        if (instance.BackedByPostgres && rdb.Postgres is not null)
        {
            await (await rdb.ServerOfAsync(instance.Id, context.RequestAborted).ConfigureAwait(false)).DropRoleAsync(name, context.RequestAborted).ConfigureAwait(false);
        }

        rdb.Store.Write(state =>
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
        return rdb.Store.Read(state =>
        {
            var instance = rdb.FindInstance(state, context);
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

        var instance = rdb.Store.Read(state => rdb.FindInstance(state, context));
        rdb.RequireReady(instance);
        if (instance.Databases.All(db => db.Name != databaseName))
        {
            throw ScalewayErrors.NotFound("database", databaseName);
        }

        if (instance.Users.All(user => user.Name != userName))
        {
            throw ScalewayErrors.NotFound("user", userName);
        }

        if (instance.BackedByPostgres && rdb.Postgres is not null)
        {
            await (await rdb.ServerOfAsync(instance.Id, context.RequestAborted).ConfigureAwait(false)).GrantAsync(databaseName, userName, permission, context.RequestAborted).ConfigureAwait(false);
        }

        var privilege = new RdbPrivilegeRecord(databaseName, userName, permission);
        rdb.Store.Write(state =>
        {
            instance.Privileges.RemoveAll(p => p.DatabaseName == databaseName && p.UserName == userName);
            instance.Privileges.Add(privilege);
        });
        return ScalewayRoutes.Json(Render(privilege));
    }

    private static JsonObject Render(RdbUserRecord user) => new() { ["is_admin"] = user.IsAdmin, ["name"] = user.Name };

    private static JsonObject Render(RdbPrivilegeRecord privilege) => new()
    {
        ["permission"] = privilege.Permission,
        ["database_name"] = privilege.DatabaseName,
        ["user_name"] = privilege.UserName,
    };
}
