#!/usr/bin/env bash
# The pull-request plan (.github/workflows/pull-request.yml, job "plan"), runnable anywhere:
#
#   BASE_SHA=$(git merge-base origin/main HEAD) scripts/pr-plan.sh base   # the base's plan -> $PLAN_DIR/base.json
#   scripts/pr-plan.sh head                                              # this checkout's plan, diff and report
#   scripts/pr-plan.sh verdict                                           # fails on exit code 1 or 2
#
# Environment (GitHub Actions sets the GITHUB_* and RUNNER_* ones; elsewhere they are optional):
#   PLAN_DIR             where the files go (default .plan/pr): plan.json, plan.mmd, plan-report.md,
#                        plan.log, base.json (when the base planned), base-note.md (when it did not)
#   BASE_SHA             the commit to compare with (base); without it there is no diff
#   BASE_NODE_MODULES    base: link this node_modules into the base's tree instead of `npm ci` there
#                        (a local run, and the test, reuse the installed one; CI installs the base's own lockfile)
#   RUNNER_TEMP          scratch space for the base's tree (default: a mktemp directory)
#   GITHUB_OUTPUT        head writes exit-code=N and diff=true|false to it
#   GITHUB_STEP_SUMMARY  head appends the report to it
#   PLAN_EXIT            verdict: the exit code head wrote (default: $PLAN_DIR/exit-code)
#
# `npm start` exit codes: 0 plan identical to the base (or no base), 3 the plan differs from the
# base, 1 a mandatory policy violation or a missed recovery target, 2 a config or usage error.
# head itself always exits 0 once it has written its report, so that the workflow can upload the
# files and comment before verdict fails the check.
set -euo pipefail

MARKER='<!-- twin-region-plan -->'
PLAN_DIR=${PLAN_DIR:-.plan/pr}
mkdir -p "$PLAN_DIR"
PLAN_DIR=$(cd "$PLAN_DIR" && pwd)

output() { if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "$1" >>"$GITHUB_OUTPUT"; fi; }

# The base commit planned in a tree of its own (git archive: no worktree to register or clean up).
plan_base() {
  rm -f "$PLAN_DIR/base.json" "$PLAN_DIR/base-note.md"
  local sha=${BASE_SHA:-}
  unavailable() {
    echo "::notice title=No plan diff::$1"
    printf '%s\n' "$1" >"$PLAN_DIR/base-note.md"
    output "base=false"
  }
  if [ -z "$sha" ]; then
    unavailable "No base commit given (BASE_SHA): the plan is shown without a diff."
    return 0
  fi
  if ! git cat-file -e "$sha^{commit}" 2>/dev/null; then
    git fetch --no-tags --depth=1 origin "$sha" >/dev/null 2>&1 || true
  fi
  if ! git cat-file -e "$sha^{commit}" 2>/dev/null; then
    unavailable "The base commit $sha is not in this clone: the plan is shown without a diff."
    return 0
  fi
  local tree
  tree=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/twin-region-base.XXXXXX")
  git archive "$sha" | tar -x -C "$tree"
  local log="$PLAN_DIR/base.log"
  (
    cd "$tree"
    if [ -n "${BASE_NODE_MODULES:-}" ]; then
      ln -s "$(cd "$BASE_NODE_MODULES" && pwd)" node_modules
    else
      npm ci --no-audit --no-fund
    fi
    # Exit 1 (a violation on the base) still writes the graph: only a missing graph means no diff.
    npm start -- --json "$PLAN_DIR/base.json" || true
  ) >"$log" 2>&1 || true
  rm -rf "$tree"
  if [ -s "$PLAN_DIR/base.json" ]; then
    echo "Planned the base commit $sha: $PLAN_DIR/base.json"
    output "base=true"
  else
    rm -f "$PLAN_DIR/base.json"
    tail -n 30 "$log" >&2 || true
    unavailable "The base commit $sha could not be planned (its log: plan artifact, base.log): the plan is shown without a diff."
  fi
}

plan_head() {
  local report="$PLAN_DIR/plan-report.md"
  rm -f "$report" "$PLAN_DIR/plan.json" "$PLAN_DIR/plan.mmd" "$PLAN_DIR/exit-code"
  local args=(--json "$PLAN_DIR/plan.json" --mermaid "$PLAN_DIR/plan.mmd" --report "$report")
  local diff=false
  if [ -s "$PLAN_DIR/base.json" ]; then
    args+=(--diff "$PLAN_DIR/base.json")
    diff=true
  fi
  local code=0
  npm start -- "${args[@]}" 2>&1 | tee "$PLAN_DIR/plan.log" || code=${PIPESTATUS[0]}
  if [ ! -s "$report" ]; then
    # npm start stopped before writing its report (a usage or program error): say so in its place.
    {
      echo "$MARKER"
      echo "## twin-region plan"
      echo
      echo "\`npm start\` exited with code $code before writing its report. The end of its output:"
      echo
      echo '```'
      tail -n 40 "$PLAN_DIR/plan.log"
      echo '```'
    } >"$report"
  fi
  if [ "$diff" = false ] && [ -s "$PLAN_DIR/base-note.md" ]; then
    printf '\n> %s\n' "$(cat "$PLAN_DIR/base-note.md")" >>"$report"
  fi
  echo "$code" >"$PLAN_DIR/exit-code"
  output "exit-code=$code"
  output "diff=$diff"
  if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then cat "$report" >>"$GITHUB_STEP_SUMMARY"; fi
  echo "npm start exited with $code (0 unchanged, 3 changed, 1 mandatory violation or missed recovery target, 2 error)"
}

verdict() {
  local code=${PLAN_EXIT:-}
  if [ -z "$code" ] && [ -s "$PLAN_DIR/exit-code" ]; then code=$(cat "$PLAN_DIR/exit-code"); fi
  case "$code" in
    0) echo "The plan passes and matches the base." ;;
    3) echo "The plan passes; it changes what the base deploys (see the report)." ;;
    1)
      echo "::error title=Plan blocked::a mandatory policy violation or a missed recovery target (see the report)"
      return 1
      ;;
    2)
      echo "::error title=Plan failed::npm start stopped on a configuration or usage error (see plan.log)"
      return 1
      ;;
    *)
      echo "::error title=Plan failed::npm start exited with '${code}' (no plan?)"
      return 1
      ;;
  esac
}

case "${1:-}" in
  base) plan_base ;;
  head) plan_head ;;
  verdict) verdict ;;
  *)
    echo "usage: scripts/pr-plan.sh base|head|verdict (see the comment at the top)" >&2
    exit 2
    ;;
esac
