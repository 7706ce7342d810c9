using System.Text;
using System.Text.Json.Nodes;
using CoderBootstrap.Activities.Environments;
using CoderBootstrap.Activities.Kubernetes;

namespace CoderBootstrap.Activities.Coder;

/// <summary>Which files of deploy/coder an environment applies, and the secrets that are built in memory rather than from a file.</summary>
internal static class CoderManifestSet
{
    public static IReadOnlyList<string> Files(EnvironmentSpec spec, bool hasDomain)
    {
        var files = new List<string> { "namespace.yaml", "serviceaccount.yaml", "role.yaml", "rolebinding.yaml", "service.yaml", "deployment.yaml" };
        if (hasDomain)
        {
            files.Add("ingress.yaml");
        }

        if (spec.Security.NetworkPolicies)
        {
            files.Add("networkpolicy.yaml");
        }

        if (spec.Coder.Replicas > 1)
        {
            files.Add("poddisruptionbudget.yaml");
        }

        return files;
    }

    public static RenderedManifest Secret(string name, string ns, string environment, IReadOnlyDictionary<string, string> values)
    {
        var data = new JsonObject();
        foreach (var (key, value) in values)
        {
            data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value));
        }

        var body = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = ns,
                ["labels"] = new JsonObject
                {
                    ["app.kubernetes.io/part-of"] = "coder",
                    ["app.kubernetes.io/managed-by"] = "coder-bootstrap",
                    ["coder-bootstrap/environment"] = environment,
                },
            },
            ["type"] = "Opaque",
            ["data"] = data,
        };
        return RenderedManifest.FromBody(body, "secret " + name);
    }
}
