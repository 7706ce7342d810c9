#!/usr/bin/env bash
# Terraform + Ansible: the stack, installed into the home volume on every start (each step skips
# what a previous start left there). The shared module runs it after its startup-preamble.sh
# (~/.local/bin on the PATH, ~/project created) and brings code-server and the dotfiles.
set -eu

bin="$HOME/.local/bin"
mkdir -p "$TF_PLUGIN_CACHE_DIR"
case "$(uname -m)" in aarch64 | arm64) arch=arm64 ;; *) arch=amd64 ;; esac
if ! "$bin/terraform" version 2>/dev/null | grep -q "v$TERRAFORM_VERSION\$"; then
  echo "Installing Terraform $TERRAFORM_VERSION"
  curl -fsSL -o /tmp/terraform.zip "https://releases.hashicorp.com/terraform/$TERRAFORM_VERSION/terraform_${TERRAFORM_VERSION}_linux_$arch.zip"
  python3 -m zipfile -e /tmp/terraform.zip /tmp/terraform-unzipped && install -m 0755 /tmp/terraform-unzipped/terraform "$bin/terraform"
  rm -rf /tmp/terraform.zip /tmp/terraform-unzipped
fi
[ -x "$bin/tflint" ] || curl -fsSL https://raw.githubusercontent.com/terraform-linters/tflint/master/install_linux.sh | TFLINT_INSTALL_PATH="$bin" bash
[ -x "$bin/kubectl" ] || { curl -fsSL -o "$bin/kubectl" "https://dl.k8s.io/release/$(curl -fsSL https://dl.k8s.io/release/stable.txt)/bin/linux/$arch/kubectl" && chmod 0755 "$bin/kubectl"; }

if [ "$INSTALL_ANSIBLE" = true ]; then
  [ -x "$bin/uv" ] || curl -LsSf https://astral.sh/uv/install.sh | env UV_INSTALL_DIR="$bin" UV_NO_MODIFY_PATH=1 sh
  [ -x "$bin/ansible" ] || "$bin/uv" tool install --with ansible-lint ansible-core
fi
grep -q 'complete -C' "$HOME/.bashrc" 2>/dev/null || echo 'complete -C "$HOME/.local/bin/terraform" terraform' >>"$HOME/.bashrc"
terraform version
echo "Terraform + Ansible ready"
