namespace CoderBootstrap.Activities.State;

/// <summary>A state document could not be written or read (including an attempt to store a secret).</summary>
public sealed class StateStoreException : Exception
{
    public StateStoreException(string message)
        : base(message)
    {
    }

    public StateStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
