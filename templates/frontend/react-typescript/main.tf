# React + TypeScript: node.js LTS with npm or pnpm and a React + TypeScript project on Vite.
# The pod, home volume, resources, security context and code-server come from the shared
# module, which pushing copies into the archive as modules/kubernetes-workspace.

terraform {
  required_providers {
    coder = { source = "coder/coder", version = "~> 2.13" }
  }
}

data "coder_parameter" "node_version" {
  name         = "node_version"
  display_name = "Node.js version"
  description  = "Node.js long-term-support line installed with fnm."
  type         = "string"
  default      = "22"
  mutable      = true
  order        = 10

  option {
    name  = "Node.js 20 LTS"
    value = "20"
  }

  option {
    name  = "Node.js 22 LTS"
    value = "22"
  }

  option {
    name  = "Node.js 24 LTS"
    value = "24"
  }
}

data "coder_parameter" "package_manager" {
  name         = "package_manager"
  display_name = "Package manager"
  description  = "Package manager of the project."
  type         = "string"
  default      = "pnpm"
  mutable      = true
  order        = 11

  option {
    name  = "npm"
    value = "npm"
  }

  option {
    name  = "pnpm"
    value = "pnpm"
  }
}

resource "coder_agent" "main" {
  arch           = module.workspace.arch
  os             = "linux"
  dir            = "/home/coder/project"
  startup_script = file("${path.module}/startup.sh")
  env = merge(module.workspace.git_env, {
    NODE_VERSION                           = data.coder_parameter.node_version.value
    PACKAGE_MANAGER                        = data.coder_parameter.package_manager.value
    __VITE_ADDITIONAL_SERVER_ALLOWED_HOSTS = "all"
  })
}

module "workspace" {
  source = "./modules/kubernetes-workspace"

  agent                  = coder_agent.main
  template_name          = "react-typescript"
  image                  = "codercom/enterprise-base:ubuntu"
  resource_defaults      = { cpu = 2, memory = 4, disk = 20 }
  code_server_extensions = ["dbaeumer.vscode-eslint", "esbenp.prettier-vscode", "vitest.explorer"]
  apps = [
    { slug = "vite", display_name = "Vite dev server", port = 5173, icon = "/icon/react.svg" },
  ]
  extra_metadata = { "Node.js version" = data.coder_parameter.node_version.value, "Package manager" = data.coder_parameter.package_manager.value }
}
