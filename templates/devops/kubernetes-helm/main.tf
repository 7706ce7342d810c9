# Kubernetes + Helm: kubectl, Helm with the diff plugin, kustomize, k9s and kubectx for working on Kubernetes clusters and charts.
# Everything else (the agent, the pod, the home volume, code-server, the parameters from
# workspace.yaml) is the shared module's, which pushing copies into the archive.
module "workspace" {
  source         = "./modules/kubernetes-workspace"
  template_name  = "kubernetes-helm"
  workspace      = yamldecode(file("${path.module}/workspace.yaml"))
  startup_script = file("${path.module}/startup.sh")
}
