using System.Text.Json.Nodes;

namespace CoderBootstrap.Sandbox.Kubernetes;

/// <summary>The legacy discovery documents (<c>/api</c>, <c>/apis</c>, resource lists), <c>/version</c> and the minimal OpenAPI v3 kubectl needs.</summary>
internal static class DiscoveryDocuments
{
    private static readonly string[] AllVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
    private static readonly HashSet<string> InCategoryAll = ["pods", "services", "deployments", "replicasets", "statefulsets", "daemonsets"];

    public static JsonObject CoreVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    public static JsonObject GroupList() => new()
    {
        ["kind"] = "APIGroupList",
        ["apiVersion"] = "v1",
        ["groups"] = new JsonArray(ResourceCatalog.NamedGroups.Select(group => (JsonNode)GroupBody(group)).ToArray()),
    };

    public static JsonObject Group(string group)
    {
        var body = GroupBody(group);
        body["kind"] = "APIGroup";
        body["apiVersion"] = "v1";
        return body;
    }

    public static JsonObject ResourceList(string group, string version)
    {
        var resources = new JsonArray();
        foreach (var kind in ResourceCatalog.InGroupVersion(group, version))
        {
            var resource = new JsonObject
            {
                ["name"] = kind.Plural,
                ["singularName"] = kind.Singular,
                ["namespaced"] = kind.Namespaced,
                ["kind"] = kind.Kind,
                ["verbs"] = new JsonArray(AllVerbs.Select(verb => (JsonNode)verb).ToArray()),
            };
            if (kind.ShortNames.Count > 0)
            {
                resource["shortNames"] = new JsonArray(kind.ShortNames.Select(name => (JsonNode)name).ToArray());
            }

            if (InCategoryAll.Contains(kind.Plural))
            {
                resource["categories"] = new JsonArray("all");
            }

            resources.Add(resource);
            if (kind.HasStatusSubresource)
            {
                resources.Add(new JsonObject
                {
                    ["name"] = kind.Plural + "/status",
                    ["singularName"] = "",
                    ["namespaced"] = kind.Namespaced,
                    ["kind"] = kind.Kind,
                    ["verbs"] = new JsonArray("get", "patch", "update"),
                });
            }
        }

        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
            ["resources"] = resources,
        };
    }

    public static JsonObject Version(string kubernetesVersion)
    {
        var gitVersion = kubernetesVersion.StartsWith('v') ? kubernetesVersion : "v" + kubernetesVersion;
        var parts = gitVersion[1..].Split('.');
        return new JsonObject
        {
            ["major"] = parts.ElementAtOrDefault(0) ?? "1",
            ["minor"] = parts.ElementAtOrDefault(1) ?? "0",
            ["gitVersion"] = gitVersion,
            ["gitCommit"] = "0000000000000000000000000000000000000000",
            ["gitTreeState"] = "clean",
            ["buildDate"] = "2024-10-22T20:28:14Z",
            ["goVersion"] = "go1.22.8",
            ["compiler"] = "gc",
            ["platform"] = "linux/amd64",
        };
    }

    /// <summary>The OpenAPI v3 index; <paramref name="pathPrefix"/> is the cluster's path on this server.</summary>
    public static JsonObject OpenApiIndex(string pathPrefix)
    {
        var paths = new JsonObject { ["api/v1"] = new JsonObject { ["serverRelativeURL"] = $"{pathPrefix}/openapi/v3/api/v1?hash=SANDBOX1" } };
        foreach (var group in ResourceCatalog.NamedGroups)
        {
            foreach (var version in ResourceCatalog.VersionsOf(group))
            {
                paths[$"apis/{group}/{version}"] = new JsonObject
                {
                    ["serverRelativeURL"] = $"{pathPrefix}/openapi/v3/apis/{group}/{version}?hash=SANDBOX1",
                };
            }
        }

        return new JsonObject { ["paths"] = paths };
    }

    /// <summary>
    /// A group-version OpenAPI document that declares only what clients probe: the PATCH operation of each
    /// kind with its <c>fieldValidation</c> parameter (kubectl then leaves validation to the server).
    /// </summary>
    public static JsonObject OpenApiGroupVersion(string group, string version)
    {
        var paths = new JsonObject();
        foreach (var kind in ResourceCatalog.InGroupVersion(group, version))
        {
            var root = group.Length == 0 ? $"/api/{version}" : $"/apis/{group}/{version}";
            var path = kind.Namespaced ? $"{root}/namespaces/{{namespace}}/{kind.Plural}/{{name}}" : $"{root}/{kind.Plural}/{{name}}";
            paths[path] = new JsonObject
            {
                ["patch"] = new JsonObject
                {
                    ["operationId"] = $"patch{kind.Kind}",
                    ["x-kubernetes-action"] = "patch",
                    ["x-kubernetes-group-version-kind"] = new JsonObject { ["group"] = group, ["version"] = version, ["kind"] = kind.Kind },
                    ["parameters"] = new JsonArray(
                        QueryParameter("dryRun"),
                        QueryParameter("fieldManager"),
                        QueryParameter("fieldValidation"),
                        QueryParameter("force")),
                    ["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = "OK" } },
                },
            };
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "sandbox" },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = new JsonObject() },
        };
    }

    private static JsonObject QueryParameter(string name) => new()
    {
        ["name"] = name,
        ["in"] = "query",
        ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true },
    };

    private static JsonObject GroupBody(string group)
    {
        var versions = new JsonArray();
        foreach (var version in ResourceCatalog.VersionsOf(group))
        {
            versions.Add(new JsonObject { ["groupVersion"] = $"{group}/{version}", ["version"] = version });
        }

        return new JsonObject
        {
            ["name"] = group,
            ["versions"] = versions,
            ["preferredVersion"] = versions[0]!.DeepClone(),
        };
    }
}
