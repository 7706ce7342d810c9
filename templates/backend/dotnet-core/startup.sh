#!/usr/bin/env bash
# .NET Core: the stack, installed into the home volume on every start (each step skips
# what a previous start left there). The shared module runs it after its startup-preamble.sh
# (~/.local/bin on the PATH, ~/project created) and brings code-server and the dotfiles.
set -eu

if ! "$HOME/.dotnet/dotnet" --list-sdks 2>/dev/null | grep -q "^$DOTNET_CHANNEL\."; then
  curl -fsSL https://dot.net/v1/dotnet-install.sh | bash -s -- --channel "$DOTNET_CHANNEL" --install-dir "$HOME/.dotnet"
fi
export DOTNET_ROOT="$HOME/.dotnet" PATH="$HOME/.dotnet:$HOME/.dotnet/tools:$PATH"
grep -q 'DOTNET_ROOT' "$HOME/.bashrc" 2>/dev/null ||
  echo 'export DOTNET_ROOT="$HOME/.dotnet" PATH="$HOME/.dotnet:$HOME/.dotnet/tools:$PATH"' >>"$HOME/.bashrc"

cd "$HOME/project"
if ! ls ./*.csproj >/dev/null 2>&1; then
  dotnet new webapi --name Project --output . --framework "net$DOTNET_CHANNEL"
  dotnet new gitignore
  git init -q
fi
nohup dotnet watch run --no-launch-profile >/tmp/aspnetcore.log 2>&1 &
echo ".NET Core ready (port 5000)"
