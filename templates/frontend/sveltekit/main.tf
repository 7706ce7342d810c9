# SvelteKit: node.js LTS and a SvelteKit application with TypeScript on Vite.
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
}

resource "coder_agent" "main" {
  arch           = module.workspace.arch
  os             = "linux"
  dir            = "/home/coder/project"
  startup_script = file("${path.module}/startup.sh")
  env = merge(module.workspace.git_env, {
    NODE_VERSION                           = data.coder_parameter.node_version.value
    __VITE_ADDITIONAL_SERVER_ALLOWED_HOSTS = "all"
  })
}

module "workspace" {
  source = "./modules/kubernetes-workspace"

  agent                  = coder_agent.main
  template_name          = "sveltekit"
  image                  = "codercom/enterprise-base:ubuntu"
  resource_defaults      = { cpu = 2, memory = 4, disk = 20 }
  code_server_extensions = ["svelte.svelte-vscode"]
  apps = [
    { slug = "sveltekit", display_name = "SvelteKit dev server", port = 5173, icon = "/icon/svelte.svg" },
  ]
  extra_metadata = { "Node.js version" = data.coder_parameter.node_version.value }
}
