# SvelteKit: Node.js LTS and a SvelteKit application with TypeScript on Vite.
# The pod, home volume, resources, security context and code-server come from the shared
# module, which pushing copies into the archive as modules/kubernetes-workspace.

terraform {
  required_providers {
    coder = { source = "coder/coder", version = "~> 2.13" }
  }
}

module "workspace" {
  source        = "./modules/kubernetes-workspace"
  template_name = "sveltekit"

  agent                  = coder_agent.main
  image                  = "codercom/enterprise-base:ubuntu"
  resource_defaults      = { cpu = 2, memory = 4, disk = 20 }
  code_server_extensions = ["svelte.svelte-vscode"]
  apps = [
    { slug = "sveltekit", display_name = "SvelteKit dev server", port = 5173, icon = "/icon/svelte.svg" },
  ]
}

resource "coder_agent" "main" {
  arch           = module.workspace.arch
  os             = "linux"
  startup_script = join("\n", [module.nodejs.install_script, file("${path.module}/startup.sh")])
  env = merge(module.workspace.git_env, module.nodejs.env, {
    __VITE_ADDITIONAL_SERVER_ALLOWED_HOSTS = "all"
  })
}

module "nodejs" {
  source = "./modules/nodejs"
}
