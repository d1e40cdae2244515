#!/usr/bin/env bash
# The policy pack is published from a tag policy-vX.Y.Z whose X.Y.Z is policy/package.json's
# version (the version Pulumi Cloud records for the pack): anything else stops the publish.
#
#   scripts/policy-tag.sh policy-v0.1.0
set -euo pipefail

tag=${1:?usage: scripts/policy-tag.sh TAG}
root=$(cd "$(dirname "$0")/.." && pwd)
version=$(node -p 'require(process.argv[1]).version' "$root/policy/package.json")
if [ "$tag" != "policy-v$version" ]; then
  echo "::error title=Policy tag::the tag \"$tag\" does not name the pack's version: policy/package.json says $version, so the tag is policy-v$version"
  exit 1
fi
echo "The tag $tag names the pack's version $version."
