# Jupyter + Python: JupyterLab with pandas, NumPy, scikit-learn, matplotlib and optionally PyTorch, in a uv-managed Python environment.
# Everything else (the agent, the pod, the home volume, code-server, the parameters from
# workspace.yaml) is the shared module's, which pushing copies into the archive.
module "workspace" {
  source         = "./modules/kubernetes-workspace"
  template_name  = "jupyter-python"
  workspace      = yamldecode(file("${path.module}/workspace.yaml"))
  startup_script = file("${path.module}/startup.sh")
}
