using CoderBootstrap.DevServer.Http;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Temporalio.Api.Dependencies.Google.Api;

namespace CoderBootstrap.DevServer.Tests.WebUi;

/// <summary>The route table against the descriptors' google.api.http rules, rule by rule.</summary>
public sealed class HttpRouteTableTests
{
    private static readonly HttpRouteTable Table = HttpRouteTable.FromDescriptors(HttpRouteTable.TemporalServices);

    public static TheoryData<string> ApiRules()
    {
        var data = new TheoryData<string>();
        foreach (var (verb, path, method) in AllRules().Where(r => r.Path.StartsWith(HttpRouteTable.ApiPrefix, StringComparison.Ordinal)))
        {
            data.Add($"{verb} {path} {method.Service.Name}.{method.Name}");
        }
        return data;
    }

    [Fact]
    public void EveryRuleOfTheDescriptorsIsEitherRoutedOrListedAsUnsupportedWithAReason()
    {
        var rules = AllRules().Select(r => $"{r.Verb} {r.Path} {r.Method.FullName}").Order().ToList();
        var accounted = Table.Routes.Select(r => $"{r.Verb} {r.Path.Text} {r.Method.FullName}")
            .Concat(Table.Unsupported.Select(u => $"{u.Verb} {u.Path} {u.Method.FullName}"))
            .Order().ToList();

        Assert.Equal(rules, accounted);
        Assert.All(Table.Unsupported, u => Assert.False(string.IsNullOrWhiteSpace(u.Reason)));
    }

    [Fact]
    public void NoRuleUnderApiV1IsUnsupported() =>
        Assert.DoesNotContain(Table.Unsupported, u => u.Path.StartsWith(HttpRouteTable.ApiPrefix, StringComparison.Ordinal));

    [Theory]
    [MemberData(nameof(ApiRules))]
    public void EachApiRuleMatchesItsOwnPathAndBindsEveryPathVariableIntoTheRequest(string rule)
    {
        var (verb, path, method) = AllRules().Single(r => $"{r.Verb} {r.Path} {r.Method.Service.Name}.{r.Method.Name}" == rule);
        var template = PathTemplate.Parse(path);
        var values = template.VariableFields.Select((field, i) => (field, value: $"v{i}/x y")).ToList();
        var concrete = values.Aggregate(path, (p, v) => p.Replace("{" + v.field + "}", Uri.EscapeDataString(v.value), StringComparison.Ordinal));

        var match = Table.Match(verb, concrete);

        Assert.NotNull(match.Route);
        Assert.Equal(method.FullName, match.Route.Method.FullName);
        var request = HttpRequestBinder.Bind(match.Route, null, match.PathValues, []);
        foreach (var (field, value) in values)
        {
            Assert.Equal(value, ReadString(request, field));
        }
    }

    [Fact]
    public void NoTwoRoutesOfOneVerbClaimTheSamePathWithEqualPrecedence()
    {
        var clashes = new List<string>();
        foreach (var route in Table.Routes)
        {
            var concrete = route.Path.VariableFields.Aggregate(route.Path.Text, (p, f) => p.Replace("{" + f + "}", "value", StringComparison.Ordinal));
            var segments = concrete.TrimStart('/').Split('/');
            var rivals = Table.Routes.Where(other => other.Verb == route.Verb && other.Method != route.Method
                && other.Path.LiteralCount == route.Path.LiteralCount && other.Path.TryMatch(segments, out _));
            clashes.AddRange(rivals.Select(r => $"{route} / {r}"));
        }
        Assert.Empty(clashes);
    }

    [Fact]
    public void AHistoryPathIsRoutedToTheHistoryRpcNotReadAsAWorkflowId()
    {
        var match = Table.Match("GET", "/api/v1/namespaces/default/workflows/wf-1/history");

        Assert.Equal("GetWorkflowExecutionHistory", match.Route?.Method.Name);
    }

    [Fact]
    public void APathKnownOnlyForAnotherVerbIsReportedAsKnown()
    {
        var match = Table.Match("DELETE", "/api/v1/namespaces/default/workflows/wf-1/terminate");

        Assert.Null(match.Route);
        Assert.True(match.PathKnown);
    }

    private static IEnumerable<(string Verb, string Path, MethodDescriptor Method)> AllRules()
    {
        foreach (var method in HttpRouteTable.TemporalServices.SelectMany(s => s.Methods))
        {
            if (method.GetOptions()?.GetExtension(AnnotationsExtensions.Http) is not { } rule)
            {
                continue;
            }
            foreach (var binding in rule.AdditionalBindings.Prepend(rule))
            {
                yield return binding.PatternCase switch
                {
                    HttpRule.PatternOneofCase.Get => ("GET", binding.Get, method),
                    HttpRule.PatternOneofCase.Post => ("POST", binding.Post, method),
                    HttpRule.PatternOneofCase.Put => ("PUT", binding.Put, method),
                    HttpRule.PatternOneofCase.Delete => ("DELETE", binding.Delete, method),
                    HttpRule.PatternOneofCase.Patch => ("PATCH", binding.Patch, method),
                    _ => (binding.Custom.Kind, binding.Custom.Path, method),
                };
            }
        }
    }

    private static string? ReadString(IMessage message, string path)
    {
        object? current = message;
        foreach (var name in path.Split('.'))
        {
            var target = (IMessage)current!;
            current = target.Descriptor.FindFieldByName(name).Accessor.GetValue(target);
        }
        return current as string;
    }
}
