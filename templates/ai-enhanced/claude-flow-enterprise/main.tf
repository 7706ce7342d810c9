# Claude Code Flow Enterprise: Claude Code with Claude Flow hive-mind mode, the full-stack toolchains (Node.js, Python, Go), managed permission policy and an audit hook; no key in the template.
# The pod, home volume, resources, security context and code-server come from the shared
# module, which pushing copies into the archive as modules/kubernetes-workspace.

terraform {
  required_providers {
    coder = { source = "coder/coder", version = "~> 2.13" }
  }
}

module "workspace" {
  source        = "./modules/kubernetes-workspace"
  template_name = "claude-flow-enterprise"

  agent                  = coder_agent.main
  image                  = "codercom/enterprise-base:ubuntu"
  resource_defaults      = { cpu = 4, memory = 8, disk = 50 }
  code_server_extensions = ["anthropic.claude-code", "ms-python.python", "golang.go"]
  apps = [
    { slug = "claude-flow", display_name = "Claude Flow console", port = 3000, icon = "/icon/claude.svg" },
    { slug = "preview", display_name = "App preview", port = 8080, icon = "/icon/widgets.svg" },
  ]
  extra_metadata = { "Claude Flow mode" = data.coder_parameter.flow_mode.value }
}

resource "coder_agent" "main" {
  arch           = module.workspace.arch
  os             = "linux"
  startup_script = join("\n", [module.nodejs.install_script, file("${path.module}/startup.sh")])
  env = merge(module.workspace.git_env, module.nodejs.env, {
    CLAUDE_MANAGED_POLICY = file("${path.module}/claude-policy.json")
    DISABLE_TELEMETRY     = "1"
    FLOW_MODE             = data.coder_parameter.flow_mode.value
    GO_VERSION            = "1.24.4"
  })
}

data "coder_parameter" "flow_mode" {
  name         = "flow_mode"
  display_name = "Claude Flow mode"
  description  = "Swarm for quick tasks, hive-mind for long multi-agent projects."
  type         = "string"
  default      = "hive-mind"
  mutable      = true
  order        = 10

  option {
    name  = "Swarm"
    value = "swarm"
  }

  option {
    name  = "Hive-mind"
    value = "hive-mind"
  }
}

module "nodejs" {
  source = "./modules/nodejs"
}
