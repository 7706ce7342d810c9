# Python Django + CrewAI: Python with Django, Django REST framework and CrewAI agents, plus the PostgreSQL client tools and the Claude Code CLI.
# Everything else (the agent, the pod, the home volume, code-server, the parameters from
# workspace.yaml) is the shared module's, which pushing copies into the archive.
module "workspace" {
  source         = "./modules/kubernetes-workspace"
  template_name  = "python-django-crewai"
  workspace      = yamldecode(file("${path.module}/workspace.yaml"))
  startup_script = file("${path.module}/startup.sh")
}
