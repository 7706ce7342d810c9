using CoderBootstrap.Activities.Runtime;

namespace CoderBootstrap.Starter;

/// <summary><c>starter kubeconfig</c>: fetch the published kubeconfig into ~/.kube/config-coder-&lt;env&gt; (0600) and print a short-lived link.</summary>
internal static class KubeconfigCommand
{
    public static async Task<int> ExecuteAsync(StarterContext context, string environment, bool sandbox, string? output, CancellationToken cancellationToken)
    {
        StarterCommands.LoadEnvironment(context, environment);
        if (!sandbox)
        {
            // The download reads object storage from this process.
            RunValidation.RequireScalewayCredentials(context);
        }
        await using var runtime = await StarterCommands.ConnectAsync(context, sandbox, 0.05, needWorker: true, $"kubeconfig-{environment}", cancellationToken).ConfigureAwait(false);
        var services = runtime.Activities ?? new ActivityServices(new CoderBootstrapOptions { RepositoryRoot = context.RepositoryRoot, Environment = context.Environment });
        try
        {
            var content = await services.Kubeconfigs.DownloadAsync(environment, cancellationToken).ConfigureAwait(false)
                ?? throw new StarterException($"no kubeconfig published for {environment}: run `starter run infra --env={environment}` first");
            var path = output ?? Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".kube", $"config-coder-{environment}");
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            await File.WriteAllTextAsync(path, content, cancellationToken).ConfigureAwait(false);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            var link = await services.Kubeconfigs.PresignAsync(environment, TimeSpan.FromHours(1)).ConfigureAwait(false);
            await context.Out.WriteLineAsync($"kubeconfig of {environment} written to {path} (mode 0600); export KUBECONFIG={path}").ConfigureAwait(false);
            await context.Out.WriteLineAsync($"download link valid until {link.ExpiresAt:u} (keep it private): {link.PresignedUrl}").ConfigureAwait(false);
            return 0;
        }
        finally
        {
            if (runtime.Activities is null)
            {
                services.Dispose();
            }
        }
    }
}
