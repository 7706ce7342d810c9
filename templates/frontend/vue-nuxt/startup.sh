#!/usr/bin/env bash
# Vue.js + Nuxt: the stack, installed into the home volume on every start (each step skips
# what a previous start left there). The shared module runs it after its startup-preamble.sh
# (~/.local/bin on the PATH, ~/project created) and brings code-server and the dotfiles.
set -eu

cd "$HOME/project"
if [ ! -f nuxt.config.ts ]; then
  npx --yes nuxi@latest init . --packageManager npm --gitInit --force --no-install
fi
npm install
nohup npx nuxi dev --host 0.0.0.0 --port 3000 >/tmp/nuxt.log 2>&1 &
echo "Vue.js + Nuxt ready (port 3000)"
