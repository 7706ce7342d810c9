// PLACEHOLDER: replaced at merge
using CoderBootstrap.Sandbox.Core;
using Microsoft.Extensions.Logging;

namespace CoderBootstrap.Sandbox.Coder;

public sealed class CoderHosting : ISandboxCoderHosting, IAsyncDisposable
{
    public CoderHosting(ISandboxRuntime runtime, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(loggerFactory);
    }

    public Task<int> EnsureServerAsync(string clusterId, CancellationToken cancellationToken) =>
        Task.FromException<int>(new NotSupportedException("Coder hosting is provided by the Coder module."));

    public void SetBackendAvailable(string clusterId, bool available, IReadOnlyDictionary<string, string> environment)
    {
    }

    public Task StopServerAsync(string clusterId) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
