namespace CoderBootstrap.Sandbox.Tests.Kubernetes;

/// <summary>A fact that is skipped when no <c>kubectl</c> executable is on the PATH.</summary>
public sealed class SkippableKubectlFactAttribute : FactAttribute
{
    public SkippableKubectlFactAttribute()
    {
        if (!KubectlIsInstalled())
        {
            Skip = "kubectl is not installed (apt-get install kubernetes-client)";
        }
    }

    private static bool KubectlIsInstalled() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, "kubectl")));
}
