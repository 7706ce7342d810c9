using System.Globalization;
using System.Text.Json;
using CoderBootstrap.Sandbox.Hosting;
using Microsoft.Extensions.Logging;

var usage = """
    sandbox: local stand-in for the Scaleway, Kubernetes, Coder and S3 APIs.

    Options:
      --port N           Scaleway API (and /sandbox admin) port on 127.0.0.1 (default: a free port)
      --time-scale F     multiply every realistic delay by F (e.g. 0.01 for tests)
      --state-dir DIR    keep resources in DIR across restarts
      --faults FILE      JSON or YAML faults file applied at start
      --json             print the endpoints and credentials as one JSON line first
      --no-postgres      keep managed databases API-only even when PostgreSQL is installed
      --verbose          log debug output to stderr
    Environment: SANDBOX_TIME_SCALE, SANDBOX_FAULTS (JSON array), SANDBOX_FAULTS_FILE.
    """;

var options = new SandboxHostOptions { ReadEnvironment = true };
var json = false;
var verbose = false;
try
{
    for (var index = 0; index < args.Length; index++)
    {
        string Value() => index + 1 < args.Length ? args[++index] : throw new ArgumentException($"{args[index]} needs a value");
        switch (args[index])
        {
            case "--port":
                options = options with { ScalewayPort = int.Parse(Value(), CultureInfo.InvariantCulture) };
                break;
            case "--time-scale":
                options = options with { TimeScale = double.Parse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture) };
                break;
            case "--state-dir":
                options = options with { StateDirectory = Value() };
                break;
            case "--faults":
                options = options with { FaultsFile = Value() };
                break;
            case "--no-postgres":
                options = options with { UseRealPostgres = false };
                break;
            case "--json":
                json = true;
                break;
            case "--verbose":
                verbose = true;
                break;
            case "--help" or "-h":
                Console.WriteLine(usage);
                return 0;
            default:
                throw new ArgumentException($"unknown option {args[index]}");
        }
    }
}
catch (Exception exception) when (exception is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine($"sandbox: {exception.Message}\n\n{usage}");
    return 2;
}

using var loggerFactory = LoggerFactory.Create(logging => logging
    // Everything logged goes to stderr so that stdout carries only the endpoint description.
    .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace)
    .AddSimpleConsole(console => console.SingleLine = true)
    .SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Information)
    .AddFilter("Microsoft", LogLevel.Warning));
using var stopping = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stopping.Cancel();
};
// SIGTERM (e.g. from a supervisor) stops like Ctrl-C, so the local PostgreSQL is shut down cleanly.
using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stopping.Cancel();
});

SandboxHost started;
try
{
    started = await SandboxHost.StartAsync(options with { LoggerFactory = loggerFactory }, stopping.Token);
}
catch (InvalidOperationException exception)
{
    Console.Error.WriteLine($"sandbox: {exception.Message}");
    return 1;
}

await using var sandbox = started;
if (json)
{
    Console.WriteLine(JsonSerializer.Serialize(new
    {
        scaleway = sandbox.ScalewayUrl,
        s3 = sandbox.S3Url,
        admin = sandbox.AdminUrl,
        kubernetes = sandbox.KubernetesUrl,
        token = sandbox.Token,
        accessKey = sandbox.AccessKey,
        secretKey = sandbox.SecretKey,
        projectId = sandbox.ProjectId,
        organizationId = sandbox.OrganizationId,
        region = sandbox.Region,
        zone = sandbox.Zone,
        postgres = sandbox.Postgres is { } postgres ? $"{postgres.Host} (one server per database instance)" : null,
    }));
}
else
{
    Console.WriteLine($"""
        Sandbox running (time scale {sandbox.Runtime.TimeScale.ToString(CultureInfo.InvariantCulture)}{(options.StateDirectory is null ? "" : $", state in {Path.GetFullPath(options.StateDirectory)}")}).

          Scaleway API     {sandbox.ScalewayUrl}   (header X-Auth-Token: {sandbox.Token})
          Admin            {sandbox.AdminUrl}/requests | /counters | /faults | /time-scale | /reset
          S3               {sandbox.S3Url}   (path-style, region {sandbox.Region})
          Kubernetes       {sandbox.KubernetesUrl}   (get a kubeconfig from the k8s API: GET /k8s/v1/regions/{sandbox.Region}/clusters/<id>/kubeconfig?dl=1)
          PostgreSQL       {(sandbox.Postgres is { } pg ? $"{pg.Host}, one real server per managed database instance (see its endpoint)" : "not available: managed databases are API-only")}

        Environment for the product and the Scaleway CLI:
        {string.Join("\n", sandbox.ClientEnvironment.Select(v => $"  export {v.Key}={v.Value}"))}
          export AWS_ACCESS_KEY_ID={sandbox.AccessKey}
          export AWS_SECRET_ACCESS_KEY={sandbox.SecretKey}
          export AWS_ENDPOINT_URL_S3={sandbox.S3Url}

        Press Ctrl-C to stop.
        """);
}

await Console.Out.FlushAsync();
try
{
    await Task.Delay(Timeout.Infinite, stopping.Token);
}
catch (OperationCanceledException)
{
}

return 0;
