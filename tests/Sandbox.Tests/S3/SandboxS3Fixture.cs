using CoderBootstrap.Sandbox.S3;
using CoderBootstrap.Sandbox.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace CoderBootstrap.Sandbox.Tests.S3;

/// <summary>The sandbox's own S3 server on a free port, with in-memory state.</summary>
public sealed class SandboxS3Fixture : IS3TestEndpoint, IAsyncLifetime
{
    private S3Server? _server;

    public TestSandboxRuntime Runtime { get; } = new();

    public string ServiceUrl => _server?.BaseUrl ?? throw new InvalidOperationException("Not started.");

    public string AccessKey => "SCWSANDBOXACCESSKEY0";

    public string SecretKey => "sandbox-secret-key-0000-0000-000000000000";

    public string? UnavailableReason => null;

    public async Task InitializeAsync()
    {
        _server = new S3Server(Runtime, AccessKey, SecretKey, NullLoggerFactory.Instance);
        await _server.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
