using System.Text.Json.Nodes;

namespace CoderBootstrap.Sandbox.Kubernetes;

/// <summary>
/// Server-side apply on JSON objects: the applied configuration is merged in (objects recursively, keyed
/// lists item by item, other lists atomically); a field another manager owns with a different value is a
/// conflict unless forced (then ownership moves); fields the manager applied before and no longer applies
/// are removed when nobody else owns them.
/// </summary>
internal static class ServerSideApply
{
    /// <summary>The object to create from an applied configuration, with its managed fields.</summary>
    public static JsonObject Create(JsonObject applied, string manager, string time)
    {
        var created = new JsonObject();
        MergeApplied(created, applied, isRoot: true);
        var entry = new ManagedFieldsEntry(manager, ManagedFieldsEntry.ApplyOperation, applied["apiVersion"]?.ToString() ?? "", time, FieldSets.Collect(applied));
        ManagedFieldsEntry.DropMissing([entry], created);
        ManagedFieldsEntry.WriteAll(created, [entry]);
        return created;
    }

    /// <summary>The object after applying <paramref name="applied"/> over <paramref name="current"/>; throws a 409 on unforced conflicts.</summary>
    public static JsonObject Update(ResourceKind kind, JsonObject current, JsonObject applied, string manager, bool force, string time)
    {
        var appliedPaths = FieldSets.Collect(applied);
        var entries = ManagedFieldsEntry.ReadAll(current);
        var own = entries.FirstOrDefault(entry => entry.Manager == manager && entry.Operation == ManagedFieldsEntry.ApplyOperation);

        var conflicts = new List<(ManagedFieldsEntry Entry, string Path)>();
        foreach (var entry in entries.Where(entry => entry != own))
        {
            foreach (var path in entry.Paths.Where(appliedPaths.Contains))
            {
                if (FieldSets.IsListItem(path))
                {
                    continue;
                }

                var currentValue = FieldSets.Get(current, path);
                if (currentValue is not null && !JsonNode.DeepEquals(currentValue, FieldSets.Get(applied, path)))
                {
                    conflicts.Add((entry, path));
                }
            }
        }

        if (conflicts.Count > 0 && !force)
        {
            throw KubernetesStatus.ApplyConflict(
                kind,
                JsonFields.Name(current),
                conflicts.Select(conflict => (conflict.Entry.Manager, FieldSets.Display(conflict.Path))).ToList());
        }

        foreach (var (entry, path) in conflicts)
        {
            entry.Paths.Remove(path);
        }

        var result = (JsonObject)current.DeepClone();
        MergeApplied(result, applied, isRoot: true);

        var previouslyApplied = own?.Paths ?? [];
        var ownedByOthers = entries.Where(entry => entry != own).SelectMany(entry => entry.Paths).ToHashSet(StringComparer.Ordinal);
        var released = previouslyApplied
            .Where(path => !appliedPaths.Contains(path) && !ownedByOthers.Contains(path))
            .OrderBy(path => path.Length);
        foreach (var path in released)
        {
            FieldSets.Remove(result, path);
        }

        if (own is null)
        {
            own = new ManagedFieldsEntry(manager, ManagedFieldsEntry.ApplyOperation, applied["apiVersion"]?.ToString() ?? "", time, appliedPaths);
            entries.Add(own);
        }
        else
        {
            own.Paths = appliedPaths;
            own.ApiVersion = applied["apiVersion"]?.ToString() ?? own.ApiVersion;
        }

        ManagedFieldsEntry.DropMissing(entries, result);
        if (!JsonNode.DeepEquals(WithoutManagedFields(result), WithoutManagedFields(current)))
        {
            own.Time = time;
        }

        ManagedFieldsEntry.WriteAll(result, entries);
        return result;
    }

    private static JsonObject WithoutManagedFields(JsonObject resource)
    {
        var copy = (JsonObject)resource.DeepClone();
        JsonFields.Metadata(copy).Remove("managedFields");
        return copy;
    }

    private static void MergeApplied(JsonObject target, JsonObject applied, bool isRoot)
    {
        foreach (var (name, value) in applied)
        {
            if (isRoot && name == "status")
            {
                continue;
            }

            if (isRoot && name == "metadata" && value is JsonObject metadata)
            {
                var targetMetadata = JsonFields.Metadata(target);
                foreach (var (field, fieldValue) in metadata)
                {
                    if (FieldSets.ServerOwnedMetadata.Contains(field))
                    {
                        if (field is "name" or "namespace" && fieldValue is not null && !targetMetadata.ContainsKey(field))
                        {
                            targetMetadata[field] = fieldValue.DeepClone();
                        }

                        continue;
                    }

                    MergeMember(targetMetadata, field, fieldValue);
                }

                continue;
            }

            MergeMember(target, name, value);
        }
    }

    private static void MergeMember(JsonObject target, string name, JsonNode? value)
    {
        switch (value)
        {
            case null:
                target.Remove(name);
                break;
            case JsonObject appliedChild:
                if (target[name] is not JsonObject targetChild)
                {
                    targetChild = new JsonObject();
                    target[name] = targetChild;
                }

                MergeApplied(targetChild, appliedChild, isRoot: false);
                break;
            case JsonArray appliedList when target[name] is JsonArray targetList && StrategicMergePatch.MergeKeyOf(appliedList) is { } key:
                foreach (var item in appliedList.OfType<JsonObject>())
                {
                    var existing = targetList.OfType<JsonObject>().FirstOrDefault(candidate => JsonNode.DeepEquals(candidate[key], item[key]));
                    if (existing is null)
                    {
                        targetList.Add(item.DeepClone());
                    }
                    else
                    {
                        MergeApplied(existing, item, isRoot: false);
                    }
                }

                break;
            default:
                target[name] = value.DeepClone();
                break;
        }
    }
}
