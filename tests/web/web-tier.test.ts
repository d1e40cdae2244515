/**
 * What a real deployment of the web tier needs, checked on both stacks as the program builds them
 * (the shared plan: nothing here plans again).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { OFFLINE_ACCOUNT_ID } from "../../offline/aws-partition";
import type { RecordedResource } from "../../offline/graph";
import { ResourceGraph } from "../../offline/graph";
import { statementsOf } from "../../policy/rules/helpers";
import { WEB_TIER_METRIC_IDS } from "../../components/web/metrics";
import { roleByArn, roleStatements } from "../ingestion/planned-roles";
import { sharedPlan, type PlannedStack } from "../support/shared-plan";

let primary: PlannedStack;
let secondary: PlannedStack;
let both: [PlannedStack, PlannedStack];
beforeAll(() => {
  ({ primary, secondary } = sharedPlan());
  both = [primary, secondary];
});

const prop = ResourceGraph.prop;
const T = {
  lb: "aws:lb/loadBalancer:LoadBalancer",
  listener: "aws:lb/listener:Listener",
  targetGroup: "aws:lb/targetGroup:TargetGroup",
  cert: "aws:acm/certificate:Certificate",
  validation: "aws:acm/certificateValidation:CertificateValidation",
  record: "aws:route53/record:Record",
  sg: "aws:ec2/securityGroup:SecurityGroup",
  ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  cluster: "aws:rds/cluster:Cluster",
  globalCluster: "aws:rds/globalCluster:GlobalCluster",
  secret: "aws:secretsmanager/secret:Secret",
  redis: "aws:elasticache/replicationGroup:ReplicationGroup",
  efs: "aws:efs/fileSystem:FileSystem",
  efsReplication: "aws:efs/replicationConfiguration:ReplicationConfiguration",
  mountTarget: "aws:efs/mountTarget:MountTarget",
  accessPoint: "aws:efs/accessPoint:AccessPoint",
  service: "aws:ecs/service:Service",
  taskDefinition: "aws:ecs/taskDefinition:TaskDefinition",
  scalingTarget: "aws:appautoscaling/target:Target",
  permission: "aws:lambda/permission:Permission",
  attachment: "aws:lb/targetGroupAttachment:TargetGroupAttachment",
  bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
  bucketEncryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  s3Replication: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
} as const;

/** The one resource of a type inside the web tier. */
const web = (plan: PlannedStack, type: string): RecordedResource[] =>
  plan.graph
    .ofType(type)
    .filter((r) => plan.graph.ancestorsOf(r).some((a) => a.type === "twin-region:web:ResilientWebTier"));
const one = (plan: PlannedStack, type: string, name?: string): RecordedResource => {
  const found = web(plan, type).filter((r) => name === undefined || r.name === name);
  expect(found, `${plan.stack}: ${type} ${name ?? ""}`).toHaveLength(1);
  return found[0]!;
};
const keyRegion = (arn: string) => arn.split(":")[3];
const groupNamed = (plan: PlannedStack, suffix: string) => one(plan, T.sg, `prod-network-prod-web-${suffix}`);

describe("Application Load Balancer", () => {
  it("is internet-facing in the public subnets, drops invalid headers, is deletion-protected and logs to its SSE-S3 bucket, created after the bucket's policy", () => {
    for (const plan of both) {
      const lb = one(plan, T.lb);
      expect(lb.region).toBe(plan.region);
      expect(lb.inputs.internal).toBe(false);
      expect(lb.inputs.subnets).toEqual(
        plan.graph
          .ofType("aws:ec2/subnet:Subnet")
          .filter((s) => s.name.includes("public"))
          .map((s) => s.id),
      );
      expect(lb.inputs.dropInvalidHeaderFields).toBe(true);
      expect(lb.inputs.enableDeletionProtection).toBe(true);
      const bucket = prop(lb, "accessLogs.bucket") as string;
      expect(prop(lb, "accessLogs.enabled")).toBe(true);
      const encryption = plan.graph.ofType(T.bucketEncryption).find((e) => e.inputs.bucket === bucket)!;
      expect(prop(encryption, "rules.0.applyServerSideEncryptionByDefault.sseAlgorithm")).toBe("AES256");
      // The load balancer is created after the log bucket's policy, which grants log delivery.
      const bucketResource = plan.graph.ofType("aws:s3/bucket:Bucket").find((b) => b.id === bucket)!;
      const policy = plan.graph.ofType(T.bucketPolicy).find((p) => p.inputs.bucket === bucketResource.id)!;
      expect(plan.graph.dependenciesOf(lb).has(policy.urn)).toBe(true);
      const elbAccount = plan.region === "us-east-1" ? "127311923021" : "797873946194";
      expect(
        statementsOf(policy.inputs.policy).some(
          (s) => s.actions.includes("s3:PutObject") && JSON.stringify(s.principals).includes(elbAccount),
        ),
      ).toBe(true);
    }
  });

  it("listens on HTTPS with a TLS 1.3 policy and its region's issued certificate, and on HTTP only to redirect", () => {
    for (const plan of both) {
      const [https, http] = ["HTTPS", "HTTP"].map((p) => web(plan, T.listener).find((l) => l.inputs.protocol === p)!);
      expect(https!.inputs.sslPolicy).toMatch(/^ELBSecurityPolicy-TLS13-/);
      const validation = one(plan, T.validation);
      const cert = one(plan, T.cert);
      expect(https!.inputs.certificateArn).toBe(cert.id);
      expect(https!.dependencies).toContain(validation.urn);
      expect(keyRegion(cert.id!)).toBe(plan.region);
      expect(http!.inputs.defaultActions).toEqual([
        expect.objectContaining({
          type: "redirect",
          redirect: expect.objectContaining({ protocol: "HTTPS", port: "443", statusCode: "HTTP_301" }),
        }),
      ]);
    }
  });

  it("validates the one host name in both regions through one DNS record, created by the primary", () => {
    const fqdn = (plan: PlannedStack) => one(plan, T.validation).inputs.validationRecordFqdns[0];
    expect(web(primary, T.record)).toHaveLength(1);
    expect(web(secondary, T.record)).toHaveLength(0);
    expect(fqdn(secondary)).toBe(fqdn(primary));
    expect(one(primary, T.cert).inputs.domainName).toBe(one(secondary, T.cert).inputs.domainName);
    expect(one(secondary, T.cert).inputs.validationMethod).toBe("DNS");
  });

  it("is behind a regional WAF ACL with AWS's common, known-bad-inputs and IP reputation groups and a rate limit", () => {
    for (const plan of both) {
      const acl = one(plan, "aws:wafv2/webAcl:WebAcl");
      const association = one(plan, "aws:wafv2/webAclAssociation:WebAclAssociation");
      expect(association.inputs.resourceArn).toBe(one(plan, T.lb).id);
      expect(association.inputs.webAclArn).toBe(prop(acl, "arn") ?? association.inputs.webAclArn);
      const groups = (acl.inputs.rules as any[])
        .map((r) => r.statement.managedRuleGroupStatement?.name)
        .filter(Boolean);
      expect(groups.sort()).toEqual([
        "AWSManagedRulesAmazonIpReputationList",
        "AWSManagedRulesCommonRuleSet",
        "AWSManagedRulesKnownBadInputsRuleSet",
      ]);
      expect((acl.inputs.rules as any[]).some((r) => r.statement.rateBasedStatement?.aggregateKeyType === "IP")).toBe(
        true,
      );
    }
  });
});

describe("the security-group chain", () => {
  const ingressOf = (plan: PlannedStack, group: RecordedResource) =>
    plan.graph.ofType(T.ingress).filter((r) => r.inputs.securityGroupId === group.id);

  it("admits 80/443 from the internet at the ALB, 8000 from the ALB at the app, and the stores' ports from the app only", () => {
    for (const plan of both) {
      const [alb, app, db, cache, efs] = ["alb", "app", "db", "cache", "efs"].map((g) => groupNamed(plan, g));
      const shape = (g: RecordedResource) =>
        ingressOf(plan, g)
          .map(
            (r) => `${r.inputs.cidrIpv4 ?? r.inputs.referencedSecurityGroupId}:${r.inputs.fromPort}-${r.inputs.toPort}`,
          )
          .sort();
      expect(shape(alb!)).toEqual(["0.0.0.0/0:443-443", "0.0.0.0/0:80-80"]);
      expect(shape(app!)).toEqual([`${alb!.id}:8000-8000`]);
      expect(shape(db!)).toEqual([`${app!.id}:3306-3306`]);
      expect(shape(cache!)).toEqual([`${app!.id}:6379-6379`]);
      expect(shape(efs!)).toEqual([`${app!.id}:2049-2049`]);
    }
  });

  it("opens nothing else to the internet in either stack", () => {
    for (const plan of both) {
      const alb = groupNamed(plan, "alb");
      const open = plan.graph
        .ofType(T.ingress)
        .filter((r) => r.inputs.cidrIpv4 === "0.0.0.0/0" || r.inputs.cidrIpv6 === "::/0");
      expect(open.every((r) => r.inputs.securityGroupId === alb.id)).toBe(true);
    }
  });

  it("lets the ALB reach only the app port, and the app reach the stores it uses", () => {
    for (const plan of both) {
      const [alb, app, db, cache, efs] = ["alb", "app", "db", "cache", "efs"].map((g) => groupNamed(plan, g));
      const egress = (g: RecordedResource) =>
        plan.graph.ofType(T.egress).filter((r) => r.inputs.securityGroupId === g.id);
      expect(egress(alb!).map((r) => [r.inputs.referencedSecurityGroupId, r.inputs.fromPort])).toEqual([
        [app!.id, 8000],
      ]);
      const appTargets = egress(app!)
        .map((r) => r.inputs.referencedSecurityGroupId)
        .filter(Boolean);
      expect(appTargets.sort()).toEqual([db!.id, cache!.id, efs!.id].sort());
    }
  });
});

describe("ECS service", () => {
  it("scales its target `service/<cluster name>/<service name>` between 2 and 10 tasks on 70% CPU", () => {
    for (const plan of both) {
      const service = one(plan, T.service);
      const target = web(plan, T.scalingTarget).find((t) => t.inputs.serviceNamespace === "ecs")!;
      const cluster = one(plan, "aws:ecs/cluster:Cluster");
      expect(target.inputs.resourceId).toBe(`service/${cluster.inputs.name}/${service.inputs.name}`);
      expect([target.inputs.minCapacity, target.inputs.maxCapacity]).toEqual([2, 10]);
      const policy = web(plan, "aws:appautoscaling/policy:Policy").find(
        (p) => p.inputs.resourceId === target.inputs.resourceId,
      )!;
      expect(prop(policy, "targetTrackingScalingPolicyConfiguration.targetValue")).toBe(70);
      expect(service.inputs.deploymentCircuitBreaker).toEqual({ enable: true, rollback: true });
      expect(prop(service, "networkConfiguration.assignPublicIp")).toBe(false);
      expect(prop(service, "serviceRegistries.registryArn")).toMatch(/:servicediscovery:/);
      expect(cluster.inputs.settings).toEqual([{ name: "containerInsights", value: "enhanced" }]);
      // Auto scaling owns the count: an update must not reset it to the configured start.
      expect(service.ignoreChanges).toEqual(["desiredCount"]);
    }
  });

  it("rolls a failing rolling update back on the circuit breaker and on the tier's deployment alarms (5xx, unhealthy hosts, two one-minute periods), which notify the region's alarm topic", () => {
    for (const plan of both) {
      const service = one(plan, T.service);
      expect(service.inputs.deploymentController).toBeUndefined(); // ECS, the rolling update
      const alarms = web(plan, T.alarm).filter((a) => /-deploy-/.test(a.name));
      expect(alarms.map((a) => a.name).sort()).toEqual(
        ["alb-5xx", "target-5xx", "unhealthy-hosts"].map((id) => `prod-web-deploy-${id}`),
      );
      expect(service.inputs.alarms).toEqual({
        alarmNames: alarms.map((a) => a.inputs.name),
        enable: true,
        rollback: true,
      });
      const [topic] = plan.graph.ofType("aws:sns/topic:Topic").filter((t) => t.name === "prod-observability-topic");
      for (const alarm of alarms) {
        expect(alarm.inputs.name).toMatch(new RegExp(`^${alarm.name}-${plan.stack === "primary" ? "use1" : "usw2"}$`));
        expect([alarm.inputs.period, alarm.inputs.evaluationPeriods]).toEqual([60, 2]);
        expect(alarm.inputs.alarmActions).toEqual([
          expect.stringMatching(/:sns:[a-z0-9-]+:\d{12}:prod-observability-topic-/),
        ]);
        expect(alarm.propertyDependencies?.alarmActions).toEqual([topic!.urn]);
      }
      // Rolling: no CodeDeploy for the service (the functions' groups shift Lambda aliases), one target group.
      const forEcs = plan.graph
        .ofType("aws:codedeploy/deploymentGroup:DeploymentGroup")
        .filter((d) => d.inputs.ecsService);
      expect(forEcs).toEqual([]);
      expect(web(plan, T.targetGroup).filter((g) => g.inputs.targetType === "ip")).toHaveLength(1);
    }
  });

  it("runs a read-only, non-root container on port 8000 with a /health check, CMK-encrypted logs and credentials injected from Secrets Manager, which the app may read again after a rotation", () => {
    for (const plan of both) {
      const task = one(plan, T.taskDefinition);
      const [container] = JSON.parse(task.inputs.containerDefinitions);
      expect(container.readonlyRootFilesystem).toBe(true);
      expect(container.user).toBe("1000:1000");
      expect(container.portMappings[0].containerPort).toBe(8000);
      expect(container.healthCheck.command.join(" ")).toContain("/health");
      const secrets = Object.fromEntries(container.secrets.map((s: any) => [s.name, s.valueFrom]));
      const dbSecret = plan.outputs.databaseSecretArn as string;
      expect(secrets.DATABASE_PASSWORD).toBe(`${dbSecret}:password::`);
      expect(secrets.CACHE_AUTH_TOKEN).toBe(`${plan.outputs.cacheSecretArn}:authToken::`);
      expect(JSON.stringify(container.environment)).not.toMatch(/password/i);
      const logGroup = plan.graph
        .ofType("aws:cloudwatch/logGroup:LogGroup")
        .find((g) => g.inputs.name === container.logConfiguration.options["awslogs-group"])!;
      expect(keyRegion(logGroup.inputs.kmsKeyId)).toBe(plan.region);

      // The execution role pulls, logs and reads exactly the injected secrets; the task role reads none.
      const execution = roleStatements(plan, roleByArn(plan, task.inputs.executionRoleArn));
      const readable = execution
        .filter((s) => s.actions.includes("secretsmanager:GetSecretValue"))
        .flatMap((s) => s.resources);
      expect(readable.sort()).toEqual([dbSecret, plan.outputs.cacheSecretArn].sort());
      expect(execution.some((s) => s.actions.includes("logs:PutLogEvents"))).toBe(true);
      // The task role reads the database secret only: again, after a rotation refuses the injected password.
      const taskStatements = roleStatements(plan, roleByArn(plan, task.inputs.taskRoleArn));
      const reread = taskStatements.filter((s) => s.actions.some((a) => a.startsWith("secretsmanager:")));
      expect(reread.flatMap((s) => s.actions)).toEqual(["secretsmanager:GetSecretValue"]);
      expect(reread.flatMap((s) => s.resources)).toEqual([dbSecret]);
      expect(container.environment).toContainEqual({ name: "DATABASE_SECRET_ARN", value: dbSecret });
    }
  });

  it("pulls its image from a scan-on-push, immutable repository in the primary", () => {
    const repo = web(primary, "aws:ecr/repository:Repository")[0]!;
    expect(repo.inputs.imageTagMutability).toBe("IMMUTABLE");
    expect(prop(repo, "imageScanningConfiguration.scanOnPush")).toBe(true);
    const task = one(primary, T.taskDefinition);
    const execution = roleStatements(primary, roleByArn(primary, task.inputs.executionRoleArn));
    const pull = execution.find((s) => s.actions.includes("ecr:BatchGetImage"))!;
    expect(pull.resources).toEqual([`arn:aws:ecr:us-east-1:${OFFLINE_ACCOUNT_ID}:repository/${repo.id}`]);
  });

  it("mounts the file system through its access point with TLS and IAM, read-only on the secondary's replica", () => {
    for (const plan of both) {
      const task = one(plan, T.taskDefinition);
      const volume = task.inputs.volumes[0].efsVolumeConfiguration;
      expect(volume.transitEncryption).toBe("ENABLED");
      expect(volume.authorizationConfig.iam).toBe("ENABLED");
      expect(volume.authorizationConfig.accessPointId).toBe(one(plan, T.accessPoint).id);
      const [container] = JSON.parse(task.inputs.containerDefinitions);
      expect(container.mountPoints[0].readOnly).toBe(plan === secondary);
    }
  });
});

describe("the ALB's Lambda target", () => {
  it("invokes the status function through a lambda target group, allowed for that target group only, registered after the permission", () => {
    for (const plan of both) {
      const group = web(plan, T.targetGroup).find((g) => g.inputs.targetType === "lambda")!;
      const permission = one(plan, T.permission);
      expect(permission.inputs.principal).toBe("elasticloadbalancing.amazonaws.com");
      expect(permission.inputs.sourceArn).toBe(group.id);
      const attachment = one(plan, T.attachment);
      expect(attachment.inputs.targetGroupArn).toBe(group.id);
      expect(attachment.dependencies).toContain(permission.urn);
      const rule = one(plan, "aws:lb/listenerRule:ListenerRule");
      expect(JSON.stringify(rule.inputs.conditions)).toContain("/api/status");
    }
  });
});

describe("Aurora global database", () => {
  it("the primary creates the global cluster and a CMK-encrypted, protected, IAM-auth cluster whose generated password is a secret", () => {
    const global = one(primary, T.globalCluster);
    const cluster = one(primary, T.cluster);
    expect(cluster.inputs.globalClusterIdentifier).toBe(global.id);
    expect(cluster.inputs.engine).toBe("aurora-mysql");
    expect(cluster.inputs.manageMasterUserPassword).toBeUndefined();
    expect(cluster.secretOutputs).toContain("masterPassword");
    expect(typeof cluster.inputs.masterPassword).toBe("string");
    expect(keyRegion(cluster.inputs.kmsKeyId)).toBe("us-east-1");
    expect(cluster.inputs.storageEncrypted).toBe(true);
    expect(cluster.inputs.deletionProtection).toBe(true);
    expect(cluster.inputs.iamDatabaseAuthenticationEnabled).toBe(true);
    expect(cluster.inputs.backupRetentionPeriod).toBeGreaterThanOrEqual(7);
    expect(cluster.inputs.enabledCloudwatchLogsExports).toContain("audit");
    expect(primary.outputs.globalClusterIdentifier).toBe(global.id);
  });

  it("the secondary joins it with its own region's key and no credentials or database name", () => {
    const cluster = one(secondary, T.cluster);
    expect(web(secondary, T.globalCluster)).toHaveLength(0);
    expect(cluster.inputs.globalClusterIdentifier).toBe(primary.outputs.globalClusterIdentifier);
    for (const absent of ["masterUsername", "masterPassword", "databaseName", "manageMasterUserPassword"])
      expect(cluster.inputs[absent], absent).toBeUndefined();
    expect(keyRegion(cluster.inputs.kmsKeyId)).toBe("us-west-2");
    expect(cluster.inputs.engineVersion).toBe(one(primary, T.cluster).inputs.engineVersion);
    expect(cluster.inputs.clusterIdentifier).not.toBe(one(primary, T.cluster).inputs.clusterIdentifier);
    // What RDS reports for a member changes with a switchover or failover: an update must neither detach nor replace it.
    expect(cluster.ignoreChanges).toEqual(
      expect.arrayContaining(["globalClusterIdentifier", "replicationSourceIdentifier"]),
    );
  });

  it("keeps the master credentials in a secret replicated to the secondary under a key of that region, which the secondary's tasks read", () => {
    const secret = web(primary, T.secret).find((s) => s.name === "prod-web-db-master-secret")!;
    expect(secret.inputs.replicas).toHaveLength(1);
    expect(secret.inputs.replicas[0].region).toBe("us-west-2");
    expect(keyRegion(secret.inputs.replicas[0].kmsKeyId)).toBe("us-west-2");
    expect(secondary.outputs.databaseSecretArn).toBe(
      (primary.outputs.databaseSecretArn as string).replace(":us-east-1:", ":us-west-2:"),
    );
    const rotation = web(primary, "aws:secretsmanager/secretRotation:SecretRotation")[0]!;
    expect(rotation.inputs.secretId).toBe(secret.id);
    expect(rotation.inputs.rotationLambdaArn).toMatch(/^arn:aws:lambda:us-east-1:/);
  });
});

describe("Redis, EFS and the static assets", () => {
  it("runs Redis multi-AZ with failover, encrypted at rest with the CMK and in transit, with a secret AUTH token", () => {
    for (const plan of both) {
      const redis = one(plan, T.redis);
      expect(redis.inputs.multiAzEnabled).toBe(true);
      expect(redis.inputs.automaticFailoverEnabled).toBe(true);
      expect(redis.inputs.numCacheClusters).toBeGreaterThanOrEqual(2);
      expect(redis.inputs.atRestEncryptionEnabled).toBe(true);
      expect(keyRegion(redis.inputs.kmsKeyId)).toBe(plan.region);
      expect(redis.inputs.transitEncryptionEnabled).toBe(true);
      expect(redis.secretOutputs).toContain("authToken");
      expect(redis.inputs.authToken).toMatch(/^[A-Za-z0-9!&#$^<>-]{16,128}$/);
    }
  });

  it("replicates the primary's file system into the secondary (created by the secondary, in the primary region, with the secondary's key) and mounts the replica there", () => {
    const replication = one(secondary, T.efsReplication);
    expect(replication.region).toBe("us-east-1");
    expect(replication.inputs.sourceFileSystemId).toBe(primary.outputs.fileSystemId);
    expect(replication.inputs.destination.region).toBe("us-west-2");
    expect(keyRegion(replication.inputs.destination.kmsKeyId)).toBe("us-west-2");
    expect(web(primary, T.efsReplication)).toHaveLength(0);
    const replicaId = secondary.outputs.replicaFileSystemId;
    expect(web(secondary, T.mountTarget).every((m) => m.inputs.fileSystemId === replicaId)).toBe(true);
    expect(web(secondary, T.mountTarget)).toHaveLength(3);
    const fs = one(primary, T.efs);
    expect(fs.inputs.encrypted).toBe(true);
    expect(keyRegion(fs.inputs.kmsKeyId)).toBe("us-east-1");
    const ap = one(primary, T.accessPoint);
    expect(ap.inputs.posixUser).toEqual({ uid: 1000, gid: 1000 });
  });

  it("replicates the static assets from the primary's bucket, the rule created by the secondary in the primary region", () => {
    const rule = web(secondary, T.s3Replication)[0]!;
    expect(rule.region).toBe("us-east-1");
    expect(rule.inputs.bucket).toBe(primary.outputs.staticAssetsBucketName);
    expect(web(primary, T.s3Replication)).toHaveLength(0);
  });
});

describe("alarms and outputs", () => {
  it("alarms on every web-tier signal in both stacks (replication lag where the secondary reports it; the second target group's hosts with blue/green releases, --all-options)", () => {
    for (const plan of both) {
      const alarms = plan.graph.ofType(T.alarm).map((a) => a.name);
      const expected = WEB_TIER_METRIC_IDS.filter(
        (id) => (id !== "database-replication-lag" || plan === secondary) && id !== "unhealthy-hosts-green",
      );
      for (const id of expected) expect(alarms, id).toContain(`prod-observability-${id}`);
    }
  });

  it("outputs no secret value: each planned secret is flagged, and no output carries the generated password", () => {
    for (const plan of both) {
      const secrets = plan.graph
        .ofType("aws:secretsmanager/secretVersion:SecretVersion")
        .concat(web(plan, T.cluster), web(plan, T.redis));
      const values = secrets.flatMap((r) =>
        ["secretString", "masterPassword", "authToken"]
          .filter((k) => typeof r.inputs[k] === "string")
          .map((k) => {
            expect(r.secretOutputs, `${r.name}.${k}`).toContain(k);
            return r.inputs[k] as string;
          }),
      );
      const outputs = JSON.stringify(plan.outputs);
      for (const v of values) expect(outputs.includes(v)).toBe(false);
    }
  });

  it("lets the secondary plan from the primary's outputs (account-wide ids it reads back)", () => {
    expect(secondary.outputs.globalClusterIdentifier).toBe(primary.outputs.globalClusterIdentifier);
    expect(one(secondary, T.validation).inputs.validationRecordFqdns[0]).toBe(
      (web(primary, T.record)[0]!.inputs.name as string).replace(/\.$/, ""),
    );
  });
});
