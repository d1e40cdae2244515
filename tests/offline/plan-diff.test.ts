/** The plan diff of `npm start -- --diff BASE.json` (offline/plan-diff.ts), on graphs that differ in each way. */
import { describe, expect, it } from "vitest";
import type { RecordedResource, StackGraph } from "../../offline/graph";
import { SECRET_OUTPUT } from "../../offline/graph";
import { diffPlans, MAX_KEYS, MAX_PATH_DEPTH, renderPlanDiff, type PlanDiff } from "../../offline/plan-diff";

const STACK_URN = (stack: string) => `urn:pulumi:${stack}::p::pulumi:pulumi:Stack::p-${stack}`;

function resource(
  stack: string,
  type: string,
  name: string,
  inputs: Record<string, unknown>,
  extra: Partial<RecordedResource> & { under?: string } = {},
): RecordedResource {
  const { under, ...rest } = extra;
  const parentType = under ? "twin-region:storage:SecureBucket$" : "";
  return {
    urn: `urn:pulumi:${stack}::p::${parentType}${type}::${name}`,
    type,
    name,
    parent: under ? `urn:pulumi:${stack}::p::twin-region:storage:SecureBucket::${under}` : STACK_URN(stack),
    region: "us-east-1",
    custom: true,
    inputs,
    secretOutputs: [],
    dependencies: [],
    ...rest,
  };
}

/** A stack of a SecureBucket component "logs" (a bucket and its versioning) and a queue of the stack's own. */
function stack(name = "primary", change: (resources: RecordedResource[]) => void = () => {}): StackGraph {
  const resources: RecordedResource[] = [
    {
      urn: STACK_URN(name),
      type: "pulumi:pulumi:Stack",
      name: `p-${name}`,
      region: "us-east-1",
      custom: false,
      inputs: {},
      secretOutputs: [],
      dependencies: [],
    },
    {
      urn: `urn:pulumi:${name}::p::twin-region:storage:SecureBucket::logs`,
      type: "twin-region:storage:SecureBucket",
      name: "logs",
      parent: STACK_URN(name),
      region: "us-east-1",
      custom: false,
      inputs: {},
      secretOutputs: [],
      dependencies: [],
    },
    resource(
      name,
      "aws:s3/bucket:Bucket",
      "logs-bucket",
      { bucket: "logs-1", tags: { Env: "prod" } },
      { under: "logs" },
    ),
    resource(
      name,
      "aws:s3/bucketVersioning:BucketVersioning",
      "logs-versioning",
      { versioningConfiguration: { status: "Enabled" }, rules: [{ cidrBlocks: ["10.0.0.0/16"] }] },
      { under: "logs" },
    ),
    resource(name, "aws:sqs/queue:Queue", "jobs", {
      visibilityTimeoutSeconds: 30,
      policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "sqs:SendMessage" }] }),
    }),
  ];
  change(resources);
  return {
    name,
    region: "us-east-1",
    outputs: { queueUrl: "https://q/1", dbPassword: SECRET_OUTPUT },
    resources,
    violations: [],
  };
}

const named = (resources: RecordedResource[], name: string) => resources.find((r) => r.name === name)!;
const plan = (...stacks: StackGraph[]) => ({ stacks });
const only = (diff: PlanDiff) => diff.stacks.find((s) => s.name === "primary")!;

describe("plan diff", () => {
  it("finds nothing between identical plans: differs is false and it prints no changes", () => {
    const diff = diffPlans(plan(stack(), stack("secondary")), plan(stack(), stack("secondary")));
    expect(diff.differs).toBe(false);
    expect(diff.stacks.map((s) => [s.name, s.status, s.components, s.outputs])).toEqual([
      ["primary", "compared", [], []],
      ["secondary", "compared", [], []],
    ]);
    expect(renderPlanDiff(diff, "base.json")).toBe("Plan diff: no changes against the base plan base.json.");
  });

  it("reports an added resource under its top-level component, by URN", () => {
    const current = stack("primary", (rs) =>
      rs.push(
        resource("primary", "aws:s3/bucketPolicy:BucketPolicy", "logs-policy", { policy: "{}" }, { under: "logs" }),
      ),
    );
    const s = only(diffPlans(plan(stack()), plan(current)));
    expect(s.counts).toEqual({ added: 1, removed: 0, changed: 0 });
    expect(s.components).toEqual([
      {
        component: "logs (twin-region:storage:SecureBucket)",
        added: [expect.objectContaining({ type: "aws:s3/bucketPolicy:BucketPolicy", name: "logs-policy" })],
        removed: [],
        changed: [],
      },
    ]);
  });

  it("reports a removed resource under the component it had in the base; one of the stack's own under (stack)", () => {
    const current = stack("primary", (rs) => rs.splice(rs.indexOf(named(rs, "jobs")), 1));
    const diff = diffPlans(plan(stack()), plan(current));
    expect(only(diff).components).toEqual([
      { component: "(stack)", added: [], removed: [expect.objectContaining({ name: "jobs" })], changed: [] },
    ]);
    expect(renderPlanDiff(diff, "base.json")).toContain(`      - aws:sqs/queue:Queue "jobs" (us-east-1)`);
  });

  it("reports a changed top-level input with its old and new value", () => {
    const current = stack("primary", (rs) => (named(rs, "jobs").inputs.visibilityTimeoutSeconds = 60));
    const diff = diffPlans(plan(stack()), plan(current));
    expect(only(diff).components[0]!.changed).toEqual([
      expect.objectContaining({
        name: "jobs",
        keys: [{ path: "visibilityTimeoutSeconds", secret: false, before: "30", after: "60" }],
        moreKeys: 0,
      }),
    ]);
    expect(renderPlanDiff(diff, "base.json")).toContain("          visibilityTimeoutSeconds: 30 → 60");
  });

  it("names a changed nested input by its dotted path: objects, array items and JSON documents in strings", () => {
    const current = stack("primary", (rs) => {
      named(rs, "logs-versioning").inputs.versioningConfiguration.status = "Suspended";
      named(rs, "logs-versioning").inputs.rules[0].cidrBlocks = ["10.9.0.0/16"];
      named(rs, "logs-bucket").inputs.tags = { Env: "prod", Owner: "data" };
      named(rs, "jobs").inputs.policy = JSON.stringify({ Statement: [{ Effect: "Deny", Action: "sqs:SendMessage" }] });
    });
    const keys = Object.fromEntries(
      only(diffPlans(plan(stack()), plan(current)))
        .components.flatMap((c) => c.changed)
        .map((r) => [r.name, r.keys.map((k) => `${k.path}: ${k.before} → ${k.after}`)]),
    );
    expect(keys).toEqual({
      "logs-versioning": [
        `rules.0.cidrBlocks.0: "10.0.0.0/16" → "10.9.0.0/16"`,
        `versioningConfiguration.status: "Enabled" → "Suspended"`,
      ],
      "logs-bucket": [`tags.Owner: (absent) → "data"`],
      jobs: [`policy.Statement.0.Effect: "Allow" → "Deny"`],
    });
  });

  it("bounds the paths' depth and the keys listed per resource, counting the rest", () => {
    const deep = (leaf: unknown) => ({ a: { b: { c: { d: { e: { f: { g: leaf } } } } } } });
    const many = (v: number) => Object.fromEntries(Array.from({ length: MAX_KEYS + 3 }, (_, i) => [`k${i}`, v]));
    const base = stack("primary", (rs) => {
      named(rs, "jobs").inputs.deep = deep(1);
      named(rs, "logs-bucket").inputs = many(1);
    });
    const current = stack("primary", (rs) => {
      named(rs, "jobs").inputs.deep = deep(2);
      named(rs, "logs-bucket").inputs = many(2);
    });
    const changed = only(diffPlans(plan(base), plan(current))).components.flatMap((c) => c.changed);
    const jobs = changed.find((r) => r.name === "jobs")!;
    expect(jobs.keys.map((k) => k.path)).toEqual(["deep.a.b.c.d.e"]);
    expect(jobs.keys[0]!.path.split(".")).toHaveLength(MAX_PATH_DEPTH);
    expect(jobs.keys[0]).toMatchObject({ before: "{1 key}", after: "{1 key}" });
    const bucket = changed.find((r) => r.name === "logs-bucket")!;
    expect([bucket.keys.length, bucket.moreKeys]).toEqual([MAX_KEYS, 3]);
  });

  it("reports a changed secret input only as changed, whichever plan lists it secret; no secret value is in the diff or its text", () => {
    const secretOf = (password: string) => (rs: RecordedResource[]) => {
      rs.push(
        resource("primary", "aws:rds/cluster:Cluster", "db", { masterPassword: password, port: 3306 }),
        // The same secret copied into a plain input: withheld too.
        resource("primary", "aws:lambda/function:Function", "fn", {
          environment: { variables: { DB_URL: `mysql://admin:${password}@db` } },
        }),
      );
    };
    const base = stack("primary", secretOf("old-Secret-Value-1"));
    const current = stack("primary", secretOf("new-Secret-Value-2"));
    named(base.resources, "db").secretOutputs = ["masterPassword"]; // secret in the base only
    const diff = diffPlans(plan(base), plan(current));
    const changed = only(diff).components.flatMap((c) => c.changed);
    expect(Object.fromEntries(changed.map((r) => [r.name, r.keys]))).toEqual({
      db: [{ path: "masterPassword", secret: true }],
      fn: [{ path: "environment.variables.DB_URL", secret: true }],
    });
    const text = `${JSON.stringify(diff)}\n${renderPlanDiff(diff, "base.json")}`;
    expect(text).toContain("masterPassword: changed (secret, value not shown)");
    for (const value of ["old-Secret-Value-1", "new-Secret-Value-2"]) expect(text).not.toContain(value);
  });

  it("reports changed outputs, a secret one only as changed", () => {
    const current = stack();
    current.outputs = { queueUrl: "https://q/2", dbPassword: "plain-now-Value-9" };
    const diff = diffPlans(plan(stack()), plan(current));
    expect(only(diff).outputs).toEqual([
      { path: "dbPassword", secret: true },
      { path: "queueUrl", secret: false, before: `"https://q/1"`, after: `"https://q/2"` },
    ]);
    expect(diff.differs).toBe(true);
    expect(renderPlanDiff(diff, "base.json")).not.toContain("plain-now-Value-9");
  });

  it("reports a resource moved to another region", () => {
    const current = stack("primary", (rs) => (named(rs, "jobs").region = "us-west-2"));
    expect(only(diffPlans(plan(stack()), plan(current))).components[0]!.changed[0]!.keys).toEqual([
      { path: "(region)", secret: false, before: "us-east-1", after: "us-west-2" },
    ]);
  });

  it("reports a stack in one plan and not the other, with its resource count", () => {
    const diff = diffPlans(plan(stack(), stack("secondary")), plan(stack(), stack("tertiary")));
    expect(diff.differs).toBe(true);
    expect(diff.stacks.map((s) => [s.name, s.status, s.resources])).toEqual([
      ["primary", "compared", 3],
      ["tertiary", "added", 3],
      ["secondary", "removed", 3],
    ]);
    const text = renderPlanDiff(diff, "base.json");
    expect(text).toContain("Stack tertiary: only in this plan (3 resources), not in the base");
    expect(text).toContain("Stack secondary: only in the base (3 resources), not in this plan");
  });

  it("with only the planned stacks compared (--stack), names the base's others instead of reporting them removed", () => {
    const diff = diffPlans(plan(stack(), stack("secondary")), plan(stack()), { onlyPlannedStacks: true });
    expect(diff.differs).toBe(false);
    expect(diff.notCompared).toEqual(["secondary"]);
    expect(renderPlanDiff(diff, "base.json")).toContain("Not compared (not planned in this run): stack(s) secondary.");
  });
});
