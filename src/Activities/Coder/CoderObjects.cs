namespace CoderBootstrap.Activities.Coder;

/// <summary>Names of the Kubernetes objects of Coder's deployment that the activities address.</summary>
public static class CoderObjects
{
    public const string ServiceName = "coder";
    public const string DeploymentName = "coder";
    public const string DatabaseUrlSecretName = "coder-db-url";
    public const string OAuthSecretName = "coder-github-oauth";
    public const string LoadBalancerIdAnnotation = "service.beta.kubernetes.io/scw-loadbalancer-id";
}
