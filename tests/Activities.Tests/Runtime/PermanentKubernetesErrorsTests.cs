using System.Net;
using CoderBootstrap.Activities.Runtime;
using k8s.Autorest;

namespace CoderBootstrap.Activities.Tests.Runtime;

public sealed class PermanentKubernetesErrorsTests
{
    private const string Body = """{"kind":"Status","status":"Failure","message":"secrets \"coder-db-url\" is forbidden: cannot patch","details":{"echo":"cG9zdGdyZXM6Ly9zZWNyZXQ="}}""";

    private static HttpOperationException Answer(HttpStatusCode status, string body) => new("Operation returned an invalid status code")
    {
        Response = new HttpResponseMessageWrapper(new HttpResponseMessage(status), body),
    };

    [Fact]
    public void AForbiddenAnswerFailsForGoodKeepingTheOriginalExceptionAsItsCause()
    {
        var original = Answer(HttpStatusCode.Forbidden, Body);

        var failure = PermanentKubernetesErrorsInterceptor.Map(original)!;

        Assert.True(failure.NonRetryable);
        Assert.Equal(ErrorTypes.PermissionDenied, failure.ErrorType);
        Assert.Same(original, failure.InnerException);
    }

    [Fact]
    public void OnlyTheStatusMessageOfTheAnswerReachesTheFailureNeverItsRawBody()
    {
        var failure = PermanentKubernetesErrorsInterceptor.Map(Answer(HttpStatusCode.UnprocessableEntity, Body))!;

        Assert.Equal("the Kubernetes API rejected an object as invalid: secrets \"coder-db-url\" is forbidden: cannot patch", failure.Message);
        Assert.DoesNotContain("cG9zdGdyZXM6Ly9zZWNyZXQ=", failure.Message);
        Assert.DoesNotContain("cG9zdGdyZXM6Ly9zZWNyZXQ=", failure.InnerException!.Message);
    }

    [Fact]
    public void AnAnswerThatIsNotAStatusIsNamedByItsCodeAlone()
    {
        var failure = PermanentKubernetesErrorsInterceptor.Map(Answer(HttpStatusCode.Unauthorized, "<html>token expired for user admin</html>"))!;

        Assert.Equal("the Kubernetes API refused the credentials: HTTP 401", failure.Message);
    }

    [Fact]
    public void ATransientAnswerIsLeftForTemporalToRetry() =>
        Assert.Null(PermanentKubernetesErrorsInterceptor.Map(Answer(HttpStatusCode.ServiceUnavailable, Body)));
}
