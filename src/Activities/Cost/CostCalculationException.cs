namespace CoderBootstrap.Activities.Cost;

/// <summary>The price catalog is malformed or lacks a price an environment needs.</summary>
public sealed class CostCalculationException : Exception
{
    public CostCalculationException(string message)
        : base(message)
    {
    }

    public CostCalculationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
