#!/usr/bin/env bash
# React + TypeScript: the stack, installed into the home volume on every start (each step skips
# what a previous start left there). The shared module runs it after its startup-preamble.sh
# (~/.local/bin on the PATH, ~/project created) and brings code-server and the dotfiles.
set -eu

[ "$PACKAGE_MANAGER" = pnpm ] && corepack enable --install-directory "$HOME/.local/bin" pnpm

cd "$HOME/project"
if [ ! -f package.json ]; then
  npm create --yes vite@latest . -- --template react-ts --no-interactive
  git init -q
fi
"$PACKAGE_MANAGER" install
# Any host: the Coder app proxy serves the dev server under its own host name.
nohup ./node_modules/.bin/vite --host 0.0.0.0 --port 5173 --strictPort >/tmp/vite.log 2>&1 &
echo "React + TypeScript ready (port 5173)"
