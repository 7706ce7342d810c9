#!/usr/bin/env bash
# Kubernetes + Helm: the stack, installed into the home volume on every start (each step skips
# what a previous start left there). The shared module runs it after its startup-preamble.sh
# (~/.local/bin on the PATH, ~/project created) and brings code-server and the dotfiles.
set -eu

bin="$HOME/.local/bin"
arch=amd64
[ "$(uname -m)" = aarch64 ] && arch=arm64
if [ ! -x "$bin/kubectl" ]; then
  curl -fsSL -o "$bin/kubectl" "https://dl.k8s.io/release/$(curl -fsSL https://dl.k8s.io/release/stable.txt)/bin/linux/$arch/kubectl"
  chmod 0755 "$bin/kubectl"
fi
"$bin/helm" version --short 2>/dev/null | grep -q "^$HELM_VERSION" ||
  curl -fsSL "https://get.helm.sh/helm-$HELM_VERSION-linux-$arch.tar.gz" | tar -xzf - -C "$bin" --strip-components=1 "linux-$arch/helm"
helm plugin list | grep -q '^diff' || helm plugin install https://github.com/databus23/helm-diff
[ -x "$bin/kustomize" ] || curl -fsSL "https://raw.githubusercontent.com/kubernetes-sigs/kustomize/master/hack/install_kustomize.sh" | bash -s -- "$bin"
[ -x "$bin/k9s" ] || curl -fsSL "https://github.com/derailed/k9s/releases/latest/download/k9s_Linux_$arch.tar.gz" | tar -xzf - -C "$bin" k9s
for tool in kubectx kubens; do
  [ -x "$bin/$tool" ] || curl -fsSL -o "$bin/$tool" "https://raw.githubusercontent.com/ahmetb/kubectx/master/$tool" && chmod 0755 "$bin/$tool"
done
if ! grep -q 'coder-kube-tools' "$HOME/.bashrc" 2>/dev/null; then
  printf '%s\n' '# coder-kube-tools' 'source <(kubectl completion bash)' 'source <(helm completion bash)' 'alias k=kubectl' >>"$HOME/.bashrc"
fi
[ -s "$KUBECONFIG" ] || echo "No kubeconfig yet: copy one to $KUBECONFIG to use kubectl, Helm and k9s"
echo "Kubernetes + Helm ready"
