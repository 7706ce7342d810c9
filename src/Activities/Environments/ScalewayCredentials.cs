namespace CoderBootstrap.Activities.Environments;

/// <summary>
/// Scaleway credentials and defaults taken from the process environment (never from files in the
/// repository). <see cref="ToString"/> never prints the secret key, and JSON serialization (for
/// example into a workflow payload) leaves it out: activities read credentials themselves.
/// </summary>
public sealed record ScalewayCredentials(
    string AccessKey,
    [property: System.Text.Json.Serialization.JsonIgnore] string SecretKey,
    string ProjectId,
    string? OrganizationId,
    string Region,
    string Zone,
    Uri ApiUrl,
    Uri ObjectStorageUrl)
{
    public const string AccessKeyVariable = "SCW_ACCESS_KEY";
    public const string SecretKeyVariable = "SCW_SECRET_KEY";
    public const string ProjectIdVariable = "SCW_DEFAULT_PROJECT_ID";
    public const string OrganizationIdVariable = "SCW_DEFAULT_ORGANIZATION_ID";
    public const string RegionVariable = "SCW_DEFAULT_REGION";
    public const string ZoneVariable = "SCW_DEFAULT_ZONE";
    public const string ApiUrlVariable = "SCW_API_URL";
    public const string ObjectStorageUrlVariable = "SCW_S3_URL";

    public const string DefaultRegion = "fr-par";
    public static readonly Uri DefaultApiUrl = new("https://api.scaleway.com");

    public static ScalewayCredentials FromProcessEnvironment() => FromEnvironment(Environment.GetEnvironmentVariable);

    public static ScalewayCredentials FromEnvironment(IReadOnlyDictionary<string, string?> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        return FromEnvironment(name => variables.TryGetValue(name, out var value) ? value : null);
    }

    /// <summary>
    /// Reads the SCW_* variables. Access key, secret key and project id are required; region
    /// defaults to fr-par and zone to &lt;region&gt;-1; SCW_API_URL and SCW_S3_URL override the
    /// endpoints (used to point at the local sandbox). Throws one error naming every missing variable.
    /// </summary>
    public static ScalewayCredentials FromEnvironment(Func<string, string?> readVariable)
    {
        ArgumentNullException.ThrowIfNull(readVariable);
        string? Read(string name)
        {
            var value = readVariable(name);
            return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        }

        var accessKey = Read(AccessKeyVariable);
        var secretKey = Read(SecretKeyVariable);
        var projectId = Read(ProjectIdVariable);
        var missing = new List<string>();
        if (accessKey is null) missing.Add(AccessKeyVariable);
        if (secretKey is null) missing.Add(SecretKeyVariable);
        if (projectId is null) missing.Add(ProjectIdVariable);
        if (missing.Count > 0)
        {
            throw new EnvironmentSpecException(
                $"missing Scaleway credentials: environment variable{(missing.Count > 1 ? "s" : string.Empty)} {string.Join(", ", missing)} not set; " +
                $"required: {AccessKeyVariable}, {SecretKeyVariable}, {ProjectIdVariable}; optional: {OrganizationIdVariable}, {RegionVariable} (default {DefaultRegion}), {ZoneVariable} (default <region>-1), {ApiUrlVariable}, {ObjectStorageUrlVariable}");
        }

        var region = Read(RegionVariable) ?? DefaultRegion;
        if (!System.Text.RegularExpressions.Regex.IsMatch(region, "^[a-z]{2}-[a-z]{3}$"))
        {
            throw new EnvironmentSpecException($"{RegionVariable}: bad value '{region}'; allowed: a Scaleway region like fr-par, nl-ams, pl-waw");
        }
        var zone = Read(ZoneVariable) ?? region + "-1";
        if (!System.Text.RegularExpressions.Regex.IsMatch(zone, "^" + region + "-[1-9]$"))
        {
            throw new EnvironmentSpecException($"{ZoneVariable}: bad value '{zone}'; allowed: a zone of region {region} ({region}-1, {region}-2, ...)");
        }

        return new ScalewayCredentials(
            accessKey!,
            secretKey!,
            projectId!,
            Read(OrganizationIdVariable),
            region,
            zone,
            ReadUrl(Read(ApiUrlVariable), ApiUrlVariable) ?? DefaultApiUrl,
            ReadUrl(Read(ObjectStorageUrlVariable), ObjectStorageUrlVariable) ?? new Uri($"https://s3.{region}.scw.cloud"));
    }

    private static Uri? ReadUrl(string? text, string variable)
    {
        if (text is null)
        {
            return null;
        }
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new EnvironmentSpecException($"{variable}: bad value '{text}'; allowed: an absolute http:// or https:// URL");
        }
        return uri;
    }

    public override string ToString() =>
        $"ScalewayCredentials {{ AccessKey = {AccessKey}, SecretKey = (hidden), ProjectId = {ProjectId}, OrganizationId = {OrganizationId ?? "(none)"}, Region = {Region}, Zone = {Zone}, ApiUrl = {ApiUrl}, ObjectStorageUrl = {ObjectStorageUrl} }}";
}
