using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;

namespace CoderBootstrap.Sandbox.Runtime;

/// <summary>
/// Starts a server on the ports a previous run of the same sandbox recorded, because a real
/// endpoint never moves: a Kapsule API server or an S3 endpoint keeps its address for its whole
/// life, and clients keep it (kubeconfigs, presigned links). Without a record the ports are free
/// ones, recorded for the next start.
/// </summary>
public static class RecordedListener
{
    /// <summary>How long a recorded port may stay taken (e.g. by a process still exiting) before the start fails.</summary>
    public static readonly TimeSpan BindPatience = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Builds and starts the application on <paramref name="recordedPorts"/> (0 = any free port), retrying while a
    /// recorded port is in use, then fails with one line naming the port and what to do.
    /// </summary>
    public static async Task<WebApplication> StartAsync(
        string description, IReadOnlyList<int> recordedPorts, Func<IReadOnlyList<int>, WebApplication> build, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + BindPatience;
        while (true)
        {
            var application = build(recordedPorts);
            try
            {
                await application.StartAsync(cancellationToken).ConfigureAwait(false);
                return application;
            }
            catch (IOException error) when (IsAddressInUse(error) && recordedPorts.Any(port => port > 0))
            {
                await application.DisposeAsync().ConfigureAwait(false);
                if (DateTimeOffset.UtcNow >= deadline)
                {
                    throw new InvalidOperationException(
                        $"The {description} must keep its recorded address 127.0.0.1:{string.Join(",", recordedPorts.Where(port => port > 0))} (clients hold it), " +
                        "but the port is in use by another process: stop that process, or start the sandbox with a new state directory.", error);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await application.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    private static bool IsAddressInUse(Exception error)
    {
        for (var current = error; current is not null; current = current.InnerException)
        {
            if (current is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse })
            {
                return true;
            }
        }

        return error.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>The ports (and, for TLS listeners, the serving certificate) a server recorded in the state store.</summary>
public sealed class RecordedEndpoint
{
    public List<int> Ports { get; set; } = [];

    /// <summary>Base64 PKCS#12 of the serving certificate, so kubeconfigs holding its CA keep verifying after a restart.</summary>
    public string? Certificate { get; set; }
}
