# Flutter: The Flutter SDK with Dart, building for the web server device so the app previews in the browser.
# The pod, home volume, resources, security context and code-server come from the shared
# module, which pushing copies into the archive as modules/kubernetes-workspace.

terraform {
  required_providers {
    coder = { source = "coder/coder", version = "~> 2.13" }
  }
}

module "workspace" {
  source        = "./modules/kubernetes-workspace"
  template_name = "flutter"

  agent                  = coder_agent.main
  image                  = "codercom/enterprise-base:ubuntu"
  resource_defaults      = { cpu = 4, memory = 8, disk = 40 }
  code_server_extensions = ["dart-code.flutter", "dart-code.dart-code"]
  apps = [
    { slug = "flutter-web", display_name = "Flutter web preview", port = 8090, icon = "/icon/flutter.svg" },
  ]
  extra_metadata = { "Flutter channel" = data.coder_parameter.flutter_channel.value }
}

resource "coder_agent" "main" {
  arch           = module.workspace.arch
  os             = "linux"
  startup_script = file("${path.module}/startup.sh")
  env = merge(module.workspace.git_env, {
    CHROME_EXECUTABLE = ""
    FLUTTER_CHANNEL   = data.coder_parameter.flutter_channel.value
  })
}

data "coder_parameter" "flutter_channel" {
  name         = "flutter_channel"
  display_name = "Flutter channel"
  description  = "Flutter release channel cloned into ~/.local/flutter."
  type         = "string"
  default      = "stable"
  mutable      = true
  order        = 10

  option {
    name  = "Flutter stable"
    value = "stable"
  }

  option {
    name  = "Flutter beta"
    value = "beta"
  }
}
