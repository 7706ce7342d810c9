# Python Django + CrewAI: Python with Django, Django REST framework and CrewAI agents, plus the PostgreSQL client tools and the Claude Code CLI.
# The pod, home volume, resources, security context and code-server come from the shared
# module, which pushing copies into the archive as modules/kubernetes-workspace.

terraform {
  required_providers {
    coder = { source = "coder/coder", version = "~> 2.13" }
  }
}

module "workspace" {
  source        = "./modules/kubernetes-workspace"
  template_name = "python-django-crewai"

  agent                  = coder_agent.main
  image                  = "codercom/enterprise-base:ubuntu"
  resource_defaults      = { cpu = 2, memory = 4, disk = 20 }
  code_server_extensions = ["ms-python.python", "ms-python.debugpy", "batisteo.vscode-django", "charliermarsh.ruff"]
  apps = [
    { slug = "django", display_name = "Django dev server", port = 8000, icon = "/icon/python.svg" },
  ]
  extra_metadata = { "Python version" = data.coder_parameter.python_version.value, "Django version" = data.coder_parameter.django_version.value }
}

resource "coder_agent" "main" {
  arch           = module.workspace.arch
  os             = "linux"
  startup_script = file("${path.module}/startup.sh")
  env = merge(module.workspace.git_env, {
    DJANGO_SETTINGS_MODULE = "config.settings"
    DJANGO_VERSION         = data.coder_parameter.django_version.value
    INSTALL_CLAUDE_CODE    = data.coder_parameter.install_claude_code.value
    PYTHON_VERSION         = data.coder_parameter.python_version.value
  })
}

data "coder_parameter" "python_version" {
  name         = "python_version"
  display_name = "Python version"
  description  = "Python interpreter installed with uv for the project's virtual environment."
  type         = "string"
  default      = "3.11"
  mutable      = true
  order        = 10

  option {
    name  = "Python 3.11"
    value = "3.11"
  }

  option {
    name  = "Python 3.12"
    value = "3.12"
  }

  option {
    name  = "Python 3.13"
    value = "3.13"
  }
}

data "coder_parameter" "django_version" {
  name         = "django_version"
  display_name = "Django version"
  description  = "Django long-term-support series installed in the virtual environment."
  type         = "string"
  default      = "4.2"
  mutable      = true
  order        = 11

  option {
    name  = "Django 4.2 LTS"
    value = "4.2"
  }

  option {
    name  = "Django 5.2 LTS"
    value = "5.2"
  }
}

data "coder_parameter" "install_claude_code" {
  name         = "install_claude_code"
  display_name = "Install Claude Code CLI"
  description  = "Install the Claude Code command-line assistant in ~/.local/bin."
  type         = "bool"
  default      = "true"
  mutable      = true
  order        = 12
}
