# .NET Core: The .NET SDK with an ASP.NET Core web API run under dotnet watch.
# The pod, home volume, resources, security context and code-server come from the shared
# module, which pushing copies into the archive as modules/kubernetes-workspace.

terraform {
  required_providers {
    coder = { source = "coder/coder", version = "~> 2.13" }
  }
}

module "workspace" {
  source        = "./modules/kubernetes-workspace"
  template_name = "dotnet-core"

  agent                  = coder_agent.main
  image                  = "codercom/enterprise-base:ubuntu"
  resource_defaults      = { cpu = 2, memory = 4, disk = 30 }
  code_server_extensions = ["muhammad-sammy.csharp"]
  apps = [
    { slug = "aspnetcore", display_name = "ASP.NET Core app", port = 5000, icon = "/icon/dotnet.svg", health_path = "/weatherforecast" },
  ]
  extra_metadata = { ".NET channel" = data.coder_parameter.dotnet_channel.value }
}

resource "coder_agent" "main" {
  arch           = module.workspace.arch
  os             = "linux"
  startup_script = file("${path.module}/startup.sh")
  env = merge(module.workspace.git_env, {
    ASPNETCORE_URLS             = "http://0.0.0.0:5000"
    DOTNET_CHANNEL              = data.coder_parameter.dotnet_channel.value
    DOTNET_CLI_TELEMETRY_OPTOUT = "1"
  })
}

data "coder_parameter" "dotnet_channel" {
  name         = "dotnet_channel"
  display_name = ".NET channel"
  description  = "SDK channel installed by dotnet-install.sh into ~/.dotnet."
  type         = "string"
  default      = "8.0"
  mutable      = true
  order        = 10

  option {
    name  = ".NET 8 LTS"
    value = "8.0"
  }

  option {
    name  = ".NET 9"
    value = "9.0"
  }

  option {
    name  = ".NET 10 LTS"
    value = "10.0"
  }
}
