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

await using var server = await TemporalDevServer.StartAsync(options);
var storage = options.DbFilename is null ? "in memory" : $"in {options.DbFilename}";
var namespaces = string.Join(", ", options.Namespaces.Prepend("default").Distinct());
var security = options.TlsCertificateFile is null ? string.Empty : options.TlsClientCaFile is null ? "; TLS" : "; TLS with client certificates";
Console.WriteLine($"Temporal-compatible dev server on {server.Address} (namespaces: {namespaces}; state {storage}{security}; no web UI)");
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
}
return 0;
