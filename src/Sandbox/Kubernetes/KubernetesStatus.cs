using System.Text.Json.Nodes;
using CoderBootstrap.Sandbox.Core;

namespace CoderBootstrap.Sandbox.Kubernetes;

/// <summary>Builds <c>meta.k8s.io/v1 Status</c> objects with the messages and reasons the real API server uses.</summary>
internal static class KubernetesStatus
{
    public static JsonObject Failure(int code, string reason, string message, JsonObject? details = null)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
        };
        if (details is not null)
        {
            status["details"] = details;
        }

        status["code"] = code;
        return status;
    }

    public static JsonObject Success(ResourceKind kind, string name, string? uid)
    {
        var details = Details(kind, name);
        if (uid is not null)
        {
            details["uid"] = uid;
        }

        return new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Success",
            ["details"] = details,
        };
    }

    public static KubernetesApiException NotFound(ResourceKind kind, string name) =>
        new(Failure(404, "NotFound", $"{kind.QualifiedPlural} \"{name}\" not found", Details(kind, name)));

    public static KubernetesApiException NamespaceNotFound(string name) =>
        NotFound(ResourceCatalog.Namespaces, name);

    public static KubernetesApiException AlreadyExists(ResourceKind kind, string name) =>
        new(Failure(409, "AlreadyExists", $"{kind.QualifiedPlural} \"{name}\" already exists", Details(kind, name)));

    public static KubernetesApiException Conflict(ResourceKind kind, string name) =>
        new(Failure(
            409,
            "Conflict",
            $"Operation cannot be fulfilled on {kind.QualifiedPlural} \"{name}\": the object has been modified; please apply your changes to the latest version and try again",
            Details(kind, name)));

    public static KubernetesApiException ApplyConflict(ResourceKind kind, string name, IReadOnlyList<(string Manager, string Field)> conflicts)
    {
        var causes = new JsonArray();
        foreach (var (manager, field) in conflicts)
        {
            causes.Add(new JsonObject
            {
                ["reason"] = "FieldManagerConflict",
                ["message"] = $"conflict with \"{manager}\"",
                ["field"] = field,
            });
        }

        var details = Details(kind, name);
        details["causes"] = causes;
        var summary = conflicts.Count == 1
            ? $"Apply failed with 1 conflict: conflict with \"{conflicts[0].Manager}\": {conflicts[0].Field}"
            : $"Apply failed with {conflicts.Count} conflicts: " + string.Join(
                "\n", conflicts.Select(conflict => $"conflict with \"{conflict.Manager}\": {conflict.Field}"));
        return new KubernetesApiException(Failure(409, "Conflict", summary, details));
    }

    public static KubernetesApiException Invalid(ResourceKind kind, string name, string field, string message)
    {
        var details = Details(kind, name);
        details["kind"] = kind.Kind;
        details["causes"] = new JsonArray(new JsonObject
        {
            ["reason"] = "FieldValueInvalid",
            ["message"] = message,
            ["field"] = field,
        });
        return new KubernetesApiException(Failure(422, "Invalid", $"{kind.QualifiedKind} \"{name}\" is invalid: {field}: {message}", details));
    }

    public static KubernetesApiException BadRequest(string message) => new(Failure(400, "BadRequest", message));

    public static KubernetesApiException Forbidden(ResourceKind kind, string name, string message) =>
        new(Failure(403, "Forbidden", $"{kind.QualifiedPlural} \"{name}\" is forbidden: {message}", Details(kind, name)));

    public static KubernetesApiException PathNotFound() =>
        new(Failure(404, "NotFound", "the server could not find the requested resource", new JsonObject()));

    public static KubernetesApiException MethodNotAllowed() =>
        new(Failure(405, "MethodNotAllowed", "the server does not allow this method on the requested resource", new JsonObject()));

    public static KubernetesApiException UnsupportedMediaType(string contentType) =>
        new(Failure(
            415,
            "UnsupportedMediaType",
            $"the body of the request was in an unknown format ({contentType}) - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json"));

    public static JsonObject Unauthorized() => Failure(401, "Unauthorized", "Unauthorized");

    /// <summary>Renders an injected fault; a PascalCase error type is used as the reason, otherwise the code's usual reason.</summary>
    public static JsonObject FromFault(SandboxFault fault)
    {
        var reason = fault.ErrorType is { Length: > 0 } type && char.IsUpper(type[0]) && type.All(char.IsLetterOrDigit)
            ? type
            : ReasonForCode(fault.StatusCode);
        var status = Failure(fault.StatusCode, reason, fault.Message, new JsonObject());
        if (fault.StatusCode == 429)
        {
            status["details"]!["retryAfterSeconds"] = 1;
        }

        return status;
    }

    public static string ReasonForCode(int code) => code switch
    {
        400 => "BadRequest",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        409 => "Conflict",
        410 => "Expired",
        415 => "UnsupportedMediaType",
        422 => "Invalid",
        429 => "TooManyRequests",
        503 => "ServiceUnavailable",
        504 => "Timeout",
        _ => code >= 500 ? "InternalError" : "Unknown",
    };

    private static JsonObject Details(ResourceKind kind, string name)
    {
        var details = new JsonObject { ["name"] = name };
        if (kind.Group.Length > 0)
        {
            details["group"] = kind.Group;
        }

        details["kind"] = kind.Plural;
        return details;
    }
}
