using Microsoft.Extensions.Hosting;

namespace CoderBootstrap.DevServer.Hosting;

/// <summary>
/// Host lifetime of the server's web hosts: it ignores console signals. The default lifetime would
/// take SIGTERM and SIGINT from whatever process embeds the server (the Starter, tests) and stop
/// the server behind its owner's back, while cancelling the signal's own effect; the executable
/// (src/DevServer.Cli) handles the signals itself and disposes the server.
/// </summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
