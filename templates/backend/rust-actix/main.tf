# Rust Actix Web: Rust through rustup with rust-analyzer and cargo-watch, and an Actix Web service.
# The pod, home volume, resources, security context and code-server come from the shared
# module, which pushing copies into the archive as modules/kubernetes-workspace.

terraform {
  required_providers {
    coder = { source = "coder/coder", version = "~> 2.13" }
  }
}

module "workspace" {
  source        = "./modules/kubernetes-workspace"
  template_name = "rust-actix"

  agent                  = coder_agent.main
  image                  = "codercom/enterprise-base:ubuntu"
  resource_defaults      = { cpu = 4, memory = 8, disk = 30 }
  code_server_extensions = ["rust-lang.rust-analyzer", "vadimcn.vscode-lldb"]
  apps = [
    { slug = "actix", display_name = "Actix Web app", port = 8080, icon = "/icon/rust.svg" },
  ]
  extra_metadata = { "Rust toolchain" = data.coder_parameter.rust_toolchain.value }
}

resource "coder_agent" "main" {
  arch           = module.workspace.arch
  os             = "linux"
  startup_script = file("${path.module}/startup.sh")
  env = merge(module.workspace.git_env, {
    RUST_TOOLCHAIN = data.coder_parameter.rust_toolchain.value
  })
}

data "coder_parameter" "rust_toolchain" {
  name         = "rust_toolchain"
  display_name = "Rust toolchain"
  description  = "rustup toolchain set as the default."
  type         = "string"
  default      = "stable"
  mutable      = true
  order        = 10

  option {
    name  = "Rust stable"
    value = "stable"
  }

  option {
    name  = "Rust beta"
    value = "beta"
  }

  option {
    name  = "Rust nightly"
    value = "nightly"
  }
}
