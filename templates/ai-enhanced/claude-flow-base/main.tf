# Claude Code Flow Base: claude Code CLI with Claude Flow orchestration (swarm mode) and its MCP tools on a Node.js and Python workspace; no key in the template.
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
  description  = "Node.js long-term-support line installed with fnm (Claude Flow needs 20 or later)."
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
    NODE_VERSION        = data.coder_parameter.node_version.value
    CLAUDE_SETTINGS     = file("${path.module}/claude-settings.json")
    DISABLE_AUTOUPDATER = "1"
  })
}

module "workspace" {
  source = "./modules/kubernetes-workspace"

  agent                  = coder_agent.main
  template_name          = "claude-flow-base"
  image                  = "codercom/enterprise-base:ubuntu"
  resource_defaults      = { cpu = 2, memory = 4, disk = 20 }
  code_server_extensions = ["anthropic.claude-code"]
  apps = [
    { slug = "claude-flow", display_name = "Claude Flow console", port = 3000, icon = "/icon/claude.svg" },
  ]
  extra_metadata = { "Node.js version" = data.coder_parameter.node_version.value }
}
