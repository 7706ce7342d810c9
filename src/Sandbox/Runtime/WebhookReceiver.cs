using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CoderBootstrap.Sandbox.Runtime;

/// <summary>
/// A webhook receiver tests can read: <c>POST /sandbox/webhooks/{name}</c> records the body (and
/// content type) and answers 200, unless armed to fail (<c>PUT /sandbox/webhooks/{name}/failures
/// {"count":2,"status":503}</c>: the next two fail; without <c>count</c>, every call fails — a receiver
/// down for good). <c>GET /sandbox/webhooks/{name}</c> gives <c>{"deliveries":[{"body","content_type","time"}],"failed":N}</c>.
/// </summary>
public sealed class WebhookReceiver
{
    private readonly Dictionary<string, Hook> _hooks = new(StringComparer.Ordinal);

    public void Map(IEndpointRouteBuilder endpoints, string prefix)
    {
        endpoints.MapPost(prefix + "/webhooks/{name}", async (string name, HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
            lock (_hooks)
            {
                var hook = HookOf(name);
                if (hook.FailuresLeft is null or > 0 && hook.FailStatus is { } status)
                {
                    hook.Failed++;
                    if (hook.FailuresLeft is { } left)
                    {
                        hook.FailuresLeft = left - 1;
                        if (left - 1 == 0)
                        {
                            hook.FailStatus = null;
                        }
                    }
                    return Results.Json(new { message = "receiver failing (sandbox)" }, statusCode: status);
                }
                hook.Deliveries.Add(new Delivery(body, context.Request.ContentType, DateTimeOffset.UtcNow));
            }
            return Results.Text("ok");
        });
        endpoints.MapPut(prefix + "/webhooks/{name}/failures", async (string name, HttpContext context) =>
        {
            var request = await context.Request.ReadFromJsonAsync<FailureRequest>(context.RequestAborted).ConfigureAwait(false) ?? new FailureRequest(null, null);
            lock (_hooks)
            {
                var hook = HookOf(name);
                hook.FailStatus = request.Status ?? 503;
                hook.FailuresLeft = request.Count;
            }
            return Results.NoContent();
        });
        endpoints.MapGet(prefix + "/webhooks/{name}", (string name) =>
        {
            lock (_hooks)
            {
                var hook = HookOf(name);
                return Results.Json(new
                {
                    deliveries = hook.Deliveries.Select(d => new { body = d.Body, content_type = d.ContentType, time = d.Time }).ToList(),
                    failed = hook.Failed,
                });
            }
        });
    }

    private Hook HookOf(string name)
    {
        if (!_hooks.TryGetValue(name, out var hook))
        {
            hook = new Hook();
            _hooks[name] = hook;
        }
        return hook;
    }

    private sealed class Hook
    {
        public List<Delivery> Deliveries { get; } = [];

        public int? FailStatus { get; set; }

        public int? FailuresLeft { get; set; }

        public int Failed { get; set; }
    }

    private sealed record Delivery(string Body, string? ContentType, DateTimeOffset Time);

    private sealed record FailureRequest(int? Count, int? Status);
}
