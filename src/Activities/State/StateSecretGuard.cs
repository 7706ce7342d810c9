using System.Text.Json;

namespace CoderBootstrap.Activities.State;

/// <summary>
/// Refuses to store a state document that carries something secret-looking: a field named like a
/// password, secret, token or private key, or a value that looks like key material or a kubeconfig.
/// </summary>
internal static class StateSecretGuard
{
    private static readonly string[] ForbiddenNameParts = ["password", "passwd", "secret", "token", "private_key", "client_key", "api_key", "access_key"];
    private static readonly string[] ForbiddenValueParts = ["-----BEGIN", "client-key-data", "client-certificate-data", "kind: Config"];

    public static void EnsureNoSecrets(JsonElement element, string path = "$")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var name = property.Name.ToLowerInvariant();
                    if (ForbiddenNameParts.Any(name.Contains))
                    {
                        throw new StateStoreException($"refusing to store state: field {path}.{property.Name} looks like a secret; keep secrets out of state documents");
                    }
                    EnsureNoSecrets(property.Value, $"{path}.{property.Name}");
                }
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    EnsureNoSecrets(item, $"{path}[{index++}]");
                }
                break;
            case JsonValueKind.String:
                var value = element.GetString() ?? string.Empty;
                if (ForbiddenValueParts.Any(p => value.Contains(p, StringComparison.Ordinal)))
                {
                    throw new StateStoreException($"refusing to store state: the value of {path} looks like key material or a kubeconfig");
                }
                break;
        }
    }
}
