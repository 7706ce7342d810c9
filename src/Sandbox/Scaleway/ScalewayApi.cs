using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CoderBootstrap.Sandbox.Core;
using CoderBootstrap.Sandbox.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CoderBootstrap.Sandbox.Scaleway;

/// <summary>
/// The emulated Scaleway API on the shared pipeline. ASP.NET routing matches the endpoint (mapped by
/// <see cref="ScalewayRoutes"/> with its operation as metadata); the gateway refuses a missing or wrong
/// <c>X-Auth-Token</c> before anything else, as the real one does, then the region or zone is checked.
/// </summary>
internal sealed class ScalewayApi(ISandboxRuntime runtime, ScalewayIdentity identity, ILogger logger) : SandboxApi<HttpContext>(runtime, logger)
{
    protected override HttpContext Parse(HttpContext context) => context;

    protected override SandboxEndpoint Route(HttpContext context)
    {
        var token = context.Request.Headers["X-Auth-Token"].FirstOrDefault();
        var isPublic = context.GetEndpoint()?.Metadata.GetMetadata<ScalewayOperation>()?.Public == true;
        if (string.IsNullOrEmpty(token) && !isPublic)
        {
            throw ScalewayErrors.DeniedAuthentication("invalid_argument");
        }

        if (!isPublic && !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token!), Encoding.UTF8.GetBytes(identity.SecretKey)))
        {
            throw ScalewayErrors.DeniedAuthentication("not_found");
        }

        var endpoint = context.GetEndpoint();
        var operation = endpoint?.Metadata.GetMetadata<ScalewayOperation>();
        if (endpoint?.RequestDelegate is not { } handler || operation is null)
        {
            throw ScalewayErrors.RouteNotFound();
        }

        if (context.Request.RouteValues.TryGetValue("region", out var region) && !ScalewayRoutes.Regions.Contains(region as string))
        {
            throw ScalewayErrors.InvalidArgument("region", "constraint", $"- region must be one of {string.Join(", ", ScalewayRoutes.Regions)}\n");
        }

        if (context.Request.RouteValues.TryGetValue("zone", out var zone) && !ScalewayRoutes.Zones.Contains(zone as string))
        {
            throw ScalewayErrors.InvalidArgument("zone", "constraint", $"- zone must be one of {string.Join(", ", ScalewayRoutes.Zones)}\n");
        }

        return new SandboxEndpoint(operation.Name, operation.Mutation, () => handler(context));
    }

    protected override Exception FaultError(SandboxFault fault) => ScalewayErrors.FromFault(fault);

    protected override async Task<bool> TryWriteErrorAsync(HttpContext context, Exception error)
    {
        switch (error)
        {
            case ScalewayApiException scalewayError:
                await WriteErrorAsync(context, scalewayError.StatusCode, scalewayError.Body);
                return true;
            case BadHttpRequestException badRequest:
                await WriteErrorAsync(context, StatusCodes.Status400BadRequest, ScalewayErrors.InvalidArgument("body", "format", $"- invalid: {badRequest.Message}\n").Body);
                return true;
            default:
                return false;
        }
    }

    protected override Task WriteUnexpectedErrorAsync(HttpContext context, Exception error) =>
        WriteErrorAsync(context, StatusCodes.Status500InternalServerError, new JsonObject { ["message"] = "internal error", ["type"] = "internal_error" });

    private static async Task WriteErrorAsync(HttpContext context, int statusCode, JsonObject? body)
    {
        context.Response.Clear();
        context.Response.StatusCode = statusCode;
        if (body is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
        }
    }
}

/// <summary>Endpoint metadata: the fault-injection operation name of a Scaleway route and whether it changes anything.</summary>
internal sealed record ScalewayOperation(string Name, bool Mutation, bool Public = false);
