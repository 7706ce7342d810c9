using System.Text.Json.Nodes;
using CoderBootstrap.Sandbox.Core;
using CoderBootstrap.Sandbox.Scaleway.Model;
using Microsoft.AspNetCore.Http;

namespace CoderBootstrap.Sandbox.Scaleway;

/// <summary>
/// <c>/block/v1/zones/{zone}/volumes</c> (list, get, delete) and the CSI driver's side
/// (<see cref="ISandboxBlockVolumes"/>): Kapsule's CSI names each volume after its persistent
/// volume and sets no tags, so only the cluster knows which volumes are its own.
/// </summary>
public sealed class BlockVolumeApi(ScalewayStore store, ScalewayIdentity identity) : ISandboxBlockVolumes
{
    private const string Base = "/block/v1/zones/{zone}";

    public void Map(ScalewayRoutes routes)
    {
        routes.Map("GET", Base + "/volumes", "block.volumes.list", List);
        routes.Map("GET", Base + "/volumes/{id}", "block.volumes.get", context => store.Read(state => ScalewayRoutes.Json(Render(Find(state, context)))));
        routes.Map("DELETE", Base + "/volumes/{id}", "block.volumes.delete", Delete);
    }

    public string Provision(string clusterId, string name, long sizeBytes) => store.Write(state =>
    {
        var cluster = state.Clusters.FirstOrDefault(c => c.Id == clusterId);
        var now = store.Now;
        var volume = new BlockVolumeRecord
        {
            Id = ScalewayFormat.NewId(),
            Zone = (cluster?.Region ?? "fr-par") + "-1",
            ProjectId = cluster?.ProjectId ?? identity.ProjectId,
            Name = name,
            SizeBytes = sizeBytes,
            ClusterId = clusterId,
            CreatedAt = now,
            UpdatedAt = now,
            AvailableAt = store.After(store.Timings.BlockVolumeCreate),
            AttachedAt = now,
        };
        state.BlockVolumes.Add(volume);
        return $"{volume.Zone}/{volume.Id}";
    });

    public void Release(string volumeHandle) => Change(volumeHandle, volume =>
    {
        Detach(volume);
        volume.DeletingSince ??= store.Now;
        volume.GoneAt ??= store.After(store.Timings.BlockVolumeDelete);
    });

    public void Detach(string volumeHandle) => Change(volumeHandle, Detach);

    /// <summary>What Kapsule does with a cluster deleted with its additional resources: its volumes go too, retained ones included.</summary>
    internal static void RemoveWithCluster(ScalewayState state, string clusterId) => state.BlockVolumes.RemoveAll(v => v.ClusterId == clusterId);

    /// <summary>A cluster deleted without its additional resources leaves its volumes detached (and billing).</summary>
    internal static void DetachFromCluster(ScalewayState state, string clusterId, DateTimeOffset now)
    {
        foreach (var volume in state.BlockVolumes.Where(v => v.ClusterId == clusterId && v.AttachedAt is not null))
        {
            volume.AttachedAt = null;
            volume.LastDetachedAt = now;
        }
    }

    private void Detach(BlockVolumeRecord volume)
    {
        if (volume.AttachedAt is not null)
        {
            volume.AttachedAt = null;
            volume.LastDetachedAt = store.Now;
            volume.UpdatedAt = store.Now;
        }
    }

    private void Change(string volumeHandle, Action<BlockVolumeRecord> change) => store.Write(state =>
    {
        var id = volumeHandle[(volumeHandle.LastIndexOf('/') + 1)..];
        if (state.BlockVolumes.FirstOrDefault(v => v.Id == id) is { } volume)
        {
            change(volume);
        }
    });

    private IResult List(HttpContext context)
    {
        var zone = ScalewayRoutes.Route(context, "zone");
        var query = new ListQuery(context.Request.Query);
        var now = store.Now;
        return store.Read(state =>
        {
            var candidates = state.BlockVolumes.Where(v => v.Zone == zone && ResourceStatus.BlockVolume(v, now) is not null);
            var (items, total) = query.Apply(candidates, v => v.Name, v => v.Tags, v => v.CreatedAt, v => v.ProjectId);
            return ScalewayRoutes.Json(ScalewayRoutes.List("volumes", items.Select(Render), total));
        });
    }

    private IResult Delete(HttpContext context) => store.Write(state =>
    {
        var volume = Find(state, context);
        switch (ResourceStatus.BlockVolume(volume, store.Now))
        {
            case "in_use":
                throw ScalewayErrors.PreconditionFailed("resource_still_in_use", "volume is attached to a server: detach it first");
            case "deleting" or "creating":
                throw ScalewayErrors.TransientState("volume", volume.Id, ResourceStatus.BlockVolume(volume, store.Now)!);
        }
        volume.DeletingSince = store.Now;
        volume.GoneAt = store.After(store.Timings.BlockVolumeDelete);
        volume.UpdatedAt = store.Now;
        return ScalewayRoutes.NoContent();
    });

    private BlockVolumeRecord Find(ScalewayState state, HttpContext context)
    {
        var id = ScalewayRoutes.Route(context, "id");
        var zone = ScalewayRoutes.Route(context, "zone");
        var volume = state.BlockVolumes.FirstOrDefault(v => v.Id == id && v.Zone == zone);
        return volume is not null && ResourceStatus.BlockVolume(volume, store.Now) is not null ? volume : throw ScalewayErrors.NotFound("volume", id);
    }

    private JsonObject Render(BlockVolumeRecord volume)
    {
        var status = ResourceStatus.BlockVolume(volume, store.Now) ?? throw ScalewayErrors.NotFound("volume", volume.Id);
        var references = new JsonArray();
        if (volume.AttachedAt is { } attachedAt)
        {
            references.Add(new JsonObject
            {
                ["id"] = ScalewayFormat.DerivedId(volume.Id + "/reference"),
                ["product_resource_type"] = "instance_server",
                ["product_resource_id"] = ScalewayFormat.DerivedId(volume.ClusterId + "/node"),
                ["created_at"] = ScalewayFormat.Timestamp(attachedAt),
                ["type"] = "exclusive",
                ["status"] = "attached",
            });
        }
        return new JsonObject
        {
            ["id"] = volume.Id,
            ["name"] = volume.Name,
            ["type"] = "sbs_5k",
            ["size"] = volume.SizeBytes,
            ["project_id"] = volume.ProjectId,
            ["created_at"] = ScalewayFormat.Timestamp(volume.CreatedAt),
            ["updated_at"] = ScalewayFormat.Timestamp(volume.UpdatedAt),
            ["references"] = references,
            ["parent_snapshot_id"] = null,
            ["status"] = status,
            ["tags"] = new JsonArray(volume.Tags.Select(t => (JsonNode)t).ToArray()),
            ["specs"] = new JsonObject { ["perf_iops"] = 5000, ["class"] = "sbs" },
            ["last_detached_at"] = volume.LastDetachedAt is { } detached ? ScalewayFormat.Timestamp(detached) : null,
            ["zone"] = volume.Zone,
        };
    }
}
