/**
 * The small scripts the workflows call (scripts/), run as the workflows run them: the cloud
 * decision, the verdict on `npm start`'s exit code, the policy tag check and the secondary's peer.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "./workflows";

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "twin-region-scripts-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

function script(name: string, args: string[], env: Record<string, string> = {}) {
  const output = path.join(scratch, `output-${Math.random().toString(36).slice(2)}`);
  fs.writeFileSync(output, "");
  const r = spawnSync("bash", [path.join(ROOT, "scripts", name), ...args], {
    cwd: scratch,
    encoding: "utf8",
    env: { PATH: process.env.PATH!, HOME: os.homedir(), GITHUB_OUTPUT: output, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, output: fs.readFileSync(output, "utf8") };
}

describe("scripts/cloud-config.sh", () => {
  it("says configured=true when every variable named is set", () => {
    const r = script("cloud-config.sh", ["pulumi up", "PULUMI_ORG", "ROLE_A"], { PULUMI_ORG: "acme", ROLE_A: "arn" });
    expect(r.code).toBe(0);
    expect(r.output).toBe("configured=true\n");
    expect(r.stdout).not.toMatch(/::notice/);
  });

  it("says configured=false with one notice naming every missing variable, and does not fail", () => {
    const r = script("cloud-config.sh", ["pulumi preview", "PULUMI_ORG", "ROLE_A", "ROLE_B"], { ROLE_A: "arn" });
    expect(r.code).toBe(0);
    expect(r.output).toBe("configured=false\n");
    expect(r.stdout).toMatch(
      /^::notice title=pulumi preview skipped::pulumi preview needs the repository variables PULUMI_ORG, ROLE_B \(/m,
    );
  });

  it("rejects a name that is not a variable's", () => {
    expect(script("cloud-config.sh", ["x", "vars.PULUMI_ORG"]).code).toBe(2);
    expect(script("cloud-config.sh", ["x"]).code).toBe(2);
  });
});

describe("scripts/pr-plan.sh verdict", () => {
  const verdict = (code: string) => script("pr-plan.sh", ["verdict"], { PLAN_EXIT: code, PLAN_DIR: scratch });

  it("passes an unchanged (0) or changed (3) plan", () => {
    expect(verdict("0").code).toBe(0);
    expect(verdict("3").code).toBe(0);
  });

  it("fails the check on a mandatory violation (1), an error (2), or no exit code at all", () => {
    expect(verdict("1")).toMatchObject({ code: 1, stdout: expect.stringMatching(/::error title=Plan blocked::/) });
    expect(verdict("2")).toMatchObject({ code: 1, stdout: expect.stringMatching(/::error title=Plan failed::/) });
    expect(verdict("").code).toBe(1);
    expect(verdict("134").code).toBe(1);
  });
});

describe("scripts/pr-plan.sh base", () => {
  it("goes on without a diff, and says so, when the base commit is not in the clone", () => {
    const dir = path.join(scratch, "no-base");
    const r = spawnSync("bash", [path.join(ROOT, "scripts", "pr-plan.sh"), "base"], {
      cwd: ROOT,
      encoding: "utf8",
      env: {
        PATH: process.env.PATH!,
        HOME: os.homedir(),
        PLAN_DIR: dir,
        BASE_SHA: "0".repeat(40),
        GIT_TERMINAL_PROMPT: "0",
      },
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/::notice title=No plan diff::The base commit 0{40} is not in this clone/);
    expect(fs.existsSync(path.join(dir, "base.json"))).toBe(false);
    expect(fs.readFileSync(path.join(dir, "base-note.md"), "utf8")).toMatch(/without a diff/);
  });
});

describe("scripts/policy-tag.sh", () => {
  const version = JSON.parse(fs.readFileSync(path.join(ROOT, "policy", "package.json"), "utf8")).version as string;

  it("accepts policy-v and the pack's version", () => {
    expect(script("policy-tag.sh", [`policy-v${version}`]).code).toBe(0);
  });

  it("rejects any other tag, naming the one expected", () => {
    for (const tag of [`v${version}`, "policy-v9.9.9", `policy-v${version}-rc.1`, "main"]) {
      const r = script("policy-tag.sh", [tag]);
      expect(r.code, tag).toBe(1);
      expect(r.stdout, tag).toContain(`so the tag is policy-v${version}`);
    }
  });
});

describe("scripts/qualify-peer-stack.sh", () => {
  const stackFile = (peer: string) => {
    const file = path.join(scratch, `Pulumi.secondary-${Math.random().toString(36).slice(2)}.yaml`);
    fs.writeFileSync(
      file,
      `config:\n  aws:region: us-west-2\n  twin-region:peerStack: ${peer}\n  twin-region:role: secondary\n`,
    );
    return file;
  };

  it("qualifies the committed bare peer with the organization and the project", () => {
    const committed = fs.readFileSync(path.join(ROOT, "Pulumi.secondary.yaml"), "utf8");
    const bare = /^ {2}twin-region:peerStack: (\S+)$/m.exec(committed)![1]!;
    const file = stackFile(bare);
    expect(script("qualify-peer-stack.sh", ["acme", file]).code).toBe(0);
    expect(fs.readFileSync(file, "utf8")).toContain(
      `  twin-region:peerStack: acme/twin-region/${bare}\n  twin-region:role: secondary\n`,
    );
  });

  it("leaves a qualified peer alone and fails when there is none", () => {
    const file = stackFile("other/twin-region/primary");
    expect(script("qualify-peer-stack.sh", ["acme", file]).code).toBe(0);
    expect(fs.readFileSync(file, "utf8")).toContain("peerStack: other/twin-region/primary\n");
    const none = path.join(scratch, "none.yaml");
    fs.writeFileSync(none, "config:\n  aws:region: us-west-2\n");
    expect(script("qualify-peer-stack.sh", ["acme", none]).code).toBe(1);
  });
});
