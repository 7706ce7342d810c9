// PLACEHOLDER: replaced at merge
using CoderBootstrap.Sandbox.Core;
using Microsoft.Extensions.Logging;

namespace CoderBootstrap.Sandbox.S3;

public sealed class S3Server : IAsyncDisposable
{
    public S3Server(ISandboxRuntime runtime, string accessKey, string secretKey, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentException.ThrowIfNullOrEmpty(accessKey);
        ArgumentException.ThrowIfNullOrEmpty(secretKey);
        ArgumentNullException.ThrowIfNull(loggerFactory);
    }

    public string BaseUrl { get; private set; } = "";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        BaseUrl = "http://127.0.0.1:0";
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
