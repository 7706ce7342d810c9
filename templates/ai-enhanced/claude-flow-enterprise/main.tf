# Claude Code Flow Enterprise: Claude Code with Claude Flow hive-mind mode, the full-stack toolchains (Node.js, Python, Go), managed permission policy and an audit hook; no key in the template.
# Everything else (the agent, the pod, the home volume, code-server, the parameters from
# workspace.yaml) is the shared module's, which pushing copies into the archive.
module "workspace" {
  source         = "./modules/kubernetes-workspace"
  template_name  = "claude-flow-enterprise"
  workspace      = yamldecode(file("${path.module}/workspace.yaml"))
  startup_script = file("${path.module}/startup.sh")
}
