using System.Text.Json.Nodes;

namespace CoderBootstrap.Sandbox.Scaleway;

/// <summary>The error bodies the real Scaleway API answers with (see the recordings' <c>errors/</c>).</summary>
public static class ScalewayErrors
{
    public static ScalewayApiException NotFound(string resource, string resourceId) =>
        new(404, new JsonObject
        {
            ["message"] = "resource is not found",
            ["resource"] = resource,
            ["resource_id"] = resourceId,
            ["type"] = "not_found",
        });

    /// <summary>The load balancer API's non-standard 404: only a message, e.g. <c>lbs not Found</c>.</summary>
    public static ScalewayApiException LbNotFound(string collection) =>
        new(404, new JsonObject { ["message"] = $"{collection} not Found" });

    public static ScalewayApiException RouteNotFound() =>
        new(404, new JsonObject { ["message"] = "resource is not found", ["type"] = "not_found" });

    public static ScalewayApiException InvalidArgument(string argumentName, string reason, string helpMessage) =>
        new(400, new JsonObject
        {
            ["details"] = new JsonArray(new JsonObject
            {
                ["argument_name"] = argumentName,
                ["help_message"] = helpMessage,
                ["reason"] = reason,
            }),
            ["message"] = "invalid argument(s)",
            ["type"] = "invalid_arguments",
        });

    public static ScalewayApiException TransientState(string resource, string resourceId, string currentState) =>
        new(409, new JsonObject
        {
            ["current_state"] = currentState,
            ["message"] = "resource is in a transient state",
            ["resource"] = resource,
            ["resource_id"] = resourceId,
            ["type"] = "transient_state",
        });

    /// <summary>The SDK's <c>PreconditionFailedError</c> (412), e.g. a volume deleted while still attached.</summary>
    public static ScalewayApiException PreconditionFailed(string precondition, string helpMessage) =>
        new(412, new JsonObject
        {
            ["help_message"] = helpMessage,
            ["message"] = "precondition is not respected",
            ["precondition"] = precondition,
            ["type"] = "precondition_failed",
        });

    public static ScalewayApiException AlreadyExists(string resource, string resourceId) =>
        new(409, new JsonObject
        {
            ["message"] = "resource already exists",
            ["resource"] = resource,
            ["resource_id"] = resourceId,
            ["type"] = "already_exists",
        });

    public static ScalewayApiException QuotasExceeded(string resource, int quota, int current) =>
        new(403, new JsonObject
        {
            ["details"] = new JsonArray(new JsonObject { ["current"] = current, ["quota"] = quota, ["resource"] = resource }),
            ["message"] = "quota(s) exceeded for this resource",
            ["type"] = "quotas_exceeded",
        });

    public static ScalewayApiException DeniedAuthentication(string reason) =>
        new(401, new JsonObject
        {
            ["message"] = "authentication is denied",
            ["method"] = "api_key",
            ["reason"] = reason,
            ["type"] = "denied_authentication",
        });

    /// <summary>An injected fault: a 429 without a type has an empty body, as the real rate limiter answers.</summary>
    public static ScalewayApiException FromFault(Core.SandboxFault fault)
    {
        if (fault.ErrorType is null && fault.StatusCode == 429)
        {
            return new ScalewayApiException(429, null);
        }

        var body = new JsonObject { ["message"] = fault.Message };
        if (fault.ErrorType is not null)
        {
            body["type"] = fault.ErrorType;
        }

        return new ScalewayApiException(fault.StatusCode, body);
    }
}
