using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace CoderBootstrap.Sandbox.Kubernetes;

/// <summary>
/// Serves <c>?watch=true</c>: newline-delimited <c>{"type","object"}</c> events. Without a resourceVersion
/// (or with "0") it starts with an <c>ADDED</c> event per existing object; with one it replays the changes
/// after it, or answers an <c>ERROR</c> event with a 410 <c>Expired</c> status when that is too old.
/// </summary>
internal sealed class WatchStream(
    KubernetesCluster cluster,
    ResourceKind kind,
    string? ns,
    LabelSelector labels,
    FieldSelector fields)
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(30);

    public async Task ServeAsync(HttpContext context, CancellationToken stopping)
    {
        var query = context.Request.Query;
        var timeout = int.TryParse(query["timeoutSeconds"].ToString(), CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : DefaultTimeout;
        var startVersion = query["resourceVersion"].ToString();
        var channel = Channel.CreateUnbounded<WatchEvent>(new UnboundedChannelOptions { SingleReader = true });
        void OnChanged(WatchEvent change) => channel.Writer.TryWrite(change);

        List<WatchEvent> initial;
        lock (cluster.Sync)
        {
            if (startVersion is "" or "0")
            {
                initial = cluster.Store.List(kind, ns)
                    .Select(resource => new WatchEvent(cluster.Store.ResourceVersion, "ADDED", kind, (JsonObject)resource.DeepClone()))
                    .ToList();
            }
            else if (long.TryParse(startVersion, CultureInfo.InvariantCulture, out var since) && cluster.Store.EventsSince(since) is { } history)
            {
                initial = history.ToList();
            }
            else
            {
                initial = [];
                channel.Writer.TryComplete();
            }

            cluster.Store.Changed += OnChanged;
        }

        try
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            await context.Response.StartAsync(context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            if (channel.Reader.Completion.IsCompleted)
            {
                var expired = KubernetesStatus.Failure(410, "Expired", $"too old resource version: {startVersion} ({cluster.Store.ResourceVersion})");
                await WriteAsync(context, new JsonObject { ["type"] = "ERROR", ["object"] = expired });
                return;
            }

            foreach (var change in initial.Where(Matches))
            {
                await WriteAsync(context, Render(change));
            }

            using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
            ending.CancelAfter(timeout);
            try
            {
                await foreach (var change in channel.Reader.ReadAllAsync(ending.Token))
                {
                    if (Matches(change))
                    {
                        await WriteAsync(context, Render(change));
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }
        finally
        {
            lock (cluster.Sync)
            {
                cluster.Store.Changed -= OnChanged;
            }
        }
    }

    private bool Matches(WatchEvent change) =>
        change.Kind == kind
        && (ns is null || JsonFields.Namespace(change.Object) == ns)
        && labels.Matches(JsonFields.Labels(change.Object))
        && fields.Matches(change.Object);

    private static JsonObject Render(WatchEvent change) => new()
    {
        ["type"] = change.Type,
        ["object"] = change.Object.DeepClone(),
    };

    private static async Task WriteAsync(HttpContext context, JsonObject line)
    {
        await context.Response.WriteAsync(line.ToJsonString() + "\n", context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }
}
