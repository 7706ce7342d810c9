namespace CoderBootstrap.Activities.Environments;

/// <summary>
/// Where a secret value comes from at run time (an environment variable of the process that
/// deploys), so that environment files never hold the value itself.
/// </summary>
public sealed record SecretReference(string EnvironmentVariable)
{
    /// <summary>Reads the referenced value; throws naming the variable (never a value) when it is not set.</summary>
    public string Resolve(Func<string, string?> readVariable)
    {
        ArgumentNullException.ThrowIfNull(readVariable);
        var value = readVariable(EnvironmentVariable);
        if (string.IsNullOrEmpty(value))
        {
            throw new EnvironmentSpecException($"environment variable {EnvironmentVariable} is not set; it must hold the secret this environment refers to");
        }
        return value;
    }

    public override string ToString() => $"env:{EnvironmentVariable}";
}
