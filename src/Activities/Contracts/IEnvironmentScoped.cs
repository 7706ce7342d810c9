namespace CoderBootstrap.Activities.Contracts;

/// <summary>An activity input that belongs to one environment: the worker's log context takes the name from it.</summary>
public interface IEnvironmentScoped
{
    string Environment { get; }
}
