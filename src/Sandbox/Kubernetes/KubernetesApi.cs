using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using CoderBootstrap.Sandbox.Core;
using CoderBootstrap.Sandbox.Runtime;

namespace CoderBootstrap.Sandbox.Kubernetes;

/// <summary>
/// Turns HTTP requests under <c>/clusters/{clusterId}</c> into cluster operations: authentication,
/// discovery, resource paths and verbs, run through the shared sandbox pipeline, with <c>Status</c> error bodies.
/// </summary>
internal sealed class KubernetesApi(
    KubernetesApiServer server,
    ISandboxRuntime runtime,
    ILogger logger,
    CancellationToken stopping) : SandboxApi<HttpContext>(runtime, logger)
{
    private static readonly JsonSerializerOptions ResponseJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    protected override HttpContext Parse(HttpContext context) => context;

    protected override SandboxEndpoint Route(HttpContext context)
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
            throw new KubernetesApiException(KubernetesStatus.Unauthorized());
        }

        var rest = segments[2..];
        // Some clients resolve the OpenAPI URLs against the cluster path once more.
        while (rest.Length >= 2 && rest[0] == "clusters" && rest[1] == cluster.Id)
        {
            rest = rest[2..];
        }

        if (rest.Length >= 3 && rest[0] == "api" && rest[1] == "v1")
        {
            return RouteResource(context, cluster, "", "v1", rest[2..]);
        }

        if (rest.Length >= 4 && rest[0] == "apis")
        {
            return RouteResource(context, cluster, rest[1], rest[2], rest[3..]);
        }

        return context.Request.Method == HttpMethods.Get
            ? new SandboxEndpoint("k8s.discovery", false, () => HandleDiscoveryAsync(context, cluster, rest))
            : throw KubernetesStatus.MethodNotAllowed();
    }

    protected override Exception FaultError(SandboxFault fault) => new KubernetesApiException(KubernetesStatus.FromFault(fault));

    protected override async Task<bool> TryWriteErrorAsync(HttpContext context, Exception error)
    {
        if (error is not KubernetesApiException kubernetesError)
        {
            return false;
        }

        await WriteJsonAsync(context, kubernetesError.Code, kubernetesError.Status);
        return true;
    }

    protected override Task WriteUnexpectedErrorAsync(HttpContext context, Exception error) =>
        WriteJsonAsync(context, 500, KubernetesStatus.Failure(500, "InternalError", $"Internal error occurred: {error.Message}"));

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

    private static async Task HandleDiscoveryAsync(HttpContext context, KubernetesCluster cluster, string[] rest)
    {
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

    private SandboxEndpoint RouteResource(HttpContext context, KubernetesCluster cluster, string group, string version, string[] tail)
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

        return request.Method switch
        {
            "GET" when target.Name is null && IsWatch(query["watch"].ToString()) => new("k8s.watch", false, () =>
                new WatchStream(cluster, kind, target.Namespace, labels, fields).ServeAsync(context, stopping)),
            "GET" when target.Name is null => new("k8s.list", false, () =>
            {
                var (items, resourceVersion) = cluster.List(kind, target.Namespace, labels, fields);
                return WriteJsonAsync(context, 200, WantsTable(request)
                    ? TablePrinter.Print(kind, items, resourceVersion, Runtime.Time.GetUtcNow(), query["includeObject"].ToString() == "Object")
                    : ListDocument(kind, items, resourceVersion));
            }),
            "GET" when target.Subresource == "log" => new("k8s.logs", false, () => WritePodLogAsync(context, cluster.Get(kind, ns, target.Name!))),
            "GET" => new("k8s.get", false, () =>
            {
                var resource = cluster.Get(kind, ns, target.Name);
                return WriteJsonAsync(context, 200, WantsTable(request)
                    ? TablePrinter.Print(kind, [resource], cluster.Store.ResourceVersion, Runtime.Time.GetUtcNow(), query["includeObject"].ToString() == "Object")
                    : resource);
            }),
            "POST" when target.Name is null => new("k8s.create", true, async () =>
            {
                var body = await ReadObjectAsync(request);
                await WriteJsonAsync(context, 201, cluster.Create(kind, ns, body, manager, dryRun));
            }),
            "PUT" when target.Name is not null => new("k8s.replace", true, async () =>
            {
                var body = await ReadObjectAsync(request);
                await WriteJsonAsync(context, 200, cluster.Replace(kind, ns, target.Name, body, manager, statusOnly, dryRun));
            }),
            "PATCH" when target.Name is not null => RoutePatch(context, cluster, target, manager, statusOnly, dryRun),
            "DELETE" when target.Name is not null => new("k8s.delete", true, () => WriteJsonAsync(context, 200, cluster.Delete(kind, ns, target.Name, dryRun))),
            "DELETE" => new("k8s.deletecollection", true, () =>
            {
                var deleted = cluster.DeleteCollection(kind, target.Namespace, labels, fields, dryRun);
                return WriteJsonAsync(context, 200, ListDocument(kind, deleted, cluster.Store.ResourceVersion));
            }),
            _ => throw KubernetesStatus.MethodNotAllowed(),
        };
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

    private static SandboxEndpoint RoutePatch(HttpContext context, KubernetesCluster cluster, ResourceTarget target, string manager, bool statusOnly, bool dryRun)
    {
        var contentType = (context.Request.ContentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        var isApply = contentType == "application/apply-patch+yaml";
        if (!isApply && contentType is not ("application/merge-patch+json" or "application/strategic-merge-patch+json" or "application/json-patch+json"))
        {
            throw KubernetesStatus.UnsupportedMediaType(contentType);
        }

        return new SandboxEndpoint(isApply ? "k8s.apply" : "k8s.patch", true, async () =>
        {
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
        });
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
