#!/usr/bin/env bash
# Releases what `pulumi up` of a stack published, after the update (README, "Delivery"):
#   1. the functions: every `live` alias behind its newest version is shifted by CodeDeploy
#      (scripts/release-functions.ts; canary, linear or all at once, rolled back on the release alarm);
#   2. the web service, when the stack releases it blue/green (webDeployment: blue-green): a
#      CodeDeploy deployment of the task definition revision the update registered, unless the
#      service's primary task set already runs it.
# Exits non-zero when a release fails or is rolled back.
#
#   scripts/release-stack.sh <org>/twin-region/primary
set -euo pipefail
stack="${1:?usage: scripts/release-stack.sh STACK}"

state="$(mktemp)"
trap 'rm -f "$state"' EXIT
pulumi stack export --stack "$stack" >"$state"
npx tsx scripts/release-functions.ts "$state"

request="$(pulumi stack output --stack "$stack" webReleaseRequest 2>/dev/null || true)"
if [ -z "$request" ]; then
  echo "web service: released by ECS's rolling update during pulumi up (webDeployment rolling)"
  exit 0
fi
cluster="$(pulumi stack output --stack "$stack" webClusterName)"
service="$(pulumi stack output --stack "$stack" webServiceName)"
region="$(pulumi stack output --stack "$stack" region)"
wanted="$(node -e 'const r = JSON.parse(process.argv[1]); const spec = JSON.parse(r.revision.appSpecContent.content); console.log(spec.Resources[0].TargetService.Properties.TaskDefinition)' "$request")"
running="$(aws ecs describe-services --region "$region" --cluster "$cluster" --services "$service" \
  --query 'services[0].taskSets[?status==`PRIMARY`].taskDefinition | [0]' --output text)"
if [ "$running" = "$wanted" ]; then
  echo "web service: already runs ${wanted##*/}; nothing to release"
  exit 0
fi
echo "web service: releasing ${wanted##*/} (running ${running##*/}) blue/green"
id="$(aws deploy create-deployment --region "$region" --cli-input-json "$request" --query deploymentId --output text)"
echo "web service: CodeDeploy deployment $id"
aws deploy wait deployment-successful --region "$region" --deployment-id "$id"
