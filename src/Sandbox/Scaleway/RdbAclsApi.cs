using System.Net;
using System.Text.Json.Nodes;
using CoderBootstrap.Sandbox.Scaleway.Model;
using Microsoft.AspNetCore.Http;

namespace CoderBootstrap.Sandbox.Scaleway;

/// <summary>The ACL rules of a managed instance (recorded, not enforced).</summary>
internal sealed class RdbAclsApi(RdbResources rdb)
{
    public void Map(ScalewayRoutes routes)
    {
        routes.Map("GET", RdbResources.Base + "/instances/{id}/acls", "rdb.acls.list", ListAcls);
        routes.Map("POST", RdbResources.Base + "/instances/{id}/acls", "rdb.acls.add", context => ChangeAclsAsync(context, replace: false));
        routes.Map("PUT", RdbResources.Base + "/instances/{id}/acls", "rdb.acls.set", context => ChangeAclsAsync(context, replace: true));
        routes.Map("DELETE", RdbResources.Base + "/instances/{id}/acls", "rdb.acls.delete", DeleteAclsAsync);
    }

    private IResult ListAcls(HttpContext context)
    {
        var query = new ListQuery(context.Request.Query);
        return rdb.Store.Read(state =>
        {
            var rules = rdb.FindInstance(state, context).AclRules;
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
        return rdb.Store.Write(state =>
        {
            var instance = rdb.FindInstance(state, context);
            rdb.RequireReady(instance);
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
        return rdb.Store.Write(state =>
        {
            var instance = rdb.FindInstance(state, context);
            rdb.RequireReady(instance);
            instance.AclRules.RemoveAll(rule => ips.Any(ip => rule.Ip == ip || rule.Ip == ip + "/32"));
            return ScalewayRoutes.Json(new JsonObject { ["rules"] = new JsonArray(instance.AclRules.Select(rule => (JsonNode?)Render(rule)).ToArray()) });
        });
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
}
