using System.Text;
using System.Text.Json.Nodes;
using CoderBootstrap.Sandbox.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CoderBootstrap.Sandbox.Scaleway;

/// <summary>Maps emulated operations with their operation name; <see cref="ScalewayApi"/> runs them through the shared pipeline.</summary>
public sealed class ScalewayRoutes(IEndpointRouteBuilder endpoints)
{
    public static readonly string[] Regions = ["fr-par", "nl-ams", "pl-waw"];
    public static readonly string[] Zones = ["fr-par-1", "fr-par-2", "fr-par-3", "nl-ams-1", "nl-ams-2", "nl-ams-3", "pl-waw-1", "pl-waw-2", "pl-waw-3"];

    private readonly List<string> _operations = [];

    /// <summary>Every operation name mapped so far, for documentation and the admin API.</summary>
    public IReadOnlyList<string> Operations => _operations;

    /// <param name="isPublic">served without <c>X-Auth-Token</c> (the public product catalog)</param>
    public void Map(string method, string pattern, string operation, Func<HttpContext, Task<IResult>> handler, bool isPublic = false)
    {
        if (!_operations.Contains(operation))
        {
            _operations.Add(operation);
        }

        endpoints.MapMethods(pattern, [method], (Delegate)handler)
            .WithMetadata(new ScalewayOperation(operation, Mutation: method != HttpMethods.Get, isPublic));
    }

    public void Map(string method, string pattern, string operation, Func<HttpContext, IResult> handler, bool isPublic = false) =>
        Map(method, pattern, operation, context => Task.FromResult(handler(context)), isPublic);

    public static IResult Json(JsonNode body, int statusCode = StatusCodes.Status200OK) =>
        Results.Content(body.ToJsonString(), "application/json", Encoding.UTF8, statusCode);

    public static IResult NoContent() => Results.StatusCode(StatusCodes.Status204NoContent);

    public static string Route(HttpContext context, string name) =>
        context.Request.RouteValues[name] as string ?? throw ScalewayErrors.RouteNotFound();

    public static JsonObject List(string itemsName, IEnumerable<JsonNode> items, int totalCount) =>
        new() { ["total_count"] = totalCount, [itemsName] = new JsonArray(items.ToArray()) };
}
