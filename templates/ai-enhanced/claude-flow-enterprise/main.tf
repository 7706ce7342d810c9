# Claude Code Flow Enterprise: claude Code with Claude Flow hive-mind mode, the full-stack toolchains (Node.js, Python, Go), managed permission policy and an audit hook; no key in the template.
# The pod, home volume, resources, security context and code-server come from the shared
# module, which pushing copies into the archive as modules/kubernetes-workspace.

terraform {
  required_providers {
    coder = { source = "coder/coder", version = "~> 2.13" }
  }
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

data "coder_parameter" "go_version" {
  name         = "go_version"
  display_name = "Go version"
  description  = "Go release installed next to Node.js and Python for systems work."
  type         = "string"
  default      = "1.24.4"
  mutable      = true
  order        = 11

  option {
    name  = "Go 1.23"
    value = "1.23.10"
  }

  option {
    name  = "Go 1.24"
    value = "1.24.4"
  }
}

resource "coder_agent" "main" {
  arch           = module.workspace.arch
  os             = "linux"
  dir            = "/home/coder/project"
  startup_script = file("${path.module}/startup.sh")
  env = merge(module.workspace.git_env, {
    FLOW_MODE             = data.coder_parameter.flow_mode.value
    GO_VERSION            = data.coder_parameter.go_version.value
    CLAUDE_MANAGED_POLICY = file("${path.module}/claude-policy.json")
    NODE_VERSION          = "22"
    DISABLE_TELEMETRY     = "1"
  })
}

module "workspace" {
  source = "./modules/kubernetes-workspace"

  agent                  = coder_agent.main
  template_name          = "claude-flow-enterprise"
  image                  = "codercom/enterprise-base:ubuntu"
  resource_defaults      = { cpu = 4, memory = 8, disk = 50 }
  code_server_extensions = ["anthropic.claude-code", "ms-python.python", "golang.go"]
  apps = [
    { slug = "claude-flow", display_name = "Claude Flow console", port = 3000, icon = "/icon/claude.svg" },
    { slug = "preview", display_name = "App preview", port = 8080, icon = "/icon/widgets.svg" },
  ]
  extra_metadata = { "Claude Flow mode" = data.coder_parameter.flow_mode.value, "Go version" = data.coder_parameter.go_version.value }
}
