# Go Fiber: Go toolchain with gopls, Delve and air live reload, and a Fiber web service.
# The pod, home volume, resources, security context and code-server come from the shared
# module, which pushing copies into the archive as modules/kubernetes-workspace.

terraform {
  required_providers {
    coder = { source = "coder/coder", version = "~> 2.13" }
  }
}

module "workspace" {
  source        = "./modules/kubernetes-workspace"
  template_name = "go-fiber"

  agent                  = coder_agent.main
  image                  = "codercom/enterprise-base:ubuntu"
  resource_defaults      = { cpu = 2, memory = 4, disk = 20 }
  code_server_extensions = ["golang.go"]
  apps = [
    { slug = "fiber", display_name = "Fiber app", port = 3000, icon = "/icon/go.svg" },
  ]
  extra_metadata = { "Go version" = data.coder_parameter.go_version.value }
}

resource "coder_agent" "main" {
  arch           = module.workspace.arch
  os             = "linux"
  startup_script = file("${path.module}/startup.sh")
  env = merge(module.workspace.git_env, {
    GO_VERSION = data.coder_parameter.go_version.value
  })
}

data "coder_parameter" "go_version" {
  name         = "go_version"
  display_name = "Go version"
  description  = "Go release installed from go.dev into ~/.local/go."
  type         = "string"
  default      = "1.24.4"
  mutable      = true
  order        = 10

  option {
    name  = "Go 1.23"
    value = "1.23.10"
  }

  option {
    name  = "Go 1.24"
    value = "1.24.4"
  }
}
