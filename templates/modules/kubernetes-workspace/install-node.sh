#!/usr/bin/env bash
# Installs fnm and the NODE_VERSION line into the home volume and puts node, npm and npx on the PATH.
set -eu
fnm_dir="$HOME/.local/share/fnm"
if [ ! -x "$fnm_dir/fnm" ]; then
  curl -fsSL https://fnm.vercel.app/install | bash -s -- --install-dir "$fnm_dir" --skip-shell
fi
export PATH="$fnm_dir:$HOME/.local/bin:$PATH"
fnm install "$NODE_VERSION"
fnm default "$NODE_VERSION"
eval "$(fnm env --shell bash)"
if ! grep -q 'coder-fnm' "$HOME/.bashrc" 2>/dev/null; then
  echo 'export PATH="$HOME/.local/share/fnm:$HOME/.local/bin:$PATH"; eval "$(fnm env --shell bash)" # coder-fnm' >>"$HOME/.bashrc"
fi
node --version
