namespace CoderBootstrap.Sandbox.Runtime;

/// <summary>
/// Host lifetime of the sandbox's embedded web hosts: it ignores console signals, so only the owner
/// of a server decides when it stops. The default lifetime would take SIGTERM and Ctrl+C from the
/// process embedding the sandbox (the Starter, tests) and stop one API behind its owner's back; the
/// sandbox executable handles the signals itself and disposes the whole sandbox.
/// </summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
