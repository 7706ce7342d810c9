# Terraform + Ansible: Terraform with a shared plugin cache, tflint, Ansible with ansible-lint, and kubectl for infrastructure as code.
# The pod, home volume, resources, security context and code-server come from the shared
# module, which pushing copies into the archive as modules/kubernetes-workspace.

terraform {
  required_providers {
    coder = { source = "coder/coder", version = "~> 2.13" }
  }
}

module "workspace" {
  source        = "./modules/kubernetes-workspace"
  template_name = "terraform-kubernetes"

  agent                  = coder_agent.main
  image                  = "codercom/enterprise-base:ubuntu"
  resource_defaults      = { cpu = 2, memory = 4, disk = 20 }
  code_server_extensions = ["hashicorp.terraform", "redhat.ansible", "redhat.vscode-yaml"]
  extra_metadata         = { "Terraform version" = data.coder_parameter.terraform_version.value }
}

resource "coder_agent" "main" {
  arch           = module.workspace.arch
  os             = "linux"
  startup_script = file("${path.module}/startup.sh")
  env = merge(module.workspace.git_env, {
    ANSIBLE_HOME        = "/home/coder/.ansible"
    INSTALL_ANSIBLE     = data.coder_parameter.install_ansible.value
    TERRAFORM_VERSION   = data.coder_parameter.terraform_version.value
    TF_PLUGIN_CACHE_DIR = "/home/coder/.terraform.d/plugin-cache"
  })
}

data "coder_parameter" "terraform_version" {
  name         = "terraform_version"
  display_name = "Terraform version"
  description  = "Terraform release from releases.hashicorp.com."
  type         = "string"
  default      = "1.12.2"
  mutable      = true
  order        = 10

  option {
    name  = "Terraform 1.11"
    value = "1.11.4"
  }

  option {
    name  = "Terraform 1.12"
    value = "1.12.2"
  }
}

data "coder_parameter" "install_ansible" {
  name         = "install_ansible"
  display_name = "Install Ansible"
  description  = "Install ansible-core and ansible-lint as uv tools."
  type         = "bool"
  default      = "true"
  mutable      = true
  order        = 11
}
