using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.Starter;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl-C stops following (the run goes on in Temporal); a second one ends the process at once.
    e.Cancel = !cancel.IsCancellationRequested;
    cancel.Cancel();
};
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
