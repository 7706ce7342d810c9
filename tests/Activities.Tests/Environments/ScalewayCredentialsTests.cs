using CoderBootstrap.Activities.Environments;

namespace CoderBootstrap.Activities.Tests.Environments;

public sealed class ScalewayCredentialsTests
{
    private static Dictionary<string, string?> Complete() => new()
    {
        ["SCW_ACCESS_KEY"] = "SCWABCDEFGHIJKLMNOPQ",
        ["SCW_SECRET_KEY"] = "11111111-2222-3333-4444-555555555555",
        ["SCW_DEFAULT_PROJECT_ID"] = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
        ["SCW_DEFAULT_ORGANIZATION_ID"] = "ffffffff-bbbb-cccc-dddd-eeeeeeeeeeee",
        ["SCW_DEFAULT_REGION"] = "nl-ams",
        ["SCW_DEFAULT_ZONE"] = "nl-ams-2",
    };

    [Fact]
    public void ReadsEveryVariable()
    {
        var credentials = ScalewayCredentials.FromEnvironment(Complete());
        Assert.Equal("SCWABCDEFGHIJKLMNOPQ", credentials.AccessKey);
        Assert.Equal("11111111-2222-3333-4444-555555555555", credentials.SecretKey);
        Assert.Equal("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", credentials.ProjectId);
        Assert.Equal("ffffffff-bbbb-cccc-dddd-eeeeeeeeeeee", credentials.OrganizationId);
        Assert.Equal("nl-ams", credentials.Region);
        Assert.Equal("nl-ams-2", credentials.Zone);
        Assert.Equal(new Uri("https://api.scaleway.com"), credentials.ApiUrl);
        Assert.Equal(new Uri("https://s3.nl-ams.scw.cloud"), credentials.ObjectStorageUrl);
    }

    [Fact]
    public void RegionAndZoneDefaultToParis()
    {
        var variables = Complete();
        variables.Remove("SCW_DEFAULT_REGION");
        variables.Remove("SCW_DEFAULT_ZONE");
        var credentials = ScalewayCredentials.FromEnvironment(variables);
        Assert.Equal("fr-par", credentials.Region);
        Assert.Equal("fr-par-1", credentials.Zone);
    }

    [Fact]
    public void SandboxUrlsOverrideTheEndpoints()
    {
        var variables = Complete();
        variables["SCW_API_URL"] = "http://127.0.0.1:5081";
        variables["SCW_S3_URL"] = "http://127.0.0.1:5082";
        var credentials = ScalewayCredentials.FromEnvironment(name => variables.GetValueOrDefault(name));
        Assert.Equal(new Uri("http://127.0.0.1:5081"), credentials.ApiUrl);
        Assert.Equal(new Uri("http://127.0.0.1:5082"), credentials.ObjectStorageUrl);
    }

    [Fact]
    public void ErrorNamesEveryMissingVariable()
    {
        var variables = Complete();
        variables.Remove("SCW_SECRET_KEY");
        variables["SCW_DEFAULT_PROJECT_ID"] = "  ";
        var error = Assert.Throws<EnvironmentSpecException>(() => ScalewayCredentials.FromEnvironment(variables));
        Assert.StartsWith("missing Scaleway credentials: environment variables SCW_SECRET_KEY, SCW_DEFAULT_PROJECT_ID not set", error.Message);
        Assert.DoesNotContain("SCW_ACCESS_KEY not set", error.Message);
    }

    [Fact]
    public void ZoneOutsideTheRegionIsRejected()
    {
        var variables = Complete();
        variables["SCW_DEFAULT_ZONE"] = "fr-par-1";
        var error = Assert.Throws<EnvironmentSpecException>(() => ScalewayCredentials.FromEnvironment(variables));
        Assert.StartsWith("SCW_DEFAULT_ZONE: bad value 'fr-par-1'", error.Message);
    }

    [Fact]
    public void ToStringNeverPrintsTheSecretKey()
    {
        var credentials = ScalewayCredentials.FromEnvironment(Complete());
        var text = credentials.ToString();
        Assert.DoesNotContain("11111111-2222-3333-4444-555555555555", text);
        Assert.Contains("SCWABCDEFGHIJKLMNOPQ", text);
        Assert.DoesNotContain("11111111-2222-3333-4444-555555555555", $"{credentials}");
    }

    [Fact]
    public void JsonSerializationLeavesTheSecretKeyOut()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(ScalewayCredentials.FromEnvironment(Complete()));
        Assert.DoesNotContain("11111111-2222-3333-4444-555555555555", json);
        Assert.Contains("SCWABCDEFGHIJKLMNOPQ", json);
    }
}
