/**
 * The data lake's processing cluster (components/datalake/processing*.ts), planned under a test
 * component as the DataLake component will compose it: the Spot-first cluster, the two task
 * definitions and their roles, the images' repositories, the work queue, the service and its
 * scaling from zero, the metric descriptors, and the args it refuses.
 */
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import type { LakeContext } from "../../components/datalake/context";
import { AlarmSet } from "../../components/observability/alarm-set";
import { platformTags } from "../../components/security";
import { createDataProcessing, type DataProcessingArgs } from "../../components/datalake/processing";
import { PROCESSING_DEFAULTS, PROCESSING_QUEUE_DEFAULTS } from "../../components/datalake/processing-defaults";
import { OFFLINE_ACCOUNT_ID } from "../../offline/aws-partition";
import type { RecordedResource } from "../../offline/graph";
import { blocking, planProgram, ProgramError, runPolicyPack, type ProgramPlan } from "../../offline/testkit";
import { FARGATE_MAX_STOP_TIMEOUT_SECONDS, SPOT_INTERRUPTION_NOTICE_SECONDS } from "../../policy/baseline/processing";
import { statementsOf, type Statement } from "../../policy/rules/helpers";

const REGION = "us-east-1";
const KEY = `arn:aws:kms:${REGION}:${OFFLINE_ACCOUNT_ID}:key/0b1c2d3e-1111-4222-a333-444455556666`;
const BUCKET_NAME = "prod-data-lake-use1-abc1234";
const BUCKET_ARN = `arn:aws:s3:::${BUCKET_NAME}`;
const MYSQL_SECRET = `arn:aws:secretsmanager:${REGION}:${OFFLINE_ACCOUNT_ID}:secret:prod/mysql-AbCdEf`;
const ANALYTICS_SECRET = `arn:aws:secretsmanager:${REGION}:${OFFLINE_ACCOUNT_ID}:secret:prod/analytics-GhIjKl`;
const SPARK_TAG = "spark-3.5.3-job-7";

const PLAN = {
  region: REGION,
  defaultTags: platformTags({ environment: "prod", owner: "data", costCenter: "data", stack: "test", region: REGION }),
};
const sorted = (values: string[]) => [...values].sort();

const TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition";
const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";

interface Exports {
  queueArn: string;
  queueName: string;
  queueUrl: string;
  dlqArn: string;
  dlqName: string;
  dataRepositoryArn: string;
  dataRepositoryUrl: string;
  sparkRepositoryArn: string;
  sparkRepositoryUrl: string;
  dataLogGroupArn: string;
  sparkLogGroupArn: string;
  scaleOutArn: string;
  scaleInArn: string;
  capacityUrn: string;
  metrics: {
    id: string;
    namespace: string;
    metricName: string;
    dimensions: Record<string, string>;
    threshold: number;
  }[];
}

function program(overrides: Partial<DataProcessingArgs> = {}) {
  return () => {
    const parent = new pulumi.ComponentResource("twin-region:test:Processing", "lake", {}, {});
    const ctx: LakeContext = { name: "lake", environment: "prod", region: REGION, kmsKeyArn: KEY, parent };
    const dp = createDataProcessing(
      ctx,
      { bucketName: BUCKET_NAME, bucketArn: BUCKET_ARN },
      {
        privateSubnetIds: ["subnet-0a", "subnet-0b"],
        securityGroupIds: ["sg-0processing"],
        sparkJobImage: SPARK_TAG,
        dataProcessingSecretArns: { mysql: MYSQL_SECRET },
        sparkJobSecretArns: { analytics: ANALYTICS_SECRET },
        ...overrides,
      },
    );
    // As the stacks do: the descriptors become alarms.
    new AlarmSet("alarms", { metrics: dp.metrics(), kmsKeyArn: KEY });
    return {
      queueArn: dp.queue.queue.arn,
      queueName: dp.queue.queue.name,
      queueUrl: dp.queue.queue.url,
      dlqArn: dp.queue.deadLetterQueue.arn,
      dlqName: dp.queue.deadLetterQueue.name,
      dataRepositoryArn: dp.dataProcessingTask.repository.arn,
      dataRepositoryUrl: dp.dataProcessingTask.repository.repositoryUrl,
      sparkRepositoryArn: dp.sparkJobRepository.arn,
      sparkRepositoryUrl: dp.sparkJobRepository.repositoryUrl,
      dataLogGroupArn: dp.dataProcessingTask.logGroup.arn,
      sparkLogGroupArn: dp.sparkJobTask?.logGroup.arn,
      scaleOutArn: dp.scaling.scaleOut.arn,
      scaleInArn: dp.scaling.scaleIn.arn,
      capacityUrn: dp.cluster.capacityProviders.urn,
      metrics: dp.metrics().map(({ id, namespace, metricName, dimensions, threshold }) => ({
        id,
        namespace,
        metricName,
        dimensions,
        threshold,
      })),
    };
  };
}

const failure = (run: Promise<unknown>): Promise<ProgramError> =>
  run.then(
    () => {
      throw new Error("the plan succeeded");
    },
    (e: ProgramError) => e,
  );

const containersOf = (task: RecordedResource) => JSON.parse(task.inputs.containerDefinitions as string) as any[];
const roleArnOf = (role: RecordedResource) => `arn:aws:iam::${OFFLINE_ACCOUNT_ID}:role/${role.inputs.name}`;

describe("the data lake's processing cluster", () => {
  let plan: ProgramPlan;
  let out: Exports;
  let dataTask: RecordedResource;
  let sparkTask: RecordedResource;
  const roleOf = (arn: string) => plan.graph.ofType(ROLE).find((r) => roleArnOf(r) === arn)!;
  const statementsOfRole = (arn: string): Statement[] => {
    const role = roleOf(arn);
    return plan.graph
      .ofType(ROLE_POLICY)
      .filter((p) => p.inputs.role === role.id || p.inputs.role === role.inputs.name)
      .flatMap((p) => statementsOf(p.inputs.policy));
  };
  const bySid = (statements: Statement[], sid: string) => {
    const found = statements.filter((s) => s.sid === sid);
    expect(found, sid).toHaveLength(1);
    return found[0]!;
  };
  const kmsVia = (statements: Statement[], service: string) =>
    statements.filter(
      (s) =>
        s.resources.includes(KEY) &&
        (s.conditions.StringEquals as Record<string, unknown> | undefined)?.["kms:ViaService"] ===
          `${service}.${REGION}.amazonaws.com`,
    );

  beforeAll(async () => {
    plan = await planProgram(program(), PLAN);
    out = plan.outputs as unknown as Exports;
    dataTask = plan.graph.one(TASK_DEFINITION, "lake-data-processing-task");
    sparkTask = plan.graph.one(TASK_DEFINITION, "lake-spark-job-task");
  });

  it("names the cluster <env>-data-processing-cluster, with Container Insights on", () => {
    const cluster = plan.graph.one("aws:ecs/cluster:Cluster", "lake-processing-cluster");
    expect(cluster.inputs.name).toBe("prod-data-processing-cluster");
    expect(cluster.inputs.settings).toEqual([{ name: "containerInsights", value: "enhanced" }]);
  });

  it("gives the cluster FARGATE_SPOT and FARGATE, defaulting to Spot (weight 4) beside FARGATE (weight 1, base 0)", () => {
    const providers = plan.graph.one(
      "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders",
      "lake-processing-capacity",
    );
    expect(providers.inputs.clusterName).toBe("prod-data-processing-cluster");
    expect(providers.inputs.capacityProviders).toEqual(["FARGATE_SPOT", "FARGATE"]);
    expect(providers.inputs.defaultCapacityProviderStrategies).toEqual([
      { capacityProvider: "FARGATE_SPOT", weight: 4, base: 0 },
      { capacityProvider: "FARGATE", weight: 1, base: 0 },
    ]);
  });

  it("sizes the data processing task 1 vCPU / 2 GiB and the spark job 2 vCPU / 4 GiB, on Fargate in awsvpc mode", () => {
    expect([dataTask.inputs.cpu, dataTask.inputs.memory]).toEqual(["1024", "2048"]);
    expect([sparkTask.inputs.cpu, sparkTask.inputs.memory]).toEqual(["2048", "4096"]);
    for (const task of [dataTask, sparkTask]) {
      expect(task.inputs.requiresCompatibilities).toEqual(["FARGATE"]);
      expect(task.inputs.networkMode).toBe("awsvpc");
      expect(task.inputs.family).toMatch(/^prod-(data-processing|spark-job)-use1$/);
    }
  });

  it("runs every container non-root on a read-only root filesystem, unprivileged, with an init process and the stop timeout Spot's notice allows", () => {
    expect(FARGATE_MAX_STOP_TIMEOUT_SECONDS).toBe(SPOT_INTERRUPTION_NOTICE_SECONDS);
    const [data] = containersOf(dataTask);
    const [spark] = containersOf(sparkTask);
    expect(data).toMatchObject({ name: "data-processor", user: "1000:1000" });
    expect(spark).toMatchObject({ name: "spark-job", user: "185:185" });
    for (const c of [data, spark]) {
      expect(c).toMatchObject({
        readonlyRootFilesystem: true,
        privileged: false,
        essential: true,
        linuxParameters: { initProcessEnabled: true },
        stopTimeout: 120,
      });
    }
    // Spark writes scratch files to a task-local volume, not the root filesystem.
    expect(sparkTask.inputs.volumes).toEqual([{ name: "scratch" }]);
    expect(spark.mountPoints).toEqual([{ sourceVolume: "scratch", containerPath: "/tmp", readOnly: false }]);
    expect(dataTask.inputs.volumes).toBeUndefined();
  });

  it("ships each task's logs with awslogs to a log group of its own, encrypted with the CMK and kept for the default retention", () => {
    for (const [task, id] of [
      [dataTask, "data-processing"],
      [sparkTask, "spark-job"],
    ] as const) {
      const group = plan.graph.one("aws:cloudwatch/logGroup:LogGroup", `lake-${id}-logs`);
      expect(group.inputs).toMatchObject({ kmsKeyId: KEY, retentionInDays: PROCESSING_DEFAULTS.logRetentionInDays });
      const [c] = containersOf(task);
      expect(c.logConfiguration).toEqual({
        logDriver: "awslogs",
        options: { "awslogs-group": group.inputs.name, "awslogs-region": REGION, "awslogs-stream-prefix": c.name },
      });
    }
  });

  it("tells the data processor its queue, bucket and prefixes, and each task the ARNs of the secrets it may read", () => {
    const env = (task: RecordedResource) =>
      Object.fromEntries(
        containersOf(task)[0].environment.map((e: { name: string; value: string }) => [e.name, e.value]),
      );
    expect(env(dataTask)).toEqual({
      QUEUE_URL: out.queueUrl,
      BUCKET_NAME: BUCKET_NAME,
      SOURCE_PREFIX: "raw/",
      OUTPUT_PREFIX: "processed/hourly/cleaned/",
      MYSQL_SECRET_ARN: MYSQL_SECRET,
    });
    expect(env(sparkTask)).toEqual({
      LAKE_BUCKET: BUCKET_NAME,
      READ_PREFIX: "processed/",
      WRITE_PREFIX: "curated/",
      SPARK_LOCAL_DIRS: "/tmp",
      ANALYTICS_SECRET_ARN: ANALYTICS_SECRET,
    });
  });

  it("builds the data processor's image from functions/data-processor into its repository, and runs the spark job's image by its tag in its own", () => {
    const images = plan.graph.ofType("awsx:ecr:Image");
    expect(images).toHaveLength(1);
    expect(images[0]!.inputs).toMatchObject({ repositoryUrl: out.dataRepositoryUrl, platform: "linux/arm64" });
    expect(images[0]!.inputs.dockerfile).toMatch(/data-processor-[0-9a-f]{16}[\\/]Dockerfile$/);
    expect(containersOf(dataTask)[0].image).toMatch(new RegExp(`^${out.dataRepositoryUrl}@sha256:[0-9a-f]{64}$`));
    expect(containersOf(sparkTask)[0].image).toBe(`${out.sparkRepositoryUrl}:${SPARK_TAG}`);
  });

  it("keeps the images in ECR repositories that scan on push, have immutable tags, use the CMK and keep the last 10 images", () => {
    const repos = plan.graph.ofType("aws:ecr/repository:Repository");
    expect(repos.map((r) => r.name).sort()).toEqual(["lake-data-processing-repo", "lake-spark-job-repo"]);
    for (const repo of repos) {
      expect(repo.inputs).toMatchObject({
        imageTagMutability: "IMMUTABLE",
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: KEY }],
      });
      const lifecycle = plan.graph.one("aws:ecr/lifecyclePolicy:LifecyclePolicy", `${repo.name}-lifecycle`);
      expect(lifecycle.inputs.repository).toBe(repo.inputs.name);
      const keep = JSON.parse(lifecycle.inputs.policy as string).rules.find(
        (r: any) => r.selection.countType === "imageCountMoreThan",
      );
      expect(keep.selection).toMatchObject({ tagStatus: "any", countNumber: 10 });
    }
  });

  it("gives each task a task role and an execution role of its own", () => {
    const arns = [dataTask, sparkTask].flatMap((t) => [t.inputs.taskRoleArn, t.inputs.executionRoleArn]);
    expect(new Set(arns).size).toBe(4);
    for (const arn of arns) expect(roleOf(arn as string), arn as string).toBeDefined();
  });

  it("lets the data processing task consume exactly its queue, read raw/, write processed/hourly/cleaned/ and read exactly its secret, the CMK only through SQS, S3 and Secrets Manager", () => {
    const statements = statementsOfRole(dataTask.inputs.taskRoleArn as string);
    const consume = bySid(statements, "ConsumeWork");
    expect(sorted(consume.actions)).toEqual(
      sorted(["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"]),
    );
    expect(consume.resources).toEqual([out.queueArn]);
    const secrets = bySid(statements, "ReadOwnSecrets");
    expect(sorted(secrets.actions)).toEqual(["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"]);
    expect(secrets.resources).toEqual([MYSQL_SECRET]);
    const s3 = statements.filter((s) => s.actions.some((a) => a.startsWith("s3:")));
    expect(s3.map((s) => [sorted(s.actions), s.resources, s.conditions])).toEqual([
      [["s3:GetObject"], [`${BUCKET_ARN}/raw/*`], {}],
      [["s3:ListBucket"], [BUCKET_ARN], { StringLike: { "s3:prefix": "raw/*" } }],
      [["s3:AbortMultipartUpload", "s3:PutObject"], [`${BUCKET_ARN}/processed/hourly/cleaned/*`], {}],
    ]);
    for (const service of ["sqs", "s3", "secretsmanager"])
      expect(kmsVia(statements, service).length, service).toBeGreaterThan(0);
    const keyStatements = statements.filter((s) => s.resources.includes(KEY));
    expect(keyStatements.every((s) => s.conditions.StringEquals?.["kms:ViaService"])).toBe(true);
  });

  it("lets the spark job read processed/, write curated/ and read exactly its secret, and nothing of the queue", () => {
    const statements = statementsOfRole(sparkTask.inputs.taskRoleArn as string);
    expect(bySid(statements, "ReadOwnSecrets").resources).toEqual([ANALYTICS_SECRET]);
    const s3 = statements.filter((s) => s.actions.some((a) => a.startsWith("s3:")));
    expect(s3.map((s) => [sorted(s.actions), s.resources, s.conditions])).toEqual([
      [["s3:GetObject"], [`${BUCKET_ARN}/processed/*`], {}],
      [["s3:ListBucket"], [BUCKET_ARN], { StringLike: { "s3:prefix": "processed/*" } }],
      [["s3:AbortMultipartUpload", "s3:PutObject"], [`${BUCKET_ARN}/curated/*`], {}],
    ]);
    expect(statements.some((s) => s.actions.some((a) => a.startsWith("sqs:")))).toBe(false);
  });

  it("lets each execution role pull exactly its repository's images and write exactly its log group", () => {
    for (const [task, repo, group] of [
      [dataTask, out.dataRepositoryArn, out.dataLogGroupArn],
      [sparkTask, out.sparkRepositoryArn, out.sparkLogGroupArn],
    ] as const) {
      const statements = statementsOfRole(task.inputs.executionRoleArn as string);
      expect(bySid(statements, "PullImage").resources).toEqual([repo]);
      const logs = bySid(statements, "ShipLogs");
      expect(sorted(logs.actions)).toEqual(["logs:CreateLogStream", "logs:PutLogEvents"]);
      expect(logs.resources).toEqual([`${group}:*`]);
      expect(
        statements.some((s) => s.actions.some((a) => a.startsWith("secretsmanager:") || a.startsWith("s3:"))),
      ).toBe(false);
    }
  });

  it("uses '*' as a resource only for ecr:GetAuthorizationToken, which has no narrower resource", () => {
    const roles = [dataTask, sparkTask].flatMap((t) => [t.inputs.taskRoleArn, t.inputs.executionRoleArn]) as string[];
    const wildcards = roles.flatMap((arn) =>
      statementsOfRole(arn).filter((s) =>
        s.resources.some((r) => r === "*" || r.endsWith(":*:*") || r === "arn:aws:s3:::*"),
      ),
    );
    expect(wildcards.map((s) => s.actions)).toEqual([["ecr:GetAuthorizationToken"], ["ecr:GetAuthorizationToken"]]);
    for (const arn of roles)
      for (const s of statementsOfRole(arn)) {
        expect(s.effect, s.sid).toBe("Allow");
        expect(
          s.actions.some((a) => a.endsWith(":*") || a === "*"),
          `${s.sid}: ${s.actions.join(",")}`,
        ).toBe(false);
      }
  });

  it("encrypts the work queue and its dead-letter queue with the CMK, redrives after 5 receives, and hides a received message for longer than a task may work on it", () => {
    const queue = plan.graph.one("aws:sqs/queue:Queue", "lake-processing-queue");
    const dlq = plan.graph.one("aws:sqs/queue:Queue", "lake-processing-dlq");
    expect(queue.inputs.kmsMasterKeyId).toBe(KEY);
    expect(dlq.inputs.kmsMasterKeyId).toBe(KEY);
    expect(JSON.parse(queue.inputs.redrivePolicy as string)).toEqual({
      deadLetterTargetArn: out.dlqArn,
      maxReceiveCount: 5,
    });
    expect(queue.inputs.visibilityTimeoutSeconds).toBe(PROCESSING_QUEUE_DEFAULTS.visibilityTimeoutSeconds);
    // One receive's messages (up to the worker's default batch of 4) and the stop timeout fit in it.
    expect(queue.inputs.visibilityTimeoutSeconds as number).toBeGreaterThanOrEqual(
      4 * PROCESSING_DEFAULTS.stopTimeoutSeconds,
    );
    expect(queue.inputs.receiveWaitTimeSeconds).toBe(20);
  });

  it("denies non-TLS requests to both queues and lets only the lake bucket's notifications, from this account, send work", () => {
    const policy = (name: string) =>
      statementsOf(plan.graph.one("aws:sqs/queuePolicy:QueuePolicy", name).inputs.policy);
    const [deny, notify] = policy("lake-processing-queue");
    expect(deny).toMatchObject({
      effect: "Deny",
      actions: ["sqs:*"],
      resources: [out.queueArn],
      principals: "*",
      conditions: { Bool: { "aws:SecureTransport": "false" } },
    });
    expect(notify).toMatchObject({
      effect: "Allow",
      actions: ["sqs:SendMessage"],
      resources: [out.queueArn],
      principals: { Service: ["s3.amazonaws.com"] },
      conditions: {
        ArnEquals: { "aws:SourceArn": BUCKET_ARN },
        StringEquals: { "aws:SourceAccount": OFFLINE_ACCOUNT_ID },
      },
    });
    expect(policy("lake-processing-dlq")).toEqual([
      expect.objectContaining({ effect: "Deny", resources: [out.dlqArn] }),
    ]);
  });

  it("runs the service <env>-data-processing-service on the Spot-first strategy, from 0 tasks, privately, with rollback and no ECS Exec", () => {
    const service = plan.graph.one("aws:ecs/service:Service", "lake-processing-service");
    expect(service.inputs).toMatchObject({
      name: "prod-data-processing-service",
      desiredCount: 0,
      capacityProviderStrategies: [
        { capacityProvider: "FARGATE_SPOT", weight: 4, base: 0 },
        { capacityProvider: "FARGATE", weight: 1, base: 0 },
      ],
      platformVersion: "LATEST",
      networkConfiguration: {
        subnets: ["subnet-0a", "subnet-0b"],
        securityGroups: ["sg-0processing"],
        assignPublicIp: false,
      },
      deploymentCircuitBreaker: { enable: true, rollback: true },
      enableExecuteCommand: false,
    });
    expect(service.inputs.launchType).toBeUndefined();
    expect(service.inputs.taskDefinition).toMatch(/:task-definition\/prod-data-processing-use1:1$/);
    expect(service.ignoreChanges).toEqual(["desiredCount"]);
    // The strategy names providers the cluster must have first.
    expect(service.dependencies).toContain(out.capacityUrn);
  });

  it("scales the service between 0 and 10 tasks, by its resource id service/<cluster>/<service>", () => {
    const target = plan.graph.one("aws:appautoscaling/target:Target", "lake-processing-scaling");
    expect(target.inputs).toMatchObject({
      serviceNamespace: "ecs",
      scalableDimension: "ecs:service:DesiredCount",
      resourceId: "service/prod-data-processing-cluster/prod-data-processing-service",
      minCapacity: 0,
      maxCapacity: 10,
    });
  });

  it("starts tasks from zero by step scaling on the queue's visible messages (target tracking cannot: no task, no CPU data)", () => {
    const policy = plan.graph.one("aws:appautoscaling/policy:Policy", "lake-processing-scaling-backlog");
    expect(policy.inputs).toMatchObject({
      policyType: "StepScaling",
      resourceId: "service/prod-data-processing-cluster/prod-data-processing-service",
      stepScalingPolicyConfiguration: {
        adjustmentType: "ChangeInCapacity",
        stepAdjustments: [
          { metricIntervalLowerBound: "0", metricIntervalUpperBound: "9", scalingAdjustment: 1 },
          { metricIntervalLowerBound: "9", metricIntervalUpperBound: "99", scalingAdjustment: 2 },
          { metricIntervalLowerBound: "99", scalingAdjustment: 4 },
        ],
      },
    });
    const alarm = plan.graph.one("aws:cloudwatch/metricAlarm:MetricAlarm", "lake-processing-scaling-backlog");
    expect(alarm.inputs).toMatchObject({
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: out.queueName },
      threshold: 1,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      alarmActions: [out.scaleOutArn],
    });
    expect(out.queueName).toMatch(/^lake-processing-queue-[0-9a-f]{7}$/);
  });

  it("stops every task once the queue has had nothing waiting and nothing in flight for 5 minutes", () => {
    const policy = plan.graph.one("aws:appautoscaling/policy:Policy", "lake-processing-scaling-empty");
    expect(policy.inputs.stepScalingPolicyConfiguration).toMatchObject({
      adjustmentType: "ExactCapacity",
      stepAdjustments: [{ metricIntervalUpperBound: "0", scalingAdjustment: 0 }],
    });
    const alarm = plan.graph.one("aws:cloudwatch/metricAlarm:MetricAlarm", "lake-processing-scaling-empty");
    expect(alarm.inputs).toMatchObject({
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
      threshold: 0,
      comparisonOperator: "LessThanOrEqualToThreshold",
      treatMissingData: "breaching",
      alarmActions: [out.scaleInArn],
    });
    const queries = alarm.inputs.metricQueries as any[];
    expect(queries.filter((q) => q.metric).map((q) => [q.metric.metricName, q.metric.dimensions])).toEqual([
      ["ApproximateNumberOfMessagesVisible", { QueueName: out.queueName }],
      ["ApproximateNumberOfMessagesNotVisible", { QueueName: out.queueName }],
    ]);
    expect(queries.find((q) => q.returnData)).toMatchObject({ expression: "visible + inflight" });
  });

  it("adds tasks on CPU with target tracking at 70 %, leaving scale-in to the empty queue", () => {
    const policy = plan.graph.one("aws:appautoscaling/policy:Policy", "lake-processing-scaling-cpu");
    expect(policy.inputs).toMatchObject({
      policyType: "TargetTrackingScaling",
      targetTrackingScalingPolicyConfiguration: {
        targetValue: 70,
        predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
        disableScaleIn: true,
      },
    });
  });

  it("describes CPU, running tasks, queue depth and age and dead letters, on the real cluster, service and queues", () => {
    const service = { ClusterName: "prod-data-processing-cluster", ServiceName: "prod-data-processing-service" };
    expect(out.metrics).toEqual([
      { id: "processing-cpu", namespace: "AWS/ECS", metricName: "CPUUtilization", dimensions: service, threshold: 85 },
      {
        id: "processing-running-tasks",
        namespace: "ECS/ContainerInsights",
        metricName: "RunningTaskCount",
        dimensions: service,
        threshold: 10,
      },
      {
        id: "processing-queue-depth",
        namespace: "AWS/SQS",
        metricName: "ApproximateNumberOfMessagesVisible",
        dimensions: { QueueName: out.queueName },
        threshold: 1000,
      },
      {
        id: "processing-queue-age",
        namespace: "AWS/SQS",
        metricName: "ApproximateAgeOfOldestMessage",
        dimensions: { QueueName: out.queueName },
        threshold: 1800,
      },
      {
        id: "processing-dlq-depth",
        namespace: "AWS/SQS",
        metricName: "ApproximateNumberOfMessagesVisible",
        dimensions: { QueueName: out.dlqName },
        threshold: 1,
      },
    ]);
  });

  it("passes every rule of the policy pack", () => {
    expect(blocking(runPolicyPack(plan)).map((v) => `${v.rule}: ${v.message}`)).toEqual([]);
  });
});

describe("the processing cluster's options", () => {
  let plan: ProgramPlan;
  let out: Exports;
  beforeAll(async () => {
    plan = await planProgram(
      program({
        sparkJobImage: undefined,
        spotWeight: 2,
        onDemandWeight: 1,
        onDemandBase: 1,
        keepImages: 3,
        maxTasks: 4,
        cpuTargetPercent: 55,
        desiredCount: 1,
        queue: { visibilityTimeoutSeconds: 1200, maxReceiveCount: 3, allowLakeNotifications: false },
        thresholds: { "processing-queue-age": 600 },
      }),
      PLAN,
    );
    out = plan.outputs as unknown as Exports;
  });

  it("creates the spark job's repository but no task definition until its image is named", () => {
    expect(plan.graph.ofType(TASK_DEFINITION).map((t) => t.name)).toEqual(["lake-data-processing-task"]);
    expect(plan.graph.ofType("aws:ecr/repository:Repository").map((r) => r.name)).toContain("lake-spark-job-repo");
  });

  it("honours the weights and base, the image count, the scaling bounds, the CPU target and the queue settings", () => {
    const strategy = [
      { capacityProvider: "FARGATE_SPOT", weight: 2, base: 0 },
      { capacityProvider: "FARGATE", weight: 1, base: 1 },
    ];
    expect(
      plan.graph.one("aws:ecs/clusterCapacityProviders:ClusterCapacityProviders", "lake-processing-capacity").inputs
        .defaultCapacityProviderStrategies,
    ).toEqual(strategy);
    const service = plan.graph.one("aws:ecs/service:Service", "lake-processing-service");
    expect(service.inputs).toMatchObject({ capacityProviderStrategies: strategy, desiredCount: 1 });
    for (const lifecycle of plan.graph.ofType("aws:ecr/lifecyclePolicy:LifecyclePolicy"))
      expect(JSON.parse(lifecycle.inputs.policy as string).rules[1].selection.countNumber).toBe(3);
    expect(plan.graph.one("aws:appautoscaling/target:Target", "lake-processing-scaling").inputs.maxCapacity).toBe(4);
    expect(
      (plan.graph.one("aws:appautoscaling/policy:Policy", "lake-processing-scaling-cpu").inputs as any)
        .targetTrackingScalingPolicyConfiguration.targetValue,
    ).toBe(55);
    const queue = plan.graph.one("aws:sqs/queue:Queue", "lake-processing-queue");
    expect(queue.inputs.visibilityTimeoutSeconds).toBe(1200);
    expect(JSON.parse(queue.inputs.redrivePolicy as string).maxReceiveCount).toBe(3);
    expect(
      statementsOf(plan.graph.one("aws:sqs/queuePolicy:QueuePolicy", "lake-processing-queue").inputs.policy),
    ).toHaveLength(1);
  });

  it("applies threshold overrides, and alarms on running tasks at the configured maximum", () => {
    const thresholds = Object.fromEntries(out.metrics.map((m) => [m.id, m.threshold]));
    expect(thresholds).toMatchObject({ "processing-queue-age": 600, "processing-running-tasks": 4 });
  });

  it("passes every rule of the policy pack", () => {
    expect(blocking(runPolicyPack(plan)).map((v) => `${v.rule}: ${v.message}`)).toEqual([]);
  });
});

describe("the processing cluster refuses, before creating anything", () => {
  const cases: [string, Partial<DataProcessingArgs>, string][] = [
    [
      "no weight on Spot",
      { spotWeight: 0 },
      "DataLake: processing.spotWeight: 0 places no task on FARGATE_SPOT; the processing cluster runs on Spot first (give it a weight of 1 or more)",
    ],
    [
      "a memory size Fargate does not offer for the CPU",
      { dataProcessingSize: { cpu: 1024, memory: 1024 } },
      "DataLake: processing.dataProcessingSize.memory: 1024 MiB is not a Fargate memory size for 1024 CPU units (2048-8192 in steps of 1024)",
    ],
    [
      "a CPU size Fargate does not offer",
      { sparkJobSize: { cpu: 3000, memory: 4096 } },
      "DataLake: processing.sparkJobSize.cpu: 3000 is not a Fargate CPU size (one of 256, 512, 1024, 2048, 4096)",
    ],
    [
      "a spark image that is neither a tag nor a digest",
      { sparkJobImage: "apache/spark:latest" },
      'DataLake: processing.sparkJobImage: "apache/spark:latest" is neither an image tag',
    ],
    [
      "a maximum of no tasks",
      { maxTasks: 0 },
      "DataLake: processing.maxTasks: 0 is not a whole number of tasks of at least 1 and at least minTasks (0)",
    ],
    [
      "a threshold for a metric it does not have",
      { thresholds: { "processing-memory": 1 } as never },
      'DataLake: thresholds: no metric "processing-memory"',
    ],
  ];
  for (const [what, args, message] of cases)
    it(what, async () => {
      const error = await failure(planProgram(program(args), PLAN));
      expect(error.message).toContain(message);
      expect(error.resources.filter((r) => r.type.startsWith("aws:"))).toEqual([]);
    });

  it("a visibility timeout shorter than a task's work, when the queue is created", async () => {
    const error = await failure(planProgram(program({ queue: { visibilityTimeoutSeconds: 30 } }), PLAN));
    expect(error.message).toContain(
      "DataLake: processing.queue.visibilityTimeoutSeconds: 30 is not a whole number of seconds from 60 (a task's processing time) to 43200 (SQS's maximum)",
    );
  });
});
