#!/usr/bin/env bash
# Angular: the stack, installed into the home volume on every start (each step skips
# what a previous start left there). code-server and the dotfiles come from the shared module.
set -eu
export PATH="$HOME/.local/bin:$PATH"
mkdir -p "$HOME/.local/bin" "$HOME/project"

npm install --global "@angular/cli@$ANGULAR_VERSION"

cd "$HOME/project"
if [ ! -f angular.json ]; then
  ng new project --directory . --routing --style=scss --skip-git --defaults
  git init -q
fi
npm install
nohup ng serve --host 0.0.0.0 --port 4200 --disable-host-check >/tmp/angular.log 2>&1 &
echo "Angular ready (port 4200)"
