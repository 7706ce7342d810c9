# Docker Compose: The Docker CLI with Compose and Buildx, talking to a Docker engine the administrator provides (the restricted pod runs no daemon).
# The pod, home volume, resources, security context and code-server come from the shared
# module, which pushing copies into the archive as modules/kubernetes-workspace.

terraform {
  required_providers {
    coder = { source = "coder/coder", version = "~> 2.13" }
  }
}

module "workspace" {
  source        = "./modules/kubernetes-workspace"
  template_name = "docker-compose"

  agent                  = coder_agent.main
  image                  = "codercom/enterprise-base:ubuntu"
  resource_defaults      = { cpu = 2, memory = 4, disk = 30 }
  code_server_extensions = ["ms-azuretools.vscode-docker", "redhat.vscode-yaml"]
  apps = [
    { slug = "compose-app", display_name = "Compose app", port = 8080, icon = "/icon/docker.svg" },
  ]
  extra_metadata = { "Docker engine address" = data.coder_parameter.docker_host.value }
}

resource "coder_agent" "main" {
  arch           = module.workspace.arch
  os             = "linux"
  startup_script = file("${path.module}/startup.sh")
  env = merge(module.workspace.git_env, {
    DOCKER_HOST = data.coder_parameter.docker_host.value
  })
}

data "coder_parameter" "docker_host" {
  name         = "docker_host"
  display_name = "Docker engine address"
  description  = "DOCKER_HOST of a Docker engine reachable from the workspace (e.g. tcp://docker.coder-tools:2375); empty leaves the CLI unconfigured."
  type         = "string"
  default      = ""
  mutable      = true
  order        = 10
}
