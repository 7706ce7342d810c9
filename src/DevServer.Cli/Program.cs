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
// server then stops the endpoints, lets the in-flight operations commit and closes the store.
void RequestStop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, RequestStop);
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, RequestStop);
await using var server = await TemporalDevServer.StartAsync(options);
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
