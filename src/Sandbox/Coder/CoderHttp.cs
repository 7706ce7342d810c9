using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace CoderBootstrap.Sandbox.Coder;

/// <summary>Reading and writing Coder's JSON wire format.</summary>
internal static class CoderHttp
{
    public static async Task<T> ReadJsonAsync<T>(HttpContext context) where T : class
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(context.Request.Body, CoderJson.Options, context.RequestAborted)
                ?? throw new CoderApiException(400, "Request body must be valid JSON.", "the body is null");
        }
        catch (JsonException error)
        {
            throw new CoderApiException(400, "Request body must be valid JSON.", error.Message);
        }
    }

    public static async Task WriteJsonAsync(HttpContext context, int statusCode, object body)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(context.Response.Body, body, body.GetType(), CoderJson.Options, context.RequestAborted);
    }

    /// <summary>Builds the view under the state's lock, then writes it outside the lock.</summary>
    public static Task WriteLockedJsonAsync(CoderClusterState state, HttpContext context, int statusCode, Func<object> buildView) =>
        WriteJsonAsync(context, statusCode, state.Read(_ => buildView()));

    public static Guid ParseUuid(string value) =>
        Guid.TryParse(value, out var id) ? id : throw new CoderApiException(400, $"Invalid UUID \"{value}\".", "invalid UUID length: " + value.Length);
}
