using System.Text.Json.Nodes;

namespace CoderBootstrap.Sandbox.Kubernetes;

/// <summary>One <c>metadata.managedFields</c> entry: which manager owns which fields, through Apply or Update.</summary>
internal sealed class ManagedFieldsEntry(string manager, string operation, string apiVersion, string time, HashSet<string> paths)
{
    public const string ApplyOperation = "Apply";
    public const string UpdateOperation = "Update";

    public string Manager { get; } = manager;

    public string Operation { get; } = operation;

    public string ApiVersion { get; set; } = apiVersion;

    public string Time { get; set; } = time;

    public HashSet<string> Paths { get; set; } = paths;

    public static List<ManagedFieldsEntry> ReadAll(JsonObject resource)
    {
        var entries = new List<ManagedFieldsEntry>();
        foreach (var entry in (resource["metadata"]?["managedFields"] as JsonArray ?? []).OfType<JsonObject>())
        {
            entries.Add(new ManagedFieldsEntry(
                entry["manager"]?.ToString() ?? "",
                entry["operation"]?.ToString() ?? UpdateOperation,
                entry["apiVersion"]?.ToString() ?? "",
                entry["time"]?.ToString() ?? "",
                FieldSets.FromFieldsV1(entry["fieldsV1"] as JsonObject)));
        }

        return entries;
    }

    public static void WriteAll(JsonObject resource, IEnumerable<ManagedFieldsEntry> entries)
    {
        var list = new JsonArray();
        foreach (var entry in entries.Where(entry => entry.Paths.Count > 0))
        {
            list.Add(new JsonObject
            {
                ["manager"] = entry.Manager,
                ["operation"] = entry.Operation,
                ["apiVersion"] = entry.ApiVersion,
                ["time"] = entry.Time,
                ["fieldsType"] = "FieldsV1",
                ["fieldsV1"] = FieldSets.ToFieldsV1(entry.Paths),
            });
        }

        var metadata = JsonFields.Metadata(resource);
        if (list.Count == 0)
        {
            metadata.Remove("managedFields");
        }
        else
        {
            metadata["managedFields"] = list;
        }
    }

    /// <summary>
    /// Records a non-apply write (create, update, patch): the manager takes the fields it set or changed,
    /// other managers lose them, and fields that no longer exist are dropped from every entry.
    /// </summary>
    public static void RecordUpdate(JsonObject? before, JsonObject after, string manager, string time)
    {
        var entries = before is null ? [] : ReadAll(before);
        var changed = before is null ? FieldSets.Collect(after) : FieldSets.Changed(before, after);
        foreach (var entry in entries)
        {
            entry.Paths.ExceptWith(changed);
        }

        if (changed.Count > 0)
        {
            var own = entries.FirstOrDefault(entry => entry.Manager == manager && entry.Operation == UpdateOperation);
            if (own is null)
            {
                own = new ManagedFieldsEntry(manager, UpdateOperation, after["apiVersion"]?.ToString() ?? "", time, []);
                entries.Add(own);
            }

            own.Paths.UnionWith(changed);
            own.Time = time;
        }

        DropMissing(entries, after);
        WriteAll(after, entries);
    }

    public static void DropMissing(IEnumerable<ManagedFieldsEntry> entries, JsonObject resource)
    {
        foreach (var entry in entries)
        {
            entry.Paths.RemoveWhere(path => !FieldSets.Exists(resource, path));
        }
    }
}
