namespace CoderBootstrap.Activities.Environments;

/// <summary>No file for the environment asked for: a different failure from a file that is there but invalid.</summary>
public sealed class UnknownEnvironmentException : EnvironmentSpecException
{
    public UnknownEnvironmentException(string message)
        : base(message)
    {
    }
}
