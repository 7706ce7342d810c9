# React Native: node.js LTS and an Expo (React Native) app, previewed on the web and on phones through Expo Go.
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
    NODE_VERSION      = data.coder_parameter.node_version.value
    EXPO_NO_TELEMETRY = "1"
  })
}

module "workspace" {
  source = "./modules/kubernetes-workspace"

  agent                  = coder_agent.main
  template_name          = "react-native"
  image                  = "codercom/enterprise-base:ubuntu"
  resource_defaults      = { cpu = 4, memory = 8, disk = 30 }
  code_server_extensions = ["expo.vscode-expo-tools", "msjsdiag.vscode-react-native"]
  apps = [
    { slug = "expo-web", display_name = "Expo web preview", port = 8081, icon = "/icon/react.svg" },
  ]
  extra_metadata = { "Node.js version" = data.coder_parameter.node_version.value }
}
