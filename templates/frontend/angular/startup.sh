#!/usr/bin/env bash
# Angular: the stack, installed into the home volume on every start (each step skips
# what a previous start left there). The shared module runs it after its startup-preamble.sh
# (~/.local/bin on the PATH, ~/project created) and brings code-server and the dotfiles.
set -eu

npm install --global "@angular/cli@$ANGULAR_VERSION"

cd "$HOME/project"
if [ ! -f angular.json ]; then
  ng new project --directory . --routing --style=scss --skip-git --defaults
  git init -q
fi
npm install
nohup ng serve --host 0.0.0.0 --port 4200 --disable-host-check >/tmp/angular.log 2>&1 &
echo "Angular ready (port 4200)"
