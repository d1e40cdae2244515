/**
 * scripts/pr-comment.cjs, as actions/github-script calls it, against a fake GitHub: one plan
 * comment per pull request, updated in place; nothing written from a fork or with a read-only token.
 */
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

const { postPlanComment, MARKER, MAX_BODY } = createRequire(__filename)("../../scripts/pr-comment.cjs") as {
  postPlanComment: (args: object) => Promise<string>;
  MARKER: string;
  MAX_BODY: number;
};

interface Comment {
  id: number;
  body: string;
  user: { type: string };
}

function fakeGitHub(existing: Comment[], { forbidden = false } = {}) {
  const comments = [...existing];
  const writes: string[] = [];
  const deny = () => {
    if (forbidden) throw Object.assign(new Error("Resource not accessible by integration"), { status: 403 });
  };
  const listComments = async () => ({ data: comments });
  const github = {
    paginate: async (fn: typeof listComments) => (await fn()).data,
    rest: {
      issues: {
        listComments,
        createComment: async ({ body }: { body: string }) => {
          deny();
          writes.push(`create ${body.length}`);
          comments.push({ id: 100 + comments.length, body, user: { type: "Bot" } });
          return { data: {} };
        },
        updateComment: async ({ comment_id, body }: { comment_id: number; body: string }) => {
          deny();
          writes.push(`update ${comment_id}`);
          comments.find((c) => c.id === comment_id)!.body = body;
        },
      },
    },
  };
  const notices: string[] = [];
  const core = { info: () => {}, notice: (m: string) => notices.push(m) };
  return { github, core, comments, writes, notices };
}

const context = (headRepo = "acme/twin-region") => ({
  repo: { owner: "acme", repo: "twin-region" },
  payload: { pull_request: { number: 7, head: { repo: { full_name: headRepo } } } },
});
const report = (text: string) => `${MARKER}\n## twin-region plan\n${text}\n`;

describe("the pull-request plan comment", () => {
  it("is created once, then updated in place on the next push", async () => {
    const gh = fakeGitHub([{ id: 1, body: "LGTM", user: { type: "User" } }]);
    expect(await postPlanComment({ ...gh, context: context(), report: report("first") })).toBe("created");
    expect(await postPlanComment({ ...gh, context: context(), report: report("second") })).toBe("updated");
    expect(gh.writes).toEqual([`create ${report("first").length}`, "update 101"]);
    expect(gh.comments.map((c) => c.body)).toEqual(["LGTM", report("second")]);
  });

  it("does not take over a person's comment that quotes the marker", async () => {
    const gh = fakeGitHub([{ id: 1, body: report("pasted by hand"), user: { type: "User" } }]);
    expect(await postPlanComment({ ...gh, context: context(), report: report("plan") })).toBe("created");
  });

  it("writes nothing on a pull request from a fork, and says where the report is", async () => {
    const gh = fakeGitHub([]);
    expect(await postPlanComment({ ...gh, context: context("someone/twin-region"), report: report("x") })).toBe("fork");
    expect(gh.writes).toEqual([]);
    expect(gh.notices.join()).toMatch(/job summary/);
  });

  it("treats a read-only token (403) as a notice, not a failure", async () => {
    const gh = fakeGitHub([], { forbidden: true });
    expect(await postPlanComment({ ...gh, context: context(), report: report("x") })).toBe("read-only");
    expect(gh.notices.join()).toMatch(/read-only/);
  });

  it("starts with the marker and fits GitHub's comment limit, saying where the rest is", async () => {
    const gh = fakeGitHub([]);
    await postPlanComment({ ...gh, context: context(), report: "no marker\n" + "x".repeat(MAX_BODY * 2) });
    const [posted] = gh.comments;
    expect(posted!.body.startsWith(`${MARKER}\nno marker\n`)).toBe(true);
    expect(posted!.body.length).toBeLessThanOrEqual(MAX_BODY);
    expect(posted!.body).toMatch(/truncated: the full report is in the job summary/);
  });

  it("does nothing outside a pull request", async () => {
    const gh = fakeGitHub([]);
    expect(await postPlanComment({ ...gh, context: { repo: context().repo, payload: {} }, report: "x" })).toBe(
      "not-a-pull-request",
    );
  });
});
