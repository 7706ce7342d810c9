#!/usr/bin/env bash
# Python Django + CrewAI: the stack, installed into the home volume on every start (each step skips
# what a previous start left there). The shared module runs it after its startup-preamble.sh
# (~/.local/bin on the PATH, ~/project created) and brings code-server and the dotfiles.
set -eu

command -v uv >/dev/null 2>&1 ||
  curl -LsSf https://astral.sh/uv/install.sh | env UV_INSTALL_DIR="$HOME/.local/bin" UV_NO_MODIFY_PATH=1 sh
venv="$HOME/.venvs/project"
[ -x "$venv/bin/python" ] || uv venv --python "$PYTHON_VERSION" "$venv"
uv pip install --python "$venv/bin/python" "django~=$DJANGO_VERSION.0" djangorestframework django-environ \
  crewai crewai-tools "psycopg[binary]" pgcli pytest-django
grep -q '.venvs/project/bin/activate' "$HOME/.bashrc" 2>/dev/null ||
  echo '. "$HOME/.venvs/project/bin/activate"' >>"$HOME/.bashrc"

if [ "$INSTALL_CLAUDE_CODE" = true ] && ! command -v claude >/dev/null 2>&1; then
  curl -fsSL https://claude.ai/install.sh | bash || echo "the Claude Code CLI could not be installed"
fi

cd "$HOME/project"
if [ ! -f manage.py ]; then
  "$venv/bin/django-admin" startproject config .
  # The dev server is reached through the Coder proxy, whose host name is not localhost.
  sed -i 's/^ALLOWED_HOSTS = \[\]/ALLOWED_HOSTS = ["*"]/' config/settings.py
  git init -q
fi
"$venv/bin/python" manage.py migrate --noinput
nohup "$venv/bin/python" manage.py runserver 0.0.0.0:8000 >/tmp/django.log 2>&1 &
echo "Python Django + CrewAI ready (port 8000)"
