#!/usr/bin/env bash
# SvelteKit: the stack, installed into the home volume on every start (each step skips
# what a previous start left there). The shared module runs it after its startup-preamble.sh
# (~/.local/bin on the PATH, ~/project created) and brings code-server and the dotfiles.
set -eu

cd "$HOME/project"
if [ ! -f svelte.config.js ]; then
  npx --yes sv create . --template minimal --types ts --no-add-ons --install npm
  git init -q
fi
npm install
nohup npm run dev -- --host 0.0.0.0 --port 5173 >/tmp/sveltekit.log 2>&1 &
echo "SvelteKit ready (port 5173)"
