# React + TypeScript: Node.js LTS with npm or pnpm and a React + TypeScript project on Vite.
# The pod, home volume, resources, security context and code-server come from the shared
# module, which pushing copies into the archive as modules/kubernetes-workspace.

terraform {
  required_providers {
    coder = { source = "coder/coder", version = "~> 2.13" }
  }
}

module "workspace" {
  source        = "./modules/kubernetes-workspace"
  template_name = "react-typescript"

  agent                  = coder_agent.main
  image                  = "codercom/enterprise-base:ubuntu"
  resource_defaults      = { cpu = 2, memory = 4, disk = 20 }
  code_server_extensions = ["dbaeumer.vscode-eslint", "esbenp.prettier-vscode", "vitest.explorer"]
  apps = [
    { slug = "vite", display_name = "Vite dev server", port = 5173, icon = "/icon/react.svg" },
  ]
  extra_metadata = { "Package manager" = data.coder_parameter.package_manager.value }
}

resource "coder_agent" "main" {
  arch           = module.workspace.arch
  os             = "linux"
  startup_script = join("\n", [module.nodejs.install_script, file("${path.module}/startup.sh")])
  env = merge(module.workspace.git_env, module.nodejs.env, {
    PACKAGE_MANAGER                        = data.coder_parameter.package_manager.value
    __VITE_ADDITIONAL_SERVER_ALLOWED_HOSTS = "all"
  })
}

data "coder_parameter" "package_manager" {
  name         = "package_manager"
  display_name = "Package manager"
  description  = "Package manager of the project."
  type         = "string"
  default      = "pnpm"
  mutable      = true
  order        = 10

  option {
    name  = "npm"
    value = "npm"
  }

  option {
    name  = "pnpm"
    value = "pnpm"
  }
}

module "nodejs" {
  source = "./modules/nodejs"
}
