using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CoderBootstrap.Sandbox.Postgres;

/// <summary>
/// One real PostgreSQL server per managed database instance, started on first use, as a managed
/// instance is its own server: two instances may each have a user <c>coder</c> with its own password.
/// With a state directory each server keeps its data under <c>postgres-instances/&lt;id&gt;</c>.
/// </summary>
public sealed class PostgresFleet : IAsyncDisposable
{
    private readonly string _binaries;
    private readonly string? _stateDirectory;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Lazy<Task<LocalPostgresServer>>> _servers = new();

    public PostgresFleet(string binaries, string? stateDirectory, ILogger logger)
    {
        _binaries = binaries;
        _stateDirectory = stateDirectory;
        _logger = logger;
    }

    public string Host => "127.0.0.1";

    public int Count => _servers.Count;

    /// <summary>The instance's running server, started on first use; a start that failed is tried again by the next call.</summary>
    public async Task<LocalPostgresServer> ForInstanceAsync(string instanceId, CancellationToken cancellationToken)
    {
        // Lazy makes concurrent first calls share one start; its Value is a task that is awaited, never blocked on.
#pragma warning disable VSTHRD011
        var server = _servers.GetOrAdd(instanceId, id => new Lazy<Task<LocalPostgresServer>>(() => StartAsync(id)));
#pragma warning restore VSTHRD011
        try
        {
            return await server.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch when (server.Value.IsFaulted)
        {
            _servers.TryRemove(new KeyValuePair<string, Lazy<Task<LocalPostgresServer>>>(instanceId, server));
            throw;
        }
    }

    /// <summary>The port of the instance's server (started now if it is not running yet, e.g. after a restart).</summary>
    // The RDB API renders endpoints synchronously; the wait is a start of PostgreSQL only right after a sandbox restart.
#pragma warning disable VSTHRD002
    public int PortOf(string instanceId) => ForInstanceAsync(instanceId, CancellationToken.None).GetAwaiter().GetResult().Port;
#pragma warning restore VSTHRD002

    private Task<LocalPostgresServer> StartAsync(string instanceId)
    {
        var directory = _stateDirectory is null ? null : Path.Combine(_stateDirectory, "postgres-instances", instanceId);
        _logger.LogInformation("Starting a PostgreSQL server for database instance {InstanceId}", instanceId);
        return LocalPostgresServer.StartAsync(_binaries, directory, _logger, CancellationToken.None);
    }

    /// <summary>Stops the server of a deleted instance and discards its data.</summary>
    public async Task RemoveAsync(string instanceId, CancellationToken cancellationToken)
    {
        if (_servers.TryRemove(instanceId, out var server))
        {
            var started = await server.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
            await started.DisposeAsync().ConfigureAwait(false);
            if (_stateDirectory is not null)
            {
                var directory = Path.Combine(_stateDirectory, "postgres-instances", instanceId);
                if (Directory.Exists(directory))
                {
                    Directory.Delete(directory, recursive: true);
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers.Values)
        {
            try
            {
                await (await server.Value.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is InvalidOperationException or IOException)
            {
                _logger.LogWarning(e, "A sandbox PostgreSQL server did not stop cleanly");
            }
        }
        _servers.Clear();
    }
}
