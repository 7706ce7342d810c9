using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.DevServer.Hosting;
using CoderBootstrap.Sandbox.Hosting;
using CoderBootstrap.Worker;
using Temporalio.Client;
using Temporalio.Worker;

namespace CoderBootstrap.Workflows.Tests;

/// <summary>
/// The Worker's and the Starter's connection settings come from the SDK's environment configuration,
/// so they reach a TLS-secured server that requires client certificates.
/// </summary>
public sealed class StarterTlsTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("coder-bootstrap-tls-").FullName;
    private TemporalDevServer _server = null!;

    private string CaPath => Path.Combine(_directory, "ca.pem");

    private string ClientCertificatePath => Path.Combine(_directory, "client.pem");

    private string ClientKeyPath => Path.Combine(_directory, "client.key");

    public async Task InitializeAsync()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=coder-bootstrap test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        await File.WriteAllTextAsync(CaPath, ca.ExportCertificatePem());
        await IssueAsync(ca, "CN=localhost", Path.Combine(_directory, "server.pem"), Path.Combine(_directory, "server.key"), server: true);
        await IssueAsync(ca, "CN=worker", ClientCertificatePath, ClientKeyPath, server: false);
        _server = await TemporalDevServer.StartAsync(new DevServerOptions
        {
            TlsCertificateFile = Path.Combine(_directory, "server.pem"),
            TlsKeyFile = Path.Combine(_directory, "server.key"),
            TlsClientCaFile = CaPath,
        });
    }

    private static async Task IssueAsync(X509Certificate2 ca, string subject, string certificatePath, string keyPath, bool server)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [server ? new Oid("1.3.6.1.5.5.7.3.1") : new Oid("1.3.6.1.5.5.7.3.2")], false));
        if (server)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("localhost");
            names.AddIpAddress(System.Net.IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
        }
        var serial = RandomNumberGenerator.GetBytes(12);
        using var certificate = request.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(12), serial);
        await File.WriteAllTextAsync(certificatePath, certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(keyPath, key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>What a user exports to reach the server: address, CA, client certificate and key.</summary>
    private string? Tls(string name) => name switch
    {
        "TEMPORAL_ADDRESS" => _server.Address,
        "TEMPORAL_TLS_SERVER_CA_CERT_PATH" => CaPath,
        "TEMPORAL_TLS_SERVER_NAME" => "localhost",
        "TEMPORAL_TLS_CLIENT_CERT_PATH" => ClientCertificatePath,
        "TEMPORAL_TLS_CLIENT_KEY_PATH" => ClientKeyPath,
        _ => null,
    };

    [Fact]
    public async Task SetupRunsAgainstAServerThatRequiresClientCertificates()
    {
        await using var sandbox = await SandboxHost.StartAsync(new SandboxHostOptions { TimeScale = 0.002 });
        var variables = sandbox.ClientEnvironment.ToDictionary(v => v.Key, v => (string?)v.Value);
        var connection = TemporalSettings.Load(Tls)!;
        var client = await TemporalClient.ConnectAsync(connection);
        using var services = new ActivityServices(new CoderBootstrapOptions
        {
            RepositoryRoot = StarterInvocation.Root,
            ResourcePollInterval = TimeSpan.FromMilliseconds(20),
            RolloutPollInterval = TimeSpan.FromMilliseconds(20),
            Environment = name => variables.GetValueOrDefault(name),
        }, Serilog.Core.Logger.None);
        using var worker = new TemporalWorker(client, new TemporalWorkerOptions(WorkflowNames.TaskQueue).AddCoderBootstrap(services));
        using var stop = new CancellationTokenSource();
        var running = worker.ExecuteAsync(stop.Token);
        try
        {
            var (code, output, error) = await StarterInvocation.RunAsync(StarterInvocation.Root, Tls, "run", "setup", "--env=dev");
            Assert.True(code == 0, error + output);
            Assert.Contains("mTLS", output);
            Assert.Contains("Setup of dev completed", output);
        }
        finally
        {
            await stop.CancelAsync();
            await running.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    [Fact]
    public async Task StarterWithoutAClientCertificateIsRefused()
    {
        var (code, _, error) = await StarterInvocation.RunAsync(StarterInvocation.Root,
            name => name is "TEMPORAL_TLS_CLIENT_CERT_PATH" or "TEMPORAL_TLS_CLIENT_KEY_PATH" ? null : Tls(name), "status", "--env=dev");
        Assert.NotEqual(0, code);
        StarterInvocation.SingleErrorLine(error);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
