using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using CoderBootstrap.Sandbox.Core;

namespace CoderBootstrap.Sandbox.Kubernetes;

/// <summary>
/// Turns HTTP requests under <c>/clusters/{clusterId}</c> into cluster operations: authentication,
/// discovery, resource paths, verbs, fault injection through the runtime, and <c>Status</c> error bodies.
/// </summary>
internal sealed class KubernetesRequestHandler(
    KubernetesApiServer server,
    ISandboxRuntime runtime,
    ILogger logger,
    CancellationToken stopping)
{
    private static readonly JsonSerializerOptions ResponseJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task HandleAsync(HttpContext context)
    {
        try
        {
            var segments = (context.Request.Path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries)
                .Select(Uri.UnescapeDataString).ToArray();
            if (segments.Length < 2 || segments[0] != "clusters")
            {
                throw KubernetesStatus.PathNotFound();
            }

            var cluster = server.FindCluster(segments[1]);
            if (cluster is null || !IsAuthorized(context.Request, cluster.BearerToken))
            {
                await WriteJsonAsync(context, 401, KubernetesStatus.Unauthorized());
                return;
            }

            var rest = segments[2..];
            // Some clients resolve the OpenAPI URLs against the cluster path once more.
            while (rest.Length >= 2 && rest[0] == "clusters" && rest[1] == cluster.Id)
            {
                rest = rest[2..];
            }

            await DispatchAsync(context, cluster, rest);
        }
        catch (KubernetesApiException error)
        {
            await WriteJsonAsync(context, error.Code, error.Status);
        }
        catch (Exception error) when (!context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted)
        {
            logger.LogError(error, "Kubernetes API request {Method} {Path} failed", context.Request.Method, context.Request.Path);
            await WriteJsonAsync(context, 500, KubernetesStatus.Failure(500, "InternalError", $"Internal error occurred: {error.Message}"));
        }
    }

    private static bool IsAuthorized(HttpRequest request, string token)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var presented = Encoding.UTF8.GetBytes(header[scheme.Length..].Trim());
        return CryptographicOperations.FixedTimeEquals(presented, Encoding.UTF8.GetBytes(token));
    }

    private async Task DispatchAsync(HttpContext context, KubernetesCluster cluster, string[] rest)
    {
        if (rest.Length >= 3 && rest[0] == "api" && rest[1] == "v1")
        {
            await HandleResourceAsync(context, cluster, "", "v1", rest[2..]);
        }
        else if (rest.Length >= 4 && rest[0] == "apis")
        {
            await HandleResourceAsync(context, cluster, rest[1], rest[2], rest[3..]);
        }
        else if (context.Request.Method != HttpMethods.Get)
        {
            throw KubernetesStatus.MethodNotAllowed();
        }
        else
        {
            await HandleDiscoveryAsync(context, cluster, rest);
        }
    }

    private async Task HandleDiscoveryAsync(HttpContext context, KubernetesCluster cluster, string[] rest)
    {
        if (await EnterAsync(context, "k8s.discovery", mutation: false))
        {
            return;
        }

        var path = string.Join('/', rest);
        if (rest.Length == 1 && rest[0] is "healthz" or "livez" or "readyz")
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync("ok", context.RequestAborted);
            return;
        }

        JsonObject? document = path switch
        {
            "" => new JsonObject { ["paths"] = new JsonArray("/api", "/api/v1", "/apis", "/healthz", "/openapi/v3", "/version") },
            "version" => DiscoveryDocuments.Version(cluster.KubernetesVersion),
            "api" => DiscoveryDocuments.CoreVersions(context.Request.Host.Value ?? ""),
            "api/v1" => DiscoveryDocuments.ResourceList("", "v1"),
            "apis" => DiscoveryDocuments.GroupList(),
            "openapi/v3" => DiscoveryDocuments.OpenApiIndex("/clusters/" + Uri.EscapeDataString(cluster.Id)),
            "openapi/v3/api/v1" => DiscoveryDocuments.OpenApiGroupVersion("", "v1"),
            _ => null,
        };
        if (document is null && rest.Length == 2 && rest[0] == "apis" && ResourceCatalog.NamedGroups.Contains(rest[1]))
        {
            document = DiscoveryDocuments.Group(rest[1]);
        }
        else if (document is null && rest.Length == 3 && rest[0] == "apis" && ResourceCatalog.InGroupVersion(rest[1], rest[2]).Any())
        {
            document = DiscoveryDocuments.ResourceList(rest[1], rest[2]);
        }
        else if (document is null && rest.Length == 5 && rest[0] == "openapi" && rest[1] == "v3" && rest[2] == "apis"
            && ResourceCatalog.InGroupVersion(rest[3], rest[4]).Any())
        {
            document = DiscoveryDocuments.OpenApiGroupVersion(rest[3], rest[4]);
        }

        await WriteJsonAsync(context, 200, document ?? throw KubernetesStatus.PathNotFound());
    }

    private async Task HandleResourceAsync(HttpContext context, KubernetesCluster cluster, string group, string version, string[] tail)
    {
        var target = ResourceTarget.Parse(group, version, tail);
        var request = context.Request;
        var query = request.Query;
        var dryRun = query["dryRun"].ToString() == "All";
        var labels = LabelSelector.Parse(query["labelSelector"].ToString());
        var fields = FieldSelector.Parse(query["fieldSelector"].ToString());
        var manager = query["fieldManager"].ToString() is { Length: > 0 } explicitManager ? explicitManager : ManagerFromUserAgent(request);
        var ns = target.Namespace ?? "";
        var kind = target.Kind;
        var statusOnly = target.Subresource == "status";

        switch (request.Method)
        {
            case "GET" when target.Name is null && IsWatch(query["watch"].ToString()):
                if (!await EnterAsync(context, "k8s.watch", mutation: false))
                {
                    await new WatchStream(cluster, kind, target.Namespace, labels, fields).ServeAsync(context, stopping);
                }

                return;
            case "GET" when target.Name is null:
                if (!await EnterAsync(context, "k8s.list", mutation: false))
                {
                    var (items, resourceVersion) = cluster.List(kind, target.Namespace, labels, fields);
                    await WriteJsonAsync(context, 200, WantsTable(request)
                        ? TablePrinter.Print(kind, items, resourceVersion, runtime.Time.GetUtcNow(), query["includeObject"].ToString() == "Object")
                        : ListDocument(kind, items, resourceVersion));
                }

                return;
            case "GET" when target.Subresource == "log":
                if (!await EnterAsync(context, "k8s.logs", mutation: false))
                {
                    await WritePodLogAsync(context, cluster.Get(kind, ns, target.Name!));
                }

                return;
            case "GET":
                if (!await EnterAsync(context, "k8s.get", mutation: false))
                {
                    var resource = cluster.Get(kind, ns, target.Name);
                    await WriteJsonAsync(context, 200, WantsTable(request)
                        ? TablePrinter.Print(kind, [resource], cluster.Store.ResourceVersion, runtime.Time.GetUtcNow(), query["includeObject"].ToString() == "Object")
                        : resource);
                }

                return;
            case "POST" when target.Name is null:
                if (!await EnterAsync(context, "k8s.create", mutation: true))
                {
                    var body = await ReadObjectAsync(request);
                    await WriteJsonAsync(context, 201, cluster.Create(kind, ns, body, manager, dryRun));
                }

                return;
            case "PUT" when target.Name is not null:
                if (!await EnterAsync(context, "k8s.replace", mutation: true))
                {
                    var body = await ReadObjectAsync(request);
                    await WriteJsonAsync(context, 200, cluster.Replace(kind, ns, target.Name, body, manager, statusOnly, dryRun));
                }

                return;
            case "PATCH" when target.Name is not null:
                await PatchAsync(context, cluster, target, manager, statusOnly, dryRun);
                return;
            case "DELETE" when target.Name is not null:
                if (!await EnterAsync(context, "k8s.delete", mutation: true))
                {
                    await WriteJsonAsync(context, 200, cluster.Delete(kind, ns, target.Name, dryRun));
                }

                return;
            case "DELETE":
                if (!await EnterAsync(context, "k8s.deletecollection", mutation: true))
                {
                    var deleted = cluster.DeleteCollection(kind, target.Namespace, labels, fields, dryRun);
                    await WriteJsonAsync(context, 200, ListDocument(kind, deleted, cluster.Store.ResourceVersion));
                }

                return;
            default:
                throw KubernetesStatus.MethodNotAllowed();
        }
    }

    /// <summary>The sandbox runs no processes, so a running container's log is empty; a pending one has none yet.</summary>
    private static async Task WritePodLogAsync(HttpContext context, JsonObject pod)
    {
        var containers = (pod["spec"]?["containers"] as JsonArray ?? []).Select(container => container?["name"]?.ToString()).ToList();
        var container = context.Request.Query["container"].ToString() is { Length: > 0 } requested ? requested : containers.FirstOrDefault();
        if (!containers.Contains(container))
        {
            throw KubernetesStatus.BadRequest($"container {container} is not valid for pod {JsonFields.Name(pod)}");
        }

        if (JsonFields.GetString(pod, "status.phase") != "Running")
        {
            throw KubernetesStatus.BadRequest($"container \"{container}\" in pod \"{JsonFields.Name(pod)}\" is waiting to start: ContainerCreating");
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/plain";
        await context.Response.StartAsync(context.RequestAborted);
    }

    private async Task PatchAsync(HttpContext context, KubernetesCluster cluster, ResourceTarget target, string manager, bool statusOnly, bool dryRun)
    {
        var contentType = (context.Request.ContentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        var isApply = contentType == "application/apply-patch+yaml";
        if (!isApply && contentType is not ("application/merge-patch+json" or "application/strategic-merge-patch+json" or "application/json-patch+json"))
        {
            throw KubernetesStatus.UnsupportedMediaType(contentType);
        }

        if (await EnterAsync(context, isApply ? "k8s.apply" : "k8s.patch", mutation: true))
        {
            return;
        }

        var body = await ReadBodyAsync(context.Request);
        var ns = target.Namespace ?? "";
        if (isApply)
        {
            var force = context.Request.Query["force"].ToString() == "true";
            var (resource, created) = cluster.Apply(target.Kind, ns, target.Name!, body, context.Request.Query["fieldManager"].ToString(), force, dryRun);
            await WriteJsonAsync(context, created ? 201 : 200, resource);
            return;
        }

        await WriteJsonAsync(context, 200, cluster.Patch(target.Kind, ns, target.Name!, contentType, body, manager, statusOnly, dryRun));
    }

    /// <summary>Records the operation with the runtime; when a fault is armed writes it and returns true.</summary>
    private async Task<bool> EnterAsync(HttpContext context, string operation, bool mutation)
    {
        var fault = await runtime.EnterAsync(operation, mutation, context.RequestAborted);
        if (fault is null)
        {
            return false;
        }

        if (fault.StatusCode == 429)
        {
            context.Response.Headers.RetryAfter = "1";
        }

        await WriteJsonAsync(context, fault.StatusCode, KubernetesStatus.FromFault(fault));
        return true;
    }

    private static JsonObject ListDocument(ResourceKind kind, IEnumerable<JsonObject> items, long resourceVersion)
    {
        var list = new JsonArray();
        foreach (var item in items)
        {
            var copy = (JsonObject)item.DeepClone();
            copy.Remove("apiVersion");
            copy.Remove("kind");
            list.Add(copy);
        }

        return new JsonObject
        {
            ["kind"] = kind.Kind + "List",
            ["apiVersion"] = kind.ApiVersion,
            ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            ["items"] = list,
        };
    }

    private static bool IsWatch(string value) => value is "true" or "1";

    private static bool WantsTable(HttpRequest request) =>
        request.Headers.Accept.ToString().Contains("as=Table", StringComparison.Ordinal);

    private static string ManagerFromUserAgent(HttpRequest request)
    {
        var userAgent = request.Headers.UserAgent.ToString();
        var name = userAgent.Split('/', ' ')[0];
        return name.Length > 0 ? name : "unknown";
    }

    private static async Task<string> ReadBodyAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
    }

    private static async Task<JsonObject> ReadObjectAsync(HttpRequest request)
    {
        var contentType = (request.ContentType ?? "application/json").Split(';')[0].Trim().ToLowerInvariant();
        if (contentType is not ("application/json" or "application/yaml" or "*/*"))
        {
            throw KubernetesStatus.UnsupportedMediaType(contentType);
        }

        var body = await ReadBodyAsync(request);
        return YamlJson.Parse(body) as JsonObject
            ?? throw KubernetesStatus.BadRequest("the body of the request is not a Kubernetes object");
    }

    private static async Task WriteJsonAsync(HttpContext context, int statusCode, JsonNode body)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(ResponseJson), context.RequestAborted);
    }
}
