#!/usr/bin/env bash
# R Studio: the stack, installed into the home volume on every start (each step skips
# what a previous start left there). The shared module runs it after its startup-preamble.sh
# (~/.local/bin on the PATH, ~/project created) and brings code-server and the dotfiles.
set -eu

mkdir -p "$R_LIBS_USER"
# shellcheck disable=SC2086 # one word per package
Rscript -e 'args <- commandArgs(TRUE); missing <- setdiff(args, rownames(installed.packages())); if (length(missing)) install.packages(missing, lib = Sys.getenv("R_LIBS_USER"), repos = "https://cloud.r-project.org")' \
  tidyverse $EXTRA_R_PACKAGES

# RStudio Server normally runs as root with PAM logins; here it runs as uid 1000 behind Coder.
mkdir -p "$HOME/.local/share/rstudio-server/run" "$HOME/.local/share/rstudio-server/data"
printf 'provider=sqlite\ndirectory=%s\n' "$HOME/.local/share/rstudio-server/data" >"$HOME/.local/share/rstudio-server/database.conf"
nohup /usr/lib/rstudio-server/bin/rserver --server-daemonize=0 --www-port=8787 --auth-none=1 --server-user="$(id -un)" \
  --server-data-dir="$HOME/.local/share/rstudio-server/run" --database-config-file="$HOME/.local/share/rstudio-server/database.conf" \
  >/tmp/rstudio.log 2>&1 &
echo "R Studio ready (port 8787)"
