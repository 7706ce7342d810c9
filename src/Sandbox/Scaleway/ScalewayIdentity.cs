namespace CoderBootstrap.Sandbox.Scaleway;

/// <summary>The sandbox account: API key pair and the default project/organization.</summary>
public sealed record ScalewayIdentity(string AccessKey, string SecretKey, string ProjectId, string OrganizationId)
{
    public static ScalewayIdentity Generate()
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        var suffix = new string(System.Security.Cryptography.RandomNumberGenerator.GetItems<char>(alphabet, 17));
        var organization = Guid.NewGuid().ToString();
        return new ScalewayIdentity("SCW" + suffix, Guid.NewGuid().ToString(), organization, organization);
    }
}
