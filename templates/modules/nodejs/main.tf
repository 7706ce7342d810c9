# Node.js for the templates whose stack runs on it: the node_version parameter, and the script
# (prepended to the template's startup script) that installs fnm and that Node.js line into the
# home volume. Pushing a template that calls it copies this folder as modules/nodejs.

terraform {
  required_providers {
    coder = { source = "coder/coder", version = "~> 2.13" }
  }
}

variable "default_version" {
  type        = string
  default     = "22"
  description = "Node.js long-term-support line selected by default."
}

data "coder_parameter" "node_version" {
  name         = "node_version"
  display_name = "Node.js version"
  description  = "Node.js long-term-support line installed with fnm into the home volume."
  type         = "string"
  default      = var.default_version
  icon         = "/icon/nodejs.svg"
  mutable      = true
  order        = 9

  option {
    name  = "Node.js 20 LTS"
    value = "20"
  }
  option {
    name  = "Node.js 22 LTS"
    value = "22"
  }
  option {
    name  = "Node.js 24 LTS"
    value = "24"
  }
}

output "env" {
  description = "Agent environment: the chosen Node.js line and a user-writable global npm prefix."
  value = {
    NODE_VERSION      = data.coder_parameter.node_version.value
    NPM_CONFIG_PREFIX = "/home/coder/.local"
  }
}

output "install_script" {
  description = "Shell lines installing fnm and Node.js; the template's startup script follows them."
  value       = file("${path.module}/install-node.sh")
}
