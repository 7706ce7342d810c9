using System.Net;
using System.Text;
using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.Activities.Tests.Coder;
using Serilog;

namespace CoderBootstrap.Activities.Tests.Clients;

public sealed class TransientHttpRetryHandlerTests
{
    private static readonly TransientRetrySettings FastRetries = new() { MaxRetryAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromSeconds(2) };

    private readonly CapturingLogSink _logs = new();

    [Fact]
    public async Task A429WithRetryAfterIsRetriedAfterTheDelayTheServerAskedFor()
    {
        var server = new Answers(Answer(HttpStatusCode.TooManyRequests, r => r.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromMilliseconds(600))), Answer(HttpStatusCode.OK));
        using var http = Client(server);
        var started = DateTime.UtcNow;

        using var response = await http.GetAsync("http://cluster.test/api/v1/nodes");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, server.Bodies.Count);
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public async Task A503ThatLastsIsAnsweredAfterTheLastRetry()
    {
        var server = new Answers(Enumerable.Range(0, 5).Select(_ => Answer(HttpStatusCode.ServiceUnavailable)).ToArray());
        using var http = Client(server);

        using var response = await http.GetAsync("http://coder.test/api/v2/buildinfo");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(FastRetries.MaxRetryAttempts + 1, server.Bodies.Count);
    }

    [Fact]
    public async Task A500IsNotRetriedInTheCall()
    {
        var server = new Answers(Answer(HttpStatusCode.InternalServerError), Answer(HttpStatusCode.OK));
        using var http = Client(server);

        using var response = await http.GetAsync("http://coder.test/api/v2/users/me");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Single(server.Bodies);
    }

    [Fact]
    public async Task ARetriedPostSendsTheSameBodyAgain()
    {
        var server = new Answers(Answer(HttpStatusCode.ServiceUnavailable), Answer(HttpStatusCode.Created));
        using var http = Client(server);

        using var response = await http.PostAsync("http://coder.test/api/v2/files", new StringContent("tar-bytes", Encoding.UTF8));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(["tar-bytes", "tar-bytes"], server.Bodies);
    }

    [Fact]
    public async Task EachRetryIsLoggedAtWarningWithMethodPathAndStatusButNotTheQuery()
    {
        var server = new Answers(Answer(HttpStatusCode.TooManyRequests), Answer(HttpStatusCode.OK));
        using var http = Client(server);

        using var response = await http.GetAsync("http://s3.test/bucket/key?X-Amz-Signature=secret-signature");

        var line = Assert.Single(_logs.Lines, l => l.Contains("retry 1 of 3", StringComparison.Ordinal));
        Assert.Contains("S3 GET /bucket/key failed (429", line);
        Assert.DoesNotContain("secret-signature", line);
    }

    private HttpClient Client(Answers server) =>
        new(new TransientHttpRetryHandler("S3", new LoggerConfiguration().WriteTo.Sink(_logs).CreateLogger(), FastRetries) { InnerHandler = server });

    private static Func<HttpResponseMessage> Answer(HttpStatusCode status, Action<HttpResponseMessage>? configure = null) => () =>
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent("{}") };
        configure?.Invoke(response);
        return response;
    };

    /// <summary>Answers each request with the next scripted response and records the bodies it received.</summary>
    private sealed class Answers : HttpMessageHandler
    {
        private readonly Queue<Func<HttpResponseMessage>> _answers;

        public Answers(params Func<HttpResponseMessage>[] answers) => _answers = new(answers);

        public List<string> Bodies { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Bodies.Add(request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken));
            return _answers.Dequeue()();
        }
    }
}
