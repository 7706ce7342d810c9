namespace CoderBootstrap.Sandbox.Coder;

/// <summary>A Coder API error, answered as Coder's <c>{message, detail, validations}</c> body.</summary>
internal sealed class CoderApiException(int statusCode, string message, string? detail = null) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public string? Detail { get; } = detail;

    public IReadOnlyList<CoderValidationError> Validations { get; init; } = [];

    public static CoderApiException ResourceNotFound() =>
        new(404, "Resource not found or you do not have access to this resource");

    public static CoderApiException ValidationFailed(params CoderValidationError[] validations) =>
        new(400, "Validation failed.") { Validations = validations };
}

internal sealed record CoderValidationError(string Field, string Detail);
