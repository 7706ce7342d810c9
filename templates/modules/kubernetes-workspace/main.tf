# What every Kubernetes workspace of coder-bootstrap has: the agent, the parameters (cpu, memory and
# disk, Node.js for a Node.js stack, and the stack's own from the template's workspace.yaml), a
# PersistentVolumeClaim at /home/coder kept while the workspace is stopped, a Deployment started
# with the workspace that runs the agent, code-server, and the stack's apps. Pushing a template
# copies this folder into its archive as modules/kubernetes-workspace.

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

locals {
  shared_parameters = yamldecode(file("${path.module}/parameters.yaml"))

  # The workspace's parameters, then Node.js's for a Node.js stack, then the stack's own: one
  # shape, so that a single coder_parameter block declares them all in this order.
  parameters = {
    for index, parameter in concat(
      local.shared_parameters.workspace,
      [for parameter in local.shared_parameters.nodejs : parameter if var.workspace.nodejs],
      var.workspace.parameters,
      ) : parameter.name => {
      display_name = parameter.display_name
      description  = parameter.description
      type         = try(coalesce(parameter.type), "string")
      default      = tostring(lookup(var.workspace.resources, parameter.name, parameter.default))
      icon         = try(parameter.icon, null)
      mutable      = try(coalesce(parameter.mutable), true)
      options      = try(coalesce(parameter.options), [])
      validation   = try(parameter.validation == null ? [] : [parameter.validation], [])
      env          = try(parameter.env, null)
      metadata     = try(parameter.metadata, null)
      order        = index + 1
    }
  }
}

data "coder_parameter" "workspace" {
  for_each = local.parameters

  name         = each.key
  display_name = each.value.display_name
  description  = each.value.description
  type         = each.value.type
  default      = each.value.default
  icon         = each.value.icon
  mutable      = each.value.mutable
  order        = each.value.order

  dynamic "option" {
    for_each = each.value.options
    content {
      name  = option.value.name
      value = option.value.value
    }
  }

  dynamic "validation" {
    for_each = each.value.validation
    content {
      min   = try(validation.value.min, null)
      max   = try(validation.value.max, null)
      regex = try(validation.value.regex, null)
      error = try(validation.value.error, null)
    }
  }
}

locals {
  resource_name = "coder-${data.coder_workspace.me.id}"
  cpu_cores     = tonumber(data.coder_parameter.workspace["cpu"].value)
  memory_gib    = tonumber(data.coder_parameter.workspace["memory"].value)
  disk_gib      = tonumber(data.coder_parameter.workspace["disk_size"].value)
  restricted    = local.environment.pod_security_standard == "restricted"
  owner_name    = coalesce(data.coder_workspace_owner.me.full_name, data.coder_workspace_owner.me.name)

  git_env = {
    GIT_AUTHOR_NAME     = local.owner_name
    GIT_AUTHOR_EMAIL    = data.coder_workspace_owner.me.email
    GIT_COMMITTER_NAME  = local.owner_name
    GIT_COMMITTER_EMAIL = data.coder_workspace_owner.me.email
  }

  agent_env = merge(
    local.git_env,
    { for name, value in { NPM_CONFIG_PREFIX = "/home/coder/.local" } : name => value if var.workspace.nodejs },
    var.workspace.env,
    { for name, file_name in var.workspace.env_files : name => file("${path.root}/${file_name}") },
    { for name, parameter in local.parameters : parameter.env => data.coder_parameter.workspace[name].value if parameter.env != null },
  )
  stack_metadata = { for name, parameter in local.parameters : parameter.metadata => data.coder_parameter.workspace[name].value if parameter.metadata != null }

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

# The preamble and the Node.js lines come first in the one script: a separate coder_script would
# run concurrently with the stack's.
resource "coder_agent" "main" {
  arch = data.coder_provisioner.me.arch
  os   = "linux"
  startup_script = join("\n", concat(
    [file("${path.module}/startup-preamble.sh")],
    [for script in [file("${path.module}/install-node.sh")] : script if var.workspace.nodejs],
    [var.startup_script],
  ))
  env = local.agent_env
}

resource "coder_script" "code_server" {
  agent_id     = coder_agent.main.id
  display_name = "code-server"
  icon         = "/icon/code.svg"
  run_on_start = true
  script = templatefile("${path.module}/code-server.sh", {
    extensions = join(" ", var.workspace.code_server_extensions)
  })
}

resource "coder_app" "code_server" {
  agent_id     = coder_agent.main.id
  slug         = "code-server"
  display_name = "VS Code (browser)"
  url          = "http://localhost:13337/?folder=${var.workspace.ide_folder}"
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

# A web app (port) opens localhost:port through Coder; a terminal app (command) runs in the web terminal.
resource "coder_app" "stack" {
  for_each = { for index, app in var.workspace.apps : app.slug => merge(app, { order = index + 2 }) }

  agent_id     = coder_agent.main.id
  slug         = each.value.slug
  display_name = each.value.display_name
  url          = each.value.port == null ? null : "http://localhost:${each.value.port}"
  command      = each.value.command
  icon         = each.value.icon
  subdomain    = each.value.port == null ? null : local.environment.subdomain_apps
  share        = "owner"
  order        = each.value.order

  dynamic "healthcheck" {
    for_each = each.value.port == null ? [] : [each.value]
    content {
      url       = "http://localhost:${healthcheck.value.port}${healthcheck.value.health_path}"
      interval  = 10
      threshold = 30
    }
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
        node_selector                    = var.workspace.node_selector

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
          image             = var.workspace.image
          image_pull_policy = "Always"
          command           = ["sh", "-c", coder_agent.main.init_script]

          env {
            name  = "CODER_AGENT_TOKEN"
            value = coder_agent.main.token
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
      "Image"        = var.workspace.image
      "Namespace"    = local.environment.namespace
      "Pod security" = local.environment.pod_security_standard
    }, local.stack_metadata)
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
