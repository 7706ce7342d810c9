using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using CoderBootstrap.Sandbox.Coder;
using CoderBootstrap.Sandbox.Core;
using CoderBootstrap.Sandbox.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace CoderBootstrap.Sandbox.Tests.Coder;

public sealed class CoderHostingTests
{
    [Fact]
    public async Task ServerAnswers503UntilTheBackendIsAvailable()
    {
        await using var host = await CoderTestHost.StartAsync(available: false);

        using var before = await host.Http.GetAsync("/healthz");
        host.Hosting.SetBackendAvailable(CoderTestHost.ClusterId, true, CoderTestHost.DefaultEnvironment());
        using var after = await host.Http.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal("OK", await after.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ServerAnswers503AgainWhenTheBackendGoesAway()
    {
        await using var host = await CoderTestHost.StartAsync();

        host.Hosting.SetBackendAvailable(CoderTestHost.ClusterId, false, CoderTestHost.DefaultEnvironment());
        using var response = await host.Http.GetAsync("/api/v2/buildinfo");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task EnsureServerReturnsOnePortPerCluster()
    {
        await using var hosting = new CoderHosting(new TestSandboxRuntime(), NullLoggerFactory.Instance);

        var first = await hosting.EnsureServerAsync("cluster-a", CancellationToken.None);
        var again = await hosting.EnsureServerAsync("cluster-a", CancellationToken.None);
        var other = await hosting.EnsureServerAsync("cluster-b", CancellationToken.None);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public async Task ClustersKeepSeparateUsers()
    {
        var runtime = new TestSandboxRuntime();
        await using var hosting = new CoderHosting(runtime, NullLoggerFactory.Instance);
        var portA = await hosting.EnsureServerAsync("cluster-a", CancellationToken.None);
        var portB = await hosting.EnsureServerAsync("cluster-b", CancellationToken.None);
        hosting.SetBackendAvailable("cluster-a", true, CoderTestHost.DefaultEnvironment());
        hosting.SetBackendAvailable("cluster-b", true, CoderTestHost.DefaultEnvironment());
        using var http = new HttpClient();

        using var created = await http.PostAsJsonAsync($"http://127.0.0.1:{portA}/api/v2/users/first", new { email = "a@example.test", username = "a", password = CoderTestHost.AdminPassword });
        using var firstUserOfB = await http.GetAsync($"http://127.0.0.1:{portB}/api/v2/users/first");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, firstUserOfB.StatusCode);
    }

    [Fact]
    public async Task StoppedServerNoLongerAcceptsConnections()
    {
        await using var host = await CoderTestHost.StartAsync();

        await host.Hosting.StopServerAsync(CoderTestHost.ClusterId);

        await Assert.ThrowsAsync<HttpRequestException>(() => host.Http.GetAsync("/healthz"));
    }

    [Fact]
    public async Task InjectedFaultsFailTemplateVersionCreationThatManyTimesWithACoderErrorBody()
    {
        await using var host = await CoderTestHost.StartAsync();
        var organizationId = await host.SignInAsAdminAsync();
        var fileId = await host.UploadAsync(TemplateArchives.Build(("main.tf", TemplateArchives.KubernetesTemplate)));
        host.Runtime.ArmFault("coder.templateversions.create", new SandboxFault(500, "database_error", "Internal error creating template version."), times: 2);
        var request = new { storage_method = "file", file_id = fileId, provisioner = "terraform" };

        using var first = await host.Http.PostAsJsonAsync($"/api/v2/organizations/{organizationId}/templateversions", request);
        using var second = await host.Http.PostAsJsonAsync($"/api/v2/organizations/{organizationId}/templateversions", request);
        using var third = await host.Http.PostAsJsonAsync($"/api/v2/organizations/{organizationId}/templateversions", request);

        var error = await CoderTestHost.ReadJsonAsync(first, 500);
        Assert.Equal("Internal error creating template version.", error.GetProperty("message").GetString());
        Assert.Equal("database_error", error.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.InternalServerError, second.StatusCode);
        Assert.Equal(HttpStatusCode.Created, third.StatusCode);
    }

    [Fact]
    public async Task InjectedImportFaultMakesTheImportJobFail()
    {
        await using var host = await CoderTestHost.StartAsync();
        var organizationId = await host.SignInAsAdminAsync();
        var fileId = await host.UploadAsync(TemplateArchives.Build(("main.tf", TemplateArchives.KubernetesTemplate)));
        host.Runtime.ArmFault("coder.templateversions.import", new SandboxFault(500, null, "terraform init: registry.terraform.io unreachable"), times: 1);

        var version = await host.CreateTemplateVersionAsync(organizationId, fileId);
        var imported = await host.WaitForImportAsync(version.GetProperty("id").GetGuid());

        Assert.Equal("failed", imported.GetProperty("job").GetProperty("status").GetString());
        Assert.Equal("terraform init: registry.terraform.io unreachable", imported.GetProperty("job").GetProperty("error").GetString());
    }

    [Fact]
    public async Task OperationsAreReportedToTheRuntimeWithTheirMutationFlag()
    {
        await using var host = await CoderTestHost.StartAsync();

        await host.SignInAsAdminAsync();
        using var me = await host.Http.GetAsync("/api/v2/users/me");

        Assert.Equal(
            [("coder.users.first.create", true), ("coder.users.login", true), ("coder.users.me.get", false)],
            host.Runtime.Calls);
    }

    [Fact]
    public async Task UsersSessionsFilesAndTemplatesSurviveARestart()
    {
        using var stateDirectory = new TemporaryDirectory();
        string sessionToken;
        Guid organizationId;
        Guid fileId;
        await using (var first = await CoderTestHost.StartAsync(new TestSandboxRuntime(new TestStateStore(stateDirectory.Path))))
        {
            organizationId = await first.SignInAsAdminAsync();
            sessionToken = first.Http.DefaultRequestHeaders.GetValues("Coder-Session-Token").Single();
            fileId = await first.UploadAsync(TemplateArchives.Build(("main.tf", TemplateArchives.KubernetesTemplate)));
            var versionId = (await first.CreateTemplateVersionAsync(organizationId, fileId)).GetProperty("id").GetGuid();
            await first.WaitForImportAsync(versionId);
            using var created = await first.Http.PostAsJsonAsync($"/api/v2/organizations/{organizationId}/templates", new { name = "kubernetes", template_version_id = versionId });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        await using var second = await CoderTestHost.StartAsync(new TestSandboxRuntime(new TestStateStore(stateDirectory.Path)));
        second.UseSessionToken(sessionToken);
        using var me = await second.Http.GetAsync("/api/v2/users/me");
        using var template = await second.Http.GetAsync($"/api/v2/organizations/{organizationId}/templates/kubernetes");
        using var file = await second.Http.GetAsync($"/api/v2/files/{fileId}");
        var newToken = await second.LoginAsync();

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal(HttpStatusCode.OK, template.StatusCode);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.NotEmpty(newToken);
    }

    [Fact]
    public async Task RestartedServerReusesItsPreviousPortWhenFree()
    {
        using var stateDirectory = new TemporaryDirectory();
        int firstPort;
        await using (var first = await CoderTestHost.StartAsync(new TestSandboxRuntime(new TestStateStore(stateDirectory.Path))))
        {
            firstPort = first.Port;
        }

        await using var second = await CoderTestHost.StartAsync(new TestSandboxRuntime(new TestStateStore(stateDirectory.Path)));

        Assert.Equal(firstPort, second.Port);
    }

    [Fact]
    public async Task RestartedServerTakesAnotherPortWhenItsPreviousOneIsTaken()
    {
        using var stateDirectory = new TemporaryDirectory();
        int firstPort;
        await using (var first = await CoderTestHost.StartAsync(new TestSandboxRuntime(new TestStateStore(stateDirectory.Path))))
        {
            firstPort = first.Port;
        }

        using var squatter = new TcpListener(IPAddress.Loopback, firstPort);
        squatter.Start();
        await using var second = await CoderTestHost.StartAsync(new TestSandboxRuntime(new TestStateStore(stateDirectory.Path)));
        using var health = await second.Http.GetAsync("/healthz");

        Assert.NotEqual(firstPort, second.Port);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task PersistedStateHoldsOnlyAHashOfThePassword()
    {
        var store = new TestStateStore();
        await using var host = await CoderTestHost.StartAsync(new TestSandboxRuntime(store));

        await host.CreateFirstUserAsync();

        var persisted = store.ReadRaw("coder.cluster." + CoderTestHost.ClusterId);
        Assert.DoesNotContain(CoderTestHost.AdminPassword, persisted);
        Assert.Contains("$pbkdf2-sha256$", persisted);
    }
}
