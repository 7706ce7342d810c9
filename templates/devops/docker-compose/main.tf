# Docker Compose: The Docker CLI with Compose and Buildx, talking to a Docker engine the administrator provides (the restricted pod runs no daemon).
# Everything else (the agent, the pod, the home volume, code-server, the parameters from
# workspace.yaml) is the shared module's, which pushing copies into the archive.
module "workspace" {
  source         = "./modules/kubernetes-workspace"
  template_name  = "docker-compose"
  workspace      = yamldecode(file("${path.module}/workspace.yaml"))
  startup_script = file("${path.module}/startup.sh")
}
