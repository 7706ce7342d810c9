#!/usr/bin/env bash
# SvelteKit: the stack, installed into the home volume on every start (each step skips
# what a previous start left there). code-server and the dotfiles come from the shared module.
set -eu
export PATH="$HOME/.local/bin:$PATH"
mkdir -p "$HOME/.local/bin" "$HOME/project"

cd "$HOME/project"
if [ ! -f svelte.config.js ]; then
  npx --yes sv create . --template minimal --types ts --no-add-ons --install npm
  git init -q
fi
npm install
nohup npm run dev -- --host 0.0.0.0 --port 5173 >/tmp/sveltekit.log 2>&1 &
echo "SvelteKit ready (port 5173)"
