using System.Formats.Tar;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using CoderBootstrap.Sandbox.Tests.Support;

namespace CoderBootstrap.Sandbox.Tests.Coder;

public sealed class CoderTemplatesApiTests
{
    [Theory]
    [InlineData(TarEntryFormat.Ustar)]
    [InlineData(TarEntryFormat.Pax)]
    [InlineData(TarEntryFormat.Gnu)]
    public async Task UploadingATarArchiveAnswersCreatedWithItsHash(TarEntryFormat format)
    {
        await using var host = await CoderTestHost.StartAsync();
        await host.SignInAsAdminAsync();
        var archive = TemplateArchives.Build(format, ("main.tf", TemplateArchives.KubernetesTemplate));

        var fileId = await host.UploadAsync(archive);
        using var download = await host.Http.GetAsync($"/api/v2/files/{fileId}");

        Assert.NotEqual(Guid.Empty, fileId);
        Assert.Equal(archive, await download.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task UploadingTheSameArchiveAgainReturnsTheSameHashWithOk()
    {
        await using var host = await CoderTestHost.StartAsync();
        await host.SignInAsAdminAsync();
        var archive = TemplateArchives.Build(("main.tf", TemplateArchives.KubernetesTemplate));
        var fileId = await host.UploadAsync(archive);

        using var content = new ByteArrayContent(archive);
        content.Headers.ContentType = new("application/x-tar");
        using var response = await host.Http.PostAsync("/api/v2/files", content);
        var body = await CoderTestHost.ReadJsonAsync(response, 200);

        Assert.Equal(fileId, body.GetProperty("hash").GetGuid());
    }

    [Fact]
    public async Task UploadingWithAnotherContentTypeIsRejected()
    {
        await using var host = await CoderTestHost.StartAsync();
        await host.SignInAsAdminAsync();

        using var content = new ByteArrayContent(TemplateArchives.Build(("main.tf", TemplateArchives.KubernetesTemplate)));
        content.Headers.ContentType = new("application/zip");
        using var response = await host.Http.PostAsync("/api/v2/files", content);
        var body = await CoderTestHost.ReadJsonAsync(response, 400);

        Assert.Contains("application/zip", body.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("this is not a tar archive")]
    [InlineData("")]
    public async Task UploadingSomethingThatIsNotATarIsRejected(string text)
    {
        await using var host = await CoderTestHost.StartAsync();
        await host.SignInAsAdminAsync();

        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        content.Headers.ContentType = new("application/x-tar");
        using var response = await host.Http.PostAsync("/api/v2/files", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task UploadingWithoutASessionIsUnauthorized()
    {
        await using var host = await CoderTestHost.StartAsync();

        using var content = new ByteArrayContent(TemplateArchives.Build(("main.tf", TemplateArchives.KubernetesTemplate)));
        content.Headers.ContentType = new("application/x-tar");
        using var response = await host.Http.PostAsync("/api/v2/files", content);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ImportJobGoesFromPendingThroughRunningToSucceeded()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.Parse("2026-11-23T10:00:00Z"));
        await using var host = await CoderTestHost.StartAsync(new TestSandboxRuntime(new TestStateStore(), timeScale: 1.0) { Time = clock });
        var organizationId = await host.SignInAsAdminAsync();
        var fileId = await host.UploadAsync(TemplateArchives.Build(("main.tf", TemplateArchives.KubernetesTemplate)));

        var created = await host.CreateTemplateVersionAsync(organizationId, fileId);
        var versionId = created.GetProperty("id").GetGuid();
        clock.Advance(TimeSpan.FromSeconds(3));
        var running = await CoderTestHost.ReadJsonAsync(await host.Http.GetAsync($"/api/v2/templateversions/{versionId}"), 200);
        clock.Advance(TimeSpan.FromMinutes(1));
        var done = await CoderTestHost.ReadJsonAsync(await host.Http.GetAsync($"/api/v2/templateversions/{versionId}"), 200);

        Assert.Equal("pending", created.GetProperty("job").GetProperty("status").GetString());
        Assert.False(created.GetProperty("job").TryGetProperty("started_at", out _));
        Assert.Equal("running", running.GetProperty("job").GetProperty("status").GetString());
        Assert.Equal("succeeded", done.GetProperty("job").GetProperty("status").GetString());
        Assert.True(done.GetProperty("job").TryGetProperty("completed_at", out _));
        Assert.False(done.GetProperty("job").TryGetProperty("error", out _));
        Assert.Equal(fileId, done.GetProperty("job").GetProperty("file_id").GetGuid());
        Assert.Equal("template_version_import", done.GetProperty("job").GetProperty("type").GetString());
    }

    [Fact]
    public async Task ImportJobDelaysFollowTheTimeScale()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.Parse("2026-11-23T10:00:00Z"));
        await using var host = await CoderTestHost.StartAsync(new TestSandboxRuntime(new TestStateStore(), timeScale: 0.01) { Time = clock });
        var organizationId = await host.SignInAsAdminAsync();
        var fileId = await host.UploadAsync(TemplateArchives.Build(("main.tf", TemplateArchives.KubernetesTemplate)));
        var versionId = (await host.CreateTemplateVersionAsync(organizationId, fileId)).GetProperty("id").GetGuid();

        clock.Advance(TimeSpan.FromSeconds(1));
        var done = await CoderTestHost.ReadJsonAsync(await host.Http.GetAsync($"/api/v2/templateversions/{versionId}"), 200);

        Assert.Equal("succeeded", done.GetProperty("job").GetProperty("status").GetString());
    }

    [Fact]
    public async Task ImportFailsWhenTheArchiveHasNoMainTfAtItsRoot()
    {
        await using var host = await CoderTestHost.StartAsync();
        var organizationId = await host.SignInAsAdminAsync();
        var fileId = await host.UploadAsync(TemplateArchives.Build(("nested/main.tf", TemplateArchives.KubernetesTemplate)));

        var version = await host.CreateTemplateVersionAsync(organizationId, fileId);
        var imported = await host.WaitForImportAsync(version.GetProperty("id").GetGuid());

        Assert.Equal("failed", imported.GetProperty("job").GetProperty("status").GetString());
        Assert.Contains("main.tf", imported.GetProperty("job").GetProperty("error").GetString());
    }

    [Fact]
    public async Task ImportFailsWhenTheTerraformDeclaresNoCoderAgent()
    {
        await using var host = await CoderTestHost.StartAsync();
        var organizationId = await host.SignInAsAdminAsync();
        var fileId = await host.UploadAsync(TemplateArchives.Build(("main.tf", TemplateArchives.TemplateWithoutAgent)));

        var version = await host.CreateTemplateVersionAsync(organizationId, fileId);
        var imported = await host.WaitForImportAsync(version.GetProperty("id").GetGuid());

        Assert.Equal("failed", imported.GetProperty("job").GetProperty("status").GetString());
        Assert.Contains("coder_agent", imported.GetProperty("job").GetProperty("error").GetString());
    }

    [Fact]
    public async Task ImportSucceedsWhenTheAgentIsDeclaredInAnotherRootTerraformFile()
    {
        await using var host = await CoderTestHost.StartAsync();
        var organizationId = await host.SignInAsAdminAsync();
        var fileId = await host.UploadAsync(TemplateArchives.Build(
            ("./main.tf", TemplateArchives.TemplateWithoutAgent),
            ("./agent.tf", "resource \"coder_agent\" \"dev\" {\n  os = \"linux\"\n}\n"),
            ("./README.md", "# Kubernetes workspace")));

        var version = await host.CreateTemplateVersionAsync(organizationId, fileId);
        var imported = await host.WaitForImportAsync(version.GetProperty("id").GetGuid());

        Assert.Equal("succeeded", imported.GetProperty("job").GetProperty("status").GetString());
        Assert.Equal("# Kubernetes workspace", imported.GetProperty("readme").GetString());
    }

    [Fact]
    public async Task CreatingAVersionFromAnUnknownFileIsNotFound()
    {
        await using var host = await CoderTestHost.StartAsync();
        var organizationId = await host.SignInAsAdminAsync();

        using var response = await host.Http.PostAsJsonAsync($"/api/v2/organizations/{organizationId}/templateversions", new { storage_method = "file", file_id = Guid.NewGuid(), provisioner = "terraform" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task CreatingAVersionInAnUnknownOrganizationIsNotFound()
    {
        await using var host = await CoderTestHost.StartAsync();
        await host.SignInAsAdminAsync();
        var fileId = await host.UploadAsync(TemplateArchives.Build(("main.tf", TemplateArchives.KubernetesTemplate)));

        using var response = await host.Http.PostAsJsonAsync($"/api/v2/organizations/{Guid.NewGuid()}/templateversions", new { storage_method = "file", file_id = fileId, provisioner = "terraform" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task CreatingAVersionWithAnUnsupportedProvisionerFailsValidation()
    {
        await using var host = await CoderTestHost.StartAsync();
        var organizationId = await host.SignInAsAdminAsync();
        var fileId = await host.UploadAsync(TemplateArchives.Build(("main.tf", TemplateArchives.KubernetesTemplate)));

        using var response = await host.Http.PostAsJsonAsync($"/api/v2/organizations/{organizationId}/templateversions", new { storage_method = "file", file_id = fileId, provisioner = "pulumi" });
        var body = await CoderTestHost.ReadJsonAsync(response, 400);

        Assert.Equal("provisioner", body.GetProperty("validations")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task OrganizationCanBeAddressedAsDefault()
    {
        await using var host = await CoderTestHost.StartAsync();
        await host.SignInAsAdminAsync();

        using var response = await host.Http.GetAsync("/api/v2/organizations/default/templates");
        var templates = await CoderTestHost.ReadJsonAsync(response, 200);

        Assert.Equal(0, templates.GetArrayLength());
    }

    [Fact]
    public async Task UnknownTemplateVersionIsNotFoundAndAMalformedIdIsABadRequest()
    {
        await using var host = await CoderTestHost.StartAsync();
        await host.SignInAsAdminAsync();

        using var unknown = await host.Http.GetAsync($"/api/v2/templateversions/{Guid.NewGuid()}");
        using var malformed = await host.Http.GetAsync("/api/v2/templateversions/not-a-uuid");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
    }

    [Fact]
    public async Task TemplateIsNotFoundByNameUntilCreatedThenListedAndFound()
    {
        await using var host = await CoderTestHost.StartAsync();
        var organizationId = await host.SignInAsAdminAsync();
        var versionId = await host.PushImportedVersionAsync(organizationId);

        using var before = await host.Http.GetAsync($"/api/v2/organizations/{organizationId}/templates/kubernetes");
        using var created = await host.Http.PostAsJsonAsync($"/api/v2/organizations/{organizationId}/templates", new
        {
            name = "kubernetes",
            display_name = "Kubernetes",
            description = "Workspaces as pods",
            icon = "/icon/k8s.png",
            template_version_id = versionId,
            default_ttl_ms = 3_600_000,
        });
        var template = await CoderTestHost.ReadJsonAsync(created, 201);
        using var after = await host.Http.GetAsync($"/api/v2/organizations/{organizationId}/templates/kubernetes");
        var found = await CoderTestHost.ReadJsonAsync(after, 200);
        var listed = await CoderTestHost.ReadJsonAsync(await host.Http.GetAsync($"/api/v2/organizations/{organizationId}/templates"), 200);

        Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
        Assert.Equal(versionId, template.GetProperty("active_version_id").GetGuid());
        Assert.Equal(3_600_000, template.GetProperty("default_ttl_ms").GetInt64());
        Assert.Equal(template.GetProperty("id").GetGuid(), found.GetProperty("id").GetGuid());
        Assert.Equal("Kubernetes", found.GetProperty("display_name").GetString());
        Assert.Equal(organizationId, found.GetProperty("organization_id").GetGuid());
        Assert.Equal(["kubernetes"], listed.EnumerateArray().Select(t => t.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task CreatingATemplateWithATakenNameIsAConflict()
    {
        await using var host = await CoderTestHost.StartAsync();
        var organizationId = await host.SignInAsAdminAsync();
        var firstVersion = await host.PushImportedVersionAsync(organizationId);
        var secondVersion = await host.PushImportedVersionAsync(organizationId);
        using var created = await host.Http.PostAsJsonAsync($"/api/v2/organizations/{organizationId}/templates", new { name = "kubernetes", template_version_id = firstVersion });

        using var response = await host.Http.PostAsJsonAsync($"/api/v2/organizations/{organizationId}/templates", new { name = "kubernetes", template_version_id = secondVersion });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task CreatingATemplateFromAFailedVersionIsABadRequest()
    {
        await using var host = await CoderTestHost.StartAsync();
        var organizationId = await host.SignInAsAdminAsync();
        var fileId = await host.UploadAsync(TemplateArchives.Build(("main.tf", TemplateArchives.TemplateWithoutAgent)));
        var versionId = (await host.CreateTemplateVersionAsync(organizationId, fileId)).GetProperty("id").GetGuid();
        await host.WaitForImportAsync(versionId);

        using var response = await host.Http.PostAsJsonAsync($"/api/v2/organizations/{organizationId}/templates", new { name = "broken", template_version_id = versionId });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task CreatingATemplateWithAnInvalidNameFailsValidation()
    {
        await using var host = await CoderTestHost.StartAsync();
        var organizationId = await host.SignInAsAdminAsync();
        var versionId = await host.PushImportedVersionAsync(organizationId);

        using var response = await host.Http.PostAsJsonAsync($"/api/v2/organizations/{organizationId}/templates", new { name = "Not A Valid Name", template_version_id = versionId });
        var body = await CoderTestHost.ReadJsonAsync(response, 400);

        Assert.Equal("name", body.GetProperty("validations")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task PromotingANewVersionMakesItTheActiveVersion()
    {
        await using var host = await CoderTestHost.StartAsync();
        var organizationId = await host.SignInAsAdminAsync();
        var firstVersion = await host.PushImportedVersionAsync(organizationId);
        var template = await CoderTestHost.ReadJsonAsync(
            await host.Http.PostAsJsonAsync($"/api/v2/organizations/{organizationId}/templates", new { name = "kubernetes", template_version_id = firstVersion }), 201);
        var templateId = template.GetProperty("id").GetGuid();
        var secondVersion = await host.PushImportedVersionAsync(organizationId, templateId);

        using var promoted = await host.Http.PatchAsJsonAsync($"/api/v2/templates/{templateId}/versions", new { id = secondVersion });
        var body = await CoderTestHost.ReadJsonAsync(promoted, 200);
        var after = await CoderTestHost.ReadJsonAsync(await host.Http.GetAsync($"/api/v2/templates/{templateId}"), 200);
        var versions = await CoderTestHost.ReadJsonAsync(await host.Http.GetAsync($"/api/v2/templates/{templateId}/versions"), 200);

        Assert.Equal("Updated the active template version!", body.GetProperty("message").GetString());
        Assert.Equal(secondVersion, after.GetProperty("active_version_id").GetGuid());
        Assert.Equal([firstVersion, secondVersion], versions.EnumerateArray().Select(v => v.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task PromotingAVersionOfAnotherTemplateIsABadRequest()
    {
        await using var host = await CoderTestHost.StartAsync();
        var organizationId = await host.SignInAsAdminAsync();
        var firstVersion = await host.PushImportedVersionAsync(organizationId);
        var template = await CoderTestHost.ReadJsonAsync(
            await host.Http.PostAsJsonAsync($"/api/v2/organizations/{organizationId}/templates", new { name = "kubernetes", template_version_id = firstVersion }), 201);
        var looseVersion = await host.PushImportedVersionAsync(organizationId);

        using var response = await host.Http.PatchAsJsonAsync($"/api/v2/templates/{template.GetProperty("id").GetGuid()}/versions", new { id = looseVersion });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task PromotingOnAnUnknownTemplateIsNotFound()
    {
        await using var host = await CoderTestHost.StartAsync();
        var organizationId = await host.SignInAsAdminAsync();
        var versionId = await host.PushImportedVersionAsync(organizationId);

        using var response = await host.Http.PatchAsJsonAsync($"/api/v2/templates/{Guid.NewGuid()}/versions", new { id = versionId });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task VersionNamesAreUniqueWithinATemplate()
    {
        await using var host = await CoderTestHost.StartAsync();
        var organizationId = await host.SignInAsAdminAsync();
        var firstVersion = await host.PushImportedVersionAsync(organizationId);
        var template = await CoderTestHost.ReadJsonAsync(
            await host.Http.PostAsJsonAsync($"/api/v2/organizations/{organizationId}/templates", new { name = "kubernetes", template_version_id = firstVersion }), 201);
        var templateId = template.GetProperty("id").GetGuid();
        var fileId = await host.UploadAsync(TemplateArchives.Build(("main.tf", TemplateArchives.KubernetesTemplate)));
        await host.CreateTemplateVersionAsync(organizationId, fileId, templateId, name: "v2");

        using var response = await host.Http.PostAsJsonAsync($"/api/v2/organizations/{organizationId}/templateversions", new
        {
            name = "v2",
            storage_method = "file",
            file_id = fileId,
            provisioner = "terraform",
            template_id = templateId,
        });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task CreatingATemplateFromAVersionStillImportingIsABadRequest()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.Parse("2026-11-23T10:00:00Z"));
        await using var host = await CoderTestHost.StartAsync(new TestSandboxRuntime(new TestStateStore(), timeScale: 1.0) { Time = clock });
        var organizationId = await host.SignInAsAdminAsync();
        var fileId = await host.UploadAsync(TemplateArchives.Build(("main.tf", TemplateArchives.KubernetesTemplate)));
        var versionId = (await host.CreateTemplateVersionAsync(organizationId, fileId)).GetProperty("id").GetGuid();

        using var response = await host.Http.PostAsJsonAsync($"/api/v2/organizations/{organizationId}/templates", new { name = "early", template_version_id = versionId });
        var body = await CoderTestHost.ReadJsonAsync(response, 400);

        Assert.Contains("still being imported", body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task UpdatingTemplateSettingsChangesThemAndAnUnchangedUpdateIsNotModified()
    {
        await using var host = await CoderTestHost.StartAsync();
        var organizationId = await host.SignInAsAdminAsync();
        var versionId = await host.PushImportedVersionAsync(organizationId);
        var template = await CoderTestHost.ReadJsonAsync(
            await host.Http.PostAsJsonAsync($"/api/v2/organizations/{organizationId}/templates", new { name = "kubernetes", template_version_id = versionId }), 201);
        var templateId = template.GetProperty("id").GetGuid();

        using var changed = await host.Http.PatchAsJsonAsync($"/api/v2/templates/{templateId}", new { default_ttl_ms = 7_200_000, activity_bump_ms = 1_800_000 });
        var updated = await CoderTestHost.ReadJsonAsync(changed, 200);
        using var unchanged = await host.Http.PatchAsJsonAsync($"/api/v2/templates/{templateId}", new { default_ttl_ms = 7_200_000 });

        Assert.Equal(7_200_000, updated.GetProperty("default_ttl_ms").GetInt64());
        Assert.Equal(1_800_000, updated.GetProperty("activity_bump_ms").GetInt64());
        Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
    }

    [Fact]
    public async Task UpdatingATemplateWithANegativeTtlFailsValidation()
    {
        await using var host = await CoderTestHost.StartAsync();
        var organizationId = await host.SignInAsAdminAsync();
        var versionId = await host.PushImportedVersionAsync(organizationId);
        var template = await CoderTestHost.ReadJsonAsync(
            await host.Http.PostAsJsonAsync($"/api/v2/organizations/{organizationId}/templates", new { name = "kubernetes", template_version_id = versionId }), 201);

        using var response = await host.Http.PatchAsJsonAsync($"/api/v2/templates/{template.GetProperty("id").GetGuid()}", new { default_ttl_ms = -1 });
        var body = await CoderTestHost.ReadJsonAsync(response, 400);

        Assert.Equal("default_ttl_ms", body.GetProperty("validations")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task OrganizationIsReadableByIdAndListed()
    {
        await using var host = await CoderTestHost.StartAsync();
        var organizationId = await host.SignInAsAdminAsync();

        var organization = await CoderTestHost.ReadJsonAsync(await host.Http.GetAsync($"/api/v2/organizations/{organizationId}"), 200);
        var organizations = await CoderTestHost.ReadJsonAsync(await host.Http.GetAsync("/api/v2/organizations"), 200);

        Assert.Equal("coder", organization.GetProperty("name").GetString());
        Assert.True(organization.GetProperty("is_default").GetBoolean());
        Assert.Equal([organizationId], organizations.EnumerateArray().Select(o => o.GetProperty("id").GetGuid()));
    }
}
