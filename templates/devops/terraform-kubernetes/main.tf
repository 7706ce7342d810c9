# Coder workspace template: Terraform + Kubernetes tooling (kubectl, Helm, k9s, optional Ansible).
# One Deployment per started workspace runs the Coder agent; the home directory lives on a
# PersistentVolumeClaim that survives stops and restarts.

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

variable "use_kubeconfig" {
  type        = bool
  default     = false
  description = <<-EOT
    Use the kubeconfig of the machine running the Coder provisioner (~/.kube/config).
    Keep false when Coder runs inside the cluster that hosts the workspaces: the provisioner then
    authenticates with the service account of the Coder pod.
  EOT
}

variable "namespace" {
  type        = string
  default     = "coder"
  description = "Namespace in which workspaces are created. Coder's service account must be allowed to manage deployments and PVCs there."

  validation {
    condition     = can(regex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", var.namespace)) && length(var.namespace) <= 63
    error_message = "The namespace must be a Kubernetes name: lower-case letters, digits and '-', at most 63 characters."
  }
}

variable "workspace_image" {
  type        = string
  default     = "codercom/enterprise-base:ubuntu"
  description = "Container image of the workspace. It must provide bash, curl, git and a user with uid 1000."
}

variable "storage_class" {
  type        = string
  default     = ""
  description = "Storage class of the home volume. Empty uses the cluster default (sbs-default on Kapsule)."
}

provider "coder" {}

provider "kubernetes" {
  config_path = var.use_kubeconfig ? "~/.kube/config" : null
}

data "coder_provisioner" "me" {}

data "coder_workspace" "me" {}

data "coder_workspace_owner" "me" {}

data "coder_parameter" "cpu" {
  name         = "cpu"
  display_name = "CPU"
  description  = "CPU cores the workspace may use (limit). A quarter of it is reserved on the node."
  type         = "number"
  default      = "2"
  icon         = "/icon/memory.svg"
  mutable      = true
  order        = 1

  option {
    name  = "2 cores"
    value = "2"
  }
  option {
    name  = "4 cores"
    value = "4"
  }
  option {
    name  = "6 cores"
    value = "6"
  }
  option {
    name  = "8 cores"
    value = "8"
  }
}

data "coder_parameter" "memory" {
  name         = "memory"
  display_name = "Memory"
  description  = "Memory in GiB the workspace may use (limit). Half a GiB per GiB is reserved on the node."
  type         = "number"
  default      = "4"
  icon         = "/icon/memory.svg"
  mutable      = true
  order        = 2

  option {
    name  = "2 GiB"
    value = "2"
  }
  option {
    name  = "4 GiB"
    value = "4"
  }
  option {
    name  = "8 GiB"
    value = "8"
  }
  option {
    name  = "16 GiB"
    value = "16"
  }
}

data "coder_parameter" "disk_size" {
  name         = "disk_size"
  display_name = "Home disk size"
  description  = "Size in GiB of the persistent volume mounted at /home/coder. It cannot be changed after creation."
  type         = "number"
  default      = "20"
  icon         = "/emojis/1f4be.png"
  mutable      = false
  order        = 3

  validation {
    min   = 10
    max   = 200
    error = "The home disk must be between {min} and {max} GiB."
  }
}

data "coder_parameter" "terraform_version" {
  name         = "terraform_version"
  display_name = "Terraform version"
  description  = "Terraform release to install, as x.y.z, or latest."
  type         = "string"
  default      = "latest"
  icon         = "/icon/terraform.svg"
  mutable      = true
  order        = 4

  validation {
    regex = "^(latest|[0-9]+\\.[0-9]+\\.[0-9]+)$"
    error = "Use latest or a release number such as 1.13.4."
  }
}

data "coder_parameter" "install_ansible" {
  name         = "install_ansible"
  display_name = "Install Ansible"
  description  = "Install ansible-core (with its own Python, through uv) for configuration management."
  type         = "bool"
  default      = "false"
  icon         = "/icon/ansible.svg"
  mutable      = true
  order        = 5
}

locals {
  template_name     = "terraform-kubernetes"
  resource_name     = "coder-${data.coder_workspace.me.id}"
  cpu_cores         = tonumber(data.coder_parameter.cpu.value)
  memory_gib        = tonumber(data.coder_parameter.memory.value)
  disk_gib          = tonumber(data.coder_parameter.disk_size.value)
  terraform_version = data.coder_parameter.terraform_version.value
  install_ansible   = data.coder_parameter.install_ansible.value
  project_dir       = "/home/coder/project"

  # Selector labels never change for the life of a workspace; the others describe it.
  selector_labels = {
    "app.kubernetes.io/name"     = "coder-workspace"
    "app.kubernetes.io/instance" = "coder-workspace-${data.coder_workspace.me.id}"
  }
  labels = merge(local.selector_labels, {
    "app.kubernetes.io/part-of"    = "coder"
    "app.kubernetes.io/managed-by" = "coder"
    "com.coder.resource"           = "true"
    "com.coder.template"           = local.template_name
    "com.coder.workspace.id"       = data.coder_workspace.me.id
    "com.coder.workspace.name"     = data.coder_workspace.me.name
    "com.coder.user.id"            = data.coder_workspace_owner.me.id
    "com.coder.user.username"      = data.coder_workspace_owner.me.name
  })
  annotations = {
    "com.coder.user.email" = data.coder_workspace_owner.me.email
  }
}

resource "coder_agent" "main" {
  arch = data.coder_provisioner.me.arch
  os   = "linux"
  dir  = "/home/coder"

  env = {
    GIT_AUTHOR_NAME     = coalesce(data.coder_workspace_owner.me.full_name, data.coder_workspace_owner.me.name)
    GIT_AUTHOR_EMAIL    = data.coder_workspace_owner.me.email
    GIT_COMMITTER_NAME  = coalesce(data.coder_workspace_owner.me.full_name, data.coder_workspace_owner.me.name)
    GIT_COMMITTER_EMAIL = data.coder_workspace_owner.me.email
    KUBECONFIG          = "/home/coder/.kube/config"
    TF_PLUGIN_CACHE_DIR = "/home/coder/.terraform.d/plugin-cache"
  }

  startup_script = <<-EOT
    #!/usr/bin/env bash
    # The agent runs this with the user's login shell; keep it POSIX-safe in case that is not bash.
    set -eu
    (set -o pipefail) 2>/dev/null && set -o pipefail
    bin="$HOME/.local/bin"
    export PATH="$bin:$PATH"
    mkdir -p "$bin" "$HOME/.kube" "$TF_PLUGIN_CACHE_DIR" "${local.project_dir}"

    # The home volume starts empty: give it the image's default dotfiles once.
    if [ ! -f "$HOME/.coder-home-initialized" ]; then
      cp -rT /etc/skel "$HOME" || true
      touch "$HOME/.coder-home-initialized"
    fi

    case "$(uname -m)" in
      x86_64) arch=amd64 ;;
      aarch64 | arm64) arch=arm64 ;;
      *) echo "unsupported architecture $(uname -m)" >&2; exit 1 ;;
    esac

    extract_zip() {
      if command -v unzip >/dev/null 2>&1; then
        unzip -o -q "$1" -d "$2"
      else
        python3 -m zipfile -e "$1" "$2"
      fi
    }

    echo "Installing code-server"
    if [ ! -x /tmp/code-server/bin/code-server ]; then
      curl -fsSL https://code-server.dev/install.sh | sh -s -- --method=standalone --prefix=/tmp/code-server
    fi
    for extension in hashicorp.terraform ms-kubernetes-tools.vscode-kubernetes-tools redhat.vscode-yaml redhat.ansible; do
      /tmp/code-server/bin/code-server --install-extension "$extension" >/dev/null 2>&1 || echo "could not install $extension"
    done
    /tmp/code-server/bin/code-server --auth none --port 13337 --disable-telemetry >/tmp/code-server.log 2>&1 &

    tf_version="${local.terraform_version}"
    if [ "$tf_version" = "latest" ]; then
      tf_version="$(curl -fsSL https://checkpoint-api.hashicorp.com/v1/check/terraform | sed -n 's/.*"current_version":"\([^"]*\)".*/\1/p')"
    fi
    if ! "$bin/terraform" version 2>/dev/null | head -n 1 | grep -q "v$tf_version\$"; then
      echo "Installing Terraform $tf_version"
      download="$(mktemp -d)"
      curl -fsSL -o "$download/terraform.zip" \
        "https://releases.hashicorp.com/terraform/$tf_version/terraform_$${tf_version}_linux_$arch.zip"
      extract_zip "$download/terraform.zip" "$download"
      install -m 0755 "$download/terraform" "$bin/terraform"
      rm -rf "$download"
    fi

    if [ ! -x "$bin/kubectl" ]; then
      kubectl_version="$(curl -fsSL https://dl.k8s.io/release/stable.txt)"
      echo "Installing kubectl $kubectl_version"
      curl -fsSL -o "$bin/kubectl" "https://dl.k8s.io/release/$kubectl_version/bin/linux/$arch/kubectl"
      chmod 0755 "$bin/kubectl"
    fi

    if [ ! -x "$bin/helm" ]; then
      helm_version="$(curl -fsSL https://get.helm.sh/helm-latest-version)"
      echo "Installing Helm $helm_version"
      curl -fsSL "https://get.helm.sh/helm-$helm_version-linux-$arch.tar.gz" | tar -xzf - -C "$bin" --strip-components=1 "linux-$arch/helm"
    fi

    if [ ! -x "$bin/k9s" ]; then
      echo "Installing k9s"
      curl -fsSL "https://github.com/derailed/k9s/releases/latest/download/k9s_Linux_$arch.tar.gz" | tar -xzf - -C "$bin" k9s
    fi

    if [ "${local.install_ansible}" = "true" ] && [ ! -x "$bin/ansible" ]; then
      echo "Installing ansible-core"
      if ! command -v uv >/dev/null 2>&1; then
        curl -LsSf https://astral.sh/uv/install.sh | env UV_INSTALL_DIR="$bin" UV_NO_MODIFY_PATH=1 sh
      fi
      uv tool install --with ansible-lint ansible-core
    fi

    if ! grep -q 'coder-devops-tools' "$HOME/.bashrc" 2>/dev/null; then
      {
        echo 'export PATH="$HOME/.local/bin:$PATH" # coder-devops-tools'
        echo 'source <(kubectl completion bash)'
        echo 'source <(helm completion bash)'
        echo 'complete -C "$HOME/.local/bin/terraform" terraform'
        echo 'alias k=kubectl'
      } >> "$HOME/.bashrc"
    fi

    terraform version
    kubectl version --client
    helm version --short
    if [ ! -s "$KUBECONFIG" ]; then
      echo "No kubeconfig yet: copy one to $KUBECONFIG (for example the one published by phase 1) to use kubectl, Helm and k9s."
    fi
    echo "Workspace ready: Terraform, kubectl, Helm and k9s in $bin, code-server on port 13337"
  EOT

  display_apps {
    vscode                 = true
    vscode_insiders        = false
    web_terminal           = true
    ssh_helper             = true
    port_forwarding_helper = true
  }

  metadata {
    display_name = "CPU usage"
    key          = "cpu_usage"
    order        = 1
    script       = "coder stat cpu"
    interval     = 10
    timeout      = 1
  }

  metadata {
    display_name = "Memory usage"
    key          = "memory_usage"
    order        = 2
    script       = "coder stat mem"
    interval     = 10
    timeout      = 1
  }

  metadata {
    display_name = "Home disk"
    key          = "home_disk"
    order        = 3
    script       = "coder stat disk --path /home/coder"
    interval     = 60
    timeout      = 1
  }
}

resource "coder_app" "code_server" {
  agent_id     = coder_agent.main.id
  slug         = "code-server"
  display_name = "VS Code (browser)"
  url          = "http://localhost:13337/?folder=${local.project_dir}"
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

resource "coder_app" "k9s" {
  agent_id     = coder_agent.main.id
  slug         = "k9s"
  display_name = "k9s cluster console"
  icon         = "/icon/k8s.png"
  command      = "k9s"
  share        = "owner"
  order        = 2
}

resource "kubernetes_persistent_volume_claim" "home" {
  metadata {
    name        = "${local.resource_name}-home"
    namespace   = var.namespace
    labels      = merge(local.labels, { "app.kubernetes.io/component" = "home" })
    annotations = local.annotations
  }

  # Binding waits for the first pod when the class uses WaitForFirstConsumer.
  wait_until_bound = false

  spec {
    access_modes       = ["ReadWriteOnce"]
    storage_class_name = var.storage_class == "" ? null : var.storage_class

    resources {
      requests = {
        storage = "${local.disk_gib}Gi"
      }
    }
  }
}

resource "kubernetes_deployment" "main" {
  count = data.coder_workspace.me.start_count

  depends_on = [kubernetes_persistent_volume_claim.home]

  # The agent reports readiness to Coder; Terraform need not wait for the rollout.
  wait_for_rollout = false

  metadata {
    name        = local.resource_name
    namespace   = var.namespace
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
          image             = var.workspace_image
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

          security_context {
            run_as_user                = 1000
            run_as_non_root            = true
            allow_privilege_escalation = false
            read_only_root_filesystem  = false

            capabilities {
              drop = ["ALL"]
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
  resource_id = kubernetes_deployment.main[0].id

  item {
    key   = "CPU"
    value = "${local.cpu_cores} cores"
  }
  item {
    key   = "Memory"
    value = "${local.memory_gib} GiB"
  }
  item {
    key   = "Image"
    value = var.workspace_image
  }
  item {
    key   = "Stack"
    value = "Terraform ${local.terraform_version}, kubectl, Helm, k9s${local.install_ansible == "true" ? ", Ansible" : ""}"
  }
  item {
    key   = "Namespace"
    value = var.namespace
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
