# Vue.js + Nuxt: Node.js LTS and a Nuxt (Vue 3) application with its dev server.
# The pod, home volume, resources, security context and code-server come from the shared
# module, which pushing copies into the archive as modules/kubernetes-workspace.

terraform {
  required_providers {
    coder = { source = "coder/coder", version = "~> 2.13" }
  }
}

module "workspace" {
  source        = "./modules/kubernetes-workspace"
  template_name = "vue-nuxt"

  agent                  = coder_agent.main
  image                  = "codercom/enterprise-base:ubuntu"
  resource_defaults      = { cpu = 2, memory = 4, disk = 20 }
  code_server_extensions = ["vue.volar", "dbaeumer.vscode-eslint"]
  apps = [
    { slug = "nuxt", display_name = "Nuxt dev server", port = 3000, icon = "/icon/vue.svg" },
  ]
}

resource "coder_agent" "main" {
  arch           = module.workspace.arch
  os             = "linux"
  startup_script = join("\n", [module.nodejs.install_script, file("${path.module}/startup.sh")])
  env = merge(module.workspace.git_env, module.nodejs.env, {
    NUXT_TELEMETRY_DISABLED = "1"
  })
}

module "nodejs" {
  source = "./modules/nodejs"
}
