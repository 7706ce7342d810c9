# Angular: node.js LTS, the Angular CLI and a standalone Angular application.
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

data "coder_parameter" "angular_version" {
  name         = "angular_version"
  display_name = "Angular version"
  description  = "Major version of @angular/cli used to create and serve the project."
  type         = "string"
  default      = "20"
  mutable      = true
  order        = 11

  option {
    name  = "Angular 19"
    value = "19"
  }

  option {
    name  = "Angular 20"
    value = "20"
  }
}

resource "coder_agent" "main" {
  arch           = module.workspace.arch
  os             = "linux"
  dir            = "/home/coder/project"
  startup_script = file("${path.module}/startup.sh")
  env = merge(module.workspace.git_env, {
    NODE_VERSION      = data.coder_parameter.node_version.value
    ANGULAR_VERSION   = data.coder_parameter.angular_version.value
    NG_CLI_ANALYTICS  = "false"
    NPM_CONFIG_PREFIX = "/home/coder/.local"
  })
}

module "workspace" {
  source = "./modules/kubernetes-workspace"

  agent                  = coder_agent.main
  template_name          = "angular"
  image                  = "codercom/enterprise-base:ubuntu"
  resource_defaults      = { cpu = 2, memory = 4, disk = 20 }
  code_server_extensions = ["angular.ng-template", "dbaeumer.vscode-eslint"]
  apps = [
    { slug = "angular", display_name = "Angular dev server", port = 4200, icon = "/icon/angular.svg" },
  ]
  extra_metadata = { "Node.js version" = data.coder_parameter.node_version.value, "Angular version" = data.coder_parameter.angular_version.value }
}
