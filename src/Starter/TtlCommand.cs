using System.CommandLine;
using CoderBootstrap.Activities.Environments;
using CoderBootstrap.Workflows;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace CoderBootstrap.Starter;

/// <summary><c>starter ttl --env=NAME [--extend=24h | --cancel]</c>: show, extend or cancel the TTL of a review environment.</summary>
internal static class TtlCommand
{
    public static Command Build(StarterContext context, Option<string> env, Option<bool> sandbox, Option<bool> json)
    {
        var extend = new Option<string?>("--extend") { Description = "move the deadline later by this much (s, m, h or d, e.g. 24h)" };
        var cancel = new Option<bool>("--cancel") { Description = "stop the timer: the environment stays until torn down by hand" };
        var command = new Command("ttl", "the TTL of a review environment: its deadline, --extend=24h or --cancel") { env, sandbox, json, extend, cancel };
        command.SetAction((parse, ct) => ExecuteAsync(context, parse.GetValue(env)!, parse.GetValue(sandbox), parse.GetValue(json),
            parse.GetValue(extend), parse.GetValue(cancel), ct));
        return command;
    }

    public static async Task<int> ExecuteAsync(StarterContext context, string environment, bool sandbox, bool json, string? extendText, bool cancel, CancellationToken cancellationToken)
    {
        StarterCommands.LoadEnvironment(context, environment);
        if (!new EnvironmentSpecLoader(Path.Combine(context.RepositoryRoot, "deploy", "environments")).IsReview(environment))
        {
            throw new StarterException($"{environment} is not a review environment: only environments set up with --from and --ttl have a TTL", 2);
        }
        if (extendText is not null && cancel)
        {
            throw new StarterException("--extend and --cancel exclude each other", 2);
        }
        TimeSpan? extension = null;
        if (extendText is not null)
        {
            extension = ReviewEnvironment.ParseDuration(extendText)
                ?? throw new StarterException($"invalid --extend '{extendText}': a positive whole number of s, m, h or d, e.g. 24h", 2);
        }
        await using var runtime = await StarterCommands.ConnectAsync(context, sandbox, 0.05, needWorker: true, $"{WorkflowNames.Ttl(environment)}/starter", cancellationToken).ConfigureAwait(false);
        var handle = runtime.Client.GetWorkflowHandle<TtlWorkflow>(WorkflowNames.Ttl(environment));
        try
        {
            if (extension is { } by)
            {
                var deadline = await handle.ExecuteUpdateAsync(w => w.ExtendAsync(by)).ConfigureAwait(false);
                await context.Out.WriteLineAsync(json
                    ? StarterCommands.ToJson(new { environment, deadline })
                    : $"TTL of {environment} extended by {ReviewEnvironment.FormatDuration(by)}: torn down at {deadline:u}").ConfigureAwait(false);
                return 0;
            }
            if (cancel)
            {
                var answer = await handle.ExecuteUpdateAsync(w => w.CancelAsync()).ConfigureAwait(false);
                await context.Out.WriteLineAsync(json ? StarterCommands.ToJson(new { environment, cancelled = true }) : answer).ConfigureAwait(false);
                return 0;
            }
            var status = await handle.QueryAsync(w => w.Status).ConfigureAwait(false);
            await context.Out.WriteLineAsync(json ? StarterCommands.ToJson(status) : Describe(status, DateTime.UtcNow)).ConfigureAwait(false);
            return 0;
        }
        catch (WorkflowUpdateFailedException e)
        {
            throw new StarterException(StarterCommands.FailureMessage(e));
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            throw new StarterException($"no TTL run of {environment} is running (workflow {WorkflowNames.Ttl(environment)})");
        }
    }

    /// <summary>The TTL run's status, or null when there is none or no worker answered.</summary>
    public static async Task<TtlStatus?> TryStatusAsync(ITemporalClient client, string id)
    {
        try
        {
            return await client.GetWorkflowHandle<TtlWorkflow>(id).QueryAsync(w => w.Status).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RpcException or WorkflowQueryFailedException or WorkflowQueryRejectedException)
        {
            return null;
        }
    }

    public static string Describe(TtlStatus status, DateTime now) => status.State == TtlWorkflow.Waiting
        ? $"TTL of {status.Environment}: torn down at {status.Deadline:u} (in {Remaining(status.Deadline - now)}); `starter ttl --env={status.Environment} --extend=24h|--cancel`"
        : $"TTL of {status.Environment}: {status.State} (deadline {status.Deadline:u})";

    private static string Remaining(TimeSpan left) => left <= TimeSpan.Zero ? "now"
        : left.TotalHours >= 1 ? $"{(int)left.TotalHours}h {left.Minutes:00}m" : $"{left.Minutes}m {left.Seconds:00}s";
}
