using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CoderBootstrap.Sandbox.Kubernetes;

/// <summary>
/// Resolves a container's environment as the kubelet would: <c>envFrom</c> first, then <c>env</c> with
/// literal values, <c>secretKeyRef</c>, <c>configMapKeyRef</c>, <c>fieldRef</c> and <c>$(VAR)</c> expansion.
/// Missing references resolve to nothing (the real pod would fail to start; the sandbox stays lenient).
/// </summary>
internal static partial class ContainerEnvironment
{
    public static Dictionary<string, string> Resolve(JsonObject container, string ns, string podName, string podIp, ClusterObjectStore store)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in (container["envFrom"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var prefix = source["prefix"]?.ToString() ?? "";
            var values = source["secretRef"] is JsonObject secretRef
                ? SecretData(store, ns, secretRef["name"]?.ToString())
                : ConfigMapData(store, ns, source["configMapRef"]?["name"]?.ToString());
            foreach (var (key, value) in values)
            {
                environment[prefix + key] = value;
            }
        }

        foreach (var variable in (container["env"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var name = variable["name"]?.ToString();
            if (string.IsNullOrEmpty(name))
            {
                continue;
            }

            string? value = null;
            if (variable["value"] is JsonValue literal)
            {
                value = Expand(literal.ToString(), environment);
            }
            else if (variable["valueFrom"] is JsonObject from)
            {
                value = ResolveReference(from, ns, podName, podIp, store);
            }

            if (value is not null)
            {
                environment[name] = value;
            }
            else if (!variable.ContainsKey("valueFrom"))
            {
                environment[name] = "";
            }
        }

        return environment;
    }

    private static string? ResolveReference(JsonObject from, string ns, string podName, string podIp, ClusterObjectStore store)
    {
        if (from["secretKeyRef"] is JsonObject secretKey)
        {
            return SecretData(store, ns, secretKey["name"]?.ToString()).GetValueOrDefault(secretKey["key"]?.ToString() ?? "");
        }

        if (from["configMapKeyRef"] is JsonObject configMapKey)
        {
            return ConfigMapData(store, ns, configMapKey["name"]?.ToString()).GetValueOrDefault(configMapKey["key"]?.ToString() ?? "");
        }

        return from["fieldRef"]?["fieldPath"]?.ToString() switch
        {
            "metadata.namespace" => ns,
            "metadata.name" => podName,
            "status.podIP" => podIp,
            _ => null,
        };
    }

    private static Dictionary<string, string> SecretData(ClusterObjectStore store, string ns, string? name)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var secret = name is null ? null : store.Find(ResourceCatalog.Secrets, ns, name);
        foreach (var (key, value) in secret?["data"] as JsonObject ?? [])
        {
            try
            {
                values[key] = Encoding.UTF8.GetString(Convert.FromBase64String(value?.ToString() ?? ""));
            }
            catch (FormatException)
            {
                values[key] = "";
            }
        }

        return values;
    }

    private static Dictionary<string, string> ConfigMapData(ClusterObjectStore store, string ns, string? name)
    {
        var configMap = name is null ? null : store.Find(ResourceCatalog.ConfigMaps, ns, name);
        return (configMap?["data"] as JsonObject ?? []).ToDictionary(pair => pair.Key, pair => pair.Value?.ToString() ?? "", StringComparer.Ordinal);
    }

    private static string Expand(string value, Dictionary<string, string> defined) =>
        Reference().Replace(value, match => match.Value.StartsWith("$$", StringComparison.Ordinal)
            ? match.Value[1..]
            : defined.TryGetValue(match.Groups["name"].Value, out var resolved) ? resolved : match.Value);

    [GeneratedRegex(@"\$?\$\((?<name>[A-Za-z_][A-Za-z0-9_.-]*)\)")]
    private static partial Regex Reference();
}
