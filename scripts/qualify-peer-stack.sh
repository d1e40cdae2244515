#!/usr/bin/env bash
# On Pulumi Cloud the secondary's StackReference needs the primary's fully qualified name
# (README, "Deploying for real"). The committed Pulumi.secondary.yaml says `peerStack: primary`
# (a bare name, for a diy backend and the offline plan); CI rewrites it in its own checkout only:
#
#   scripts/qualify-peer-stack.sh ORG [STACK_FILE]      # peerStack: primary -> ORG/twin-region/primary
#
# A peerStack that is already qualified (has a "/") is left as it is.
set -euo pipefail

org=${1:?usage: scripts/qualify-peer-stack.sh ORG [STACK_FILE]}
file=${2:-Pulumi.secondary.yaml}
key='twin-region:peerStack'

line=$(grep -E "^  ${key}: " "$file" || true)
if [ -z "$line" ]; then
  echo "::error::$file sets no ${key}: the secondary cannot find the primary" >&2
  exit 1
fi
peer=${line#*: }
if [[ "$peer" == */* ]]; then
  echo "$file: ${key} is already qualified ($peer)"
  exit 0
fi
sed -i -E "s#^  ${key}: .*#  ${key}: ${org}/twin-region/${peer}#" "$file"
echo "$file: ${key} = ${org}/twin-region/${peer}"
