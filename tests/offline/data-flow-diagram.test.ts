/**
 * The data-flow diagram (offline/mermaid.ts, offline/diagram/) on small graphs built by hand:
 * what is a node, what is folded, which way edges point, links across regions, escaping, grouping.
 * The diagram of the planned stacks is checked in tests/docs/architecture-diagram.test.ts.
 */
import { describe, expect, it } from "vitest";
import type { RecordedResource, StackGraph } from "../../offline/graph";
import { escapeLabel, renderMermaid } from "../../offline/mermaid";
import { edgesBetween, nodesLabelled, parseFlowchart, type Chart } from "../support/mermaid-flowchart";

interface Opts {
  region?: string;
  id?: string;
  inputs?: Record<string, any>;
  deps?: Record<string, RecordedResource[]>;
  parent?: RecordedResource;
}

/** A stack graph as the engine records it, one resource at a time. */
function stackGraph(name: string, region: string) {
  const stack: RecordedResource = {
    urn: `urn:pulumi:${name}::twin::pulumi:pulumi:Stack::twin-${name}`,
    type: "pulumi:pulumi:Stack",
    name: `twin-${name}`,
    region,
    custom: false,
    inputs: {},
    secretOutputs: [],
    dependencies: [],
  };
  const resources = [stack];
  const add = (type: string, rname: string, o: Opts = {}): RecordedResource => {
    const deps = o.deps ?? {};
    const r: RecordedResource = {
      urn: `urn:pulumi:${name}::twin::${type}::${rname}`,
      type,
      name: rname,
      parent: (o.parent ?? stack).urn,
      region: o.region ?? region,
      custom: !type.startsWith("twin-region:"),
      id: type.startsWith("twin-region:") ? undefined : (o.id ?? `${rname}-1a2b3c4`),
      inputs: o.inputs ?? {},
      secretOutputs: [],
      dependencies: Object.values(deps)
        .flat()
        .map((d) => d.urn),
      propertyDependencies: Object.fromEntries(Object.entries(deps).map(([k, v]) => [k, v.map((d) => d.urn)])),
    };
    resources.push(r);
    return r;
  };
  return {
    add,
    component: (cname: string) => add("twin-region:test:Component", cname),
    graph: (): StackGraph => ({ name, region, resources, violations: [] }),
  };
}

const chartOf = (...stacks: StackGraph[]) => parseFlowchart(renderMermaid(stacks));
const labels = (chart: Chart) => [...chart.nodes.values()].map((n) => n.label).sort();
const edge = (chart: Chart, from: string, to: string) =>
  edgesBetween(chart, nodesLabelled(chart, from), nodesLabelled(chart, to));

/** A role with one inline policy granting these actions on these ARNs (named resources as property dependencies). */
function roleAllowed(
  s: ReturnType<typeof stackGraph>,
  name: string,
  parent: RecordedResource,
  grants: [string[], RecordedResource, string][],
) {
  const role = s.add("aws:iam/role:Role", `${name}-role`, { parent, region: "global" });
  s.add("aws:iam/rolePolicy:RolePolicy", `${name}-access`, {
    parent,
    region: "global",
    inputs: {
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: grants.map(([Action, , Resource]) => ({ Effect: "Allow", Action, Resource })),
      }),
    },
    deps: { role: [role], policy: grants.map(([, r]) => r) },
  });
  return role;
}

/** Stream → consumer (through its event source mapping) → table, with its key, role and dead-letter queue. */
function ingestion() {
  const s = stackGraph("primary", "us-east-1");
  const c = s.component("prod-ingestion");
  s.component("prod-network");
  const key = s.add("aws:kms/key:Key", "prod-ingestion-key", { parent: c });
  const stream = s.add("aws:kinesis/stream:Stream", "prod-ingestion-stream", { parent: c, deps: { kmsKeyId: [key] } });
  const table = s.add("aws:dynamodb/table:Table", "prod-ingestion-table", { parent: c });
  const role = roleAllowed(s, "prod-ingestion-consumer", c, [
    [["dynamodb:PutItem", "dynamodb:BatchGetItem"], table, `arn:aws:dynamodb:us-east-1:123456789012:table/${table.id}`],
  ]);
  const logs = s.add("aws:cloudwatch/logGroup:LogGroup", "prod-ingestion-consumer-logs", { parent: c });
  const fn = s.add("aws:lambda/function:Function", "prod-ingestion-consumer-fn", {
    parent: c,
    inputs: { environment: { variables: { TABLE_NAME: table.id } } },
    deps: { role: [role], kmsKeyArn: [key], loggingConfig: [logs], environment: [table] },
  });
  const dlq = s.add("aws:sqs/queue:Queue", "prod-ingestion-consumer-dlq", { parent: c });
  s.add("aws:lambda/eventSourceMapping:EventSourceMapping", "prod-ingestion-consumer-records", {
    parent: c,
    deps: { eventSourceArn: [stream], functionName: [fn], destinationConfig: [dlq] },
  });
  s.add("aws:cloudwatch/metricAlarm:MetricAlarm", "prod-ingestion-consumer-errors", {
    parent: c,
    deps: { dimensions: [fn] },
  });
  return { s, c, stream, table, fn };
}

describe("the data-flow diagram on hand-built graphs", () => {
  it("draws the main resources with readable labels and folds roles, policies, keys, logs, alarms and the dead-letter queue into them", () => {
    const chart = chartOf(ingestion().s.graph());
    expect(labels(chart)).toEqual(["DynamoDB table", "Kinesis stream", "consumer λ"]);
    expect(renderMermaid([ingestion().s.graph()])).not.toMatch(/role|policy|key|logs|errors|dlq|mapping|records/i);
  });

  it("turns an event source mapping into an edge stream → function, and a grant to write into function → table", () => {
    const chart = chartOf(ingestion().s.graph());
    expect(edge(chart, "Kinesis stream", "consumer λ").map((e) => e.arrow)).toEqual(["-->"]);
    expect(edge(chart, "consumer λ", "DynamoDB table").map((e) => e.arrow)).toEqual(["-->"]);
    expect(edge(chart, "DynamoDB table", "consumer λ")).toEqual([]);
  });

  it("points a reader's edge from the store: a role that may only read the table", () => {
    const { s, c, table } = ingestion();
    const role = roleAllowed(s, "prod-ingestion-api-reader", c, [
      [["dynamodb:GetItem"], table, `arn:aws:dynamodb:us-east-1:123456789012:table/${table.id}`],
    ]);
    s.add("aws:lambda/function:Function", "prod-ingestion-api-reader-fn", {
      parent: c,
      inputs: { environment: { variables: { TABLE_NAME: table.id } } },
      deps: { role: [role], environment: [table] },
    });
    const chart = chartOf(s.graph());
    expect(edge(chart, "DynamoDB table", "API reader λ").map((e) => e.arrow)).toEqual(["-->"]);
    expect(edge(chart, "API reader λ", "DynamoDB table")).toEqual([]);
  });

  it("joins an ALB to its ECS service through listener and target group, and the service to the database its task names", () => {
    const s = stackGraph("primary", "us-east-1");
    const c = s.component("prod-web");
    const alb = s.add("aws:lb/loadBalancer:LoadBalancer", "prod-web-alb", { parent: c });
    const tg = s.add("aws:lb/targetGroup:TargetGroup", "prod-web-app-tg", { parent: c });
    s.add("aws:lb/listener:Listener", "prod-web-https", {
      parent: c,
      deps: { loadBalancerArn: [alb], defaultActions: [tg] },
    });
    const db = s.add("aws:rds/cluster:Cluster", "prod-web-db", { parent: c });
    s.add("aws:rds/clusterInstance:ClusterInstance", "prod-web-db-1", { parent: c, deps: { clusterIdentifier: [db] } });
    const task = s.add("aws:ecs/taskDefinition:TaskDefinition", "prod-web-app-task", {
      parent: c,
      deps: { containerDefinitions: [db] },
    });
    s.add("aws:ecs/service:Service", "prod-web-app", {
      parent: c,
      deps: { taskDefinition: [task], loadBalancers: [tg] },
    });
    const chart = chartOf(s.graph());
    expect(labels(chart)).toEqual(["ALB", "Aurora cluster", "app ECS service"]);
    expect(edge(chart, "ALB", "app ECS service")).toHaveLength(1);
    expect(edge(chart, "app ECS service", "Aurora cluster")).toHaveLength(1);
    expect(chart.edges).toHaveLength(2);
  });

  it("draws a reference across regions as a dotted edge between the regions' boxes: S3 replication, and an input read through the StackReference", () => {
    const p = ingestion();
    const lake = p.s.add("aws:s3/bucket:Bucket", "prod-data-lake-bucket-use1", {
      parent: p.s.component("prod-data-lake"),
      id: "prod-data-lake-use1-2231db70",
    });
    p.s.add("aws:s3/bucketVersioning:BucketVersioning", "prod-data-lake-versioning", {
      id: lake.id,
      inputs: { bucket: lake.id },
      deps: { bucket: [lake] },
    });
    const sec = stackGraph("secondary", "us-west-2");
    sec.add("pulumi:pulumi:StackReference", "primary", { id: "org/twin/primary" });
    const link = sec.component("prod-link");
    const replica = sec.add("aws:s3/bucket:Bucket", "prod-data-lake-bucket-usw2", {
      parent: sec.component("prod-data-lake"),
      id: "prod-data-lake-usw2-bd35ef40",
    });
    sec.add("aws:s3/bucketReplicationConfig:BucketReplicationConfig", "prod-link-s3-config", {
      parent: link,
      region: "us-east-1",
      id: lake.id,
      inputs: { bucket: lake.id, rules: [{ destination: { bucket: `arn:aws:s3:::${replica.id}` } }] },
      deps: { rules: [replica] },
    });
    sec.add("aws:lambda/function:Function", "prod-link-forwarder-fn", {
      parent: link,
      region: "us-west-2",
      inputs: { environment: { variables: { TABLE: p.table.id } } },
    });
    const chart = chartOf(p.s.graph(), sec.graph());
    const replication = edgesBetween(
      chart,
      nodesLabelled(chart, "data lake bucket", "us-east-1"),
      nodesLabelled(chart, "data lake bucket", "us-west-2"),
    );
    expect(replication).toEqual([expect.objectContaining({ arrow: "-.->", label: "S3 replication" })]);
    const [from, to] = [chart.nodes.get(replication[0]!.from)!, chart.nodes.get(replication[0]!.to)!];
    expect(chart.groups.get(from.groups[0]!)).toBe("us-east-1: primary stack");
    expect(chart.groups.get(to.groups[0]!)).toBe("us-west-2: secondary stack");
    expect(edge(chart, "forwarder λ", "DynamoDB table")).toEqual([
      expect.objectContaining({ arrow: "-.->", label: "via StackReference" }),
    ]);
  });

  it("draws a global table's replica in its region, and what runs there uses the replica", () => {
    const p = ingestion();
    p.table.inputs.replicas = [{ regionName: "us-west-2" }];
    const sec = stackGraph("secondary", "us-west-2");
    sec.add("pulumi:pulumi:StackReference", "primary", { id: "primary" });
    sec.add("aws:lambda/function:Function", "prod-ingestion-consumer-fn", {
      parent: sec.component("prod-ingestion"),
      inputs: { environment: { variables: { TABLE_NAME: p.table.id } } },
    });
    const chart = chartOf(p.s.graph(), sec.graph());
    expect(edge(chart, "DynamoDB table", "DynamoDB replica")).toEqual([
      expect.objectContaining({ arrow: "<-.->", label: "global table" }),
    ]);
    expect(
      edgesBetween(chart, nodesLabelled(chart, "consumer λ", "us-west-2"), nodesLabelled(chart, "DynamoDB replica")),
    ).toHaveLength(1);
    expect(
      edgesBetween(chart, nodesLabelled(chart, "consumer λ", "us-west-2"), nodesLabelled(chart, "DynamoDB table")),
    ).toEqual([]);
  });

  it("escapes what would end a label or read as markup: quotes, #, angle brackets, backticks", () => {
    expect(escapeLabel('a"b#c<d>`e\nf')).toBe("a#quot;b#35;c#lt;d#gt;#96;e f");
    const s = stackGraph("primary", "us-east-1");
    const c = s.component("prod-web");
    const alb = s.add("aws:lb/loadBalancer:LoadBalancer", "prod-web-alb", { parent: c });
    s.add("aws:route53/record:Record", "prod-odd-record", {
      parent: c,
      region: "global",
      inputs: { name: 'odd"name[1]<b>#x.example.com', aliases: [{ name: "alb" }] },
      deps: { aliases: [alb] },
    });
    const text = renderMermaid([s.graph()]);
    const chart = parseFlowchart(text);
    expect(labels(chart)).toContain("Route 53 odd#quot;name[1]#lt;b#gt;#35;x.example.com");
    expect(text).not.toContain("<b>");
  });

  it("draws same-kind resources of a component with the same edges once, ×N", () => {
    const { s, c, stream } = ingestion();
    for (const name of ["prod-ingestion-audit-fn", "prod-ingestion-metrics-fn"]) {
      const fn = s.add("aws:lambda/function:Function", name, { parent: c });
      s.add("aws:lambda/eventSourceMapping:EventSourceMapping", `${name}-records`, {
        parent: c,
        deps: { eventSourceArn: [stream], functionName: [fn] },
      });
    }
    const chart = chartOf(s.graph());
    expect(labels(chart)).toEqual(["DynamoDB table", "Kinesis stream", "consumer λ", "λ functions ×2"]);
    expect(edge(chart, "Kinesis stream", "λ functions ×2")).toHaveLength(1);
  });

  it("leaves out a bucket nothing flows into or out of (a log bucket), and keeps other resources without edges", () => {
    const { s, c } = ingestion();
    s.add("aws:s3/bucket:Bucket", "prod-ingestion-access-logs", { parent: c });
    s.add("aws:lambda/function:Function", "prod-ingestion-rotation-fn", { parent: c });
    expect(labels(chartOf(s.graph()))).toEqual(["DynamoDB table", "Kinesis stream", "consumer λ", "rotation λ"]);
  });

  it("writes only safe ids, closes every subgraph, and stays far under GitHub's limits on a hundred components", () => {
    const s = stackGraph("primary", "us-east-1");
    for (let i = 0; i < 100; i++) {
      const c = s.component(`prod-part${i}`);
      const stream = s.add("aws:kinesis/stream:Stream", `prod-part${i}-stream`, { parent: c });
      const fn = s.add("aws:lambda/function:Function", `prod-part${i}-end-fn`, { parent: c });
      s.add("aws:lambda/eventSourceMapping:EventSourceMapping", `prod-part${i}-map`, {
        parent: c,
        deps: { eventSourceArn: [stream], functionName: [fn] },
      });
    }
    const text = renderMermaid([s.graph()]);
    const chart = parseFlowchart(text);
    expect(chart.nodes.size).toBe(200);
    expect(chart.edges).toHaveLength(100);
    for (const id of [...chart.nodes.keys(), ...chart.groups.keys()]) expect(id).toMatch(/^[ng]_[A-Za-z0-9_]+$/);
    expect(text.length).toBeLessThan(50_000);
  });
});
