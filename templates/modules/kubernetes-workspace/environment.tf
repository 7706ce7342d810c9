# The environment a template version is pushed for. The repository keeps the values of the
# strictest environment; when a template is pushed, coder-bootstrap writes this file again inside
# the archive from deploy/environments/<env>.yaml (Pod Security Standard, namespace, whether the
# deployment has a wildcard domain for subdomain apps), so the archive's digest changes with them.
locals {
  environment = {
    name                  = "default"
    namespace             = "coder"
    pod_security_standard = "restricted"
    subdomain_apps        = false
    storage_class         = ""
    use_kubeconfig        = false
  }
}
