#!/usr/bin/env bash
# Ionic: the stack, installed into the home volume on every start (each step skips
# what a previous start left there). code-server and the dotfiles come from the shared module.
set -eu
export PATH="$HOME/.local/bin:$PATH"
mkdir -p "$HOME/.local/bin" "$HOME/project"

npm install --global @ionic/cli @capacitor/cli

cd "$HOME/project"
if [ ! -f ionic.config.json ]; then
  ionic start project tabs --type="$IONIC_FRAMEWORK" --capacitor --no-git --no-interactive --no-link
  cp -a project/. . && rm -rf project
  git init -q
fi
nohup ionic serve --host 0.0.0.0 --port 8100 --no-open >/tmp/ionic.log 2>&1 &
echo "Ionic ready (port 8100)"
