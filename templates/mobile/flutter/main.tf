# Flutter: The Flutter SDK with Dart, building for the web server device so the app previews in the browser.
# Everything else (the agent, the pod, the home volume, code-server, the parameters from
# workspace.yaml) is the shared module's, which pushing copies into the archive.
module "workspace" {
  source         = "./modules/kubernetes-workspace"
  template_name  = "flutter"
  workspace      = yamldecode(file("${path.module}/workspace.yaml"))
  startup_script = file("${path.module}/startup.sh")
}
