/**
 * What a program reads back from the offline engine, as AWS would answer it:
 * - ids and ARNs have the shapes AWS gives them, in the region the resource resolves to and that
 *   region's partition, for account 123456789012 (read through the program's Outputs);
 * - the region is the resource's own `region` input, else its provider's, else the stack's
 *   `aws:region`; children of a component inherit the component's provider; the partition follows;
 * - the invokes the platform calls answer per region; any other invoke fails the plan, naming it.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { OFFLINE_ACCOUNT_ID, planProgram, ProgramError, valueOf, type ResourceGraph } from "../../offline/testkit";

const ACCOUNT = "123456789012";
const HEX17 = "[0-9a-f]{17}";
const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const TRUST = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "lambda.amazonaws.com" } }],
});

type Values = Record<string, Record<string, any>>;

/** One of each resource type the platform uses, with fixed physical names so ARNs are predictable. */
function resources(): pulumi.Input<Values> {
  const vpc = new aws.ec2.Vpc("vpc", { cidrBlock: "10.0.0.0/16" });
  const zones = aws.getAvailabilityZonesOutput({ state: "available" });
  const subnet = new aws.ec2.Subnet("subnet", {
    vpcId: vpc.id,
    cidrBlock: "10.0.1.0/24",
    availabilityZone: zones.names[1]!,
  });
  const sg = new aws.ec2.SecurityGroup("sg", { vpcId: vpc.id, description: "test" });
  const key = new aws.kms.Key("key", { description: "test" });
  const logGroup = new aws.cloudwatch.LogGroup("logs", { name: "/app/orders" });
  const role = new aws.iam.Role("role", { name: "app-role", assumeRolePolicy: TRUST });
  const pathRole = new aws.iam.Role("path-role", { name: "svc-role", path: "/service/", assumeRolePolicy: TRUST });
  const bucket = new aws.s3.Bucket("bucket", { bucket: "orders-archive" });
  const queue = new aws.sqs.Queue("queue", { name: "jobs" });
  const stream = new aws.kinesis.Stream("stream", { name: "events", shardCount: 1 });
  const table = new aws.dynamodb.Table("table", {
    name: "orders",
    hashKey: "id",
    attributes: [{ name: "id", type: "S" }],
    billingMode: "PAY_PER_REQUEST",
    streamEnabled: true,
    streamViewType: "NEW_AND_OLD_IMAGES",
  });
  const plainTable = new aws.dynamodb.Table("plain-table", {
    name: "lookups",
    hashKey: "id",
    attributes: [{ name: "id", type: "S" }],
    billingMode: "PAY_PER_REQUEST",
  });
  const fn = new aws.lambda.Function("fn", {
    name: "handler",
    role: role.arn,
    runtime: "nodejs20.x",
    handler: "index.handler",
    code: new pulumi.asset.AssetArchive({
      "index.js": new pulumi.asset.StringAsset("exports.handler = async () => {};"),
    }),
  });
  const topic = new aws.sns.Topic("topic", { name: "alerts" });
  return pulumi.output<Values>({
    zones: { names: zones.names, zoneIds: zones.zoneIds },
    vpc: {
      id: vpc.id,
      arn: vpc.arn,
      ownerId: vpc.ownerId,
      defaultSecurityGroupId: vpc.defaultSecurityGroupId,
      mainRouteTableId: vpc.mainRouteTableId,
    },
    subnet: {
      id: subnet.id,
      arn: subnet.arn,
      availabilityZone: subnet.availabilityZone,
      availabilityZoneId: subnet.availabilityZoneId,
    },
    sg: { id: sg.id, arn: sg.arn },
    key: { id: key.id, arn: key.arn, keyId: key.keyId },
    logGroup: { id: logGroup.id, arn: logGroup.arn, name: logGroup.name },
    role: { id: role.id, arn: role.arn, name: role.name, uniqueId: role.uniqueId },
    pathRole: { arn: pathRole.arn },
    bucket: {
      id: bucket.id,
      arn: bucket.arn,
      bucketDomainName: bucket.bucketDomainName,
      bucketRegionalDomainName: bucket.bucketRegionalDomainName,
      region: bucket.region,
    },
    queue: { id: queue.id, arn: queue.arn, url: queue.url },
    stream: { id: stream.id, arn: stream.arn },
    table: { id: table.id, arn: table.arn, streamArn: table.streamArn, streamLabel: table.streamLabel },
    plainTable: { arn: plainTable.arn, streamArn: plainTable.streamArn },
    fn: { id: fn.id, arn: fn.arn, invokeArn: fn.invokeArn, qualifiedArn: fn.qualifiedArn },
    topic: { id: topic.id, arn: topic.arn },
  });
}

async function plan(region: string): Promise<{ v: Values; graph: ResourceGraph }> {
  let v: Values = {};
  const { graph } = await planProgram(
    async () => {
      v = await valueOf(resources());
    },
    { region },
  );
  return { v, graph };
}

describe("ids and ARNs in the stack's region (us-west-2)", () => {
  let v: Values;
  let graph: ResourceGraph;
  beforeAll(async () => {
    ({ v, graph } = await plan("us-west-2"));
  });

  it("runs as the documented example account 123456789012", () => {
    expect(OFFLINE_ACCOUNT_ID).toBe(ACCOUNT);
    expect(v.vpc!.ownerId).toBe(ACCOUNT);
  });

  it("VPC: id vpc-<17 hex>, ARN arn:aws:ec2:us-west-2:123456789012:vpc/<id>, default security group and main route table ids", () => {
    expect(v.vpc!.id).toMatch(new RegExp(`^vpc-${HEX17}$`));
    expect(v.vpc!.arn).toBe(`arn:aws:ec2:us-west-2:${ACCOUNT}:vpc/${v.vpc!.id}`);
    expect(v.vpc!.defaultSecurityGroupId).toMatch(new RegExp(`^sg-${HEX17}$`));
    expect(v.vpc!.mainRouteTableId).toMatch(new RegExp(`^rtb-${HEX17}$`));
  });

  it("subnet: id subnet-<17 hex>, ec2 ARN, and the zone id getAvailabilityZones reports for its zone", () => {
    expect(v.subnet!.id).toMatch(new RegExp(`^subnet-${HEX17}$`));
    expect(v.subnet!.arn).toBe(`arn:aws:ec2:us-west-2:${ACCOUNT}:subnet/${v.subnet!.id}`);
    expect(v.subnet!.availabilityZone).toBe("us-west-2b");
    const zones = v.zones as { names: string[]; zoneIds: string[] };
    expect(v.subnet!.availabilityZoneId).toBe(zones.zoneIds[zones.names.indexOf("us-west-2b")]);
    expect(v.subnet!.availabilityZoneId).toBe("usw2-az2");
  });

  it("security group: id sg-<17 hex>, ARN arn:aws:ec2:us-west-2:123456789012:security-group/<id>", () => {
    expect(v.sg!.id).toMatch(new RegExp(`^sg-${HEX17}$`));
    expect(v.sg!.arn).toBe(`arn:aws:ec2:us-west-2:${ACCOUNT}:security-group/${v.sg!.id}`);
  });

  it("KMS key: id and keyId are one UUID, ARN arn:aws:kms:us-west-2:123456789012:key/<uuid>", () => {
    expect(v.key!.id).toMatch(new RegExp(`^${UUID}$`));
    expect(v.key!.keyId).toBe(v.key!.id);
    expect(v.key!.arn).toBe(`arn:aws:kms:us-west-2:${ACCOUNT}:key/${v.key!.id}`);
  });

  it("log group: id is its name, ARN arn:aws:logs:us-west-2:123456789012:log-group:<name> (no :* suffix)", () => {
    expect(v.logGroup!.id).toBe("/app/orders");
    expect(v.logGroup!.arn).toBe(`arn:aws:logs:us-west-2:${ACCOUNT}:log-group:/app/orders`);
  });

  it("IAM role: global ARN arn:aws:iam::123456789012:role/<path><name>, id is the name, recorded in region global", () => {
    expect(v.role!.arn).toBe(`arn:aws:iam::${ACCOUNT}:role/app-role`);
    expect(v.role!.id).toBe("app-role");
    expect(v.role!.uniqueId).toMatch(/^AROA[0-9A-Z]{17}$/);
    expect(v.pathRole!.arn).toBe(`arn:aws:iam::${ACCOUNT}:role/service/svc-role`);
    expect(graph.one("aws:iam/role:Role", "role").region).toBe("global");
    expect(graph.one("aws:iam/role:Role", "role").inputs.region).toBeUndefined();
  });

  it("S3 bucket: ARN arn:aws:s3:::<bucket> (no region, no account), regional domain <bucket>.s3.us-west-2.amazonaws.com", () => {
    expect(v.bucket!.id).toBe("orders-archive");
    expect(v.bucket!.arn).toBe("arn:aws:s3:::orders-archive");
    expect(v.bucket!.bucketRegionalDomainName).toBe("orders-archive.s3.us-west-2.amazonaws.com");
    expect(v.bucket!.bucketDomainName).toBe("orders-archive.s3.amazonaws.com");
    expect(v.bucket!.region).toBe("us-west-2");
    expect(graph.one("aws:s3/bucket:Bucket", "bucket").region).toBe("us-west-2");
  });

  it("SQS queue: id is the URL https://sqs.us-west-2.amazonaws.com/123456789012/<name>, ARN arn:aws:sqs:us-west-2:123456789012:<name>", () => {
    expect(v.queue!.url).toBe(`https://sqs.us-west-2.amazonaws.com/${ACCOUNT}/jobs`);
    expect(v.queue!.id).toBe(v.queue!.url);
    expect(v.queue!.arn).toBe(`arn:aws:sqs:us-west-2:${ACCOUNT}:jobs`);
  });

  it("Kinesis stream: id is the ARN arn:aws:kinesis:us-west-2:123456789012:stream/<name>", () => {
    expect(v.stream!.arn).toBe(`arn:aws:kinesis:us-west-2:${ACCOUNT}:stream/events`);
    expect(v.stream!.id).toBe(v.stream!.arn);
  });

  it("DynamoDB table: ARN …:table/<name>; with streamEnabled a stream ARN <table ARN>/stream/<label>, without none", () => {
    expect(v.table!.id).toBe("orders");
    expect(v.table!.arn).toBe(`arn:aws:dynamodb:us-west-2:${ACCOUNT}:table/orders`);
    expect(v.table!.streamLabel).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$/);
    expect(v.table!.streamArn).toBe(`${v.table!.arn}/stream/${v.table!.streamLabel}`);
    expect(v.plainTable!.arn).toBe(`arn:aws:dynamodb:us-west-2:${ACCOUNT}:table/lookups`);
    expect(v.plainTable!.streamArn).toBeFalsy();
  });

  it("Lambda function: ARN …:function:<name>, invokeArn through API Gateway's lambda path, qualified ARN :$LATEST", () => {
    const arn = `arn:aws:lambda:us-west-2:${ACCOUNT}:function:handler`;
    expect(v.fn!.id).toBe("handler");
    expect(v.fn!.arn).toBe(arn);
    expect(v.fn!.invokeArn).toBe(`arn:aws:apigateway:us-west-2:lambda:path/2015-03-31/functions/${arn}/invocations`);
    expect(v.fn!.qualifiedArn).toBe(`${arn}:$LATEST`);
  });

  it("SNS topic: id is the ARN arn:aws:sns:us-west-2:123456789012:<name>", () => {
    expect(v.topic!.arn).toBe(`arn:aws:sns:us-west-2:${ACCOUNT}:alerts`);
    expect(v.topic!.id).toBe(v.topic!.arn);
  });
});

describe("ids and ARNs in a China region (cn-north-1, partition aws-cn)", () => {
  let v: Values;
  beforeAll(async () => {
    ({ v } = await plan("cn-north-1"));
  });

  it("regional ARNs carry the aws-cn partition and the region", () => {
    expect(v.vpc!.arn).toBe(`arn:aws-cn:ec2:cn-north-1:${ACCOUNT}:vpc/${v.vpc!.id}`);
    expect(v.key!.arn).toBe(`arn:aws-cn:kms:cn-north-1:${ACCOUNT}:key/${v.key!.id}`);
    expect(v.logGroup!.arn).toBe(`arn:aws-cn:logs:cn-north-1:${ACCOUNT}:log-group:/app/orders`);
    expect(v.table!.arn).toBe(`arn:aws-cn:dynamodb:cn-north-1:${ACCOUNT}:table/orders`);
    expect(v.topic!.arn).toBe(`arn:aws-cn:sns:cn-north-1:${ACCOUNT}:alerts`);
  });

  it("global ARNs carry the aws-cn partition: IAM role and S3 bucket", () => {
    expect(v.role!.arn).toBe(`arn:aws-cn:iam::${ACCOUNT}:role/app-role`);
    expect(v.bucket!.arn).toBe("arn:aws-cn:s3:::orders-archive");
  });

  it("endpoints use the amazonaws.com.cn DNS suffix: S3 domain names, SQS URL", () => {
    expect(v.bucket!.bucketRegionalDomainName).toBe("orders-archive.s3.cn-north-1.amazonaws.com.cn");
    expect(v.bucket!.bucketDomainName).toBe("orders-archive.s3.amazonaws.com.cn");
    expect(v.queue!.url).toBe(`https://sqs.cn-north-1.amazonaws.com.cn/${ACCOUNT}/jobs`);
  });

  it("Lambda invokeArn goes through API Gateway in aws-cn", () => {
    const arn = `arn:aws-cn:lambda:cn-north-1:${ACCOUNT}:function:handler`;
    expect(v.fn!.invokeArn).toBe(
      `arn:aws-cn:apigateway:cn-north-1:lambda:path/2015-03-31/functions/${arn}/invocations`,
    );
  });

  it("subnet zone ids use the region's code (cnn1-az2 for cn-north-1b)", () => {
    expect(v.subnet!.availabilityZone).toBe("cn-north-1b");
    expect(v.subnet!.availabilityZoneId).toBe("cnn1-az2");
  });
});

// ---- Region resolution ----

const Q = "aws:sqs/queue:Queue";

describe("region resolution (stack aws:region us-east-1)", () => {
  let v: Record<string, any>;
  let graph: ResourceGraph;
  beforeAll(async () => {
    ({ graph } = await planProgram(
      async () => {
        const west = new aws.Provider("west", { region: "us-west-2" });
        const china = new aws.Provider("china", { region: "cn-north-1" });
        const stackQueue = new aws.sqs.Queue("stack-queue", { name: "stack-queue" });
        const westQueue = new aws.sqs.Queue("west-queue", { name: "west-queue" }, { provider: west });
        const pinned = new aws.sqs.Queue(
          "pinned-queue",
          { name: "pinned-queue", region: "eu-west-1" },
          { provider: west },
        );
        const pinnedOnDefault = new aws.sqs.Queue("pinned-default", {
          name: "pinned-default",
          region: "ap-southeast-2",
        });

        const component = new pulumi.ComponentResource(
          "test:regions:Holder",
          "holder",
          {},
          { providers: { aws: west } },
        );
        const child = new aws.sqs.Queue("child-queue", { name: "child-queue" }, { parent: component });
        const inner = new pulumi.ComponentResource("test:regions:Inner", "inner", {}, { parent: component });
        const grandchild = new aws.kms.Key("grandchild-key", {}, { parent: inner });
        const childRegion = aws.getRegionOutput({}, { parent: component });

        const chinaBucket = new aws.s3.Bucket("china-bucket", { bucket: "china-bucket" }, { provider: china });
        const chinaPartition = aws.getPartitionOutput({}, { provider: china });
        const chinaIdentity = aws.getCallerIdentityOutput({}, { provider: china });

        v = await valueOf(
          pulumi.output({
            stackQueue: stackQueue.arn,
            westQueue: westQueue.arn,
            pinned: pinned.arn,
            pinnedUrl: pinned.url,
            pinnedOnDefault: pinnedOnDefault.arn,
            child: child.arn,
            grandchild: grandchild.arn,
            childRegion: childRegion.region,
            chinaBucket: chinaBucket.arn,
            chinaRegionalDomain: chinaBucket.bucketRegionalDomainName,
            chinaPartition: chinaPartition.partition,
            chinaDnsSuffix: chinaPartition.dnsSuffix,
            chinaCaller: chinaIdentity.arn,
          }),
        );
      },
      { region: "us-east-1" },
    ));
  });

  it("without a provider or region input a resource lives in the stack's aws:region", () => {
    expect(v.stackQueue).toBe(`arn:aws:sqs:us-east-1:${ACCOUNT}:stack-queue`);
    expect(graph.one(Q, "stack-queue").region).toBe("us-east-1");
    expect(graph.one(Q, "stack-queue").inputs.region).toBe("us-east-1");
  });

  it("an explicit provider's region wins over the stack's aws:region", () => {
    expect(v.westQueue).toBe(`arn:aws:sqs:us-west-2:${ACCOUNT}:west-queue`);
    expect(graph.one(Q, "west-queue").region).toBe("us-west-2");
  });

  it("a resource's own region input wins over its provider's region (explicit or default)", () => {
    expect(v.pinned).toBe(`arn:aws:sqs:eu-west-1:${ACCOUNT}:pinned-queue`);
    expect(v.pinnedUrl).toBe(`https://sqs.eu-west-1.amazonaws.com/${ACCOUNT}/pinned-queue`);
    expect(graph.one(Q, "pinned-queue").region).toBe("eu-west-1");
    expect(v.pinnedOnDefault).toBe(`arn:aws:sqs:ap-southeast-2:${ACCOUNT}:pinned-default`);
    expect(graph.one(Q, "pinned-default").region).toBe("ap-southeast-2");
  });

  it("children of a component created with providers: { aws: p } get p's region, at any depth, invokes included", () => {
    expect(v.child).toBe(`arn:aws:sqs:us-west-2:${ACCOUNT}:child-queue`);
    expect(v.grandchild).toMatch(new RegExp(`^arn:aws:kms:us-west-2:${ACCOUNT}:key/`));
    expect(v.childRegion).toBe("us-west-2");
    expect(graph.one("test:regions:Holder", "holder").region).toBe("us-west-2");
    expect(graph.one("aws:kms/key:Key", "grandchild-key").region).toBe("us-west-2");
  });

  it("a China region gets partition aws-cn and DNS suffix amazonaws.com.cn, in ARNs and invokes", () => {
    expect(v.chinaPartition).toBe("aws-cn");
    expect(v.chinaDnsSuffix).toBe("amazonaws.com.cn");
    expect(v.chinaBucket).toBe("arn:aws-cn:s3:::china-bucket");
    expect(v.chinaRegionalDomain).toBe("china-bucket.s3.cn-north-1.amazonaws.com.cn");
    expect(v.chinaCaller).toMatch(new RegExp(`^arn:aws-cn:iam::${ACCOUNT}:`));
    expect(graph.one("aws:s3/bucket:Bucket", "china-bucket").region).toBe("cn-north-1");
  });

  it("each provider is recorded with its region", () => {
    expect(graph.one("pulumi:providers:aws", "west").region).toBe("us-west-2");
    expect(graph.one("pulumi:providers:aws", "china").region).toBe("cn-north-1");
  });
});

// ---- Invokes ----

describe("invokes answered by the offline engine (stack in us-east-1, a us-west-2 provider)", () => {
  let v: Record<string, any>;
  beforeAll(async () => {
    await planProgram(
      async () => {
        const west = new aws.Provider("west", { region: "us-west-2" });
        const east = aws.getAvailabilityZonesOutput({ state: "available" });
        const westZones = aws.getAvailabilityZonesOutput({ state: "available" }, { provider: west });
        const sydney = aws.getAvailabilityZonesOutput({ region: "ap-southeast-2" });
        const excluded = aws.getAvailabilityZonesOutput({ excludeNames: ["us-east-1e"], excludeZoneIds: ["use1-az1"] });
        const identity = aws.getCallerIdentityOutput();
        const region = aws.getRegionOutput();
        const westRegion = aws.getRegionOutput({}, { provider: west });
        const partition = aws.getPartitionOutput();
        const elb = aws.elb.getServiceAccountOutput();
        const elbWest = aws.elb.getServiceAccountOutput({}, { provider: west });
        v = await valueOf(
          pulumi.output({
            east: { names: east.names, zoneIds: east.zoneIds },
            west: { names: westZones.names, zoneIds: westZones.zoneIds },
            sydney: { names: sydney.names, zoneIds: sydney.zoneIds },
            excluded: { names: excluded.names, zoneIds: excluded.zoneIds },
            identity: { accountId: identity.accountId, arn: identity.arn, userId: identity.userId },
            region: { region: region.region, name: region.name, endpoint: region.endpoint },
            westRegion: { region: westRegion.region, name: westRegion.name, endpoint: westRegion.endpoint },
            partition: {
              partition: partition.partition,
              dnsSuffix: partition.dnsSuffix,
              reverseDnsPrefix: partition.reverseDnsPrefix,
            },
            elb: { id: elb.id, arn: elb.arn },
            elbWest: { id: elbWest.id, arn: elbWest.arn },
          }),
        );
      },
      { region: "us-east-1" },
    );
  });

  it("getAvailabilityZones: us-east-1 has six zones us-east-1a…f with ids use1-az1…az6", () => {
    expect(v.east.names).toEqual(["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f"]);
    expect(v.east.zoneIds).toEqual(["use1-az1", "use1-az2", "use1-az3", "use1-az4", "use1-az5", "use1-az6"]);
  });

  it("getAvailabilityZones through a us-west-2 provider: four zones with ids usw2-az1…az4", () => {
    expect(v.west.names).toEqual(["us-west-2a", "us-west-2b", "us-west-2c", "us-west-2d"]);
    expect(v.west.zoneIds).toEqual(["usw2-az1", "usw2-az2", "usw2-az3", "usw2-az4"]);
  });

  it("getAvailabilityZones honours the region argument and zone ids follow the region code (apse2)", () => {
    expect(v.sydney.names[0]).toBe("ap-southeast-2a");
    expect(v.sydney.zoneIds.every((id: string) => /^apse2-az\d$/.test(id))).toBe(true);
    expect(v.sydney.zoneIds).toHaveLength(v.sydney.names.length);
  });

  it("getAvailabilityZones excludes zones by name and by zone id", () => {
    expect(v.excluded.names).toEqual(["us-east-1b", "us-east-1c", "us-east-1d", "us-east-1f"]);
    expect(v.excluded.zoneIds).toEqual(["use1-az2", "use1-az3", "use1-az4", "use1-az6"]);
  });

  it("getCallerIdentity: account 123456789012 and an IAM ARN in the aws partition", () => {
    expect(v.identity.accountId).toBe(ACCOUNT);
    expect(v.identity.arn).toMatch(new RegExp(`^arn:aws:iam::${ACCOUNT}:`));
    expect(v.identity.userId).toMatch(/^AIDA[0-9A-Z]{17}$/);
  });

  it("getRegion: the provider's region in the v7 `region` field and the deprecated `name`, with its EC2 endpoint", () => {
    expect(v.region).toEqual({ region: "us-east-1", name: "us-east-1", endpoint: "ec2.us-east-1.amazonaws.com" });
    expect(v.westRegion).toEqual({ region: "us-west-2", name: "us-west-2", endpoint: "ec2.us-west-2.amazonaws.com" });
  });

  it("getPartition: aws, amazonaws.com, com.amazonaws", () => {
    expect(v.partition).toEqual({ partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" });
  });

  it("elb.getServiceAccount: the region's ELB log-delivery account and its root ARN", () => {
    expect(v.elb).toEqual({ id: "127311923021", arn: "arn:aws:iam::127311923021:root" });
    expect(v.elbWest).toEqual({ id: "797873946194", arn: "arn:aws:iam::797873946194:root" });
  });
});

describe("invokes that AWS or the engine cannot answer fail the plan", () => {
  it("elb.getServiceAccount in a region without an ELB account fails naming the region", async () => {
    const run = planProgram(() => {
      aws.elb.getServiceAccountOutput({ region: "eu-central-2" });
    });
    await expect(run).rejects.toBeInstanceOf(ProgramError);
    await expect(run).rejects.toThrow(/unsupported AWS Region: eu-central-2/);
  });

  it("an unknown invoke fails with a ProgramError naming the token", async () => {
    const run = planProgram(() => {
      aws.ec2.getAmiOutput({ owners: ["amazon"], mostRecent: true });
    });
    await expect(run).rejects.toBeInstanceOf(ProgramError);
    await expect(run).rejects.toThrow(/no mock for invoke "aws:ec2\/getAmi:getAmi"/);
  });
});

describe("another account for one plan (planProgram's accountId)", () => {
  const OTHER = "210987654321";

  /** What a program reads of the account: the caller identity, an owner id, an ARN, a queue URL. */
  async function accountValues(accountId?: string, fail = false): Promise<Values> {
    let v: Values = {};
    await planProgram(
      async () => {
        const vpc = new aws.ec2.Vpc("vpc", { cidrBlock: "10.0.0.0/16" });
        const queue = new aws.sqs.Queue("queue", { name: "jobs" });
        const identity = aws.getCallerIdentityOutput({});
        v = await valueOf(
          pulumi.output<Values>({
            identity: { accountId: identity.accountId, arn: identity.arn },
            vpc: { ownerId: vpc.ownerId, arn: vpc.arn },
            queue: { url: queue.url, arn: queue.arn },
          }),
        );
        if (fail) throw new Error("the program failed");
      },
      { region: "us-west-2", accountId },
    );
    return v;
  }

  it("plays that account in the caller identity, owner ids, ARNs and queue URLs, and the default in none of them", async () => {
    const v = await accountValues(OTHER);
    expect(v.identity).toEqual({ accountId: OTHER, arn: `arn:aws:iam::${OTHER}:user/offline` });
    expect(v.vpc!.ownerId).toBe(OTHER);
    expect(v.vpc!.arn).toMatch(new RegExp(`^arn:aws:ec2:us-west-2:${OTHER}:vpc/vpc-${HEX17}$`));
    expect(v.queue).toEqual({
      url: `https://sqs.us-west-2.amazonaws.com/${OTHER}/jobs`,
      arn: `arn:aws:sqs:us-west-2:${OTHER}:jobs`,
    });
    expect(JSON.stringify(v)).not.toContain(ACCOUNT);
  });

  it("plays the default account again in the next plan, also after a plan as another account failed", async () => {
    await expect(accountValues(OTHER, true)).rejects.toThrow(/the program failed/);
    const v = await accountValues();
    expect(v.identity!.accountId).toBe(ACCOUNT);
    expect(v.vpc!.ownerId).toBe(ACCOUNT);
    expect(v.queue!.url).toBe(`https://sqs.us-west-2.amazonaws.com/${ACCOUNT}/jobs`);
  });

  it("rejects an accountId that is not 12 digits, naming the option, and plans nothing", async () => {
    let ran = false;
    await expect(planProgram(() => (ran = true), { accountId: "21098765432" })).rejects.toThrow(
      /^accountId: "21098765432" is not an AWS account id \(12 digits\)$/,
    );
    expect(ran).toBe(false);
    expect((await accountValues()).identity!.accountId).toBe(ACCOUNT);
  });
});
