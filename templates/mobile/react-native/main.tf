# React Native: Node.js LTS and an Expo (React Native) app, previewed on the web and on phones through Expo Go.
# The pod, home volume, resources, security context and code-server come from the shared
# module, which pushing copies into the archive as modules/kubernetes-workspace.

terraform {
  required_providers {
    coder = { source = "coder/coder", version = "~> 2.13" }
  }
}

module "workspace" {
  source        = "./modules/kubernetes-workspace"
  template_name = "react-native"

  agent                  = coder_agent.main
  image                  = "codercom/enterprise-base:ubuntu"
  resource_defaults      = { cpu = 4, memory = 8, disk = 30 }
  code_server_extensions = ["expo.vscode-expo-tools", "msjsdiag.vscode-react-native"]
  apps = [
    { slug = "expo-web", display_name = "Expo web preview", port = 8081, icon = "/icon/react.svg" },
  ]
}

resource "coder_agent" "main" {
  arch           = module.workspace.arch
  os             = "linux"
  startup_script = join("\n", [module.nodejs.install_script, file("${path.module}/startup.sh")])
  env = merge(module.workspace.git_env, module.nodejs.env, {
    EXPO_NO_TELEMETRY = "1"
  })
}

module "nodejs" {
  source = "./modules/nodejs"
}
