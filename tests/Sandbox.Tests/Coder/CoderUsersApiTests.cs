using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace CoderBootstrap.Sandbox.Tests.Coder;

public sealed class CoderUsersApiTests
{
    [Fact]
    public async Task BuildInfoReportsTheVersionFromTheEnvironmentAndTheAccessUrl()
    {
        var environment = CoderTestHost.DefaultEnvironment();
        environment["CODER_VERSION"] = "v2.99.0";
        await using var host = await CoderTestHost.StartAsync(environment: environment);

        using var response = await host.Http.GetAsync("/api/v2/buildinfo");
        var body = await CoderTestHost.ReadJsonAsync(response, 200);

        Assert.Equal("v2.99.0", body.GetProperty("version").GetString());
        Assert.Equal(CoderTestHost.AccessUrl, body.GetProperty("external_url").GetString());
        Assert.Equal(CoderTestHost.AccessUrl, body.GetProperty("dashboard_url").GetString());
        Assert.True(Guid.TryParse(body.GetProperty("deployment_id").GetString(), out _));
    }

    [Fact]
    public async Task BuildInfoFallsBackToADefaultVersion()
    {
        await using var host = await CoderTestHost.StartAsync();

        using var response = await host.Http.GetAsync("/api/v2/buildinfo");
        var body = await CoderTestHost.ReadJsonAsync(response, 200);

        Assert.StartsWith("v2.", body.GetProperty("version").GetString());
    }

    [Fact]
    public async Task FirstUserIsNotFoundBeforeItIsCreatedAndFoundAfter()
    {
        await using var host = await CoderTestHost.StartAsync();

        using var before = await host.Http.GetAsync("/api/v2/users/first");
        await host.CreateFirstUserAsync();
        using var after = await host.Http.GetAsync("/api/v2/users/first");

        Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task CreatingTheFirstUserTwiceIsAConflict()
    {
        await using var host = await CoderTestHost.StartAsync();
        await host.CreateFirstUserAsync();

        using var response = await host.Http.PostAsJsonAsync("/api/v2/users/first", new { email = "other@example.test", username = "other", password = CoderTestHost.AdminPassword });
        var body = await CoderTestHost.ReadJsonAsync(response, 409);

        Assert.Equal("The initial user has already been created.", body.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("not-an-email", "admin", "email")]
    [InlineData("", "admin", "email")]
    [InlineData("admin@example.test", "bad_name!", "username")]
    [InlineData("admin@example.test", "-leading", "username")]
    [InlineData("admin@example.test", "a-name-that-is-far-too-long-for-coder", "username")]
    public async Task FirstUserWithAnInvalidFieldIsRejectedWithAValidationError(string email, string username, string field)
    {
        await using var host = await CoderTestHost.StartAsync();

        using var response = await host.Http.PostAsJsonAsync("/api/v2/users/first", new { email, username, password = CoderTestHost.AdminPassword });
        var body = await CoderTestHost.ReadJsonAsync(response, 400);

        Assert.Equal("Validation failed.", body.GetProperty("message").GetString());
        Assert.Contains(body.GetProperty("validations").EnumerateArray(), v => v.GetProperty("field").GetString() == field);
    }

    [Theory]
    [InlineData("password")]
    [InlineData("aaaaaaaaaaaaaaaa")]
    [InlineData("12345678")]
    public async Task FirstUserWithAWeakPasswordIsRejected(string password)
    {
        await using var host = await CoderTestHost.StartAsync();

        using var response = await host.Http.PostAsJsonAsync("/api/v2/users/first", new { email = "admin@example.test", username = "admin", password });
        var body = await CoderTestHost.ReadJsonAsync(response, 400);

        Assert.Equal("Password not strong enough!", body.GetProperty("message").GetString());
        Assert.Equal("password", body.GetProperty("validations")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task MalformedJsonIsRejectedWithACoderError()
    {
        await using var host = await CoderTestHost.StartAsync();

        using var response = await host.Http.PostAsync("/api/v2/users/first", new StringContent("{not json", Encoding.UTF8, "application/json"));
        var body = await CoderTestHost.ReadJsonAsync(response, 400);

        Assert.Equal("Request body must be valid JSON.", body.GetProperty("message").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task LoginWithTheWrongPasswordIsUnauthorized()
    {
        await using var host = await CoderTestHost.StartAsync();
        await host.CreateFirstUserAsync();

        using var response = await host.Http.PostAsJsonAsync("/api/v2/users/login", new { email = CoderTestHost.AdminEmail, password = "Wrong-Password-123456" });
        var body = await CoderTestHost.ReadJsonAsync(response, 401);

        Assert.Equal("Incorrect email or password.", body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task LoginOfAnUnknownUserIsUnauthorized()
    {
        await using var host = await CoderTestHost.StartAsync();

        using var response = await host.Http.PostAsJsonAsync("/api/v2/users/login", new { email = "nobody@example.test", password = CoderTestHost.AdminPassword });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task MeReturnsTheSignedInUserWithItsOrganization()
    {
        await using var host = await CoderTestHost.StartAsync();
        var (userId, organizationId) = await host.CreateFirstUserAsync();
        host.UseSessionToken(await host.LoginAsync());

        using var response = await host.Http.GetAsync("/api/v2/users/me");
        var me = await CoderTestHost.ReadJsonAsync(response, 200);

        Assert.Equal(userId, me.GetProperty("id").GetGuid());
        Assert.Equal("admin", me.GetProperty("username").GetString());
        Assert.Equal(CoderTestHost.AdminEmail, me.GetProperty("email").GetString());
        Assert.Equal(organizationId, me.GetProperty("organization_ids")[0].GetGuid());
        Assert.Equal("owner", me.GetProperty("roles")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task MeWithoutASessionTokenIsUnauthorizedWithMessageAndDetail()
    {
        await using var host = await CoderTestHost.StartAsync();

        using var response = await host.Http.GetAsync("/api/v2/users/me");
        var body = await CoderTestHost.ReadJsonAsync(response, 401);

        Assert.False(string.IsNullOrEmpty(body.GetProperty("message").GetString()));
        Assert.False(string.IsNullOrEmpty(body.GetProperty("detail").GetString()));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("abcdefghij-0123456789012345678901")]
    public async Task MeWithAnInvalidSessionTokenIsUnauthorized(string token)
    {
        await using var host = await CoderTestHost.StartAsync();
        await host.CreateFirstUserAsync();
        host.UseSessionToken(token);

        using var response = await host.Http.GetAsync("/api/v2/users/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task SessionTokensExpireAfterADay()
    {
        var clock = new Support.ManualTimeProvider(DateTimeOffset.Parse("2026-11-23T10:00:00Z"));
        await using var host = await CoderTestHost.StartAsync(new Support.TestSandboxRuntime { Time = clock });
        await host.SignInAsAdminAsync();

        clock.Advance(TimeSpan.FromHours(25));
        using var response = await host.Http.GetAsync("/api/v2/users/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task HealthReportRequiresASession()
    {
        await using var host = await CoderTestHost.StartAsync();

        using var response = await host.Http.GetAsync("/api/v2/debug/health");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task HealthReportIsHealthyWithEverySection()
    {
        await using var host = await CoderTestHost.StartAsync();
        await host.SignInAsAdminAsync();

        using var response = await host.Http.GetAsync("/api/v2/debug/health");
        var report = await CoderTestHost.ReadJsonAsync(response, 200);

        Assert.True(report.GetProperty("healthy").GetBoolean());
        Assert.Equal("ok", report.GetProperty("severity").GetString());
        foreach (var section in new[] { "database", "access_url", "derp", "websocket", "provisioner_daemons" })
        {
            Assert.Equal("ok", report.GetProperty(section).GetProperty("severity").GetString());
        }

        Assert.Equal(CoderTestHost.AccessUrl, report.GetProperty("access_url").GetProperty("access_url").GetString());
    }

    [Fact]
    public async Task HealthReportIsAnErrorWithoutAnAccessUrl()
    {
        var environment = CoderTestHost.DefaultEnvironment();
        environment.Remove("CODER_ACCESS_URL");
        await using var host = await CoderTestHost.StartAsync(environment: environment);
        await host.SignInAsAdminAsync();

        using var response = await host.Http.GetAsync("/api/v2/debug/health");
        var report = await CoderTestHost.ReadJsonAsync(response, 200);

        Assert.False(report.GetProperty("healthy").GetBoolean());
        Assert.Equal("error", report.GetProperty("severity").GetString());
        Assert.False(report.GetProperty("access_url").GetProperty("healthy").GetBoolean());
    }

    [Fact]
    public async Task UnknownRoutesAnswerRouteNotFound()
    {
        await using var host = await CoderTestHost.StartAsync();

        using var response = await host.Http.GetAsync("/api/v2/nothing-here");
        var body = await CoderTestHost.ReadJsonAsync(response, 404);

        Assert.Equal("Route not found.", body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task WrongMethodOnAKnownRouteIsMethodNotAllowed()
    {
        await using var host = await CoderTestHost.StartAsync();

        using var response = await host.Http.DeleteAsync("/api/v2/users/first");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task LoginWithoutAPasswordFailsValidation()
    {
        await using var host = await CoderTestHost.StartAsync();
        await host.CreateFirstUserAsync();

        using var response = await host.Http.PostAsJsonAsync("/api/v2/users/login", new { email = CoderTestHost.AdminEmail });
        var body = await CoderTestHost.ReadJsonAsync(response, 400);

        Assert.Equal("password", body.GetProperty("validations")[0].GetProperty("field").GetString());
    }
}
