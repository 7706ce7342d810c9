using System.Runtime.InteropServices;
using CoderBootstrap.DevServer.Hosting;

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(DevServerCommandLine.Usage);
    return 0;
}
DevServerOptions options;
try
{
    options = DevServerCommandLine.Parse(args);
}
catch (FormatException e)
{
    Console.Error.WriteLine($"temporal-devserver: {e.Message} (see --help)");
    return 2;
}

using var stop = new CancellationTokenSource();
// SIGTERM (a service manager, `kill`) and SIGINT (Ctrl+C) both end the wait below; disposing the
// server then stops the endpoints, lets the in-flight operations commit and closes the store. They
// are this executable's to handle: the server's web hosts ignore console signals (EmbeddedHostLifetime).
void RequestStop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, RequestStop);
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, RequestStop);
TemporalDevServer started;
try
{
    started = await TemporalDevServer.StartAsync(options, stop.Token);
}
catch (ServerStateUnreadableException e)
{
    Console.Error.WriteLine($"temporal-devserver: {e.Message}");
    return 1;
}
catch (ArgumentException e)
{
    // A bad --ip, --ui-ip or --log-level, found when the server starts.
    var message = e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", string.Empty, StringComparison.Ordinal);
    Console.Error.WriteLine($"temporal-devserver: {message} (see --help)");
    return 2;
}
catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or System.Security.Cryptography.CryptographicException)
{
    // A --tls-cert, --tls-key or --tls-client-ca file that is missing or not PEM.
    Console.Error.WriteLine($"temporal-devserver: TLS files: {e.Message}");
    return 2;
}
catch (IOException e)
{
    // Kestrel's "address already in use" and other listener failures.
    Console.Error.WriteLine($"temporal-devserver: cannot listen on {options.Ip}:{options.Port}: {e.Message}");
    return 1;
}
catch (OperationCanceledException)
{
    return 0;
}
await using var server = started;
var storage = options.DbFilename is null ? "in memory" : $"in {options.DbFilename}";
var namespaces = string.Join(", ", options.Namespaces.Prepend("default").Distinct());
var security = options.TlsCertificateFile is null ? string.Empty : options.TlsClientCaFile is null ? "; TLS" : "; TLS with client certificates";
Console.WriteLine($"Temporal-compatible dev server on {server.Address} (namespaces: {namespaces}; state {storage}{security}; {server.UiStatus})");
try
{
    await server.WaitForShutdownAsync(stop.Token);
}
catch (OperationCanceledException)
{
}
Console.WriteLine("Temporal-compatible dev server stopped");
return 0;
