/**
 * Posts the plan report (scripts/pr-plan.sh head, plan-report.md) as ONE pull-request comment,
 * updated in place on every push: the comment is found by the marker on the report's first line.
 * Called by actions/github-script in .github/workflows/pull-request.yml with its `github`
 * (an authenticated Octokit), `context` and `core`.
 *
 * A pull request from a fork gets a read-only token: nothing is written to the PR, the report is in
 * the job summary (pr-plan.sh head wrote it there) and a notice says so. A 403 on write (a
 * read-only token for another reason, e.g. Dependabot) is reported the same way, not as a failure.
 */
"use strict";

const MARKER = "<!-- twin-region-plan -->";
/** GitHub rejects a comment body over 65,536 characters. */
const MAX_BODY = 65536;

function fitted(report) {
  const body = report.startsWith(MARKER) ? report : `${MARKER}\n${report}`;
  if (body.length <= MAX_BODY) return body;
  const note = "\n\n… (truncated: the full report is in the job summary and the `plan` artifact)";
  return body.slice(0, MAX_BODY - note.length) + note;
}

/** Ours: written by a bot (github-actions[bot]) and starting with the marker. */
const isPlanComment = (comment) => comment.user?.type === "Bot" && (comment.body ?? "").startsWith(MARKER);

/**
 * @returns {Promise<"created" | "updated" | "not-a-pull-request" | "fork" | "read-only">}
 */
async function postPlanComment({ github, context, core, report }) {
  const pr = context.payload.pull_request;
  if (!pr) {
    core.info("Not a pull request: the report is in the job summary only.");
    return "not-a-pull-request";
  }
  const { owner, repo } = context.repo;
  if (pr.head?.repo?.full_name !== `${owner}/${repo}`) {
    core.notice("A pull request from a fork has a read-only token: the plan report is in this run's job summary.");
    return "fork";
  }
  const body = fitted(report);
  const target = { owner, repo, issue_number: pr.number };
  try {
    const comments = await github.paginate(github.rest.issues.listComments, { ...target, per_page: 100 });
    const existing = comments.find(isPlanComment);
    if (existing) {
      await github.rest.issues.updateComment({ owner, repo, comment_id: existing.id, body });
      core.info(`Updated the plan comment ${existing.html_url ?? existing.id}`);
      return "updated";
    }
    const created = await github.rest.issues.createComment({ ...target, body });
    core.info(`Posted the plan comment ${created.data?.html_url ?? ""}`);
    return "created";
  } catch (error) {
    if (error && error.status === 403) {
      core.notice("The token cannot comment on this pull request (read-only): the plan report is in the job summary.");
      return "read-only";
    }
    throw error;
  }
}

module.exports = { postPlanComment, MARKER, MAX_BODY };
