namespace CoderBootstrap.Sandbox.Core;

/// <summary>
/// The Scaleway side of a sandbox cluster's CSI driver: the Block Storage volume behind each
/// persistent volume it provisions.
/// </summary>
public interface ISandboxBlockVolumes
{
    /// <summary>Creates the Block Storage volume of a persistent volume; answers its CSI volume handle, <c>{zone}/{volume id}</c>.</summary>
    string Provision(string clusterId, string name, long sizeBytes);

    /// <summary>Starts deleting the volume behind a handle (its persistent volume was deleted with reclaim policy <c>Delete</c>).</summary>
    void Release(string volumeHandle);

    /// <summary>The persistent volume is gone but its volume is retained: it stays, detached, and keeps billing.</summary>
    void Detach(string volumeHandle);
}
