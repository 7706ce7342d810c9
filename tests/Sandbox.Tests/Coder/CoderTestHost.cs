using System.Net.Http.Json;
using System.Text.Json;
using CoderBootstrap.Sandbox.Coder;
using CoderBootstrap.Sandbox.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace CoderBootstrap.Sandbox.Tests.Coder;

/// <summary>A <see cref="CoderHosting"/> with one cluster's server started, and helpers to drive its API over HTTP.</summary>
public sealed class CoderTestHost : IAsyncDisposable
{
    public const string ClusterId = "7f0c3a52-1e8b-4d0a-9c55-0a6f3c2b9e11";
    public const string AccessUrl = "https://coder.example.test";
    public const string AdminEmail = "admin@example.test";
    public const string AdminPassword = "Correct-Horse-Battery-Staple-42";

    private CoderTestHost(TestSandboxRuntime runtime, CoderHosting hosting, int port)
    {
        Runtime = runtime;
        Hosting = hosting;
        Port = port;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
    }

    public TestSandboxRuntime Runtime { get; }

    public CoderHosting Hosting { get; }

    public int Port { get; }

    public HttpClient Http { get; }

    public static async Task<CoderTestHost> StartAsync(TestSandboxRuntime? runtime = null, bool available = true, Dictionary<string, string>? environment = null)
    {
        runtime ??= new TestSandboxRuntime();
        var hosting = new CoderHosting(runtime, NullLoggerFactory.Instance);
        var port = await hosting.EnsureServerAsync(ClusterId, CancellationToken.None);
        if (available)
        {
            hosting.SetBackendAvailable(ClusterId, true, environment ?? DefaultEnvironment());
        }

        return new CoderTestHost(runtime, hosting, port);
    }

    public static Dictionary<string, string> DefaultEnvironment() => new()
    {
        ["CODER_ACCESS_URL"] = AccessUrl,
        ["CODER_PG_CONNECTION_URL"] = "postgres://coder:secret@10.0.0.5:5432/coder?sslmode=require",
        ["CODER_HTTP_ADDRESS"] = "0.0.0.0:8080",
    };

    public async Task<(Guid UserId, Guid OrganizationId)> CreateFirstUserAsync()
    {
        using var response = await Http.PostAsJsonAsync("/api/v2/users/first", new
        {
            email = AdminEmail,
            username = "admin",
            name = "Admin",
            password = AdminPassword,
            trial = false,
        });
        var body = await ReadJsonAsync(response, 201);
        return (body.GetProperty("user_id").GetGuid(), body.GetProperty("organization_id").GetGuid());
    }

    public async Task<string> LoginAsync(string email = AdminEmail, string password = AdminPassword)
    {
        using var response = await Http.PostAsJsonAsync("/api/v2/users/login", new { email, password });
        return (await ReadJsonAsync(response, 201)).GetProperty("session_token").GetString()!;
    }

    /// <summary>Creates the first user, logs in, and makes the session token the client's default.</summary>
    public async Task<Guid> SignInAsAdminAsync()
    {
        var (_, organizationId) = await CreateFirstUserAsync();
        UseSessionToken(await LoginAsync());
        return organizationId;
    }

    public void UseSessionToken(string token)
    {
        Http.DefaultRequestHeaders.Remove("Coder-Session-Token");
        Http.DefaultRequestHeaders.Add("Coder-Session-Token", token);
    }

    /// <summary>Uploads an archive; identical content uploaded before answers 200 with the same hash instead of 201.</summary>
    public async Task<Guid> UploadAsync(byte[] archive)
    {
        using var content = new ByteArrayContent(archive);
        content.Headers.ContentType = new("application/x-tar");
        using var response = await Http.PostAsync("/api/v2/files", content);
        var expectedStatus = response.StatusCode == System.Net.HttpStatusCode.OK ? 200 : 201;
        return (await ReadJsonAsync(response, expectedStatus)).GetProperty("hash").GetGuid();
    }

    public async Task<JsonElement> CreateTemplateVersionAsync(Guid organizationId, Guid fileId, Guid? templateId = null, string? name = null)
    {
        using var response = await Http.PostAsJsonAsync($"/api/v2/organizations/{organizationId}/templateversions", new
        {
            name,
            message = "pushed by test",
            storage_method = "file",
            file_id = fileId,
            provisioner = "terraform",
            template_id = templateId,
            user_variable_values = Array.Empty<object>(),
        });
        return await ReadJsonAsync(response, 201);
    }

    /// <summary>Polls the version until its import job leaves pending/running (generous timeout for a loaded machine).</summary>
    public async Task<JsonElement> WaitForImportAsync(Guid versionId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            using var response = await Http.GetAsync($"/api/v2/templateversions/{versionId}");
            var version = await ReadJsonAsync(response, 200);
            var status = version.GetProperty("job").GetProperty("status").GetString();
            if (status is not ("pending" or "running") || DateTime.UtcNow > deadline)
            {
                return version;
            }

            await Task.Delay(25);
        }
    }

    public async Task<Guid> PushImportedVersionAsync(Guid organizationId, Guid? templateId = null)
    {
        var fileId = await UploadAsync(TemplateArchives.Build(("main.tf", TemplateArchives.KubernetesTemplate)));
        var version = await CreateTemplateVersionAsync(organizationId, fileId, templateId);
        var versionId = version.GetProperty("id").GetGuid();
        var imported = await WaitForImportAsync(versionId);
        Assert.Equal("succeeded", imported.GetProperty("job").GetProperty("status").GetString());
        return versionId;
    }

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response, int expectedStatus)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expectedStatus, $"Expected {expectedStatus} but got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Hosting.DisposeAsync();
    }
}
