#!/usr/bin/env bash
# Flutter: the stack, installed into the home volume on every start (each step skips
# what a previous start left there). code-server and the dotfiles come from the shared module.
set -eu
export PATH="$HOME/.local/bin:$PATH"
mkdir -p "$HOME/.local/bin" "$HOME/project"

sdk="$HOME/.local/flutter"
[ -d "$sdk/.git" ] || git clone --depth 1 --branch "$FLUTTER_CHANNEL" https://github.com/flutter/flutter.git "$sdk"
export PATH="$sdk/bin:$PATH"
grep -q 'local/flutter/bin' "$HOME/.bashrc" 2>/dev/null || echo 'export PATH="$HOME/.local/flutter/bin:$PATH"' >>"$HOME/.bashrc"
flutter --disable-analytics >/dev/null
flutter config --no-analytics --enable-web >/dev/null
flutter precache --web

cd "$HOME/project"
if [ ! -f pubspec.yaml ]; then
  flutter create --project-name project --platforms web,android .
  git init -q
fi
flutter pub get
nohup flutter run -d web-server --web-hostname 0.0.0.0 --web-port 8090 >/tmp/flutter.log 2>&1 &
echo "Flutter ready (port 8090)"
