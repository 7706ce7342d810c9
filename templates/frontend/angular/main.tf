# Angular: Node.js LTS, the Angular CLI and a standalone Angular application.
# The pod, home volume, resources, security context and code-server come from the shared
# module, which pushing copies into the archive as modules/kubernetes-workspace.

terraform {
  required_providers {
    coder = { source = "coder/coder", version = "~> 2.13" }
  }
}

module "workspace" {
  source        = "./modules/kubernetes-workspace"
  template_name = "angular"

  agent                  = coder_agent.main
  image                  = "codercom/enterprise-base:ubuntu"
  resource_defaults      = { cpu = 2, memory = 4, disk = 20 }
  code_server_extensions = ["angular.ng-template", "dbaeumer.vscode-eslint"]
  apps = [
    { slug = "angular", display_name = "Angular dev server", port = 4200, icon = "/icon/angular.svg" },
  ]
  extra_metadata = { "Angular version" = data.coder_parameter.angular_version.value }
}

resource "coder_agent" "main" {
  arch           = module.workspace.arch
  os             = "linux"
  startup_script = join("\n", [module.nodejs.install_script, file("${path.module}/startup.sh")])
  env = merge(module.workspace.git_env, module.nodejs.env, {
    ANGULAR_VERSION  = data.coder_parameter.angular_version.value
    NG_CLI_ANALYTICS = "false"
  })
}

data "coder_parameter" "angular_version" {
  name         = "angular_version"
  display_name = "Angular version"
  description  = "Major version of @angular/cli used to create and serve the project."
  type         = "string"
  default      = "20"
  mutable      = true
  order        = 10

  option {
    name  = "Angular 19"
    value = "19"
  }

  option {
    name  = "Angular 20"
    value = "20"
  }
}

module "nodejs" {
  source = "./modules/nodejs"
}
