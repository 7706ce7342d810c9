using CoderBootstrap.Sandbox.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CoderBootstrap.Sandbox.Runtime;

/// <summary>
/// The request pipeline every emulated API (Scaleway, Kubernetes, Coder, S3) runs: route → fault
/// check → authentication → handler, with failures rendered in the API's own error shape.
/// Credentials a real API checks before it even routes (Scaleway's gateway token, a Kubernetes API
/// server's bearer token) are checked by <see cref="Route"/>, so refused requests count as no operation.
/// </summary>
/// <typeparam name="TRequest">What the API reads from the HTTP request before routing it.</typeparam>
public abstract class SandboxApi<TRequest>(ISandboxRuntime runtime, ILogger logger)
{
    /// <summary>Seconds a client is told to wait after an injected 429, as every real rate limiter says.</summary>
    public const int FaultRetryAfterSeconds = 1;

    protected ISandboxRuntime Runtime { get; } = runtime;

    protected ILogger Logger { get; } = logger;

    public async Task ServeAsync(HttpContext context)
    {
        var request = Parse(context);
        try
        {
            var endpoint = Route(request);
            var fault = await Runtime.EnterAsync(endpoint.Operation, endpoint.Mutation, context.RequestAborted).ConfigureAwait(false);
            if (fault is not null)
            {
                if (fault.StatusCode == StatusCodes.Status429TooManyRequests)
                {
                    // Registered as a callback because error rendering may clear the headers set so far.
                    context.Response.OnStarting(() =>
                    {
                        context.Response.Headers.RetryAfter = FaultRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                        return Task.CompletedTask;
                    });
                }

                throw FaultError(fault);
            }

            endpoint.Authenticate?.Invoke();
            await endpoint.Handle().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
        catch (Exception error) when (!context.Response.HasStarted)
        {
            if (!await TryWriteErrorAsync(request, error).ConfigureAwait(false))
            {
                Logger.LogError(error, "Unexpected failure serving {Method} {Path}", context.Request.Method, context.Request.Path);
                await WriteUnexpectedErrorAsync(request, error).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Reads what routing and error rendering need; must not throw.</summary>
    protected abstract TRequest Parse(HttpContext context);

    /// <summary>The endpoint for the request; throws the API's not-found, method or credential error.</summary>
    protected abstract SandboxEndpoint Route(TRequest request);

    /// <summary>The API's own error for an injected fault.</summary>
    protected abstract Exception FaultError(SandboxFault fault);

    /// <summary>Writes <paramref name="error"/> when it is one of the API's errors; false otherwise.</summary>
    protected abstract Task<bool> TryWriteErrorAsync(TRequest request, Exception error);

    /// <summary>The API's answer to a failure of the sandbox itself (a 500 in its error shape).</summary>
    protected abstract Task WriteUnexpectedErrorAsync(TRequest request, Exception error);
}
