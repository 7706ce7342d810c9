# What every Kubernetes workspace of coder-bootstrap has: the cpu, memory and disk parameters, a
# PersistentVolumeClaim at /home/coder kept while the workspace is stopped, a Deployment started
# with the workspace that runs the template's agent, code-server, and the stack's web apps.
# Pushing a template copies this folder into its archive as modules/kubernetes-workspace.

terraform {
  required_version = ">= 1.5.0"

  required_providers {
    coder = {
      source  = "coder/coder"
      version = "~> 2.13"
    }
    kubernetes = {
      source  = "hashicorp/kubernetes"
      version = "~> 2.36"
    }
  }
}

# In the cluster, the provisioner authenticates with the service account of the Coder pod.
provider "kubernetes" {
  config_path = local.environment.use_kubeconfig ? "~/.kube/config" : null
}

data "coder_provisioner" "me" {}

data "coder_workspace" "me" {}

data "coder_workspace_owner" "me" {}

data "coder_parameter" "cpu" {
  name         = "cpu"
  display_name = "CPU"
  description  = "CPU cores the workspace may use (limit). A quarter of it is reserved on the node."
  type         = "number"
  default      = tostring(var.resource_defaults.cpu)
  icon         = "/icon/memory.svg"
  mutable      = true
  order        = 1

  validation {
    min   = 1
    max   = 8
    error = "CPU must be between {min} and {max} cores."
  }
}

data "coder_parameter" "memory" {
  name         = "memory"
  display_name = "Memory"
  description  = "Memory in GiB the workspace may use (limit). Half of it is reserved on the node."
  type         = "number"
  default      = tostring(var.resource_defaults.memory)
  icon         = "/icon/memory.svg"
  mutable      = true
  order        = 2

  validation {
    min   = 1
    max   = 16
    error = "Memory must be between {min} and {max} GiB."
  }
}

data "coder_parameter" "disk_size" {
  name         = "disk_size"
  display_name = "Home disk size"
  description  = "Size in GiB of the persistent volume mounted at /home/coder. It cannot be changed after creation."
  type         = "number"
  default      = tostring(var.resource_defaults.disk)
  icon         = "/emojis/1f4be.png"
  mutable      = false
  order        = 3

  validation {
    min   = 10
    max   = 200
    error = "The home disk must be between {min} and {max} GiB."
  }
}

locals {
  resource_name = "coder-${data.coder_workspace.me.id}"
  cpu_cores     = tonumber(data.coder_parameter.cpu.value)
  memory_gib    = tonumber(data.coder_parameter.memory.value)
  disk_gib      = tonumber(data.coder_parameter.disk_size.value)
  restricted    = local.environment.pod_security_standard == "restricted"
  owner_name    = coalesce(data.coder_workspace_owner.me.full_name, data.coder_workspace_owner.me.name)

  git_env = {
    GIT_AUTHOR_NAME     = local.owner_name
    GIT_AUTHOR_EMAIL    = data.coder_workspace_owner.me.email
    GIT_COMMITTER_NAME  = local.owner_name
    GIT_COMMITTER_EMAIL = data.coder_workspace_owner.me.email
  }

  # Selector labels never change for the life of a workspace; the others describe it.
  selector_labels = {
    "app.kubernetes.io/name"     = "coder-workspace"
    "app.kubernetes.io/instance" = "coder-workspace-${data.coder_workspace.me.id}"
  }
  labels = merge(local.selector_labels, {
    "app.kubernetes.io/part-of"    = "coder"
    "app.kubernetes.io/managed-by" = "coder"
    "com.coder.resource"           = "true"
    "com.coder.template"           = var.template_name
    "com.coder.workspace.id"       = data.coder_workspace.me.id
    "com.coder.workspace.name"     = data.coder_workspace.me.name
    "com.coder.user.id"            = data.coder_workspace_owner.me.id
    "com.coder.user.username"      = data.coder_workspace_owner.me.name
  })
  annotations = {
    "com.coder.user.email" = data.coder_workspace_owner.me.email
  }
}

resource "coder_script" "code_server" {
  agent_id     = var.agent.id
  display_name = "code-server"
  icon         = "/icon/code.svg"
  run_on_start = true
  script = templatefile("${path.module}/code-server.sh", {
    extensions = join(" ", var.code_server_extensions)
  })
}

resource "coder_app" "code_server" {
  agent_id     = var.agent.id
  slug         = "code-server"
  display_name = "VS Code (browser)"
  url          = "http://localhost:13337/?folder=${var.ide_folder}"
  icon         = "/icon/code.svg"
  subdomain    = false
  share        = "owner"
  order        = 1

  healthcheck {
    url       = "http://localhost:13337/healthz"
    interval  = 5
    threshold = 12
  }
}

resource "coder_app" "stack" {
  for_each = { for index, app in var.apps : app.slug => merge(app, { order = index + 2 }) }

  agent_id     = var.agent.id
  slug         = each.value.slug
  display_name = each.value.display_name
  url          = "http://localhost:${each.value.port}"
  icon         = each.value.icon
  subdomain    = local.environment.subdomain_apps
  share        = "owner"
  order        = each.value.order

  healthcheck {
    url       = "http://localhost:${each.value.port}${each.value.health_path}"
    interval  = 10
    threshold = 30
  }
}

resource "kubernetes_persistent_volume_claim" "home" {
  metadata {
    name        = "${local.resource_name}-home"
    namespace   = local.environment.namespace
    labels      = merge(local.labels, { "app.kubernetes.io/component" = "home" })
    annotations = local.annotations
  }

  # Binding waits for the first pod when the class uses WaitForFirstConsumer.
  wait_until_bound = false

  spec {
    access_modes       = ["ReadWriteOnce"]
    storage_class_name = local.environment.storage_class == "" ? null : local.environment.storage_class

    resources {
      requests = {
        storage = "${local.disk_gib}Gi"
      }
    }
  }
}

resource "kubernetes_deployment" "workspace" {
  count = data.coder_workspace.me.start_count

  depends_on = [kubernetes_persistent_volume_claim.home]

  # The agent reports readiness to Coder; Terraform need not wait for the rollout.
  wait_for_rollout = false

  metadata {
    name        = local.resource_name
    namespace   = local.environment.namespace
    labels      = merge(local.labels, { "app.kubernetes.io/component" = "workspace" })
    annotations = local.annotations
  }

  spec {
    replicas = 1

    selector {
      match_labels = local.selector_labels
    }

    # A ReadWriteOnce volume cannot be attached to the old and the new pod at once.
    strategy {
      type = "Recreate"
    }

    template {
      metadata {
        labels      = merge(local.labels, { "app.kubernetes.io/component" = "workspace" })
        annotations = local.annotations
      }

      spec {
        automount_service_account_token  = false
        enable_service_links             = false
        termination_grace_period_seconds = 30
        node_selector                    = var.node_selector

        security_context {
          run_as_user            = 1000
          run_as_group           = 1000
          run_as_non_root        = true
          fs_group               = 1000
          fs_group_change_policy = "OnRootMismatch"

          seccomp_profile {
            type = "RuntimeDefault"
          }
        }

        container {
          name              = "dev"
          image             = var.image
          image_pull_policy = "Always"
          command           = ["sh", "-c", var.agent.init_script]

          env {
            name  = "CODER_AGENT_TOKEN"
            value = var.agent.token
          }

          resources {
            requests = {
              cpu    = "${local.cpu_cores * 250}m"
              memory = "${local.memory_gib * 512}Mi"
            }
            limits = {
              cpu    = local.cpu_cores
              memory = "${local.memory_gib}Gi"
            }
          }

          # restricted: no privilege escalation and no capability at all; baseline and privileged
          # namespaces keep the runtime's default capabilities so sudo-based images still work.
          security_context {
            run_as_user                = 1000
            run_as_non_root            = true
            allow_privilege_escalation = !local.restricted
            read_only_root_filesystem  = false

            capabilities {
              drop = local.restricted ? ["ALL"] : []
            }
          }

          volume_mount {
            name       = "home"
            mount_path = "/home/coder"
            read_only  = false
          }
        }

        volume {
          name = "home"

          persistent_volume_claim {
            claim_name = kubernetes_persistent_volume_claim.home.metadata[0].name
            read_only  = false
          }
        }

        affinity {
          # Spread workspaces over the nodes when there is room.
          pod_anti_affinity {
            preferred_during_scheduling_ignored_during_execution {
              weight = 1

              pod_affinity_term {
                topology_key = "kubernetes.io/hostname"

                label_selector {
                  match_expressions {
                    key      = "app.kubernetes.io/name"
                    operator = "In"
                    values   = ["coder-workspace"]
                  }
                }
              }
            }
          }
        }
      }
    }
  }
}

resource "coder_metadata" "workspace" {
  count       = data.coder_workspace.me.start_count
  resource_id = kubernetes_deployment.workspace[0].id

  dynamic "item" {
    for_each = merge({
      "CPU"          = "${local.cpu_cores} cores"
      "Memory"       = "${local.memory_gib} GiB"
      "Image"        = var.image
      "Namespace"    = local.environment.namespace
      "Pod security" = local.environment.pod_security_standard
    }, var.extra_metadata)
    content {
      key   = item.key
      value = item.value
    }
  }
}

resource "coder_metadata" "home" {
  resource_id = kubernetes_persistent_volume_claim.home.id

  item {
    key   = "Size"
    value = "${local.disk_gib} GiB"
  }
  item {
    key   = "Mounted at"
    value = "/home/coder"
  }
}
