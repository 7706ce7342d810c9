#!/usr/bin/env bash
# Ionic: the stack, installed into the home volume on every start (each step skips
# what a previous start left there). The shared module runs it after its startup-preamble.sh
# (~/.local/bin on the PATH, ~/project created) and brings code-server and the dotfiles.
set -eu

npm install --global @ionic/cli @capacitor/cli

cd "$HOME/project"
if [ ! -f ionic.config.json ]; then
  ionic start project tabs --type="$IONIC_FRAMEWORK" --capacitor --no-git --no-interactive --no-link
  cp -a project/. . && rm -rf project
  git init -q
fi
nohup ionic serve --host 0.0.0.0 --port 8100 --no-open >/tmp/ionic.log 2>&1 &
echo "Ionic ready (port 8100)"
