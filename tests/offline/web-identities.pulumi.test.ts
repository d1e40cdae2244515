/**
 * What a web tier reads back from the offline engine, shaped as AWS and the @pulumi/aws v7 provider
 * return it: load balancers (ARNs, ARN suffixes, DNS names, the region's canonical hosted zone),
 * listeners built from their load balancer's ARN, Route 53 zones, ACM DNS validation records
 * (the same for one name in every region of the account), Aurora global databases (endpoints that
 * share the account's per-region key, the managed master secret, writers), ElastiCache endpoints,
 * EFS file systems, mount targets and their cross-region replica, ECS, Application Auto Scaling,
 * Cloud Map, Auto Scaling groups, Secrets Manager replicas and versions, and random passwords that
 * honour their character rules. One program is planned once; the name limits are checked directly.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { beforeAll, describe, expect, it } from "vitest";
import { autoName, checkName, nameRuleOf } from "../../offline/naming-rules";
import { answerInvoke } from "../../offline/invokes";
import { packageModel } from "../../offline/package-models";
import { identityOf } from "../../offline/resource-ids";
import { planProgram, valueOf, type ProgramPlan } from "../../offline/testkit";

const ACCOUNT = "123456789012";
const HEX16 = "[0-9a-f]{16}";
const HEX17 = "[0-9a-f]{17}";
const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const GO_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \+0000 UTC$/;
/** Characters an ElastiCache AUTH token may hold: printable ASCII but space, `"`, `/` and `@`. */
const AUTH_TOKEN_SPECIALS = "!&#$^<>-";

const re = (source: string) => new RegExp(`^${source}$`);
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

type Values = Record<string, any>;

/** One of each resource the web tier uses, in us-east-1 (the stack's region) and us-west-2. */
async function program(): Promise<Values> {
  const west = new aws.Provider("west", { region: "us-west-2" });
  const vpc = new aws.ec2.Vpc("vpc", { cidrBlock: "10.0.0.0/16" });
  const subnetA = new aws.ec2.Subnet("subnet-a", {
    vpcId: vpc.id,
    cidrBlock: "10.0.1.0/24",
    availabilityZone: "us-east-1b",
  });
  const subnetB = new aws.ec2.Subnet("subnet-b", { vpcId: vpc.id, cidrBlock: "10.0.2.0/24" });
  const subnets = [subnetA.id, subnetB.id];

  // Load balancing
  const alb = new aws.lb.LoadBalancer("alb", { name: "web-alb", subnets, securityGroups: [] });
  const privateAlb = new aws.lb.LoadBalancer("private-alb", { internal: true, subnets });
  const nlb = new aws.lb.LoadBalancer("nlb", { name: "web-nlb", loadBalancerType: "network", subnets });
  const westAlb = new aws.lb.LoadBalancer("west-alb", { name: "web-alb" }, { provider: west });
  const tg = new aws.lb.TargetGroup("tg", { name: "web-tg", port: 8080, protocol: "HTTP", vpcId: vpc.id });
  const listener = new aws.lb.Listener("https", {
    loadBalancerArn: alb.arn,
    port: 443,
    protocol: "HTTPS",
    defaultActions: [{ type: "forward", targetGroupArn: tg.arn }],
  });
  const rule = new aws.lb.ListenerRule("api-rule", {
    listenerArn: listener.arn,
    priority: 10,
    actions: [{ type: "forward", targetGroupArn: tg.arn }],
    conditions: [{ pathPattern: { values: ["/api/*"] } }],
  });
  const nextRule = new aws.lb.ListenerRule(
    "static-rule",
    {
      listenerArn: listener.arn,
      actions: [{ type: "forward", targetGroupArn: tg.arn }],
      conditions: [{ pathPattern: { values: ["/static/*"] } }],
    },
    { dependsOn: [rule] },
  );
  const attachment = new aws.lb.TargetGroupAttachment("attach", { targetGroupArn: tg.arn, targetId: "10.0.1.20" });
  const nlbZoneWest = aws.lb.getHostedZoneIdOutput({ loadBalancerType: "network" }, { provider: west });

  // DNS and certificates
  const zone = new aws.route53.Zone("zone", { name: "example.com." });
  const privateZone = new aws.route53.Zone("private-zone", { name: "internal.example.com", vpcs: [{ vpcId: vpc.id }] });
  const certEast = new aws.acm.Certificate("cert-east", { domainName: "app.example.com", validationMethod: "DNS" });
  const certWest = new aws.acm.Certificate(
    "cert-west",
    { domainName: "app.example.com", validationMethod: "DNS" },
    { provider: west },
  );
  const certOther = new aws.acm.Certificate("cert-other", {
    domainName: "example.com",
    subjectAlternativeNames: ["*.example.com", "api.example.com"],
    validationMethod: "DNS",
  });
  const validation = new aws.acm.CertificateValidation("cert-east-validation", { certificateArn: certEast.arn });

  // Aurora global database
  const dbSubnets = new aws.rds.SubnetGroup("db-subnets", { name: "web-db-subnets", subnetIds: subnets });
  const global = new aws.rds.GlobalCluster("global", {
    globalClusterIdentifier: "web-global",
    engine: "aurora-postgresql",
    engineVersion: "16.6",
    storageEncrypted: true,
  });
  const primary = new aws.rds.Cluster("primary", {
    clusterIdentifier: "web-db",
    engine: "aurora-postgresql",
    engineVersion: "16.6",
    globalClusterIdentifier: global.id,
    masterUsername: "app",
    manageMasterUserPassword: true,
    dbSubnetGroupName: dbSubnets.name,
    storageEncrypted: true,
  });
  const writer = new aws.rds.ClusterInstance("primary-1", {
    identifier: "web-db-1",
    clusterIdentifier: primary.id,
    engine: "aurora-postgresql",
    instanceClass: "db.r6g.large",
  });
  const reader = new aws.rds.ClusterInstance(
    "primary-2",
    {
      identifier: "web-db-2",
      clusterIdentifier: primary.id,
      engine: "aurora-postgresql",
      instanceClass: "db.r6g.large",
    },
    { dependsOn: [writer] },
  );
  const reports = new aws.rds.Cluster("Reports-DB", {
    engine: "aurora-mysql",
    masterUsername: "admin",
    masterPassword: pulumi.secret("not-a-real-password"),
  });
  const secondary = new aws.rds.Cluster(
    "secondary",
    {
      clusterIdentifier: "web-db-west",
      engine: "aurora-postgresql",
      engineVersion: "16.6",
      globalClusterIdentifier: global.id,
      storageEncrypted: true,
      kmsKeyId: `arn:aws:kms:us-west-2:${ACCOUNT}:key/11111111-2222-4333-8444-555555555555`,
    },
    { provider: west, dependsOn: [writer] },
  );
  const secondaryInstance = new aws.rds.ClusterInstance(
    "secondary-1",
    {
      identifier: "web-db-west-1",
      clusterIdentifier: secondary.id,
      engine: "aurora-postgresql",
      instanceClass: "db.r6g.large",
    },
    { provider: west },
  );

  // ElastiCache
  const authToken = new random.RandomPassword("auth-token", {
    length: 32,
    overrideSpecial: AUTH_TOKEN_SPECIALS,
    minUpper: 2,
    minLower: 2,
    minNumeric: 2,
    minSpecial: 2,
  });
  const cacheSubnets = new aws.elasticache.SubnetGroup("cache-subnets", {
    name: "Web-Cache-Subnets",
    subnetIds: subnets,
  });
  const cache = new aws.elasticache.ReplicationGroup("cache", {
    replicationGroupId: "web-cache",
    description: "web sessions",
    engine: "valkey",
    engineVersion: "8.0",
    nodeType: "cache.t4g.small",
    numCacheClusters: 2,
    automaticFailoverEnabled: true,
    transitEncryptionEnabled: true,
    atRestEncryptionEnabled: true,
    authToken: authToken.result,
    subnetGroupName: cacheSubnets.name,
  });
  const sharded = new aws.elasticache.ReplicationGroup("sharded", {
    replicationGroupId: "web-shards",
    description: "sharded",
    nodeType: "cache.t4g.small",
    clusterMode: "enabled",
    numNodeGroups: 2,
    replicasPerNodeGroup: 1,
    transitEncryptionEnabled: true,
  });
  const plainCache = new aws.elasticache.ReplicationGroup("plain-cache", {
    replicationGroupId: "web-plain",
    description: "no TLS",
    nodeType: "cache.t4g.small",
  });

  // EFS
  const fs = new aws.efs.FileSystem("fs", { encrypted: true, tags: { Name: "web-content" } });
  const mountTarget = new aws.efs.MountTarget("mount-a", { fileSystemId: fs.id, subnetId: subnetA.id });
  const accessPoint = new aws.efs.AccessPoint("access-point", { fileSystemId: fs.id });
  const backupPolicy = new aws.efs.BackupPolicy("fs-backup", {
    fileSystemId: fs.id,
    backupPolicy: { status: "ENABLED" },
  });
  const replication = new aws.efs.ReplicationConfiguration("fs-replica", {
    sourceFileSystemId: fs.id,
    destination: { region: "us-west-2" },
  });

  // ECS, scaling, discovery
  const cluster = new aws.ecs.Cluster("cluster", { name: "web" });
  const containers = JSON.stringify([{ name: "web", image: "nginx", essential: true }]);
  const task = new aws.ecs.TaskDefinition("task", { family: "web-task", containerDefinitions: containers });
  const taskAgain = new aws.ecs.TaskDefinition(
    "task-again",
    { family: "web-task", containerDefinitions: containers },
    { dependsOn: [task] },
  );
  const service = new aws.ecs.Service("service", {
    name: "web-svc",
    cluster: cluster.arn,
    taskDefinition: task.arn,
    launchType: "FARGATE",
    desiredCount: 2,
  });
  const serviceByName = new aws.ecs.Service("service-by-name", {
    name: "worker",
    cluster: cluster.name,
    taskDefinition: task.arn,
  });
  const ami = aws.ssm.getParameterOutput({
    name: "/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id",
  });
  const template = new aws.ec2.LaunchTemplate("lt", { imageId: ami.value });
  const asg = new aws.autoscaling.Group("asg", {
    name: "web-asg",
    minSize: 1,
    maxSize: 2,
    vpcZoneIdentifiers: subnets,
    launchTemplate: { id: template.id, version: "$Latest" },
  });
  const capacityProvider = new aws.ecs.CapacityProvider("cp", {
    name: "web-cp",
    autoScalingGroupProvider: { autoScalingGroupArn: asg.arn },
  });
  const clusterProviders = new aws.ecs.ClusterCapacityProviders("cluster-providers", {
    clusterName: cluster.name,
    capacityProviders: [capacityProvider.name],
  });
  const target = new aws.appautoscaling.Target("scaling-target", {
    serviceNamespace: "ecs",
    resourceId: pulumi.interpolate`service/${cluster.name}/${service.name}`,
    scalableDimension: "ecs:service:DesiredCount",
    minCapacity: 2,
    maxCapacity: 6,
  });
  const policy = new aws.appautoscaling.Policy("cpu-policy", {
    name: "web-cpu",
    policyType: "TargetTrackingScaling",
    serviceNamespace: target.serviceNamespace,
    resourceId: target.resourceId,
    scalableDimension: target.scalableDimension,
    targetTrackingScalingPolicyConfiguration: {
      targetValue: 60,
      predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
    },
  });
  const namespace = new aws.servicediscovery.PrivateDnsNamespace("namespace", { name: "web.local", vpc: vpc.id });
  const discovery = new aws.servicediscovery.Service("discovery", {
    name: "api",
    namespaceId: namespace.id,
    dnsConfig: { namespaceId: namespace.id, dnsRecords: [{ type: "A", ttl: 10 }] },
  });

  // Secrets Manager
  const secret = new aws.secretsmanager.Secret("app-secret", {
    name: "web/app-config",
    replicas: [{ region: "us-west-2" }],
  });
  const version = new aws.secretsmanager.SecretVersion("app-secret-version", {
    secretId: secret.id,
    secretString: pulumi.secret("{}"),
  });
  const versionByName = new aws.secretsmanager.SecretVersion("app-secret-by-name", {
    secretId: secret.name,
    secretString: pulumi.secret("{}"),
  });

  const pick = <T extends pulumi.CustomResource>(r: T, ...keys: (keyof T)[]) =>
    Object.fromEntries([["id", r.id], ...keys.map((k) => [k, r[k]])]);
  return valueOf<Values>(
    pulumi.output({
      vpc: pick(vpc),
      subnetA: pick(subnetA, "availabilityZone", "availabilityZoneId"),
      alb: pick(alb, "arn", "arnSuffix", "dnsName", "zoneId", "vpcId", "name"),
      privateAlb: pick(privateAlb, "arn", "dnsName", "name"),
      nlb: pick(nlb, "arn", "arnSuffix", "dnsName", "zoneId"),
      westAlb: pick(westAlb, "arn", "dnsName", "zoneId"),
      tg: pick(tg, "arn", "arnSuffix", "loadBalancerArns"),
      listener: pick(listener, "arn"),
      rule: pick(rule, "arn", "priority"),
      nextRule: pick(nextRule, "arn", "priority"),
      attachment: pick(attachment),
      nlbZoneWest: nlbZoneWest.id,
      zone: pick(zone, "zoneId", "arn", "name", "nameServers", "primaryNameServer"),
      privateZone: pick(privateZone, "zoneId", "nameServers"),
      certEast: pick(certEast, "arn", "domainValidationOptions"),
      certWest: pick(certWest, "arn", "domainValidationOptions"),
      certOther: pick(certOther, "domainValidationOptions"),
      validation: pick(validation, "certificateArn"),
      dbSubnets: pick(dbSubnets, "arn", "name", "vpcId"),
      global: pick(global, "arn", "globalClusterResourceId", "endpoint", "engineVersionActual"),
      primary: pick(
        primary,
        "arn",
        "clusterIdentifier",
        "endpoint",
        "readerEndpoint",
        "clusterResourceId",
        "port",
        "hostedZoneId",
        "masterUserSecrets",
        "kmsKeyId",
      ),
      writer: pick(writer, "arn", "endpoint", "port", "dbiResourceId", "writer", "availabilityZone"),
      reader: pick(reader, "endpoint", "writer", "availabilityZone"),
      reports: pick(reports, "clusterIdentifier", "endpoint", "port", "masterUserSecrets"),
      secondary: pick(secondary, "arn", "endpoint", "readerEndpoint", "hostedZoneId", "masterUserSecrets"),
      secondaryInstance: pick(secondaryInstance, "endpoint", "writer"),
      authToken: authToken.result,
      authTokenIsSecret: pulumi.output(pulumi.isSecret(authToken.result)),
      cacheSubnets: pick(cacheSubnets, "arn", "name", "vpcId"),
      cache: pick(
        cache,
        "arn",
        "primaryEndpointAddress",
        "readerEndpointAddress",
        "memberClusters",
        "port",
        "clusterEnabled",
        "engineVersionActual",
      ),
      sharded: pick(
        sharded,
        "configurationEndpointAddress",
        "primaryEndpointAddress",
        "memberClusters",
        "clusterEnabled",
      ),
      plainCache: pick(plainCache, "primaryEndpointAddress", "readerEndpointAddress", "memberClusters"),
      fs: pick(
        fs,
        "arn",
        "dnsName",
        "sizeInBytes",
        "numberOfMountTargets",
        "ownerId",
        "name",
        "creationToken",
        "kmsKeyId",
      ),
      mountTarget: pick(
        mountTarget,
        "ipAddress",
        "dnsName",
        "mountTargetDnsName",
        "fileSystemArn",
        "networkInterfaceId",
        "availabilityZoneName",
        "availabilityZoneId",
      ),
      accessPoint: pick(accessPoint, "arn", "fileSystemArn"),
      backupPolicy: pick(backupPolicy),
      ami: { value: ami.value, arn: ami.arn, type: ami.type },
      templateImage: template.imageId,
      replication: pick(
        replication,
        "sourceFileSystemArn",
        "sourceFileSystemRegion",
        "originalSourceFileSystemArn",
        "destination",
        "creationTime",
      ),
      cluster: pick(cluster, "arn", "name"),
      task: pick(task, "arn", "arnWithoutRevision", "revision"),
      taskAgain: pick(taskAgain, "arn", "revision"),
      service: pick(service, "arn", "name"),
      serviceByName: pick(serviceByName, "arn"),
      asg: pick(asg, "arn", "name"),
      capacityProvider: pick(capacityProvider, "arn"),
      clusterProviders: pick(clusterProviders),
      target: pick(target, "arn", "roleArn"),
      policy: pick(policy, "arn", "alarmArns"),
      namespace: pick(namespace, "arn", "hostedZone"),
      discovery: pick(discovery, "arn"),
      secret: pick(secret, "arn", "replicas"),
      version: pick(version, "arn", "secretArn", "versionId", "versionStages"),
      versionByName: pick(versionByName, "arn"),
    }),
  );
}

describe("web tier identities (stack in us-east-1, a us-west-2 provider)", () => {
  let v: Values;
  let plan: ProgramPlan;
  beforeAll(async () => {
    plan = await planProgram(async () => {
      v = await program();
    });
  });

  it("application load balancer: id is the ARN …:loadbalancer/app/<name>/<16 hex>, ARN suffix, DNS name, the region's ALB zone, the subnets' VPC", () => {
    expect(v.alb.arn).toMatch(
      re(`arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/app/web-alb/${HEX16}`),
    );
    expect(v.alb.id).toBe(v.alb.arn);
    expect(v.alb.arnSuffix).toBe(v.alb.arn.split(":loadbalancer/")[1]);
    expect(v.alb.dnsName).toMatch(/^web-alb-\d{1,10}\.us-east-1\.elb\.amazonaws\.com$/);
    expect(v.alb.zoneId).toBe("Z35SXDOTRQ7X7K");
    expect(v.alb.vpcId).toBe(v.vpc.id);
    expect(v.westAlb.arn).toMatch(/^arn:aws:elasticloadbalancing:us-west-2:/);
    expect(v.westAlb.dnsName).toMatch(/^web-alb-\d+\.us-west-2\.elb\.amazonaws\.com$/);
    expect(v.westAlb.zoneId).toBe("Z1H1FL5HABSF5");
  });

  it("an internal ALB's DNS name starts with internal-; an auto-name is <logical>-<7 hex>", () => {
    expect(v.privateAlb.name).toMatch(/^private-alb-[0-9a-f]{7}$/);
    expect(v.privateAlb.dnsName).toMatch(re(`internal-${v.privateAlb.name}-\\d+\\.us-east-1\\.elb\\.amazonaws\\.com`));
  });

  it("network load balancer: loadbalancer/net/…, DNS <name>-<16 hex>.elb.<region>.amazonaws.com, the NLB zone; lb.getHostedZoneId agrees", () => {
    expect(v.nlb.arnSuffix).toMatch(re(`net/web-nlb/${HEX16}`));
    expect(v.nlb.dnsName).toMatch(re(`web-nlb-${HEX16}\\.elb\\.us-east-1\\.amazonaws\\.com`));
    expect(v.nlb.zoneId).toBe("Z26RNL4JYFTOTI");
    expect(v.nlbZoneWest).toBe("Z18D5FSROUN65G");
  });

  it("target group: id is the ARN …:targetgroup/<name>/<16 hex>, ARN suffix targetgroup/<name>/<hex>", () => {
    expect(v.tg.arn).toMatch(re(`arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/web-tg/${HEX16}`));
    expect(v.tg.id).toBe(v.tg.arn);
    expect(v.tg.arnSuffix).toBe(v.tg.arn.split(":").pop());
    expect(v.tg.loadBalancerArns).toEqual([]);
  });

  it("listener and rules: ARNs carry the load balancer's name and hex; a rule without priority gets the next free one", () => {
    const lb = v.alb.arnSuffix as string; // app/web-alb/<hex>
    expect(v.listener.arn).toMatch(
      re(`arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:listener/${escape(lb)}/${HEX16}`),
    );
    expect(v.listener.id).toBe(v.listener.arn);
    const listenerPath = v.listener.arn.split(":listener/")[1];
    expect(v.rule.arn).toMatch(
      re(`arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:listener-rule/${escape(listenerPath)}/${HEX16}`),
    );
    expect(v.rule.priority).toBe(10);
    expect(v.nextRule.priority).toBe(11);
    expect(v.attachment.id).toMatch(re(`${escape(v.tg.arn)}-\\d{18}[0-9a-f]{8}`));
  });

  it("Route 53 public zone: Z id, hostedzone ARN, four awsdns servers (one per TLD, sorted), name without the trailing dot", () => {
    expect(v.zone.zoneId).toMatch(/^Z[0-9A-Z]{13,31}$/);
    expect(v.zone.id).toBe(v.zone.zoneId);
    expect(v.zone.arn).toBe(`arn:aws:route53:::hostedzone/${v.zone.zoneId}`);
    expect(v.zone.name).toBe("example.com");
    const servers = v.zone.nameServers as string[];
    expect(servers).toHaveLength(4);
    expect([...servers].sort()).toEqual(servers);
    expect(servers.map((s) => s.replace(/^ns-\d+\.awsdns-\d{2}\./, "")).sort()).toEqual(["co.uk", "com", "net", "org"]);
    for (const s of servers) {
      const [, n, tld] = /^ns-(\d+)\.awsdns-\d{2}\.(.+)$/.exec(s)!;
      expect(Math.floor(Number(n) / 512)).toBe(["com", "net", "org", "co.uk"].indexOf(tld!));
    }
    expect(servers).toContain(v.zone.primaryNameServer);
    expect(v.privateZone.nameServers).toEqual([
      "ns-0.awsdns-00.com.",
      "ns-1024.awsdns-00.org.",
      "ns-1536.awsdns-00.co.uk.",
      "ns-512.awsdns-00.net.",
    ]);
  });

  it("ACM: one name has the same DNS validation record in us-east-1 and us-west-2; another name a different one", () => {
    const [east] = v.certEast.domainValidationOptions;
    const [west] = v.certWest.domainValidationOptions;
    expect(v.certEast.arn).toMatch(re(`arn:aws:acm:us-east-1:${ACCOUNT}:certificate/${UUID}`));
    expect(v.certWest.arn).toMatch(re(`arn:aws:acm:us-west-2:${ACCOUNT}:certificate/${UUID}`));
    expect(east.resourceRecordName).toMatch(/^_[0-9a-f]{32}\.app\.example\.com\.$/);
    expect(east.resourceRecordValue).toMatch(/^_[0-9a-f]{32}\.[a-z]{10}\.acm-validations\.aws\.$/);
    expect(west).toEqual(east);
    const other = Object.fromEntries((v.certOther.domainValidationOptions as any[]).map((o) => [o.domainName, o]));
    expect(other["api.example.com"].resourceRecordName).not.toBe(east.resourceRecordName);
    expect(other["api.example.com"].resourceRecordValue).not.toBe(east.resourceRecordValue);
    // A wildcard is validated by its base name's record.
    expect(other["*.example.com"].resourceRecordName).toBe(other["example.com"].resourceRecordName);
    expect(other["*.example.com"].resourceRecordValue).toBe(other["example.com"].resourceRecordValue);
  });

  it("ACM certificate validation: id is the issue time as Terraform stores it; certificateArn is the certificate's", () => {
    expect(v.validation.id).toMatch(GO_TIME);
    expect(v.validation.certificateArn).toBe(v.certEast.arn);
  });

  it("Aurora global cluster: id is the identifier, a global ARN with no region, cluster-<hex> resource id, global writer endpoint", () => {
    expect(v.global.id).toBe("web-global");
    expect(v.global.arn).toBe(`arn:aws:rds::${ACCOUNT}:global-cluster:web-global`);
    expect(v.global.globalClusterResourceId).toMatch(/^cluster-[0-9a-f]{16}$/);
    expect(v.global.endpoint).toMatch(/^web-global\.global-[a-z0-9]{12}\.global\.rds\.amazonaws\.com$/);
    expect(v.global.engineVersionActual).toBe("16.6");
  });

  it("Aurora cluster: endpoints share the account's per-region key with its instances, resource ids, port, hosted zone, managed master secret", () => {
    const [, key] = /^web-db\.cluster-(c[a-z0-9]{11})\.us-east-1\.rds\.amazonaws\.com$/.exec(v.primary.endpoint) ?? [];
    expect(key).toBeDefined();
    expect(v.primary.id).toBe("web-db");
    expect(v.primary.arn).toBe(`arn:aws:rds:us-east-1:${ACCOUNT}:cluster:web-db`);
    expect(v.primary.readerEndpoint).toBe(`web-db.cluster-ro-${key}.us-east-1.rds.amazonaws.com`);
    expect(v.primary.clusterResourceId).toMatch(/^cluster-[A-Z2-7]{26}$/);
    expect(v.primary.port).toBe(5432);
    expect(v.primary.hostedZoneId).toBe("Z2R2ITUGPM61AM");
    expect(v.primary.kmsKeyId).toMatch(re(`arn:aws:kms:us-east-1:${ACCOUNT}:key/${UUID}`));
    expect(v.primary.masterUserSecrets).toEqual([
      {
        secretArn: expect.stringMatching(
          re(`arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:rds!cluster-${UUID}-[A-Za-z0-9]{6}`),
        ),
        kmsKeyId: expect.stringMatching(/^arn:aws:kms:us-east-1:/),
        secretStatus: "active",
      },
    ]);
    expect(v.writer.endpoint).toBe(`web-db-1.${key}.us-east-1.rds.amazonaws.com`);
    expect(v.reader.endpoint).toBe(`web-db-2.${key}.us-east-1.rds.amazonaws.com`);
    // Another cluster of the account in the region: the same key; MySQL's port; no managed secret with a password given.
    expect(v.reports.clusterIdentifier).toMatch(/^reports-db-[0-9a-f]{7}$/);
    expect(v.reports.endpoint).toBe(`${v.reports.clusterIdentifier}.cluster-${key}.us-east-1.rds.amazonaws.com`);
    expect(v.reports.port).toBe(3306);
    expect(v.reports.masterUserSecrets).toEqual([]);
  });

  it("Aurora instances: id is the identifier, …:db:<id>, db-<26> resource id, the cluster's port; the first is the writer", () => {
    expect(v.writer.id).toBe("web-db-1");
    expect(v.writer.arn).toBe(`arn:aws:rds:us-east-1:${ACCOUNT}:db:web-db-1`);
    expect(v.writer.dbiResourceId).toMatch(/^db-[A-Z2-7]{26}$/);
    expect(v.writer.port).toBe(5432);
    expect(v.writer.writer).toBe(true);
    expect(v.reader.writer).toBe(false);
    expect(v.writer.availabilityZone).not.toBe(v.reader.availabilityZone);
  });

  it("the secondary cluster in us-west-2: its region's key and hosted zone, no managed secret, no writer", () => {
    const [, key] =
      /^web-db-west\.cluster-(c[a-z0-9]{11})\.us-west-2\.rds\.amazonaws\.com$/.exec(v.secondary.endpoint) ?? [];
    expect(key).toBeDefined();
    expect(v.primary.endpoint).not.toContain(key);
    expect(v.secondary.arn).toBe(`arn:aws:rds:us-west-2:${ACCOUNT}:cluster:web-db-west`);
    expect(v.secondary.hostedZoneId).toBe("Z1PVIF0B656C1W");
    expect(v.secondary.masterUserSecrets).toEqual([]);
    expect(v.secondaryInstance.endpoint).toBe(`web-db-west-1.${key}.us-west-2.rds.amazonaws.com`);
    expect(v.secondaryInstance.writer).toBe(false);
  });

  it("subnet groups: id is the name (ElastiCache's in lower case), subgrp:/subnetgroup: ARNs, the subnets' VPC", () => {
    expect(v.dbSubnets.id).toBe("web-db-subnets");
    expect(v.dbSubnets.arn).toBe(`arn:aws:rds:us-east-1:${ACCOUNT}:subgrp:web-db-subnets`);
    expect(v.dbSubnets.vpcId).toBe(v.vpc.id);
    expect(v.cacheSubnets.id).toBe("web-cache-subnets");
    expect(v.cacheSubnets.name).toBe("web-cache-subnets");
    expect(v.cacheSubnets.arn).toBe(`arn:aws:elasticache:us-east-1:${ACCOUNT}:subnetgroup:web-cache-subnets`);
    expect(v.cacheSubnets.vpcId).toBe(v.vpc.id);
  });

  it("ElastiCache with TLS: master./replica. endpoints with the use1 region code, member clusters by count, port 6379", () => {
    expect(v.cache.id).toBe("web-cache");
    expect(v.cache.arn).toBe(`arn:aws:elasticache:us-east-1:${ACCOUNT}:replicationgroup:web-cache`);
    const [, key] =
      /^master\.web-cache\.([a-z0-9]{6})\.use1\.cache\.amazonaws\.com$/.exec(v.cache.primaryEndpointAddress) ?? [];
    expect(key).toBeDefined();
    expect(v.cache.readerEndpointAddress).toBe(`replica.web-cache.${key}.use1.cache.amazonaws.com`);
    expect(v.cache.memberClusters).toEqual(["web-cache-001", "web-cache-002"]);
    expect(v.cache.port).toBe(6379);
    expect(v.cache.clusterEnabled).toBe(false);
    expect(v.cache.engineVersionActual).toBe("8.0.1");
    expect(v.sharded.clusterEnabled).toBe(true);
    expect(v.sharded.configurationEndpointAddress).toBe(`clustercfg.web-shards.${key}.use1.cache.amazonaws.com`);
    expect(v.sharded.primaryEndpointAddress).toBeFalsy();
    expect(v.sharded.memberClusters).toEqual([
      "web-shards-0001-001",
      "web-shards-0001-002",
      "web-shards-0002-001",
      "web-shards-0002-002",
    ]);
    expect(v.plainCache.primaryEndpointAddress).toBe(`web-plain.${key}.ng.0001.use1.cache.amazonaws.com`);
    expect(v.plainCache.readerEndpointAddress).toBe(`web-plain-ro.${key}.ng.0001.use1.cache.amazonaws.com`);
    expect(v.plainCache.memberClusters).toEqual(["web-plain-001"]);
  });

  it("random.RandomPassword: a secret of the requested length from the allowed characters, with each class's minimum", () => {
    const token = v.authToken as string;
    expect(v.authTokenIsSecret).toBe(true);
    expect(plan.graph.one("random:index/randomPassword:RandomPassword", "auth-token").secretOutputs).toContain(
      "result",
    );
    expect(token).toHaveLength(32);
    expect(token).toMatch(new RegExp(`^[A-Za-z0-9${escape(AUTH_TOKEN_SPECIALS)}]+$`));
    expect(token.replace(/[^A-Z]/g, "").length).toBeGreaterThanOrEqual(2);
    expect(token.replace(/[^a-z]/g, "").length).toBeGreaterThanOrEqual(2);
    expect(token.replace(/[^0-9]/g, "").length).toBeGreaterThanOrEqual(2);
    expect([...token].filter((ch) => AUTH_TOKEN_SPECIALS.includes(ch)).length).toBeGreaterThanOrEqual(2);
  });

  it("EFS file system: fs-<17 hex>, file-system ARN, DNS name, size, no mount targets yet, owner, name from the Name tag, auto-named creation token", () => {
    expect(v.fs.id).toMatch(re(`fs-${HEX17}`));
    expect(v.fs.arn).toBe(`arn:aws:elasticfilesystem:us-east-1:${ACCOUNT}:file-system/${v.fs.id}`);
    expect(v.fs.dnsName).toBe(`${v.fs.id}.efs.us-east-1.amazonaws.com`);
    expect(v.fs.sizeInBytes).toEqual([
      { value: expect.any(Number), valueInIa: 0, valueInStandard: expect.any(Number) },
    ]);
    expect(v.fs.numberOfMountTargets).toBe(0);
    expect(v.fs.ownerId).toBe(ACCOUNT);
    expect(v.fs.name).toBe("web-content");
    expect(v.fs.creationToken).toMatch(/^fs-[0-9a-f]{7}$/);
    expect(v.fs.kmsKeyId).toMatch(re(`arn:aws:kms:us-east-1:${ACCOUNT}:key/${UUID}`));
  });

  it("EFS mount target: fsmt-<17 hex>, an address in its subnet, its subnet's zone, an ENI, the file system's ARN and DNS names", () => {
    expect(v.mountTarget.id).toMatch(re(`fsmt-${HEX17}`));
    expect(v.mountTarget.ipAddress).toMatch(/^10\.0\.1\.\d{1,3}$/);
    expect(Number(v.mountTarget.ipAddress.split(".")[3])).toBeGreaterThanOrEqual(4);
    expect(v.mountTarget.availabilityZoneName).toBe(v.subnetA.availabilityZone);
    expect(v.mountTarget.availabilityZoneId).toBe(v.subnetA.availabilityZoneId);
    expect(v.mountTarget.networkInterfaceId).toMatch(re(`eni-${HEX17}`));
    expect(v.mountTarget.fileSystemArn).toBe(v.fs.arn);
    expect(v.mountTarget.dnsName).toBe(v.fs.dnsName);
    expect(v.mountTarget.mountTargetDnsName).toBe(`us-east-1b.${v.fs.dnsName}`);
  });

  it("EFS access point: fsap-<17 hex>, access-point ARN, the file system's ARN", () => {
    expect(v.accessPoint.id).toMatch(re(`fsap-${HEX17}`));
    expect(v.accessPoint.arn).toBe(`arn:aws:elasticfilesystem:us-east-1:${ACCOUNT}:access-point/${v.accessPoint.id}`);
    expect(v.accessPoint.fileSystemArn).toBe(v.fs.arn);
  });

  it("EFS backup policy: id is the file system's", () => {
    expect(v.backupPolicy.id).toBe(v.fs.id);
  });

  it("ssm.getParameter answers AWS's public AMI parameters with a stable ami-<17 hex> in an ARN with no account", () => {
    expect(v.ami.value).toMatch(re(`ami-${HEX17}`));
    expect(v.ami.arn).toBe(
      "arn:aws:ssm:us-east-1::parameter/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id",
    );
    expect(v.ami.type).toBe("String");
    expect(v.templateImage).toBe(v.ami.value);
  });

  it("EFS replication: id is the source file system, the replica is a new fs-<17 hex> in the destination region, ENABLED", () => {
    expect(v.replication.id).toBe(v.fs.id);
    expect(v.replication.sourceFileSystemArn).toBe(v.fs.arn);
    expect(v.replication.originalSourceFileSystemArn).toBe(v.fs.arn);
    expect(v.replication.sourceFileSystemRegion).toBe("us-east-1");
    expect(v.replication.creationTime).toMatch(GO_TIME);
    expect(v.replication.destination).toMatchObject({ region: "us-west-2", status: "ENABLED" });
    expect(v.replication.destination.fileSystemId).toMatch(re(`fs-${HEX17}`));
    expect(v.replication.destination.fileSystemId).not.toBe(v.fs.id);
  });

  it("ECS: service id is the ARN service/<cluster>/<name> (cluster given by ARN or name); task definitions count revisions per family", () => {
    expect(v.service.arn).toBe(`arn:aws:ecs:us-east-1:${ACCOUNT}:service/web/web-svc`);
    expect(v.service.id).toBe(v.service.arn);
    expect(v.serviceByName.arn).toBe(`arn:aws:ecs:us-east-1:${ACCOUNT}:service/web/worker`);
    expect(v.task.id).toBe("web-task");
    expect(v.task.arnWithoutRevision).toBe(`arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/web-task`);
    expect(v.task.arn).toBe(`${v.task.arnWithoutRevision}:1`);
    expect(v.task.revision).toBe(1);
    expect(v.taskAgain.arn).toBe(`${v.task.arnWithoutRevision}:2`);
    expect(v.taskAgain.revision).toBe(2);
    expect(v.capacityProvider.arn).toBe(`arn:aws:ecs:us-east-1:${ACCOUNT}:capacity-provider/web-cp`);
    expect(v.capacityProvider.id).toBe(v.capacityProvider.arn);
    expect(v.clusterProviders.id).toBe("web");
  });

  it("Application Auto Scaling: the target's id is its resource id, scalable-target/<36 hex>, the service-linked role; a target tracking policy's ARN and alarms", () => {
    expect(v.target.id).toBe("service/web/web-svc");
    expect(v.target.arn).toMatch(
      re(`arn:aws:application-autoscaling:us-east-1:${ACCOUNT}:scalable-target/[0-9a-f]{36}`),
    );
    expect(v.target.roleArn).toBe(
      `arn:aws:iam::${ACCOUNT}:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService`,
    );
    expect(v.policy.id).toBe("web-cpu");
    expect(v.policy.arn).toMatch(
      re(
        `arn:aws:autoscaling:us-east-1:${ACCOUNT}:scalingPolicy:${UUID}:resource/ecs/service/web/web-svc:policyName/web-cpu`,
      ),
    );
    expect(v.policy.alarmArns).toEqual([
      expect.stringMatching(
        re(`arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:TargetTracking-service/web/web-svc-AlarmHigh-${UUID}`),
      ),
      expect.stringMatching(
        re(`arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:TargetTracking-service/web/web-svc-AlarmLow-${UUID}`),
      ),
    ]);
  });

  it("Cloud Map: ns-<16> namespace with its hosted zone, srv-<16> service; Auto Scaling group ARN with a UUID", () => {
    expect(v.namespace.id).toMatch(/^ns-[a-z0-9]{16}$/);
    expect(v.namespace.arn).toBe(`arn:aws:servicediscovery:us-east-1:${ACCOUNT}:namespace/${v.namespace.id}`);
    expect(v.namespace.hostedZone).toMatch(/^Z[0-9A-Z]{13,31}$/);
    expect(v.discovery.id).toMatch(/^srv-[a-z0-9]{16}$/);
    expect(v.discovery.arn).toBe(`arn:aws:servicediscovery:us-east-1:${ACCOUNT}:service/${v.discovery.id}`);
    expect(v.asg.id).toBe("web-asg");
    expect(v.asg.arn).toMatch(
      re(`arn:aws:autoscaling:us-east-1:${ACCOUNT}:autoScalingGroup:${UUID}:autoScalingGroupName/web-asg`),
    );
  });

  it("Secrets Manager: replicas in sync; a replica's ARN is the primary's with its region; versions are <secret id>|<version id>", () => {
    expect(v.secret.arn).toMatch(
      re(`arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:web/app-config-[A-Za-z0-9]{6}`),
    );
    expect(v.secret.replicas).toEqual([
      {
        region: "us-west-2",
        kmsKeyId: "alias/aws/secretsmanager",
        status: "InSync",
        statusMessage: "Replication succeeded",
        lastAccessedDate: "",
      },
    ]);
    const replicaArn = v.secret.arn.replace(":us-east-1:", ":us-west-2:");
    expect(replicaArn).toMatch(re(`arn:aws:secretsmanager:us-west-2:${ACCOUNT}:secret:web/app-config-[A-Za-z0-9]{6}`));
    expect(replicaArn.slice(-6)).toBe(v.secret.arn.slice(-6));
    expect(v.version.versionId).toMatch(re(UUID));
    expect(v.version.id).toBe(`${v.secret.arn}|${v.version.versionId}`);
    expect(v.version.arn).toBe(v.secret.arn);
    expect(v.version.secretArn).toBe(v.secret.arn);
    expect(v.version.versionStages).toEqual(["AWSCURRENT"]);
    expect(v.versionByName.id).toMatch(re(`web/app-config\\|${UUID}`));
    expect(v.versionByName.arn).toBe(v.secret.arn);
  });
});

describe("AWS name limits of the web tier's types", () => {
  const reject = (type: string, value: string) => () => checkName(type, "x", value);

  it("load balancers and target groups: 32 letters, digits and hyphens, no hyphen at either end; no internal- prefix for a load balancer", () => {
    expect(reject("aws:lb/loadBalancer:LoadBalancer", "internal-web")).toThrow(/not allowed/);
    expect(reject("aws:lb/loadBalancer:LoadBalancer", "web-")).toThrow(/not allowed/);
    expect(reject("aws:lb/targetGroup:TargetGroup", "a".repeat(33))).toThrow(/33 characters, more than the 32 allowed/);
    expect(reject("aws:lb/targetGroup:TargetGroup", "web_tg")).toThrow(/not allowed/);
    expect(reject("aws:lb/targetGroup:TargetGroup", "internal-tg")).not.toThrow();
    const lb = "aws:lb/loadBalancer:LoadBalancer";
    expect(() => autoName(lb, "a-very-long-load-balancer", "0123456", nameRuleOf(lb))).toThrow(/maximum length 32/);
  });

  it('RDS identifiers: 63 lowercase letters, digits and hyphens, a letter first, no -- and no hyphen last; subnet groups not "default"', () => {
    for (const type of [
      "aws:rds/cluster:Cluster",
      "aws:rds/clusterInstance:ClusterInstance",
      "aws:rds/globalCluster:GlobalCluster",
    ]) {
      expect(reject(type, "web-db")).not.toThrow();
      expect(reject(type, "Web-DB")).toThrow(/not allowed/);
      expect(reject(type, "1db")).toThrow(/not allowed/);
      expect(reject(type, "web--db")).toThrow(/not allowed/);
      expect(reject(type, "web-db-")).toThrow(/not allowed/);
      expect(reject(type, `a${"b".repeat(63)}`)).toThrow(/more than the 63 allowed/);
    }
    expect(nameRuleOf("aws:rds/cluster:Cluster").lowercase).toBe(true);
    expect(reject("aws:rds/subnetGroup:SubnetGroup", "default")).toThrow(/not allowed/);
    expect(reject("aws:rds/subnetGroup:SubnetGroup", "Web")).toThrow(/not allowed/);
  });

  it("ElastiCache replication group ids: 40 characters, a letter first, no -- and no hyphen last (upper case is stored lower case)", () => {
    const type = "aws:elasticache/replicationGroup:ReplicationGroup";
    expect(reject(type, "Web-Cache")).not.toThrow();
    expect(reject(type, "web--cache")).toThrow(/not allowed/);
    expect(reject(type, "web-cache-")).toThrow(/not allowed/);
    expect(reject(type, `w${"x".repeat(40)}`)).toThrow(/more than the 40 allowed/);
  });

  it("ECS names: letters, digits, hyphens and underscores; capacity providers not starting with aws, ecs or fargate", () => {
    expect(reject("aws:ecs/service:Service", "web.svc")).toThrow(/not allowed/);
    expect(reject("aws:ecs/taskDefinition:TaskDefinition", "web_task-1")).not.toThrow();
    expect(reject("aws:ecs/capacityProvider:CapacityProvider", "ecs-spot")).toThrow(/not allowed/);
    expect(reject("aws:ecs/capacityProvider:CapacityProvider", "web-spot")).not.toThrow();
  });

  it("ssm.getParameter: a parameter that is not AWS's public AMI parameter is not found", () => {
    expect(() => answerInvoke("aws:ssm/getParameter:getParameter", "us-east-1", { name: "/app/db-host" })).toThrow(
      /ParameterNotFound: \/app\/db-host/,
    );
    const west = answerInvoke("aws:ssm/getParameter:getParameter", "us-west-2", {
      name: "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
    });
    expect(west.value).toMatch(re(`ami-${HEX17}`));
  });

  it("lambda.Permission: the id is the statement id, terraform-<unique id> when none is given", () => {
    const c = {
      type: "aws:lambda/permission:Permission",
      name: "p",
      region: "us-east-1",
      hex: (n: number) => "7".repeat(n),
    };
    expect(identityOf({ ...c, inputs: { statementId: "AllowELB" } }).id).toBe("AllowELB");
    expect(identityOf({ ...c, inputs: {} }).id).toMatch(/^terraform-\d{18}[0-9a-f]{8}$/);
  });

  it("random.RandomPassword rejects a length shorter than its minimums, as the random provider does", () => {
    const model = packageModel("random:index/randomPassword:RandomPassword")!;
    const hex = (n: number) => "ab".repeat(n).slice(0, n);
    expect(() => model({ length: 4, minUpper: 3, minSpecial: 2 }, { region: "us-east-1", hex })).toThrow(
      /length \(4\) must be at least/,
    );
    const { state } = model({ length: 12, special: false, upper: false }, { region: "us-east-1", hex });
    expect(state.result).toMatch(/^[a-z0-9]{12}$/);
  });
});
