using System.Text.Json.Nodes;

namespace CoderBootstrap.Sandbox.Kubernetes;

/// <summary>RFC 7386 JSON merge patch: objects merge recursively, <c>null</c> removes a member, anything else replaces.</summary>
internal static class JsonMergePatch
{
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : new JsonObject();
        MergeInto(result, patchObject);
        return result;
    }

    private static void MergeInto(JsonObject target, JsonObject patch)
    {
        foreach (var (name, value) in patch)
        {
            if (value is null)
            {
                target.Remove(name);
            }
            else if (value is JsonObject patchChild && target[name] is JsonObject targetChild)
            {
                MergeInto(targetChild, patchChild);
            }
            else if (value is JsonObject newChild)
            {
                var created = new JsonObject();
                MergeInto(created, newChild);
                target[name] = created;
            }
            else
            {
                target[name] = value.DeepClone();
            }
        }
    }
}
