using System.Runtime.InteropServices;
using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.Starter;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl-C stops following (the run goes on in Temporal); a second one ends the process at once.
    e.Cancel = !cancel.IsCancellationRequested;
    cancel.Cancel();
};
// SIGTERM (`kill`, a service manager) stops the same way, so the embedded server, sandbox and
// worker are disposed in order (their web hosts ignore console signals); a second one ends it at once.
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
{
    signal.Cancel = !cancel.IsCancellationRequested;
    cancel.Cancel();
});
string root;
try
{
    root = Environment.GetEnvironmentVariable("CODER_BOOTSTRAP_ROOT") is { Length: > 0 } configured
        ? configured
        : CoderBootstrapOptions.FindRepositoryRoot(Directory.GetCurrentDirectory());
}
catch (DirectoryNotFoundException)
{
    root = CoderBootstrapOptions.FindRepositoryRoot(AppContext.BaseDirectory);
}
try
{
    return await StarterCommands.RunAsync(args, new StarterContext { RepositoryRoot = root }, cancel.Token);
}
catch (OperationCanceledException)
{
    await Console.Error.WriteLineAsync("starter: interrupted; the run goes on in Temporal — `starter status` shows it, the same command resumes it");
    return 130;
}
