namespace CoderBootstrap.Sandbox.Kubernetes;

/// <summary>
/// Host lifetime of the embedded web host: it ignores console signals, so only the owner of the
/// <see cref="KubernetesApiServer"/> decides when it stops (the default lifetime would stop it on Ctrl+C).
/// </summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
