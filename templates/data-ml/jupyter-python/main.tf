# Jupyter + Python: JupyterLab with pandas, NumPy, scikit-learn, matplotlib and optionally PyTorch, in a uv-managed Python environment.
# The pod, home volume, resources, security context and code-server come from the shared
# module, which pushing copies into the archive as modules/kubernetes-workspace.

terraform {
  required_providers {
    coder = { source = "coder/coder", version = "~> 2.13" }
  }
}

module "workspace" {
  source        = "./modules/kubernetes-workspace"
  template_name = "jupyter-python"

  agent                  = coder_agent.main
  image                  = "codercom/enterprise-base:ubuntu"
  resource_defaults      = { cpu = 4, memory = 8, disk = 30 }
  code_server_extensions = ["ms-toolsai.jupyter", "ms-python.python"]
  apps = [
    { slug = "jupyterlab", display_name = "JupyterLab", port = 8888, icon = "/icon/jupyter.svg", health_path = "/api" },
  ]
  extra_metadata = { "Notebook Python version" = data.coder_parameter.python_version.value, "Deep-learning framework" = data.coder_parameter.ml_framework.value }
}

resource "coder_agent" "main" {
  arch           = module.workspace.arch
  os             = "linux"
  startup_script = file("${path.module}/startup.sh")
  env = merge(module.workspace.git_env, {
    ML_FRAMEWORK   = data.coder_parameter.ml_framework.value
    PYTHON_VERSION = data.coder_parameter.python_version.value
  })
}

data "coder_parameter" "python_version" {
  name         = "python_version"
  display_name = "Notebook Python version"
  description  = "Python interpreter installed with uv for the notebook environment."
  type         = "string"
  default      = "3.12"
  mutable      = true
  order        = 10

  option {
    name  = "Python 3.12"
    value = "3.12"
  }

  option {
    name  = "Python 3.13"
    value = "3.13"
  }
}

data "coder_parameter" "ml_framework" {
  name         = "ml_framework"
  display_name = "Deep-learning framework"
  description  = "Framework added to the environment (CPU builds: the workspace has no GPU)."
  type         = "string"
  default      = "none"
  mutable      = true
  order        = 11

  option {
    name  = "None"
    value = "none"
  }

  option {
    name  = "PyTorch"
    value = "torch"
  }

  option {
    name  = "TensorFlow"
    value = "tensorflow"
  }
}
