# Terraform + Ansible: Terraform with a shared plugin cache, tflint, Ansible with ansible-lint, and kubectl for infrastructure as code.
# Everything else (the agent, the pod, the home volume, code-server, the parameters from
# workspace.yaml) is the shared module's, which pushing copies into the archive.
module "workspace" {
  source         = "./modules/kubernetes-workspace"
  template_name  = "terraform-kubernetes"
  workspace      = yamldecode(file("${path.module}/workspace.yaml"))
  startup_script = file("${path.module}/startup.sh")
}
