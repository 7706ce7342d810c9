# Kubernetes + Helm: kubectl, Helm with the diff plugin, kustomize, k9s and kubectx for working on Kubernetes clusters and charts.
# The pod, home volume, resources, security context and code-server come from the shared
# module, which pushing copies into the archive as modules/kubernetes-workspace.

terraform {
  required_providers {
    coder = { source = "coder/coder", version = "~> 2.13" }
  }
}

module "workspace" {
  source        = "./modules/kubernetes-workspace"
  template_name = "kubernetes-helm"

  agent                  = coder_agent.main
  image                  = "codercom/enterprise-base:ubuntu"
  resource_defaults      = { cpu = 2, memory = 4, disk = 20 }
  code_server_extensions = ["ms-kubernetes-tools.vscode-kubernetes-tools", "redhat.vscode-yaml", "tim-koehler.helm-intellisense"]
  extra_metadata         = { "Helm version" = data.coder_parameter.helm_version.value }
}

resource "coder_agent" "main" {
  arch           = module.workspace.arch
  os             = "linux"
  startup_script = file("${path.module}/startup.sh")
  env = merge(module.workspace.git_env, {
    HELM_VERSION = data.coder_parameter.helm_version.value
    KUBECONFIG   = "/home/coder/.kube/config"
  })
}

data "coder_parameter" "helm_version" {
  name         = "helm_version"
  display_name = "Helm version"
  description  = "Helm release installed into ~/.local/bin."
  type         = "string"
  default      = "v3.18.3"
  mutable      = true
  order        = 10

  option {
    name  = "Helm 3.17"
    value = "v3.17.3"
  }

  option {
    name  = "Helm 3.18"
    value = "v3.18.3"
  }
}

# k9s is a terminal UI: a command app opened in the web terminal.
resource "coder_app" "k9s" {
  agent_id     = coder_agent.main.id
  slug         = "k9s"
  display_name = "k9s cluster console"
  icon         = "/icon/k8s.png"
  command      = "k9s"
  order        = 2
}
