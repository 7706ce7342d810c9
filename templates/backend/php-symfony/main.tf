# PHP Symfony: PHP with Composer, the Symfony CLI and a Symfony web application skeleton.
# The pod, home volume, resources, security context and code-server come from the shared
# module, which pushing copies into the archive as modules/kubernetes-workspace.

terraform {
  required_providers {
    coder = { source = "coder/coder", version = "~> 2.13" }
  }
}

module "workspace" {
  source        = "./modules/kubernetes-workspace"
  template_name = "php-symfony"

  agent                  = coder_agent.main
  image                  = "codercom/enterprise-base:ubuntu"
  resource_defaults      = { cpu = 2, memory = 4, disk = 20 }
  code_server_extensions = ["bmewburn.vscode-intelephense-client", "xdebug.php-debug"]
  apps = [
    { slug = "symfony", display_name = "Symfony server", port = 8000, icon = "/icon/php.svg" },
  ]
  extra_metadata = { "Symfony version" = data.coder_parameter.symfony_version.value }
}

resource "coder_agent" "main" {
  arch           = module.workspace.arch
  os             = "linux"
  startup_script = file("${path.module}/startup.sh")
  env = merge(module.workspace.git_env, {
    SYMFONY_VERSION = data.coder_parameter.symfony_version.value
  })
}

data "coder_parameter" "symfony_version" {
  name         = "symfony_version"
  display_name = "Symfony version"
  description  = "Symfony release line of the skeleton created on first start."
  type         = "string"
  default      = "7.3"
  mutable      = false
  order        = 10

  option {
    name  = "Symfony 6.4 LTS"
    value = "6.4"
  }

  option {
    name  = "Symfony 7.3"
    value = "7.3"
  }
}
