using System.Security.Cryptography;
using static CoderBootstrap.Sandbox.Coder.CoderClusterDocument;
using static CoderBootstrap.Sandbox.Coder.CoderHttp;

namespace CoderBootstrap.Sandbox.Coder;

/// <summary>Coder files: template archives uploaded as tar, deduplicated per user by content hash.</summary>
internal sealed class CoderFilesApi(CoderClusterState state)
{
    public IEnumerable<CoderRoute> Routes =>
    [
        new("POST", "/api/v2/files", "coder.files.create", true, true, UploadFileAsync),
        new("GET", "/api/v2/files/{file}", "coder.files.get", false, true, DownloadFileAsync),
    ];

    private async Task UploadFileAsync(CoderRequest request)
    {
        var contentType = request.Context.Request.ContentType ?? "";
        var mediaType = contentType.Split(';')[0].Trim();
        if (!string.Equals(mediaType, "application/x-tar", StringComparison.OrdinalIgnoreCase))
        {
            throw new CoderApiException(400, $"Unsupported content type header \"{contentType}\".");
        }

        using var buffer = new MemoryStream();
        await request.Context.Request.Body.CopyToAsync(buffer, request.Context.RequestAborted);
        var content = buffer.ToArray();
        if (!TemplateArchive.TryParse(content, out _, out var problem))
        {
            throw new CoderApiException(400, "The uploaded file is not a valid tar archive.", problem);
        }

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
        FileRecord file;
        var created = false;
        lock (state.Gate)
        {
            var existing = state.Document.Files.FirstOrDefault(f => f.Sha256 == sha256 && f.CreatedBy == request.User!.Id);
            if (existing is null)
            {
                existing = new FileRecord { Id = Guid.NewGuid(), Sha256 = sha256, Mimetype = mediaType, Content = content, CreatedBy = request.User!.Id, CreatedAt = state.Now() };
                state.Document.Files.Add(existing);
                state.Persist();
                created = true;
            }

            file = existing;
        }

        await WriteJsonAsync(request.Context, created ? 201 : 200, new { Hash = file.Id });
    }

    private async Task DownloadFileAsync(CoderRequest request)
    {
        var id = ParseUuid(request.Values["file"]);
        var file = state.Read(document => document.Files.FirstOrDefault(f => f.Id == id)) ?? throw CoderApiException.ResourceNotFound();
        request.Context.Response.StatusCode = 200;
        request.Context.Response.ContentType = file.Mimetype;
        request.Context.Response.ContentLength = file.Content.Length;
        await request.Context.Response.Body.WriteAsync(file.Content, request.Context.RequestAborted);
    }
}
