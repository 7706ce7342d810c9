namespace CoderBootstrap.Sandbox.Scaleway;

/// <summary>Realistic durations of Scaleway state transitions (from the recordings' timings); the runtime's time scale multiplies them.</summary>
public sealed record SandboxTimings
{
    public TimeSpan ClusterCreate { get; init; } = TimeSpan.FromSeconds(75);
    public TimeSpan ClusterDelete { get; init; } = TimeSpan.FromSeconds(75);
    public TimeSpan PoolCreate { get; init; } = TimeSpan.FromSeconds(270);
    public TimeSpan PoolResize { get; init; } = TimeSpan.FromSeconds(80);
    public TimeSpan PoolDelete { get; init; } = TimeSpan.FromSeconds(75);

    /// <summary>New nodes of a pool register shortly before the pool reports ready.</summary>
    public TimeSpan NodeReadyBeforePool { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan RdbProvisioning { get; init; } = TimeSpan.FromSeconds(77);
    public TimeSpan RdbReady { get; init; } = TimeSpan.FromSeconds(290);
    public TimeSpan RdbEndpointAdd { get; init; } = TimeSpan.FromSeconds(150);
    public TimeSpan RdbEndpointRemove { get; init; } = TimeSpan.FromSeconds(120);
    public TimeSpan RdbDelete { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan RdbBackup { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan RdbBackupExport { get; init; } = TimeSpan.FromSeconds(15);
    public TimeSpan RdbBackupRestore { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan LbToCreate { get; init; } = TimeSpan.FromSeconds(2);
    public TimeSpan LbReady { get; init; } = TimeSpan.FromSeconds(4);
    public TimeSpan LbDelete { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan BlockVolumeCreate { get; init; } = TimeSpan.FromSeconds(3);
    public TimeSpan BlockVolumeDelete { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a private network still refuses deletion (409 transient_state) after the last cluster
    /// or database has left it. operations.md reports the behaviour; the recordings delete the network
    /// 1 s after the cluster or database answered 404 and succeed, so the window is shorter than that.
    /// </summary>
    public TimeSpan PrivateNetworkRelease { get; init; } = TimeSpan.FromMilliseconds(500);
}
