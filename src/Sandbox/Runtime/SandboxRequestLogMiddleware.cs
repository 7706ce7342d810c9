using CoderBootstrap.Sandbox.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CoderBootstrap.Sandbox.Runtime;

/// <summary>
/// Opens a request-log scope around each HTTP request of an emulated server, so the entry that
/// <see cref="ISandboxRuntime.EnterAsync"/> records carries the method, path and final status.
/// </summary>
public static class SandboxRequestLogMiddleware
{
    /// <param name="skip">Requests not to log (for example admin endpoints).</param>
    public static IApplicationBuilder UseSandboxRequestLog(this IApplicationBuilder app, ISandboxRuntime runtime, Func<HttpContext, bool>? skip = null)
    {
        if (runtime is not SandboxRuntime sandboxRuntime)
        {
            return app;
        }

        return app.Use(async (context, next) =>
        {
            if (skip?.Invoke(context) == true)
            {
                await next(context).ConfigureAwait(false);
                return;
            }

            var scope = sandboxRuntime.BeginRequest(context.Request.Method, context.Request.Path + context.Request.QueryString);
            try
            {
                await next(context).ConfigureAwait(false);
            }
            finally
            {
                sandboxRuntime.CompleteRequest(scope, context.Response.StatusCode);
            }
        });
    }
}
