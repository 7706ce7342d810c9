# .NET Core: The .NET SDK with an ASP.NET Core web API run under dotnet watch.
# Everything else (the agent, the pod, the home volume, code-server, the parameters from
# workspace.yaml) is the shared module's, which pushing copies into the archive.
module "workspace" {
  source         = "./modules/kubernetes-workspace"
  template_name  = "dotnet-core"
  workspace      = yamldecode(file("${path.module}/workspace.yaml"))
  startup_script = file("${path.module}/startup.sh")
}
