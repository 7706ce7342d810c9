#!/usr/bin/env bash
# SvelteKit: the stack, installed into the home volume on every start (each step skips
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
if [ ! -f svelte.config.js ]; then
  npx --yes sv create . --template minimal --types ts --no-add-ons --install npm
  git init -q
fi
npm install
nohup npm run dev -- --host 0.0.0.0 --port 5173 >/tmp/sveltekit.log 2>&1 &
echo "SvelteKit ready (port 5173)"
