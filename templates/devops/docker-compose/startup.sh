#!/usr/bin/env bash
# Docker Compose: the stack, installed into the home volume on every start (each step skips
# what a previous start left there). The shared module runs it after its startup-preamble.sh
# (~/.local/bin on the PATH, ~/project created) and brings code-server and the dotfiles.
set -eu

bin="$HOME/.local/bin" plugins="$HOME/.docker/cli-plugins"
mkdir -p "$plugins"
machine="$(uname -m)"
if [ ! -x "$bin/docker" ]; then
  curl -fsSL "https://download.docker.com/linux/static/stable/$machine/docker-28.3.0.tgz" | tar -xzf - -C "$bin" --strip-components=1 docker/docker
fi
[ -x "$plugins/docker-compose" ] ||
  curl -fsSL -o "$plugins/docker-compose" "https://github.com/docker/compose/releases/latest/download/docker-compose-linux-$machine"
chmod 0755 "$plugins/docker-compose"
[ -x "$bin/lazydocker" ] || curl -fsSL https://raw.githubusercontent.com/jesseduffield/lazydocker/master/scripts/install_update_linux.sh | DIR="$bin" bash
[ -x "$bin/dive" ] || curl -fsSL "https://github.com/wagoodman/dive/releases/download/v0.13.1/dive_0.13.1_linux_amd64.tar.gz" | tar -xzf - -C "$bin" dive

cd "$HOME/project"
if [ ! -f compose.yaml ]; then
  printf 'services:\n  web:\n    image: nginx:alpine\n    ports:\n      - "8080:80"\n' >compose.yaml
fi
if [ -n "$DOCKER_HOST" ]; then
  docker version --format 'Docker engine {{.Server.Version}} at '"$DOCKER_HOST" || echo "the Docker engine at $DOCKER_HOST does not answer"
else
  echo "No Docker engine configured: set the docker_host parameter to use docker compose"
fi
echo "Docker Compose ready (port 8080)"
