using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CoderBootstrap.Sandbox.Kubernetes;

/// <summary>The validation rules whose 422 <c>Invalid</c> answers a client is likely to meet.</summary>
internal static partial class ObjectValidation
{
    public static void ValidateName(ResourceKind kind, string name)
    {
        var asLabel = kind == ResourceCatalog.Namespaces || kind == ResourceCatalog.Services;
        if (asLabel && (name.Length > 63 || !DnsLabel().IsMatch(name)))
        {
            throw KubernetesStatus.Invalid(
                kind,
                name,
                "metadata.name",
                $"Invalid value: \"{name}\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')");
        }

        if (!asLabel && (name.Length > 253 || !DnsSubdomain().IsMatch(name)))
        {
            throw KubernetesStatus.Invalid(
                kind,
                name,
                "metadata.name",
                $"Invalid value: \"{name}\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
        }
    }

    public static void Validate(ResourceKind kind, JsonObject resource)
    {
        var name = JsonFields.Name(resource);
        if (kind == ResourceCatalog.Deployments)
        {
            ValidateWorkload(kind, name, resource);
        }
        else if (kind == ResourceCatalog.Services)
        {
            var spec = resource["spec"] as JsonObject;
            var type = spec?["type"]?.ToString();
            var headless = spec?["clusterIP"]?.ToString() == "None";
            if (type != "ExternalName" && !headless && (spec?["ports"] as JsonArray ?? []).Count == 0)
            {
                throw KubernetesStatus.Invalid(kind, name, "spec.ports", "Required value");
            }
        }
    }

    private static void ValidateWorkload(ResourceKind kind, string name, JsonObject resource)
    {
        if (resource["spec"]?["selector"] is not JsonObject selector || selector.Count == 0)
        {
            throw KubernetesStatus.Invalid(kind, name, "spec.selector", "Required value");
        }

        var templateLabels = resource["spec"]?["template"]?["metadata"]?["labels"] as JsonObject;
        if (!LabelSelector.FromSelectorObject(selector).Matches(templateLabels ?? []))
        {
            throw KubernetesStatus.Invalid(
                kind,
                name,
                "spec.template.metadata.labels",
                $"Invalid value: {templateLabels?.ToJsonString() ?? "{}"}: `selector` does not match template `labels`");
        }

        if ((resource["spec"]?["template"]?["spec"]?["containers"] as JsonArray ?? []).Count == 0)
        {
            throw KubernetesStatus.Invalid(kind, name, "spec.template.spec.containers", "Required value");
        }
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();
}
