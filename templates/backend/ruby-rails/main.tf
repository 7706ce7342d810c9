# Ruby on Rails: Ruby built with rbenv, Bundler and a Rails application with SQLite.
# The pod, home volume, resources, security context and code-server come from the shared
# module, which pushing copies into the archive as modules/kubernetes-workspace.

terraform {
  required_providers {
    coder = { source = "coder/coder", version = "~> 2.13" }
  }
}

module "workspace" {
  source        = "./modules/kubernetes-workspace"
  template_name = "ruby-rails"

  agent                  = coder_agent.main
  image                  = "codercom/enterprise-base:ubuntu"
  resource_defaults      = { cpu = 2, memory = 4, disk = 20 }
  code_server_extensions = ["shopify.ruby-lsp"]
  apps = [
    { slug = "rails", display_name = "Rails server", port = 3000, icon = "/icon/ruby.svg", health_path = "/up" },
  ]
  extra_metadata = { "Ruby version" = data.coder_parameter.ruby_version.value, "Rails version" = data.coder_parameter.rails_version.value }
}

resource "coder_agent" "main" {
  arch           = module.workspace.arch
  os             = "linux"
  startup_script = file("${path.module}/startup.sh")
  env = merge(module.workspace.git_env, {
    RAILS_VERSION = data.coder_parameter.rails_version.value
    RUBY_VERSION  = data.coder_parameter.ruby_version.value
  })
}

data "coder_parameter" "ruby_version" {
  name         = "ruby_version"
  display_name = "Ruby version"
  description  = "Ruby compiled by ruby-build into ~/.rbenv (the first start takes a few minutes)."
  type         = "string"
  default      = "3.3.8"
  mutable      = true
  order        = 10

  option {
    name  = "Ruby 3.3"
    value = "3.3.8"
  }

  option {
    name  = "Ruby 3.4"
    value = "3.4.4"
  }
}

data "coder_parameter" "rails_version" {
  name         = "rails_version"
  display_name = "Rails version"
  description  = "Rails gem series installed for the project."
  type         = "string"
  default      = "8.0"
  mutable      = true
  order        = 11

  option {
    name  = "Rails 7.2"
    value = "7.2"
  }

  option {
    name  = "Rails 8.0"
    value = "8.0"
  }
}
