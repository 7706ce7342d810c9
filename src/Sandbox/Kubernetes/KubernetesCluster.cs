using System.Globalization;
using System.Text.Json.Nodes;
using CoderBootstrap.Sandbox.Core;
using Microsoft.Extensions.Logging;

namespace CoderBootstrap.Sandbox.Kubernetes;

/// <summary>
/// The API semantics of one sandbox cluster over its object store: create, read, replace, patch,
/// server-side apply and delete, with defaulting, validation, managed fields and persistence.
/// Every public operation runs under <see cref="Sync"/>; the controller reacts to each write.
/// </summary>
internal sealed class KubernetesCluster : IAsyncDisposable
{
    /// <summary>Kinds whose DELETE answers with the deleted object (as their REST storage does); others answer a Status.</summary>
    private static readonly HashSet<ResourceKind> ReturnsDeletedObject =
    [
        ResourceCatalog.Namespaces, ResourceCatalog.Pods, ResourceCatalog.Services, ResourceCatalog.ServiceAccounts,
        ResourceCatalog.PersistentVolumeClaims, ResourceCatalog.PersistentVolumes,
    ];

    private readonly ISandboxRuntime _runtime;
    private readonly ILogger _logger;
    private readonly ClusterController _controller;
    private bool _removed;

    public KubernetesCluster(
        string id,
        string name,
        string bearerToken,
        string kubernetesVersion,
        ISandboxRuntime runtime,
        ISandboxLoadBalancers loadBalancers,
        ISandboxCoderHosting coder,
        ILogger logger,
        ISandboxBlockVolumes? blockVolumes = null)
    {
        Id = id;
        Name = name;
        BearerToken = bearerToken;
        KubernetesVersion = kubernetesVersion;
        _runtime = runtime;
        _logger = logger;
        _controller = new ClusterController(this, runtime, loadBalancers, coder, logger, blockVolumes);
    }

    public string Id { get; }

    public string Name { get; private set; }

    public string BearerToken { get; private set; }

    public string KubernetesVersion { get; private set; }

    public ClusterObjectStore Store { get; } = new();

    public Lock Sync { get; } = new();

    /// <summary>The state-store key of a cluster; keys are restricted to letters, digits, '-', '_' and '.'.</summary>
    public static string StateKey(string clusterId) =>
        "kubernetes-cluster-" + string.Concat(clusterId.Select(character => char.IsAsciiLetterOrDigit(character) || character is '-' or '_' ? character : '_'));

    public string Now() => _runtime.Time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Restores the persisted objects of the cluster, or seeds a fresh cluster.</summary>
    public void Initialize()
    {
        var persisted = _runtime.State.Load<PersistedCluster>(StateKey(Id));
        lock (Sync)
        {
            if (persisted is { Removed: false })
            {
                var objects = new List<(ResourceKind, JsonObject)>();
                foreach (var text in persisted.Objects)
                {
                    if (JsonNode.Parse(text) is JsonObject resource
                        && ResourceCatalog.FindByApiVersionAndKind(resource["apiVersion"]?.ToString() ?? "", resource["kind"]?.ToString() ?? "") is { } kind)
                    {
                        objects.Add((kind, resource));
                    }
                }

                Store.Restore(persisted.ResourceVersion, objects);
                _logger.LogInformation("Restored Kubernetes cluster {ClusterId} with {Count} objects", Id, objects.Count);
                _controller.ResumeAfterRestore();
            }
            else
            {
                ClusterSeed.Populate(this);
                Persist();
            }
        }
    }

    public void Reconfigure(string name, string bearerToken, string kubernetesVersion)
    {
        lock (Sync)
        {
            Name = name;
            BearerToken = bearerToken;
            KubernetesVersion = kubernetesVersion;
        }
    }

    public void SetNodes(IReadOnlyList<SandboxNode> nodes)
    {
        lock (Sync)
        {
            var wanted = nodes.Select(node => node.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var existing in Store.List(ResourceCatalog.Nodes, null))
            {
                if (!wanted.Contains(JsonFields.Name(existing)))
                {
                    Store.Remove(ResourceCatalog.Nodes, "", JsonFields.Name(existing));
                }
            }

            foreach (var node in nodes)
            {
                if (Store.Find(ResourceCatalog.Nodes, "", node.Name) is null)
                {
                    Store.Put(ResourceCatalog.Nodes, NodeFactory.Create(node, KubernetesVersion, Guid.NewGuid().ToString(), Now()));
                }
            }

            _controller.OnNodesChanged();
            Persist();
        }
    }

    public JsonObject Get(ResourceKind kind, string ns, string name)
    {
        lock (Sync)
        {
            return (JsonObject)Find(kind, ns, name).DeepClone();
        }
    }

    public (IReadOnlyList<JsonObject> Items, long ResourceVersion) List(ResourceKind kind, string? ns, LabelSelector labels, FieldSelector fields)
    {
        lock (Sync)
        {
            var items = Store.List(kind, ns)
                .Where(item => labels.Matches(JsonFields.Labels(item)) && fields.Matches(item))
                .Select(item => (JsonObject)item.DeepClone())
                .ToList();
            return (items, Store.ResourceVersion);
        }
    }

    public JsonObject Create(ResourceKind kind, string ns, JsonObject body, string manager, bool dryRun)
    {
        lock (Sync)
        {
            var resource = (JsonObject)body.DeepClone();
            CheckTypeMeta(kind, resource);
            var metadata = JsonFields.Metadata(resource);
            var name = metadata["name"]?.ToString() ?? "";
            if (name.Length == 0 && metadata["generateName"]?.ToString() is { Length: > 0 } prefix)
            {
                name = prefix + RandomSuffix();
                metadata["name"] = name;
            }

            if (name.Length == 0)
            {
                throw new KubernetesApiException(KubernetesStatus.Failure(
                    422, "Invalid", $"{kind.QualifiedKind} \"\" is invalid: metadata.name: Required value: name or generateName is required"));
            }

            PlaceInNamespace(kind, ns, resource);
            ObjectValidation.ValidateName(kind, name);
            if (Store.Find(kind, ns, name) is not null)
            {
                throw KubernetesStatus.AlreadyExists(kind, name);
            }

            if (kind.HasStatusSubresource)
            {
                resource.Remove("status");
            }

            metadata.Remove("managedFields");
            metadata.Remove("resourceVersion");
            var created = FinishCreate(kind, resource);
            ManagedFieldsEntry.RecordUpdate(null, created, manager, Now());
            return dryRun ? created : Commit(kind, null, created);
        }
    }

    public JsonObject Replace(ResourceKind kind, string ns, string name, JsonObject body, string manager, bool statusOnly, bool dryRun)
    {
        lock (Sync)
        {
            var current = Find(kind, ns, name);
            var resource = (JsonObject)body.DeepClone();
            CheckTypeMeta(kind, resource);
            var bodyName = JsonFields.Name(resource);
            if (bodyName != name)
            {
                throw KubernetesStatus.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
            }

            var expectedVersion = JsonFields.GetString(resource, "metadata.resourceVersion");
            if (!string.IsNullOrEmpty(expectedVersion) && expectedVersion != JsonFields.GetString(current, "metadata.resourceVersion"))
            {
                throw KubernetesStatus.Conflict(kind, name);
            }

            return Update(kind, current, resource, manager, statusOnly, dryRun);
        }
    }

    public JsonObject Patch(ResourceKind kind, string ns, string name, string contentType, string body, string manager, bool statusOnly, bool dryRun)
    {
        lock (Sync)
        {
            var current = Find(kind, ns, name);
            var patch = ParseJson(body);
            var patched = contentType switch
            {
                "application/json-patch+json" => JsonPatch.Apply(current, patch),
                "application/merge-patch+json" => JsonMergePatch.Apply(current, patch) as JsonObject,
                _ => StrategicMergePatch.Apply(current, patch) as JsonObject,
            } ?? throw KubernetesStatus.BadRequest("the patch did not produce an object");

            var patchedVersion = JsonFields.GetString(patched, "metadata.resourceVersion");
            if (patchedVersion != JsonFields.GetString(current, "metadata.resourceVersion"))
            {
                throw KubernetesStatus.Conflict(kind, name);
            }

            if (JsonFields.Name(patched) != name)
            {
                throw KubernetesStatus.BadRequest($"the name of the object ({JsonFields.Name(patched)}) does not match the name on the URL ({name})");
            }

            return Update(kind, current, patched, manager, statusOnly, dryRun);
        }
    }

    /// <summary>Server-side apply; returns the object and whether it was created.</summary>
    public (JsonObject Object, bool Created) Apply(ResourceKind kind, string ns, string name, string body, string? manager, bool force, bool dryRun)
    {
        if (string.IsNullOrEmpty(manager))
        {
            throw new KubernetesApiException(KubernetesStatus.Failure(
                422, "Invalid", "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch"));
        }

        if (YamlJson.Parse(body) is not JsonObject applied)
        {
            throw KubernetesStatus.BadRequest("error decoding YAML: the applied configuration is not an object");
        }

        if (applied["apiVersion"]?.ToString() is not { Length: > 0 } || applied["kind"]?.ToString() is not { Length: > 0 })
        {
            throw KubernetesStatus.BadRequest("Object 'Kind' is missing in the applied configuration");
        }

        CheckTypeMeta(kind, applied);
        var appliedName = JsonFields.Name(applied);
        if (appliedName != name)
        {
            throw KubernetesStatus.BadRequest($"the name of the object ({appliedName}) does not match the name on the URL ({name})");
        }

        lock (Sync)
        {
            var current = Store.Find(kind, ns, name);
            if (current is null)
            {
                PlaceInNamespace(kind, ns, applied);
                ObjectValidation.ValidateName(kind, name);
                var created = FinishCreate(kind, ServerSideApply.Create(applied, manager, Now()));
                return (dryRun ? created : Commit(kind, null, created), true);
            }

            var appliedNamespace = JsonFields.GetString(applied, "metadata.namespace");
            if (kind.Namespaced && appliedNamespace is { Length: > 0 } && appliedNamespace != ns)
            {
                throw KubernetesStatus.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            }

            var merged = ServerSideApply.Update(kind, current, applied, manager, force, Now());
            return (Update(kind, current, merged, manager: null, statusOnly: false, dryRun), false);
        }
    }

    public JsonObject Delete(ResourceKind kind, string ns, string name, bool dryRun)
    {
        lock (Sync)
        {
            var current = Find(kind, ns, name);
            if (kind == ResourceCatalog.Namespaces && name is "default" or "kube-system" or "kube-public")
            {
                throw KubernetesStatus.Forbidden(kind, name, "this namespace may not be deleted");
            }

            if (dryRun)
            {
                return (JsonObject)current.DeepClone();
            }

            var result = DeleteStored(kind, ns, name)!;
            Persist();
            if (ReturnsDeletedObject.Contains(kind))
            {
                var final = (JsonObject)result.DeepClone();
                JsonFields.Metadata(final)["deletionTimestamp"] = Now();
                if (kind == ResourceCatalog.Namespaces)
                {
                    JsonFields.ChildObject(final, "status")["phase"] = "Terminating";
                }

                return final;
            }

            return KubernetesStatus.Success(kind, name, JsonFields.GetString(result, "metadata.uid"));
        }
    }

    public IReadOnlyList<JsonObject> DeleteCollection(ResourceKind kind, string? ns, LabelSelector labels, FieldSelector fields, bool dryRun)
    {
        lock (Sync)
        {
            var victims = Store.List(kind, ns).Where(item => labels.Matches(JsonFields.Labels(item)) && fields.Matches(item)).ToList();
            var deleted = new List<JsonObject>();
            foreach (var victim in victims)
            {
                if (kind == ResourceCatalog.Namespaces && JsonFields.Name(victim) is "default" or "kube-system" or "kube-public")
                {
                    continue;
                }

                deleted.Add((JsonObject)victim.DeepClone());
                if (!dryRun)
                {
                    DeleteStored(kind, JsonFields.Namespace(victim), JsonFields.Name(victim));
                }
            }

            Persist();
            return deleted;
        }
    }

    /// <summary>Stores an object written by the emulated controllers (no managed-fields bookkeeping). Call under <see cref="Sync"/>.</summary>
    public JsonObject ControllerWrite(ResourceKind kind, JsonObject resource)
    {
        var before = Store.Find(kind, JsonFields.Namespace(resource), JsonFields.Name(resource));
        if (before is null)
        {
            var metadata = JsonFields.Metadata(resource);
            metadata["uid"] ??= Guid.NewGuid().ToString();
            metadata["creationTimestamp"] ??= Now();
            if (kind.TracksGeneration)
            {
                metadata["generation"] ??= 1;
            }
        }
        else if (JsonNode.DeepEquals(before, resource))
        {
            return before;
        }

        return Commit(kind, before is null ? null : (JsonObject)before.DeepClone(), resource);
    }

    /// <summary>Deletes an object (and, for a namespace, its content) with the controller's reactions. Call under <see cref="Sync"/>.</summary>
    public JsonObject? DeleteStored(ResourceKind kind, string ns, string name)
    {
        if (kind == ResourceCatalog.Namespaces)
        {
            foreach (var (key, _) in Store.All().Where(entry => entry.Key.Kind.Namespaced && entry.Key.Namespace == name).ToList())
            {
                DeleteStored(key.Kind, key.Namespace, key.Name);
            }
        }

        var removed = Store.Remove(kind, ns, name);
        if (removed is not null)
        {
            _controller.OnDeleted(kind, removed);
        }

        return removed;
    }

    /// <summary>Saves the cluster's objects to the state store. Call under <see cref="Sync"/>.</summary>
    public void Persist()
    {
        if (_removed)
        {
            return;
        }

        var state = new PersistedCluster
        {
            Name = Name,
            ResourceVersion = Store.ResourceVersion,
            Objects = Store.All().Select(entry => entry.Object.ToJsonString()).ToList(),
        };
        _runtime.State.Save(StateKey(Id), state);
    }

    public void MarkRemoved()
    {
        lock (Sync)
        {
            _removed = true;
            _runtime.State.Save(StateKey(Id), new PersistedCluster { Name = Name, Removed = true });
        }
    }

    public ValueTask DisposeAsync() => _controller.DisposeAsync();

    private JsonObject Find(ResourceKind kind, string ns, string name) =>
        Store.Find(kind, ns, name) ?? throw KubernetesStatus.NotFound(kind, name);

    private JsonObject Update(ResourceKind kind, JsonObject current, JsonObject resource, string? manager, bool statusOnly, bool dryRun)
    {
        JsonObject updated;
        if (statusOnly)
        {
            updated = (JsonObject)current.DeepClone();
            if (resource["status"] is { } status)
            {
                updated["status"] = status.DeepClone();
            }
            else
            {
                updated.Remove("status");
            }
        }
        else
        {
            updated = resource;
            var metadata = JsonFields.Metadata(updated);
            var currentMetadata = JsonFields.Metadata(current);
            foreach (var field in new[] { "uid", "creationTimestamp", "namespace", "generation" })
            {
                if (currentMetadata[field] is { } value)
                {
                    metadata[field] = value.DeepClone();
                }
                else
                {
                    metadata.Remove(field);
                }
            }

            metadata["resourceVersion"] = currentMetadata["resourceVersion"]?.DeepClone();
            if (manager is not null)
            {
                metadata["managedFields"] = currentMetadata["managedFields"]?.DeepClone();
            }

            updated["apiVersion"] = kind.ApiVersion;
            updated["kind"] = kind.Kind;
            if (kind.HasStatusSubresource)
            {
                if (current["status"] is { } status)
                {
                    updated["status"] = status.DeepClone();
                }
                else
                {
                    updated.Remove("status");
                }
            }

            ObjectDefaults.OnUpdate(kind, updated, current, Store);
            ObjectValidation.Validate(kind, updated);
            if (kind.TracksGeneration && !JsonNode.DeepEquals(SpecOf(current), SpecOf(updated)))
            {
                metadata["generation"] = JsonFields.Generation(current) + 1;
            }

            if (manager is not null)
            {
                ManagedFieldsEntry.RecordUpdate(current, updated, manager, Now());
            }
        }

        if (JsonNode.DeepEquals(current, updated))
        {
            return (JsonObject)current.DeepClone();
        }

        return dryRun ? updated : Commit(kind, (JsonObject)current.DeepClone(), updated);
    }

    private JsonObject FinishCreate(ResourceKind kind, JsonObject resource)
    {
        resource["apiVersion"] = kind.ApiVersion;
        resource["kind"] = kind.Kind;
        var metadata = JsonFields.Metadata(resource);
        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = Now();
        if (kind.TracksGeneration)
        {
            metadata["generation"] = 1;
        }

        ObjectDefaults.OnCreate(kind, resource, Store);
        ObjectValidation.Validate(kind, resource);
        return resource;
    }

    private JsonObject Commit(ResourceKind kind, JsonObject? before, JsonObject after)
    {
        var stored = Store.Put(kind, after);
        _controller.OnWritten(kind, before, stored);
        Persist();
        return (JsonObject)stored.DeepClone();
    }

    private void PlaceInNamespace(ResourceKind kind, string ns, JsonObject resource)
    {
        var metadata = JsonFields.Metadata(resource);
        if (!kind.Namespaced)
        {
            metadata.Remove("namespace");
            return;
        }

        var bodyNamespace = metadata["namespace"]?.ToString();
        if (!string.IsNullOrEmpty(bodyNamespace) && bodyNamespace != ns)
        {
            throw KubernetesStatus.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        if (Store.Find(ResourceCatalog.Namespaces, "", ns) is null)
        {
            throw KubernetesStatus.NamespaceNotFound(ns);
        }

        metadata["namespace"] = ns;
    }

    private static void CheckTypeMeta(ResourceKind kind, JsonObject resource)
    {
        var apiVersion = resource["apiVersion"]?.ToString();
        var kindName = resource["kind"]?.ToString();
        if ((!string.IsNullOrEmpty(apiVersion) && apiVersion != kind.ApiVersion) || (!string.IsNullOrEmpty(kindName) && kindName != kind.Kind))
        {
            throw KubernetesStatus.BadRequest(
                $"the API version in the data ({apiVersion}) does not match the expected API version ({kind.ApiVersion})");
        }
    }

    private static JsonObject SpecOf(JsonObject resource)
    {
        var copy = (JsonObject)resource.DeepClone();
        copy.Remove("metadata");
        copy.Remove("status");
        return copy;
    }

    private static JsonNode? ParseJson(string body)
    {
        try
        {
            return JsonNode.Parse(body);
        }
        catch (System.Text.Json.JsonException error)
        {
            throw KubernetesStatus.BadRequest($"error decoding patch: {error.Message}");
        }
    }

    private static string RandomSuffix()
    {
        const string alphabet = "bcdfghjklmnpqrstvwxz2456789";
        return string.Create(5, alphabet, (span, letters) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = letters[Random.Shared.Next(letters.Length)];
            }
        });
    }
}
