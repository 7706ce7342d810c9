#!/usr/bin/env bash
# Vue.js + Nuxt: the stack, installed into the home volume on every start (each step skips
# what a previous start left there). code-server and the dotfiles come from the shared module.
set -eu
(set -o pipefail) 2>/dev/null && set -o pipefail
export PATH="$HOME/.local/bin:$PATH"
mkdir -p "$HOME/.local/bin" "$HOME/project"

if ! command -v fnm >/dev/null 2>&1; then
  curl -fsSL https://fnm.vercel.app/install | bash -s -- --install-dir "$HOME/.local/share/fnm" --skip-shell
fi
export PATH="$HOME/.local/share/fnm:$PATH"
fnm install "$NODE_VERSION" && fnm default "$NODE_VERSION"
eval "$(fnm env --shell bash)"

cd "$HOME/project"
if [ ! -f nuxt.config.ts ]; then
  npx --yes nuxi@latest init . --packageManager npm --gitInit --force --no-install
fi
npm install
nohup npx nuxi dev --host 0.0.0.0 --port 3000 >/tmp/nuxt.log 2>&1 &
echo "Vue.js + Nuxt ready (port 3000)"
