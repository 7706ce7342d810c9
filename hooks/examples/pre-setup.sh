#!/usr/bin/env bash
# Example pre-setup hook. To activate it, copy it to hooks/pre-setup.sh and adapt it.
#
# The setup runs hooks/pre-setup.sh (when present) before anything is created, with:
#   ENVIRONMENT   dev | staging | prod
#   TEMPLATE      the template chosen with --template, empty when the environment's list is used
#   PROJECT_ROOT  root of this repository
#   KUBECONFIG    where the environment's kubeconfig is (or will be) written
# A non-zero exit stops the setup before any resource is created; everything printed goes to the
# run's log, so never print secrets here.
set -euo pipefail

fail() {
  echo "pre-setup: $*" >&2
  exit 1
}

: "${ENVIRONMENT:?ENVIRONMENT must be set}"
: "${PROJECT_ROOT:?PROJECT_ROOT must be set}"
TEMPLATE="${TEMPLATE:-}"

echo "pre-setup: environment=$ENVIRONMENT template=${TEMPLATE:-<environment list>} project=$PROJECT_ROOT"

case "$ENVIRONMENT" in
  dev | staging | prod) ;;
  *) fail "unknown environment '$ENVIRONMENT' (expected dev, staging or prod)" ;;
esac

spec="$PROJECT_ROOT/deploy/environments/$ENVIRONMENT.yaml"
[ -f "$spec" ] || fail "environment spec $spec not found"

# A requested template must exist as templates/<category>/<name>/main.tf.
if [ -n "$TEMPLATE" ]; then
  found="$(find "$PROJECT_ROOT/templates" -mindepth 3 -maxdepth 3 -path "*/$TEMPLATE/main.tf" -print -quit)"
  [ -n "$found" ] || fail "template '$TEMPLATE' not found under $PROJECT_ROOT/templates"
fi

# Credentials come from the environment, never from files in the repository.
for name in SCW_ACCESS_KEY SCW_SECRET_KEY SCW_DEFAULT_PROJECT_ID; do
  if [ -z "${!name:-}" ]; then
    echo "pre-setup: warning: $name is not set (fine with --sandbox, required against Scaleway)" >&2
  fi
done
if git -C "$PROJECT_ROOT" ls-files --error-unmatch .env >/dev/null 2>&1; then
  fail "a .env file is tracked by git; credentials must not live in the repository"
fi

# Production is deployed only from a clean checkout of main, so what runs is what was reviewed.
if [ "$ENVIRONMENT" = "prod" ] && git -C "$PROJECT_ROOT" rev-parse --git-dir >/dev/null 2>&1; then
  branch="$(git -C "$PROJECT_ROOT" rev-parse --abbrev-ref HEAD)"
  [ "$branch" = "main" ] || [ "$branch" = "HEAD" ] || fail "prod is deployed from main, not from '$branch'"
  if [ -n "$(git -C "$PROJECT_ROOT" status --porcelain --untracked-files=no)" ]; then
    fail "prod is deployed from a clean working tree; commit or stash the local changes first"
  fi
fi

# Optional team notification; the webhook URL is itself a secret and is not printed.
if [ -n "${SLACK_WEBHOOK_URL:-}" ] && command -v curl >/dev/null 2>&1; then
  payload="$(printf '{"text":"Setup of *%s* starting (template: %s) by %s"}' \
    "$ENVIRONMENT" "${TEMPLATE:-environment list}" "${GITHUB_ACTOR:-${USER:-unknown}}")"
  curl -fsS -m 10 -X POST -H 'Content-Type: application/json' --data "$payload" "$SLACK_WEBHOOK_URL" >/dev/null \
    || echo "pre-setup: warning: Slack notification failed" >&2
fi

echo "pre-setup: checks passed"
