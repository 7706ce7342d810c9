# Claude Code Flow Base: Claude Code CLI with Claude Flow orchestration (swarm mode) and its MCP tools on a Node.js and Python workspace; no key in the template.
# The pod, home volume, resources, security context and code-server come from the shared
# module, which pushing copies into the archive as modules/kubernetes-workspace.

terraform {
  required_providers {
    coder = { source = "coder/coder", version = "~> 2.13" }
  }
}

module "workspace" {
  source        = "./modules/kubernetes-workspace"
  template_name = "claude-flow-base"

  agent                  = coder_agent.main
  image                  = "codercom/enterprise-base:ubuntu"
  resource_defaults      = { cpu = 2, memory = 4, disk = 20 }
  code_server_extensions = ["anthropic.claude-code"]
  apps = [
    { slug = "claude-flow", display_name = "Claude Flow console", port = 3000, icon = "/icon/claude.svg" },
  ]
}

resource "coder_agent" "main" {
  arch           = module.workspace.arch
  os             = "linux"
  startup_script = join("\n", [module.nodejs.install_script, file("${path.module}/startup.sh")])
  env = merge(module.workspace.git_env, module.nodejs.env, {
    CLAUDE_SETTINGS     = file("${path.module}/claude-settings.json")
    DISABLE_AUTOUPDATER = "1"
  })
}

module "nodejs" {
  source = "./modules/nodejs"
}
