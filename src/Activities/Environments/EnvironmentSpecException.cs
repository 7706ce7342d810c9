namespace CoderBootstrap.Activities.Environments;

/// <summary>
/// An environment file (or the credentials taken from the process environment) is missing,
/// malformed or holds a value that is not allowed. The message is one line naming the file,
/// the field path and what is allowed.
/// </summary>
public class EnvironmentSpecException : Exception
{
    public EnvironmentSpecException(string message)
        : base(message)
    {
    }

    public EnvironmentSpecException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
