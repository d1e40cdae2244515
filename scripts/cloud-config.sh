#!/usr/bin/env bash
# Decides whether the workflows' cloud jobs (pulumi preview, pulumi up, pulumi policy publish) can
# run: each argument names a repository variable that must be set, passed to this step in the
# environment under the same name (a job-level `if:` cannot read secrets, and these are variables).
#
#   PULUMI_ORG=... AWS_PREVIEW_ROLE_ARN_PRIMARY=... scripts/cloud-config.sh "pulumi preview" PULUMI_ORG AWS_PREVIEW_ROLE_ARN_PRIMARY
#
# Writes configured=true|false to $GITHUB_OUTPUT and, when something is missing, a notice naming
# every missing variable. Always exits 0 (an unconfigured fork or new repository is not a failure),
# except 2 on wrong usage.
set -euo pipefail

if [ "$#" -lt 2 ]; then
  echo "usage: scripts/cloud-config.sh WHAT VARIABLE..." >&2
  exit 2
fi
what=$1
shift

missing=()
for name in "$@"; do
  if [[ ! "$name" =~ ^[A-Z][A-Z0-9_]*$ ]]; then
    echo "scripts/cloud-config.sh: \"$name\" is not a variable name" >&2
    exit 2
  fi
  if [ -z "${!name:-}" ]; then missing+=("$name"); fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "Cloud credentials configured: $what runs."
  configured=true
else
  list=$(printf ', %s' "${missing[@]}")
  echo "::notice title=${what} skipped::${what} needs the repository variables ${list:2} (Settings > Secrets and variables > Actions > Variables; see README, Delivery). Until they are set, only the credential-free checks run."
  configured=false
fi
if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "configured=$configured" >>"$GITHUB_OUTPUT"; fi
