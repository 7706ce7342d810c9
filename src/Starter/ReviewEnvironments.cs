using CoderBootstrap.Activities.Environments;
using CoderBootstrap.Workflows;
using Temporalio.Client;

namespace CoderBootstrap.Starter;

/// <summary>What <c>starter run setup --env=NAME --from=BASE --ttl=48h</c> asks for.</summary>
public sealed record ReviewRequest(string From, string Ttl);

/// <summary>
/// Review (TTL) environments in the Starter: the derived spec written before the setup starts
/// (<c>deploy/environments/review/NAME.yaml</c>, where every later run finds it by name) and the
/// TTL run started once the setup completed.
/// </summary>
internal static class ReviewEnvironments
{
    /// <summary>Validates the name, the base and the TTL (exit 2, nothing written) and writes the derived spec; answers the TTL.</summary>
    public static TimeSpan Prepare(StarterContext context, string name, ReviewRequest review)
    {
        var ttl = ReviewEnvironment.ParseDuration(review.Ttl)
            ?? throw new StarterException($"invalid --ttl '{review.Ttl}': a positive whole number of s, m, h or d, e.g. 48h", 2);
        var loader = new EnvironmentSpecLoader(Path.Combine(context.RepositoryRoot, "deploy", "environments"));
        var bases = loader.KnownEnvironments();
        if (ReviewEnvironment.RefuseName(name, bases) is { } refusal)
        {
            throw new StarterException(refusal, 2);
        }
        if (!bases.Contains(review.From, StringComparer.Ordinal))
        {
            throw new StarterException($"unknown base environment '{review.From}' for --from; base environments: {string.Join(", ", bases)}", 2);
        }
        string text;
        try
        {
            text = ReviewEnvironment.Derive(File.ReadAllText(Path.Combine(loader.EnvironmentsDirectory, review.From + ".yaml")), review.From, name, ttl);
        }
        catch (EnvironmentSpecException e)
        {
            throw new StarterException(e.Message, 2);
        }
        var path = loader.ReviewFilePath(name);
        if (File.Exists(path) && BaseOf(File.ReadAllText(path)) is { } existing && existing != review.From)
        {
            throw new StarterException($"review environment '{name}' already exists from base '{existing}' ({path}); tear it down and delete the file, or pick another name", 2);
        }
        Directory.CreateDirectory(loader.ReviewDirectory);
        File.WriteAllText(path, text);
        return ttl;
    }

    /// <summary>Starts <c>ttl-NAME</c> with its deadline now + TTL; an existing waiting TTL run is kept (a rerun of the setup does not move it).</summary>
    public static async Task<TtlStatus?> StartTtlAsync(StarterRuntime runtime, string name, TimeSpan ttl)
    {
        var handle = await runtime.Client.StartWorkflowAsync((TtlWorkflow w) => w.RunAsync(new TtlInput(name, DateTime.UtcNow + ttl, runtime.RetryScale)),
            WithUseExisting(runtime.StartOptions(WorkflowNames.Ttl(name), name, "ttl")))
            .ConfigureAwait(false);
        return await TtlCommand.TryStatusAsync(runtime.Client, handle.Id).ConfigureAwait(false);
    }

    private static WorkflowOptions WithUseExisting(WorkflowOptions options)
    {
        options.IdConflictPolicy = Temporalio.Api.Enums.V1.WorkflowIdConflictPolicy.UseExisting;
        return options;
    }

    private static string? BaseOf(string reviewText)
    {
        const string marker = " --from=";
        var at = reviewText.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }
        var start = at + marker.Length;
        var end = reviewText.IndexOf(' ', start);
        return end < 0 ? null : reviewText[start..end];
    }
}
