using CoderBootstrap.Sandbox.Core;
using Microsoft.Extensions.Logging;

namespace CoderBootstrap.Sandbox.Coder;

/// <summary>
/// Runs one emulated Coder server per sandbox cluster, each on its own 127.0.0.1 port. Users,
/// sessions, files, template versions and templates persist per cluster through the state store.
/// </summary>
public sealed class CoderHosting(ISandboxRuntime runtime, ILoggerFactory loggerFactory) : ISandboxCoderHosting, IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Task<CoderClusterServer>> _servers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CoderBackendState> _backends = new(StringComparer.Ordinal);

    public async Task<int> EnsureServerAsync(string clusterId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(clusterId);
        Task<CoderClusterServer> starting;
        lock (_gate)
        {
            if (!_servers.TryGetValue(clusterId, out starting!) || starting.IsFaulted || starting.IsCanceled)
            {
                starting = StartServerAsync(clusterId, BackendOf(clusterId), cancellationToken);
                _servers[clusterId] = starting;
            }
        }

        return (await starting).Port;
    }

    public void SetBackendAvailable(string clusterId, bool available, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentException.ThrowIfNullOrEmpty(clusterId);
        lock (_gate)
        {
            BackendOf(clusterId).Set(available, environment);
        }
    }

    public async Task StopServerAsync(string clusterId)
    {
        Task<CoderClusterServer>? starting;
        lock (_gate)
        {
            _servers.Remove(clusterId, out starting);
        }

        if (starting is { IsCompletedSuccessfully: true })
        {
            var server = await starting;
            await server.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<Task<CoderClusterServer>> servers;
        lock (_gate)
        {
            servers = [.. _servers.Values];
            _servers.Clear();
        }

        foreach (var server in servers.Where(s => s.IsCompletedSuccessfully))
        {
            await (await server).DisposeAsync();
        }
    }

    private CoderBackendState BackendOf(string clusterId)
    {
        if (!_backends.TryGetValue(clusterId, out var backend))
        {
            backend = new CoderBackendState();
            _backends[clusterId] = backend;
        }

        return backend;
    }

    private async Task<CoderClusterServer> StartServerAsync(string clusterId, CoderBackendState backend, CancellationToken cancellationToken)
    {
        var server = new CoderClusterServer(clusterId, runtime, backend, loggerFactory);
        await server.StartAsync(cancellationToken);
        return server;
    }
}
