#!/usr/bin/env bash
# Flutter: the stack, installed into the home volume on every start (each step skips
# what a previous start left there). The shared module runs it after its startup-preamble.sh
# (~/.local/bin on the PATH, ~/project created) and brings code-server and the dotfiles.
set -eu

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
