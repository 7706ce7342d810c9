# Ionic: Node.js LTS, the Ionic CLI and Capacitor with an Ionic Angular or React app.
# The pod, home volume, resources, security context and code-server come from the shared
# module, which pushing copies into the archive as modules/kubernetes-workspace.

terraform {
  required_providers {
    coder = { source = "coder/coder", version = "~> 2.13" }
  }
}

module "workspace" {
  source        = "./modules/kubernetes-workspace"
  template_name = "ionic"

  agent                  = coder_agent.main
  image                  = "codercom/enterprise-base:ubuntu"
  resource_defaults      = { cpu = 2, memory = 4, disk = 20 }
  code_server_extensions = ["ionic.ionic"]
  apps = [
    { slug = "ionic", display_name = "Ionic dev server", port = 8100, icon = "/icon/ionic.svg" },
  ]
  extra_metadata = { "UI framework" = data.coder_parameter.ionic_framework.value }
}

resource "coder_agent" "main" {
  arch           = module.workspace.arch
  os             = "linux"
  startup_script = join("\n", [module.nodejs.install_script, file("${path.module}/startup.sh")])
  env = merge(module.workspace.git_env, module.nodejs.env, {
    IONIC_FRAMEWORK          = data.coder_parameter.ionic_framework.value
    IONIC_TELEMETRY_DISABLED = "1"
  })
}

data "coder_parameter" "ionic_framework" {
  name         = "ionic_framework"
  display_name = "UI framework"
  description  = "Framework of the Ionic starter created on first start."
  type         = "string"
  default      = "angular"
  mutable      = false
  order        = 10

  option {
    name  = "Angular"
    value = "angular"
  }

  option {
    name  = "React"
    value = "react"
  }

  option {
    name  = "Vue"
    value = "vue"
  }
}

module "nodejs" {
  source = "./modules/nodejs"
}
