# Claude Code Flow Base: Claude Code CLI with Claude Flow orchestration (swarm mode) and its MCP tools on a Node.js and Python workspace; no key in the template.
# Everything else (the agent, the pod, the home volume, code-server, the parameters from
# workspace.yaml) is the shared module's, which pushing copies into the archive.
module "workspace" {
  source         = "./modules/kubernetes-workspace"
  template_name  = "claude-flow-base"
  workspace      = yamldecode(file("${path.module}/workspace.yaml"))
  startup_script = file("${path.module}/startup.sh")
}
