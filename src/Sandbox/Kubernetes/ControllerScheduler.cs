using CoderBootstrap.Sandbox.Core;
using Microsoft.Extensions.Logging;

namespace CoderBootstrap.Sandbox.Kubernetes;

/// <summary>Runs delayed controller work (rollouts, load balancer provisioning) on the sandbox clock, stopped on dispose.</summary>
internal sealed class ControllerScheduler(ISandboxRuntime runtime, ILogger logger) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _running = [];

    /// <summary>Runs <paramref name="work"/> after the realistic delay multiplied by the sandbox time scale.</summary>
    public void After(TimeSpan realisticDelay, string description, Func<CancellationToken, Task> work)
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        var delay = runtime.Scale(realisticDelay);
        var token = _stopping.Token;
        var task = Task.Run(
            async () =>
            {
                try
                {
                    if (delay > TimeSpan.Zero)
                    {
                        await Task.Delay(delay, runtime.Time, token);
                    }

                    await work(token);
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                }
                catch (Exception error)
                {
                    logger.LogError(error, "Kubernetes controller work failed: {Description}", description);
                }
            },
            CancellationToken.None);
        lock (_running)
        {
            _running.RemoveAll(existing => existing.IsCompleted);
            _running.Add(task);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        Task[] running;
        lock (_running)
        {
            running = [.. _running];
        }

        await Task.WhenAll(running);
        _stopping.Dispose();
    }
}
