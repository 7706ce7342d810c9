using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CoderBootstrap.Sandbox.Runtime;

/// <summary>The <c>/sandbox/...</c> admin endpoints: request log, counters, faults, time scale, reset (shapes in src/Sandbox/README.md).</summary>
public static class AdminApi
{
    public const string Prefix = "/sandbox";

    private static readonly JsonSerializerOptions ReadOptions = new() { PropertyNameCaseInsensitive = true };

    public static void Map(IEndpointRouteBuilder endpoints, SandboxRuntime runtime, Func<IReadOnlyList<string>> operations)
    {
        endpoints.MapGet(Prefix + "/requests", (HttpContext context) =>
        {
            var prefix = context.Request.Query["operation"].FirstOrDefault();
            var mutationsOnly = context.Request.Query["mutations"].FirstOrDefault() is "true" or "1";
            var since = long.TryParse(context.Request.Query["since"].FirstOrDefault(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var sequence) ? sequence : 0;
            return Results.Json(new { requests = runtime.GetRequestLog(string.IsNullOrEmpty(prefix) ? null : prefix, mutationsOnly, since) });
        });
        endpoints.MapGet(Prefix + "/counters", () =>
        {
            var counters = runtime.GetCounters();
            return Results.Json(new
            {
                totals = new OperationCounter(counters.Values.Sum(c => c.Reads), counters.Values.Sum(c => c.Mutations), counters.Values.Sum(c => c.Faulted)),
                operations = counters,
            });
        });
        endpoints.MapGet(Prefix + "/operations", () => Results.Json(new { operations = operations() }));
        endpoints.MapGet(Prefix + "/faults", () => Results.Json(new { faults = runtime.GetFaults() }));
        endpoints.MapPost(Prefix + "/faults", async (HttpContext context) =>
        {
            List<SandboxFaultRule> rules;
            try
            {
                var node = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
                rules = node switch
                {
                    JsonObject obj when obj["faults"] is JsonArray list => list.Deserialize<List<SandboxFaultRule>>(ReadOptions) ?? [],
                    JsonObject obj => [obj.Deserialize<SandboxFaultRule>(ReadOptions)!],
                    JsonArray list => list.Deserialize<List<SandboxFaultRule>>(ReadOptions) ?? [],
                    _ => throw new JsonException("Expected a fault object, a list of faults or {\"faults\": [...]}."),
                };
                foreach (var rule in rules)
                {
                    runtime.SetFault(rule);
                }
            }
            catch (Exception exception) when (exception is JsonException or ArgumentException)
            {
                return Results.Json(new { message = exception.Message }, statusCode: StatusCodes.Status400BadRequest);
            }

            return Results.Json(new { faults = runtime.GetFaults() });
        });
        endpoints.MapDelete(Prefix + "/faults", () =>
        {
            runtime.ClearFaults();
            return Results.NoContent();
        });
        endpoints.MapDelete(Prefix + "/faults/{operation}", (string operation) =>
            runtime.ClearFault(operation) ? Results.NoContent() : Results.Json(new { message = $"no fault armed for {operation}" }, statusCode: StatusCodes.Status404NotFound));
        endpoints.MapGet(Prefix + "/time-scale", () => Results.Json(new { timeScale = runtime.TimeScale }));
        endpoints.MapPut(Prefix + "/time-scale", async (HttpContext context) =>
        {
            try
            {
                var node = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
                runtime.TimeScale = node?["timeScale"]?.GetValue<double>() ?? throw new JsonException("Expected {\"timeScale\": number}.");
            }
            catch (Exception exception) when (exception is JsonException or ArgumentException or InvalidOperationException or FormatException)
            {
                return Results.Json(new { message = exception.Message }, statusCode: StatusCodes.Status400BadRequest);
            }

            return Results.Json(new { timeScale = runtime.TimeScale });
        });
        endpoints.MapPost(Prefix + "/reset", (HttpContext context) =>
        {
            runtime.Reset(resources: context.Request.Query["resources"].FirstOrDefault() is "true" or "1");
            return Results.NoContent();
        });
    }
}
