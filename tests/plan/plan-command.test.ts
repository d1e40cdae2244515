/**
 * `npm start` end to end, run as a user runs it: `node offline/start.cjs ...` from the repository
 * root, in a process of its own. The full run (both stacks, --json, --mermaid) is the test run's
 * shared plan (tests/support/shared-plan.setup.ts); the runs each flag needs are started
 * together in beforeAll, and the tests read their output and the files they wrote.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DATA_LAKE_STACK_OUTPUT_NAMES } from "../../stacks/datalake";
import { OBSERVABILITY_STACK_OUTPUT_NAMES } from "../../stacks/observability";
import { EDGE_STACK_OUTPUT_NAMES } from "../../stacks/edge-outputs";
import { WEB_STACK_OUTPUT_NAMES } from "../../stacks/web";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AlarmCoverageReport } from "../../offline/alarm-coverage";
import { shown, start, type Run } from "../support/run-start";
import { sharedPlan } from "../support/shared-plan";
import { PRIMARY_EXPORT_NAMES, parsePrimaryExports } from "../../stacks/exports";
import { parseFlowchart } from "../support/mermaid-flowchart";

/** A Node stack trace frame ("    at fn (file:line:col)"): a user-facing error must not print one. */
const STACK_FRAME = /^\s+at .+[:(]/m;

// --- the summary as printed, parsed back ---------------------------------------------------------

interface StackSummary {
  name: string;
  region: string;
  total: number;
  regions: {
    region: string;
    total: number;
    components: { label: string; total: number; types: { type: string; count: number }[] }[];
  }[];
}

/** Parses the per-stack summary blocks ("Stack NAME (REGION): N resources", regions, components, types). */
function parseSummaries(stdout: string): StackSummary[] {
  const stacks: StackSummary[] = [];
  for (const line of stdout.split("\n")) {
    let m: RegExpExecArray | null;
    if ((m = /^Stack (\S+) \((\S+)\): (\d+) resources$/.exec(line))) {
      stacks.push({ name: m[1]!, region: m[2]!, total: Number(m[3]), regions: [] });
    } else if ((m = /^ {2}(\S+): (\d+)$/.exec(line))) {
      stacks.at(-1)!.regions.push({ region: m[1]!, total: Number(m[2]), components: [] });
    } else if ((m = /^ {4}(\S.*): (\d+)$/.exec(line))) {
      stacks
        .at(-1)!
        .regions.at(-1)!
        .components.push({ label: m[1]!, total: Number(m[2]), types: [] });
    } else if ((m = /^ {6}\s*(\d+) {2}(\S+)$/.exec(line))) {
      stacks
        .at(-1)!
        .regions.at(-1)!
        .components.at(-1)!
        .types.push({ type: m[2]!, count: Number(m[1]) });
    }
  }
  return stacks;
}

/** From the first stack summary to the totals line, without the timing (which differs run to run). */
function summaryText(stdout: string): string {
  const from = stdout.indexOf("Stack ");
  const to = stdout.indexOf(" in ", stdout.indexOf("Planned "));
  return stdout.slice(from, to);
}

// --- the JSON graph ------------------------------------------------------------------------------

/** The documented keys of a resource in `--json`, in order. */
const DOCUMENTED_KEYS = ["urn", "type", "name", "parent", "region", "inputs", "secretOutputs", "dependencies"];
/** What the engine records besides (README: `…`); `--graph` and the diagram use them. */
const RECORDED_EXTRA_KEYS = ["propertyDependencies", "ignoreChanges", "provider", "custom", "remote", "id"];
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

interface JsonResource {
  urn: string;
  type: string;
  name: string;
  parent: string | null;
  region: string;
  inputs: Record<string, unknown>;
  secretOutputs: string[];
  dependencies: string[];
  [extra: string]: unknown;
}
interface JsonDoc {
  stacks: {
    name: string;
    region: string;
    outputs: Record<string, unknown>;
    resources: JsonResource[];
    violations: unknown[];
    alarmCoverage: AlarmCoverageReport;
  }[];
}

// --- the runs ------------------------------------------------------------------------------------

let dir: string;
let full: Run;
let overlap: Run;
let azCount: Run;
let noSuchStack: Run;
let badFlag: Run;
let notJson: Run;
let wrongShape: Run;
let savedGraph: Run;
let missedRecovery: Run;
let doc: JsonDoc;
let mermaid: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "twin-region-plan-"));
  const shared = sharedPlan();
  full = shared.run;
  const json = shared.json;
  const mmd = shared.mermaid;
  fs.writeFileSync(path.join(dir, "not.json"), "Stack primary (us-east-1): 53 resources\n");
  // Valid JSON, wrong shape: the second resource's secretOutputs is a string.
  const resource = {
    urn: "urn:pulumi:primary::twin-region::pulumi:pulumi:Stack::twin-region-primary",
    type: "pulumi:pulumi:Stack",
    name: "twin-region-primary",
    parent: null,
    region: "us-east-1",
    inputs: {},
    secretOutputs: [],
    dependencies: [],
  };
  fs.writeFileSync(
    path.join(dir, "wrong.json"),
    JSON.stringify({
      stacks: [
        {
          name: "primary",
          region: "us-east-1",
          resources: [resource, { ...resource, secretOutputs: "password" }],
          violations: [],
        },
      ],
    }),
  );
  // A graph with mandatory recovery targets whose load balancer nothing fails over.
  fs.writeFileSync(
    path.join(dir, "no-failover.json"),
    JSON.stringify({
      stacks: [
        {
          name: "primary",
          region: "us-east-1",
          outputs: {
            recoveryTargets: { rtoSeconds: 300, rpoSeconds: 1, copyRpoSeconds: 900, enforcement: "mandatory" },
          },
          resources: [
            resource,
            {
              ...resource,
              urn: "urn:pulumi:primary::twin-region::aws:lb/loadBalancer:LoadBalancer::web-alb",
              type: "aws:lb/loadBalancer:LoadBalancer",
              name: "web-alb",
              parent: resource.urn,
              inputs: { internal: false, loadBalancerType: "application" },
            },
          ],
          violations: [],
        },
      ],
    }),
  );
  // The planning runs together (the bundle step is safe to overlap); the fast ones alongside.
  [overlap, azCount, noSuchStack, badFlag, notJson, wrongShape, savedGraph, missedRecovery] = await Promise.all([
    // One run shows both: --stack secondary plans the primary first, and the secondary then fails
    // on the primary's outputs (a whole second plan of both stacks would show nothing more).
    start("--stack", "secondary", "--config", "secondary:vpcCidr=10.0.0.0/16"),
    // Two bad keys in one run: every problem is reported, each naming its key.
    start("--config", "primary:azCount=1", "--config", "primary:publicSubnetCidrs=[10.0.1.0/24]"),
    start("--stack", "nosuch"),
    start("--stack", "primary", "--frobnicate"),
    start("--graph", path.join(dir, "not.json")),
    start("--graph", path.join(dir, "wrong.json")),
    start("--graph", json),
    start("--graph", path.join(dir, "no-failover.json")),
  ]);
  expect(full.code, shown(full)).toBe(0);
  doc = JSON.parse(fs.readFileSync(json, "utf8")) as JsonDoc;
  mermaid = fs.readFileSync(mmd, "utf8");
}, 90_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("npm start (both stacks)", () => {
  it("exits 0 and plans the primary, then the secondary", () => {
    expect(full.code, shown(full)).toBe(0);
    expect(full.stdout).toContain("Planning primary, then secondary offline");
    expect(parseSummaries(full.stdout).map((s) => [s.name, s.region])).toEqual([
      ["primary", "us-east-1"],
      ["secondary", "us-west-2"],
    ]);
    expect(full.stderr).toBe("");
  });

  it("prints per stack and region each component with its resource types, counts and totals that add up", () => {
    for (const stack of parseSummaries(full.stdout)) {
      expect(stack.regions.map((r) => r.region)[0], `${stack.name} lists its own region first`).toBe(stack.region);
      expect(
        stack.regions.reduce((n, r) => n + r.total, 0),
        `${stack.name}: regions add up to the stack total`,
      ).toBe(stack.total);
      for (const region of stack.regions) {
        expect(region.components.length, `${stack.name}/${region.region} has components`).toBeGreaterThan(0);
        expect(
          region.components.reduce((n, c) => n + c.total, 0),
          `${stack.name}/${region.region}: components add up`,
        ).toBe(region.total);
        for (const c of region.components) {
          expect(c.types.length, `${stack.name}/${region.region}/${c.label} lists types`).toBeGreaterThan(0);
          expect(
            c.types.reduce((n, t) => n + t.count, 0),
            `${stack.name}/${region.region}/${c.label}: types add up`,
          ).toBe(c.total);
        }
      }
      // The components of the foundation, by name and type token, in the stack's region.
      const labels = stack.regions[0]!.components.map((c) => c.label);
      expect(labels).toContain("prod-network (twin-region:network:RegionalNetwork)");
      expect(labels).toContain("prod-platform (twin-region:security:RegionalKey)");
      // IAM is global and listed as such.
      expect(
        stack.regions.find((r) => r.region === "global")?.components.flatMap((c) => c.types.map((t) => t.type)),
      ).toContain("aws:iam/role:Role");
    }
  });

  it("counts in the summary what the graph holds: every cloud resource, no stack, provider or reference", () => {
    const summaries = parseSummaries(full.stdout);
    for (const stack of doc.stacks) {
      const cloud = stack.resources.filter(
        (r) => (r.custom !== false || r.remote === true) && !r.type.startsWith("pulumi:"),
      );
      expect(summaries.find((s) => s.name === stack.name)!.total, stack.name).toBe(cloud.length);
      const counted = summaries
        .find((s) => s.name === stack.name)!
        .regions.flatMap((r) => r.components.flatMap((c) => c.types.map((t) => `${r.region} ${t.type} ${t.count}`)));
      const actual = new Map<string, number>();
      for (const r of cloud) actual.set(`${r.region} ${r.type}`, (actual.get(`${r.region} ${r.type}`) ?? 0) + 1);
      const summed = new Map<string, number>();
      for (const line of counted) {
        const [region, type, count] = line.split(" ");
        summed.set(`${region} ${type}`, (summed.get(`${region} ${type}`) ?? 0) + Number(count));
      }
      expect(Object.fromEntries(summed), stack.name).toEqual(Object.fromEntries(actual));
    }
    const registrations = doc.stacks.reduce((n, s) => n + s.resources.length, 0);
    expect(full.stdout).toMatch(
      new RegExp(`^Planned 2 stack\\(s\\), ${registrations} registrations, .*in \\d+\\.\\d s\\.$`, "m"),
    );
  });

  it("writes the graph with --json in the documented shape, every resource validated", () => {
    expect(Object.keys(doc)).toEqual(["stacks"]);
    expect(doc.stacks.map((s) => Object.keys(s))).toEqual([
      ["name", "region", "outputs", "resources", "violations", "alarmCoverage", "recovery"],
      ["name", "region", "outputs", "resources", "violations", "alarmCoverage", "recovery"],
    ]);
    for (const stack of doc.stacks) {
      // The policy verdict: an array of violations, none of them blocking (the run exited 0).
      expect(Array.isArray(stack.violations), stack.name).toBe(true);
      const blocking = (stack.violations as { enforcementLevel?: string }[]).filter(
        (v) => v.enforcementLevel === "mandatory" || v.enforcementLevel === "remediate",
      );
      expect(blocking, stack.name).toEqual([]);
      const urns = new Set(stack.resources.map((r) => r.urn));
      expect(urns.size, `${stack.name}: URNs are unique`).toBe(stack.resources.length);
      const roots = stack.resources.filter((r) => r.parent === null);
      expect(
        roots.map((r) => r.type),
        `${stack.name}: only the stack has no parent`,
      ).toEqual(["pulumi:pulumi:Stack"]);
      for (const r of stack.resources) {
        const where = `${stack.name}: ${r.urn}`;
        const keys = Object.keys(r);
        expect(keys.slice(0, DOCUMENTED_KEYS.length), where).toEqual(DOCUMENTED_KEYS);
        expect(
          keys.slice(DOCUMENTED_KEYS.length).filter((k) => !RECORDED_EXTRA_KEYS.includes(k)),
          where,
        ).toEqual([]);
        expect(r.urn.startsWith(`urn:pulumi:${stack.name}::twin-region::`), where).toBe(true);
        expect(r.urn.endsWith(`::${r.name}`), where).toBe(true);
        expect(r.urn.split("::")[2]!.split("$").at(-1), where).toBe(r.type);
        expect(typeof r.name === "string" && r.name.length > 0, where).toBe(true);
        if (r.parent !== null) expect(urns.has(r.parent), `${where}: parent ${r.parent} is in the graph`).toBe(true);
        expect(r.region === "global" || REGION.test(r.region), `${where}: region ${r.region}`).toBe(true);
        expect(r.inputs !== null && typeof r.inputs === "object" && !Array.isArray(r.inputs), where).toBe(true);
        expect(Array.isArray(r.secretOutputs) && r.secretOutputs.every((s) => typeof s === "string"), where).toBe(true);
        expect(Array.isArray(r.dependencies), where).toBe(true);
        for (const d of r.dependencies) expect(urns.has(d), `${where}: dependency ${d} is in the graph`).toBe(true);
        if ("propertyDependencies" in r) {
          for (const [prop, from] of Object.entries(r.propertyDependencies as Record<string, string[]>)) {
            for (const d of from) expect(r.dependencies, `${where}: ${prop} depends on ${d}`).toContain(d);
          }
        }
        if ("provider" in r)
          expect(urns.has(String(r.provider).split("::").slice(0, -1).join("::")), `${where}: provider`).toBe(true);
        if ("custom" in r) expect(typeof r.custom, where).toBe("boolean");
      }
    }
  });

  it("writes each stack's outputs with --json: the primary's are its versioned exports, which the secondary read, its web tier's, edge's and data lake's outputs for people, and its recovery targets", () => {
    const [primary, secondary] = doc.stacks;
    expect(Object.keys(primary!.outputs).sort()).toEqual(
      [
        ...PRIMARY_EXPORT_NAMES,
        ...WEB_STACK_OUTPUT_NAMES,
        ...EDGE_STACK_OUTPUT_NAMES,
        ...DATA_LAKE_STACK_OUTPUT_NAMES,
        ...OBSERVABILITY_STACK_OUTPUT_NAMES,
        "hostedZoneNameServers",
        "recoveryTargets",
        "cdnDistributionId",
        "cdnDomainName",
        "cdnUrl",
      ].sort(),
    );
    expect(parsePrimaryExports("primary", primary!.outputs).streamArn).toMatch(
      /^arn:aws:kinesis:us-east-1:123456789012:stream\//,
    );
    expect(secondary!.outputs).toMatchObject({
      region: "us-west-2",
      primaryRegion: "us-east-1",
      vpcCidr: "10.1.0.0/16",
    });
    const reference = secondary!.resources.find((r) => r.type === "pulumi:pulumi:StackReference");
    expect(reference?.inputs.name).toBe("primary");
  });

  it("prints each stack's alarm coverage between its policy verdict and its recovery report, as --json holds it", () => {
    for (const stack of doc.stacks) {
      const c = stack.alarmCoverage;
      const block = full.stdout.slice(
        full.stdout.indexOf(`Policy: stack ${stack.name} `),
        full.stdout.indexOf(`Recovery of stack ${stack.name}:`),
      );
      expect(block, stack.name).toContain(
        `\n\nAlarms of stack ${stack.name}: ${c.alarmed} of ${c.alarmable} alarmable resources have an alarm on an SNS topic\n`,
      );
      expect(block).toContain(`  by kind: ${c.kinds.map((k) => `${k.what} ${k.alarmed}/${k.alarmable}`).join(", ")}\n`);
      const none = c.resources.filter((r) => r.alarms.length === 0);
      // Each resource without an alarm is named, with its region and component.
      for (const r of none) expect(block, stack.name).toContain(`    - ${r.type} "${r.name}" (`);
      expect(block.match(/^ {4}- /gm)?.length ?? 0, stack.name).toBe(none.length);
      if (none.length === 0) expect(block).toContain("  Every alarmable resource has one.\n");
    }
  });

  it("prints the peak memory of each stack's plan process", () => {
    expect(full.stdout).toMatch(/^Peak memory of each stack's plan process: primary \d+ MB, secondary \d+ MB\.$/m);
  });

  it("plans the primary in us-east-1 with 10.0.0.0/16 and the secondary in us-west-2 with 10.1.0.0/16", () => {
    const vpcs = doc.stacks.map((s) => [
      s.name,
      s.region,
      s.resources.filter((r) => r.type === "aws:ec2/vpc:Vpc").map((v) => [v.inputs.cidrBlock, v.region]),
    ]);
    expect(vpcs).toEqual([
      ["primary", "us-east-1", [["10.0.0.0/16", "us-east-1"]]],
      ["secondary", "us-west-2", [["10.1.0.0/16", "us-west-2"]]],
    ]);
  });

  it("writes the data-flow diagram with --mermaid: a Mermaid flowchart with a box per region, the components of each stack in it", () => {
    // parseFlowchart throws on a line that is not a statement of the diagram, an unsafe id or an unclosed subgraph.
    const chart = parseFlowchart(mermaid);
    const titles = [...chart.groups.values()];
    expect(titles).toEqual(
      expect.arrayContaining(["us-east-1: primary stack", "us-west-2: secondary stack", "global: DNS and CDN"]),
    );
    // A stack reaches into the other's region only for the table's replica and the backups' copy vault
    // (the primary), and for the link that reads the primary's stream and events (the secondary).
    expect(titles.filter((t) => t.endsWith("· primary stack")).sort()).toEqual([
      "ingestion · primary stack",
      "observability · primary stack",
    ]);
    expect(titles.filter((t) => t.endsWith("· secondary stack"))).toEqual(["link · secondary stack"]);
    expect(chart.edges.filter((e) => e.arrow.includes("-.-")).length).toBeGreaterThan(5);
    // The data flows themselves are checked in tests/docs/architecture-diagram.test.ts.
  });

  it("evaluates the graph it wrote with --graph: exit 0 and the same summary", () => {
    expect(savedGraph.code, shown(savedGraph)).toBe(0);
    expect(savedGraph.stdout).toContain("Evaluating the saved graph");
    expect(summaryText(savedGraph.stdout)).toBe(summaryText(full.stdout));
  });
});

describe("npm start and the recovery targets", () => {
  it("exits 1 when a stack misses a mandatory recovery target, naming the store and the fix", () => {
    expect(missedRecovery.code, shown(missedRecovery)).toBe(1);
    expect(missedRecovery.stdout).toContain(
      "Recovery of stack primary: targets RTO 300 s (5 min), RPO 1 s (databases), 900 s (15 min) (copies); mandatory",
    );
    expect(missedRecovery.stdout).toContain(
      "- web entry point web-alb (internet-facing load balancer): RTO unbounded over the 300 s (5 min) target. Fix: route clients to it through Route 53 failover records (PRIMARY with a health check, SECONDARY)",
    );
    expect(missedRecovery.stderr).toContain("Mandatory recovery targets missed in stack(s) primary: 1 target(s)");
  });

  it("exits 0 on the stacks as committed, whose mandatory targets every entry meets", () => {
    expect(full.code).toBe(0);
    expect(full.stdout.match(/^ {2}Every entry meets its target\.$/gm)).toHaveLength(2);
    expect(full.stderr).not.toContain("Mandatory recovery targets missed");
  });
});

describe("npm start -- --stack secondary", () => {
  it("still plans the primary first, whose outputs the secondary reads", () => {
    expect(overlap.stdout).toContain("Planning primary, then secondary offline");
    const stacks = parseSummaries(overlap.stdout).map((s) => s.name);
    expect(stacks).toEqual(["primary"]);
    const primaryOf = (stdout: string) => summaryText(stdout).split("\nStack secondary (")[0]!.split("\n\n")[0];
    expect(primaryOf(full.stdout)).toMatch(/^Stack primary \(us-east-1\): \d+ resources\n {2}us-east-1: \d+\n/);
    expect(primaryOf(overlap.stdout)).toBe(primaryOf(full.stdout));
    // The secondary's check compares its CIDR with the primary's exported one.
    expect(overlap.stderr).toContain(`overlaps twin-region:vpcCidr = "10.0.0.0/16" of stack "primary"`);
  });
});

describe("npm start exits 2 on a config or usage error, with a message and no stack trace", () => {
  it("--stack secondary --config secondary:vpcCidr=10.0.0.0/16: names the key, both values and both stacks; nothing planned for the secondary", () => {
    expect(overlap.code, shown(overlap)).toBe(2);
    expect(overlap.stderr).toContain(`twin-region:vpcCidr = "10.0.0.0/16" of stack "secondary"`);
    expect(overlap.stderr).toContain(`overlaps twin-region:vpcCidr = "10.0.0.0/16" of stack "primary"`);
    expect(overlap.stderr).toContain("stack secondary: invalid configuration");
    expect(overlap.stderr).toContain("Nothing was planned for this stack.");
    expect(overlap.stdout).not.toContain("Stack secondary (");
    expect(overlap.stderr).not.toMatch(STACK_FRAME);
  });

  it("--config primary:azCount=1: names the key, the value and what is allowed", () => {
    expect(azCount.code, shown(azCount)).toBe(2);
    expect(azCount.stderr).toContain(`twin-region:azCount = "1"`);
    expect(azCount.stderr).toContain("Allowed: 2 or 3.");
    expect(azCount.stderr).toContain("stack primary: invalid configuration");
    expect(azCount.stdout).not.toMatch(/^Stack /m);
    expect(azCount.stderr).not.toMatch(STACK_FRAME);
  });

  it("--config primary:publicSubnetCidrs=[10.0.1.0/24] (not JSON): names the key, the value and what is allowed", () => {
    expect(azCount.code, shown(azCount)).toBe(2);
    expect(azCount.stderr).toContain(`twin-region:publicSubnetCidrs = "[10.0.1.0/24]": it is not valid JSON.`);
    expect(azCount.stderr).toContain(`e.g. '["10.0.1.0/24","10.0.2.0/24"]' (seed 002)`);
    expect(azCount.stderr).not.toMatch(STACK_FRAME);
  });

  it("--stack nosuch: names the stacks that exist", () => {
    expect(noSuchStack.code, shown(noSuchStack)).toBe(2);
    expect(noSuchStack.stderr).toContain(`no stack "nosuch": this project has primary, secondary`);
    expect(noSuchStack.stderr).not.toMatch(STACK_FRAME);
  });

  it("an unknown flag: names it and prints the usage", () => {
    expect(badFlag.code, shown(badFlag)).toBe(2);
    expect(badFlag.stderr).toContain("--frobnicate");
    expect(badFlag.stderr).toContain("Usage: npm start -- [options]");
    expect(badFlag.stdout).toBe("");
    expect(badFlag.stderr).not.toMatch(STACK_FRAME);
  });

  it("--graph on a file that is not JSON: says so, naming the file", () => {
    expect(notJson.code, shown(notJson)).toBe(2);
    expect(notJson.stderr).toContain(`graph file ${path.join(dir, "not.json")} is not valid JSON`);
    expect(notJson.stderr).not.toMatch(STACK_FRAME);
  });

  it("--graph on JSON of the wrong shape: names the bad path", () => {
    expect(wrongShape.code, shown(wrongShape)).toBe(2);
    expect(wrongShape.stderr).toContain("is not in the plan's shape");
    expect(wrongShape.stderr).toContain("stacks.0.resources.1.secretOutputs");
    expect(wrongShape.stderr).not.toMatch(STACK_FRAME);
  });
});
