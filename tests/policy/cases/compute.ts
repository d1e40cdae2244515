/** The compute rules' cases: for each rule, resources that comply and resources that break it (tests/policy/compute.test.ts, tests/policy/insecure-graph.test.ts). */
import { computeRules } from "../../../policy/rules/compute";
import type { RuleCase, Spec } from "../harness";

export const rule = (name: string) => {
  const found = computeRules.find((r) => r.name === name);
  if (!found) throw new Error(`no compute rule ${name}`);
  return found;
};

const ACCOUNT = "123456789012";
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/0b1c2d3e-1111-4222-a333-444455556666`;
const QUEUE = `arn:aws:sqs:us-east-1:${ACCOUNT}:failed-events`;
const STREAM = `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/orders`;
const DDB_STREAM = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders/stream/2026-01-01T00:00:00.000`;
const SQS = `arn:aws:sqs:us-east-1:${ACCOUNT}:jobs`;
const fnArn = (name: string) => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}`;
const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;

export const fn = (name: string, inputs: Record<string, unknown> = {}): Spec => ({
  type: "aws:lambda/function:Function",
  name,
  inputs: {
    name: `${name}-abc1234`,
    role: roleArn(`${name}-role`),
    runtime: "nodejs24.x",
    handler: "index.handler",
    tracingConfig: { mode: "Active" },
    ...inputs,
  },
});
const permission = (name: string, inputs: Record<string, unknown>, target?: string): Spec => ({
  type: "aws:lambda/permission:Permission",
  name,
  inputs: { action: "lambda:InvokeFunction", function: target ? `${target}-abc1234` : "handler-abc1234", ...inputs },
  ...(target ? { from: { function: target } } : {}),
});
const esm = (name: string, inputs: Record<string, unknown>): Spec => ({
  type: "aws:lambda/eventSourceMapping:EventSourceMapping",
  name,
  inputs: { functionName: "consumer-abc1234", ...inputs },
});
const goodStreamMapping = {
  eventSourceArn: STREAM,
  startingPosition: "LATEST",
  bisectBatchOnFunctionError: true,
  maximumRetryAttempts: 3,
  maximumRecordAgeInSeconds: 86_400,
  functionResponseTypes: ["ReportBatchItemFailures"],
  destinationConfig: { onFailure: { destinationArn: QUEUE } },
};

export const container = (overrides: Record<string, unknown> = {}) => ({
  name: "app",
  image: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/app@sha256:0123`,
  essential: true,
  readonlyRootFilesystem: true,
  logConfiguration: {
    logDriver: "awslogs",
    options: { "awslogs-group": "/ecs/app", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "app" },
  },
  environment: [{ name: "DB_SECRET_ARN", value: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db" }],
  secrets: [{ name: "DB_PASSWORD", valueFrom: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db:password::" }],
  ...overrides,
});
export const taskDef = (containers: unknown[], inputs: Record<string, unknown> = {}): Spec => ({
  type: "aws:ecs/taskDefinition:TaskDefinition",
  name: "app",
  inputs: {
    family: "app",
    networkMode: "awsvpc",
    requiresCompatibilities: ["FARGATE"],
    taskRoleArn: roleArn("app-task"),
    executionRoleArn: roleArn("app-execution"),
    containerDefinitions: JSON.stringify(containers),
    ...inputs,
  },
});
const service = (inputs: Record<string, unknown>): Spec => ({
  type: "aws:ecs/service:Service",
  name: "app",
  inputs: {
    cluster: "main",
    taskDefinition: "app:1",
    launchType: "FARGATE",
    networkConfiguration: { subnets: ["subnet-1"], assignPublicIp: false },
    ...inputs,
  },
});
/** A blue/green service: CodeDeploy deploys it, so it has no circuit breaker. */
const blueGreenService = service({ name: "app-abc1234", deploymentController: { type: "CODE_DEPLOY" } });
/** A CodeDeploy deployment group of the service: its name when given, else a reference to it. */
const deploymentGroup = (inputs: Record<string, unknown>, serviceName: string | undefined): Spec => ({
  type: "aws:codedeploy/deploymentGroup:DeploymentGroup",
  name: "release",
  inputs: {
    appName: "web",
    deploymentGroupName: "web-service",
    deploymentStyle: { deploymentType: "BLUE_GREEN", deploymentOption: "WITH_TRAFFIC_CONTROL" },
    ecsService: { clusterName: "main", ...(serviceName ? { serviceName } : {}) },
    autoRollbackConfiguration: { enabled: true, events: ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"] },
    ...inputs,
  },
  ...(serviceName ? {} : { from: { ecsService: "app" } }),
});
const repo = (inputs: Record<string, unknown> = {}): Spec => ({
  type: "aws:ecr/repository:Repository",
  name: "app",
  inputs: {
    name: "app-abc1234",
    imageTagMutability: "IMMUTABLE",
    imageScanningConfiguration: { scanOnPush: true },
    ...inputs,
  },
});
const lifecycle = (policy: unknown): Spec => ({
  type: "aws:ecr/lifecyclePolicy:LifecyclePolicy",
  name: "app-lifecycle",
  inputs: { repository: "app-abc1234", policy: typeof policy === "string" ? policy : JSON.stringify(policy) },
  from: { repository: "app" },
});
const instance = (inputs: Record<string, unknown>): Spec => ({
  type: "aws:ec2/instance:Instance",
  name: "bastion",
  inputs: { ami: "ami-0123456789abcdef0", instanceType: "t4g.micro", ...inputs },
});
const template = (inputs: Record<string, unknown>): Spec => ({
  type: "aws:ec2/launchTemplate:LaunchTemplate",
  name: "workers",
  inputs: { imageId: "ami-0123456789abcdef0", ...inputs },
});
const cluster = (inputs: Record<string, unknown> = {}): Spec => ({
  type: "aws:ecs/cluster:Cluster",
  name: "main",
  inputs: { name: "main-abc1234", settings: [{ name: "containerInsights", value: "enhanced" }], ...inputs },
});
const efsVolume = (config: Record<string, unknown> = {}) => ({
  name: "shared",
  efsVolumeConfiguration: {
    fileSystemId: "fs-0123456789abcdef0",
    transitEncryption: "ENABLED",
    authorizationConfig: { accessPointId: "fsap-0123456789abcdef0", iam: "ENABLED" },
    ...config,
  },
});
const TARGET_GROUP = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/web/0123456789abcdef`;
const group = (name: string, inputs: Record<string, unknown> = {}): Spec => ({
  type: "aws:autoscaling/group:Group",
  name,
  inputs: {
    name: `${name}-abc1234`,
    minSize: 2,
    maxSize: 4,
    vpcZoneIdentifiers: ["subnet-a", "subnet-b", "subnet-c"],
    launchTemplate: { id: "lt-0123456789abcdef0", version: "$Latest" },
    ...inputs,
  },
});
const requiredImds = {
  metadataOptions: { httpTokens: "required", httpEndpoint: "enabled", httpPutResponseHopLimit: 1 },
};

export const computeCases: RuleCase[] = [
  // Lambda
  {
    rule: rule("lambda-supported-runtime"),
    config: { asOf: "2026-11-26" },
    compliant: [
      fn("api", { runtime: "nodejs22.x" }),
      fn("worker", { runtime: "python3.14" }),
      fn("image", {
        runtime: undefined,
        packageType: "Image",
        imageUri: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/fn:1`,
      }),
    ],
    violating: [fn("api", { runtime: "nodejs20.x" }), fn("worker", { runtime: "python3.11" })],
    message:
      /"api" runs nodejs20\.x, which AWS Lambda deprecated on 2026-04-30; move to nodejs24\.x[\s\S]*"worker" runs python3\.11, which AWS Lambda deprecated on 2026-06-30/,
  },
  {
    rule: rule("lambda-xray-tracing"),
    compliant: [fn("api")],
    violating: [fn("api", { tracingConfig: { mode: "PassThrough" } }), fn("bare", { tracingConfig: undefined })],
    message: /"api" has tracing mode "PassThrough", not Active[\s\S]*"bare" has tracing mode "PassThrough"/,
  },
  {
    rule: rule("lambda-reserved-concurrency"),
    config: { requireReservedConcurrency: true },
    compliant: [fn("api", { reservedConcurrentExecutions: 50 })],
    violating: [
      fn("api", { reservedConcurrentExecutions: 0 }),
      fn("open"),
      fn("unbounded", { reservedConcurrentExecutions: -1 }),
    ],
    message:
      /"api" has reservedConcurrentExecutions 0, which throttles every invocation[\s\S]*"open" does not set reservedConcurrentExecutions[\s\S]*"unbounded" has reservedConcurrentExecutions -1/,
  },
  {
    rule: rule("lambda-environment-cmk"),
    compliant: [fn("api", { environment: { variables: { TABLE: "orders" } }, kmsKeyArn: KEY }), fn("plain")],
    violating: [fn("api", { environment: { variables: { TABLE: "orders", STAGE: "prod" } } })],
    message: /"api" has environment variables \(TABLE, STAGE\) but no kmsKeyArn/,
  },
  {
    rule: rule("lambda-permission-not-public"),
    compliant: [
      permission("from-rule", {
        principal: "events.amazonaws.com",
        sourceArn: `arn:aws:events:us-east-1:${ACCOUNT}:rule/nightly`,
      }),
      permission("from-bucket", { principal: "s3.amazonaws.com", sourceAccount: ACCOUNT }),
      permission("from-account", { principal: ACCOUNT }),
    ],
    violating: [
      permission("everyone", { principal: "*" }),
      permission("any-topic", { principal: "sns.amazonaws.com" }),
    ],
    message:
      /"everyone" grants lambda:InvokeFunction to principal "\*"[\s\S]*"any-topic" grants lambda:InvokeFunction to service principal sns\.amazonaws\.com without sourceArn or sourceAccount/,
  },
  {
    rule: rule("lambda-function-url-iam-auth"),
    compliant: [
      {
        type: "aws:lambda/functionUrl:FunctionUrl",
        name: "api-url",
        inputs: { functionName: "api-abc1234", authorizationType: "AWS_IAM" },
      },
    ],
    violating: [
      {
        type: "aws:lambda/functionUrl:FunctionUrl",
        name: "api-url",
        inputs: { functionName: "api-abc1234", authorizationType: "NONE" },
      },
    ],
    message: /"api-url" has authorizationType "NONE": anyone with the URL can invoke/,
  },
  {
    rule: rule("lambda-async-failure-destination"),
    compliant: [
      // EventBridge target with a DLQ on the function.
      fn("nightly", { deadLetterConfig: { targetArn: QUEUE } }),
      {
        type: "aws:cloudwatch/eventTarget:EventTarget",
        name: "nightly-target",
        inputs: { rule: "nightly", arn: fnArn("nightly-abc1234") },
        from: { arn: "nightly" },
      },
      // SNS subscription with an event invoke config on-failure destination.
      fn("fanout"),
      {
        type: "aws:sns/topicSubscription:TopicSubscription",
        name: "fanout-sub",
        inputs: {
          topic: "arn:aws:sns:us-east-1:123456789012:t",
          protocol: "lambda",
          endpoint: fnArn("fanout-abc1234"),
        },
      },
      {
        type: "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
        name: "fanout-invoke",
        inputs: { functionName: "fanout-abc1234", destinationConfig: { onFailure: { destination: QUEUE } } },
        from: { functionName: "fanout" },
      },
      // Invoked synchronously only (API Gateway): nothing required.
      fn("api"),
      permission(
        "api-apigw",
        { principal: "apigateway.amazonaws.com", sourceArn: `arn:aws:execute-api:us-east-1:${ACCOUNT}:abc/*` },
        "api",
      ),
    ],
    violating: [
      fn("thumbnails"),
      {
        type: "aws:s3/bucketNotification:BucketNotification",
        name: "uploads-notify",
        inputs: {
          bucket: "uploads-abc1234",
          lambdaFunctions: [{ lambdaFunctionArn: fnArn("thumbnails-abc1234"), events: ["s3:ObjectCreated:*"] }],
        },
        from: { lambdaFunctions: "thumbnails" },
      },
      permission("thumbnails-s3", { principal: "s3.amazonaws.com", sourceAccount: ACCOUNT }, "thumbnails"),
      fn("audit"),
      {
        type: "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
        name: "audit-invoke",
        inputs: { functionName: fnArn("audit-abc1234"), maximumRetryAttempts: 0 },
      },
      permission(
        "audit-events",
        { principal: "events.amazonaws.com", sourceArn: `arn:aws:events:us-east-1:${ACCOUNT}:rule/audit` },
        "audit",
      ),
    ],
    message:
      /function "thumbnails" is invoked asynchronously \(by aws:s3\/bucketNotification:BucketNotification "uploads-notify", aws:lambda\/permission:Permission "thumbnails-s3"\) but has no dead-letter queue or on-failure destination[\s\S]*function "audit" is invoked asynchronously .* \(its event invoke config has no onFailure destination\)/,
  },
  // Event source mappings
  {
    rule: rule("lambda-esm-on-failure-destination"),
    compliant: [esm("orders", goodStreamMapping), esm("jobs", { eventSourceArn: SQS })],
    violating: [
      esm("orders", { ...goodStreamMapping, destinationConfig: undefined }),
      esm("changes", { eventSourceArn: DDB_STREAM, startingPosition: "TRIM_HORIZON" }),
    ],
    message:
      /"orders" reads a stream \(arn:aws:kinesis:[^)]+\) without destinationConfig\.onFailure\.destinationArn[\s\S]*"changes" reads a stream \(arn:aws:dynamodb:/,
  },
  {
    rule: rule("lambda-esm-bisect-batch"),
    compliant: [esm("orders", goodStreamMapping), esm("jobs", { eventSourceArn: SQS })],
    violating: [
      esm("orders", { ...goodStreamMapping, bisectBatchOnFunctionError: false }),
      esm("pending", { startingPosition: "LATEST" }),
    ],
    message:
      /"orders" reads a stream \(arn:aws:kinesis:[^)]+\) without bisectBatchOnFunctionError[\s\S]*"pending" reads a stream without bisectBatchOnFunctionError/,
  },
  {
    rule: rule("lambda-esm-bounded-retries"),
    compliant: [esm("orders", goodStreamMapping)],
    violating: [
      esm("orders", { ...goodStreamMapping, maximumRetryAttempts: -1 }),
      esm("changes", { ...goodStreamMapping, eventSourceArn: DDB_STREAM, maximumRetryAttempts: undefined }),
    ],
    message:
      /"orders" sets maximumRetryAttempts -1 \(infinite retries\)[\s\S]*"changes" does not set maximumRetryAttempts/,
  },
  {
    rule: rule("lambda-esm-bounded-record-age"),
    compliant: [esm("orders", goodStreamMapping)],
    violating: [
      esm("orders", { ...goodStreamMapping, maximumRecordAgeInSeconds: -1 }),
      esm("changes", { ...goodStreamMapping, maximumRecordAgeInSeconds: undefined }),
    ],
    message:
      /"orders" sets maximumRecordAgeInSeconds -1 \(records never age out\)[\s\S]*"changes" does not set maximumRecordAgeInSeconds/,
  },
  {
    rule: rule("lambda-esm-partial-batch-response"),
    compliant: [
      esm("orders", goodStreamMapping),
      esm("jobs", { eventSourceArn: SQS, functionResponseTypes: ["ReportBatchItemFailures"] }),
    ],
    violating: [
      esm("jobs", { eventSourceArn: SQS }),
      esm("orders", { ...goodStreamMapping, functionResponseTypes: [] }),
    ],
    message:
      /"jobs" reads an SQS queue \(arn:aws:sqs:[^)]+\) without functionResponseTypes ReportBatchItemFailures[\s\S]*"orders" reads a stream/,
  },
  // ECS
  {
    rule: rule("ecs-container-not-privileged"),
    compliant: [taskDef([container(), container({ name: "sidecar", privileged: false })])],
    violating: [taskDef([container(), container({ name: "agent", privileged: true })])],
    message: /"app" container "agent" runs privileged/,
  },
  {
    rule: rule("ecs-container-readonly-root-filesystem"),
    compliant: [taskDef([container()])],
    violating: [
      taskDef([
        container({ readonlyRootFilesystem: false }),
        container({ name: "sidecar", readonlyRootFilesystem: undefined }),
      ]),
    ],
    message: /container "app" has a writable root filesystem[\s\S]*container "sidecar" has a writable root filesystem/,
  },
  {
    rule: rule("ecs-container-logging"),
    compliant: [taskDef([container(), container({ name: "router", logConfiguration: { logDriver: "awsfirelens" } })])],
    violating: [
      taskDef([
        container({ logConfiguration: undefined }),
        container({ name: "syslog", logConfiguration: { logDriver: "syslog" } }),
      ]),
    ],
    message:
      /container "app" has no logConfiguration[\s\S]*container "syslog" uses log driver "syslog", not awslogs or awsfirelens/,
  },
  {
    rule: rule("ecs-no-secrets-in-environment"),
    compliant: [
      taskDef([
        container({
          environment: [
            { name: "DB_SECRET_ARN", value: "arn" },
            { name: "TOKEN_TTL", value: "60" },
            { name: "LOG_LEVEL", value: "info" },
          ],
        }),
      ]),
    ],
    violating: [
      taskDef([
        container({
          environment: [
            { name: "DB_PASSWORD", value: "hunter2" },
            { name: "stripe-api-key", value: "sk" },
            { name: "LOG_LEVEL", value: "info" },
          ],
        }),
      ]),
    ],
    message: /container "app" passes DB_PASSWORD, stripe-api-key as plain environment variables/,
  },
  {
    rule: rule("ecs-task-separate-roles"),
    compliant: [taskDef([container()])],
    violating: [taskDef([container()], { taskRoleArn: roleArn("shared"), executionRoleArn: roleArn("shared") })],
    message: /"app" uses the same role as task role and execution role \(arn:aws:iam::123456789012:role\/shared\)/,
  },
  {
    rule: rule("ecs-task-network-mode-not-host"),
    compliant: [taskDef([container()])],
    violating: [taskDef([container()], { networkMode: "host", requiresCompatibilities: ["EC2"] })],
    message: /"app" uses networkMode "host"/,
  },
  {
    rule: rule("ecs-task-no-host-namespaces"),
    compliant: [taskDef([container()], { pidMode: "task" })],
    violating: [taskDef([container()], { pidMode: "host", ipcMode: "host", requiresCompatibilities: ["EC2"] })],
    message: /"app" uses pidMode "host"[\s\S]*"app" uses ipcMode "host"/,
  },
  {
    rule: rule("ecs-container-non-root-user"),
    compliant: [
      taskDef([container({ user: "1000:1000" }), container({ name: "sidecar", user: "app" })]),
      {
        ...taskDef([container({ user: "ContainerAdministrator" })], {
          runtimePlatform: { operatingSystemFamily: "WINDOWS_SERVER_2022_CORE" },
        }),
        name: "windows",
      },
    ],
    violating: [
      taskDef([
        container(),
        container({ name: "root-by-name", user: "root:root" }),
        container({ name: "root-by-uid", user: "0" }),
        container({ name: "app-user", user: "1000" }),
      ]),
    ],
    message:
      /"app" container "app" sets no user[\s\S]*container "root-by-name" runs as user "root:root" \(root\)[\s\S]*container "root-by-uid" runs as user "0" \(root\)/,
  },
  {
    rule: rule("ecs-efs-volume-transit-encryption"),
    compliant: [taskDef([container()], { volumes: [efsVolume(), { name: "scratch" }] })],
    violating: [
      taskDef([container()], {
        volumes: [
          efsVolume({ transitEncryption: "DISABLED" }),
          { ...efsVolume({ transitEncryption: undefined }), name: "assets" },
        ],
      }),
    ],
    message:
      /"app" EFS volume "shared" has transitEncryption "DISABLED": NFS traffic is not encrypted[\s\S]*EFS volume "assets" has transitEncryption "DISABLED"/,
  },
  {
    rule: rule("ecs-cluster-container-insights"),
    compliant: [
      cluster(),
      { ...cluster({ settings: [{ name: "containerInsights", value: "enabled" }] }), name: "basic" },
    ],
    violating: [
      cluster({ settings: [{ name: "containerInsights", value: "disabled" }] }),
      { ...cluster({ settings: undefined }), name: "unset" },
    ],
    message:
      /Cluster "main" has containerInsights "disabled", not enabled or enhanced[\s\S]*"unset" has no containerInsights setting/,
  },
  {
    rule: rule("ecs-fargate-latest-platform-version"),
    compliant: [service({}), { ...service({ platformVersion: "LATEST" }), name: "latest" }],
    violating: [service({ platformVersion: "1.3.0" })],
    message: /Service "app" pins Fargate platformVersion "1\.3\.0", not the latest/,
  },
  {
    rule: rule("ecs-service-circuit-breaker"),
    compliant: [service({ deploymentCircuitBreaker: { enable: true, rollback: true } })],
    violating: [service({ deploymentCircuitBreaker: { enable: true, rollback: false } })],
    message: /"app" has a deployment circuit breaker without rollback/,
  },
  {
    rule: rule("ecs-service-circuit-breaker"),
    compliant: [blueGreenService, deploymentGroup({}, "app-abc1234")],
    violating: [blueGreenService],
    message:
      /"app" uses the CODE_DEPLOY deployment controller \(no circuit breaker\) but no CodeDeploy deployment group deploys it/,
  },
  {
    rule: rule("ecs-service-circuit-breaker"),
    // Named by reference while the service's name is unknown (preview).
    compliant: [
      { ...blueGreenService, inputs: { ...blueGreenService.inputs, name: undefined } },
      deploymentGroup({}, undefined),
    ],
    violating: [
      blueGreenService,
      deploymentGroup(
        { autoRollbackConfiguration: { enabled: true, events: ["DEPLOYMENT_STOP_ON_ALARM"] } },
        "app-abc1234",
      ),
    ],
    message:
      /"app" uses the CODE_DEPLOY deployment controller, and its deployment group "release" does not roll back automatically on DEPLOYMENT_FAILURE/,
  },
  {
    rule: rule("ecs-service-no-public-ip"),
    compliant: [service({})],
    violating: [service({ networkConfiguration: { subnets: ["subnet-1"], assignPublicIp: true } })],
    message: /"app" assigns public IP addresses to its tasks/,
  },
  // ECR
  {
    rule: rule("ecr-scan-on-push"),
    compliant: [repo()],
    violating: [repo({ imageScanningConfiguration: { scanOnPush: false } })],
    message: /"app" does not scan images on push/,
  },
  {
    rule: rule("ecr-immutable-tags"),
    compliant: [repo()],
    violating: [repo({ imageTagMutability: undefined })],
    message: /"app" has imageTagMutability "MUTABLE", not IMMUTABLE/,
  },
  {
    rule: rule("ecr-kms-encryption"),
    compliant: [repo({ encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: KEY }] })],
    violating: [repo({ encryptionConfigurations: [{ encryptionType: "KMS" }] })],
    message: /"app" uses KMS encryption without kmsKey \(the AWS-managed aws\/ecr key\)/,
  },
  {
    rule: rule("ecr-repository-lifecycle-policy"),
    compliant: [
      repo(),
      lifecycle({
        rules: [
          {
            rulePriority: 1,
            description: "expire untagged",
            selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 7 },
            action: { type: "expire" },
          },
        ],
      }),
    ],
    violating: [repo(), { ...repo({ name: "other-abc1234" }), name: "other" }, lifecycle({ rules: [] })],
    message: /repository "app" has a lifecycle policy without rules[\s\S]*repository "other" has no lifecycle policy/,
  },
  // EC2
  {
    rule: rule("ec2-instance-imdsv2"),
    compliant: [instance(requiredImds)],
    violating: [instance({ metadataOptions: { httpTokens: "optional" } })],
    message: /"bastion" does not require IMDSv2 \(metadataOptions\.httpTokens is "optional"\)/,
  },
  {
    rule: rule("ec2-launch-template-imdsv2"),
    compliant: [
      template(requiredImds),
      { ...template({ metadataOptions: { httpEndpoint: "disabled" } }), name: "no-imds" },
    ],
    violating: [template({})],
    message: /"workers" does not require IMDSv2 \(metadataOptions\.httpTokens is "optional"\)/,
  },
  {
    rule: rule("ec2-instance-ebs-encrypted"),
    compliant: [
      instance({
        rootBlockDevice: { encrypted: true, kmsKeyId: KEY },
        ebsBlockDevices: [{ deviceName: "/dev/sdf", encrypted: true, kmsKeyId: KEY }],
      }),
    ],
    violating: [instance({ ebsBlockDevices: [{ deviceName: "/dev/sdf", encrypted: false }] })],
    message: /"bastion" does not encrypt its root volume[\s\S]*EBS block device \/dev\/sdf is not encrypted/,
  },
  {
    rule: rule("ec2-launch-template-ebs-encrypted"),
    compliant: [
      template({
        blockDeviceMappings: [
          { deviceName: "/dev/xvda", ebs: { encrypted: "true", kmsKeyId: KEY } },
          { deviceName: "/dev/sdb", virtualName: "ephemeral0" },
        ],
      }),
    ],
    violating: [template({ blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeSize: 30 } }] })],
    message: /"workers" maps EBS volume \/dev\/xvda without encryption/,
  },
  {
    rule: rule("ebs-volume-encrypted"),
    compliant: [
      {
        type: "aws:ebs/volume:Volume",
        name: "data",
        inputs: { availabilityZone: "us-east-1a", size: 10, encrypted: true, kmsKeyId: KEY },
      },
    ],
    violating: [{ type: "aws:ebs/volume:Volume", name: "data", inputs: { availabilityZone: "us-east-1a", size: 10 } }],
    message: /aws:ebs\/volume:Volume "data" is not encrypted/,
  },
  {
    rule: rule("ec2-instance-no-public-ip"),
    compliant: [instance({ associatePublicIpAddress: false })],
    violating: [instance({ associatePublicIpAddress: true })],
    message: /"bastion" associates a public IP address/,
  },
  {
    rule: rule("ec2-launch-template-no-public-ip"),
    compliant: [template({ networkInterfaces: [{ deviceIndex: 0, associatePublicIpAddress: "false" }] })],
    violating: [template({ networkInterfaces: [{ deviceIndex: 0, associatePublicIpAddress: "true" }] })],
    message: /"workers" network interface 0 associates a public IP address/,
  },
  {
    rule: rule("ec2-instance-detailed-monitoring"),
    compliant: [instance({ monitoring: true })],
    violating: [instance({})],
    message: /"bastion" does not enable detailed monitoring/,
  },
  {
    rule: rule("ec2-launch-template-detailed-monitoring"),
    compliant: [template({ monitoring: { enabled: true } })],
    violating: [template({ monitoring: { enabled: false } })],
    message: /"workers" does not enable detailed monitoring/,
  },
  // Auto Scaling
  {
    rule: rule("autoscaling-launch-template"),
    compliant: [
      group("web"),
      group("mixed", {
        launchTemplate: undefined,
        mixedInstancesPolicy: {
          launchTemplate: { launchTemplateSpecification: { launchTemplateId: "lt-0123456789abcdef0" } },
        },
      }),
    ],
    violating: [
      group("legacy", { launchTemplate: undefined, launchConfiguration: "legacy-lc" }),
      group("bare", { launchTemplate: undefined }),
    ],
    message:
      /Group "legacy" launches from launch configuration "legacy-lc", not a launch template[\s\S]*Group "bare" names no launch template/,
  },
  {
    rule: rule("autoscaling-multi-az"),
    compliant: [
      group("web"),
      group("zones", { vpcZoneIdentifiers: undefined, availabilityZones: ["us-east-1a", "us-east-1b"] }),
    ],
    violating: [
      group("web", { vpcZoneIdentifiers: ["subnet-a"] }),
      group("zones", { vpcZoneIdentifiers: undefined, availabilityZones: ["us-east-1a"] }),
    ],
    message:
      /Group "web" is in 1 subnet\(s\); it needs at least 2 Availability Zones[\s\S]*"zones" is in 1 Availability Zone\(s\)/,
  },
  {
    rule: rule("autoscaling-elb-health-check"),
    compliant: [
      group("web", { targetGroupArns: [TARGET_GROUP], healthCheckType: "ELB", healthCheckGracePeriod: 120 }),
      group("capacity"),
      group("attached", { healthCheckType: "EC2,ELB" }),
      {
        type: "aws:autoscaling/attachment:Attachment",
        name: "attached-tg",
        inputs: { autoscalingGroupName: "attached-abc1234", lbTargetGroupArn: TARGET_GROUP },
        from: { autoscalingGroupName: "attached" },
      },
    ],
    violating: [
      group("web", { targetGroupArns: [TARGET_GROUP] }),
      group("attached", { healthCheckType: "EC2" }),
      {
        type: "aws:autoscaling/trafficSourceAttachment:TrafficSourceAttachment",
        name: "attached-source",
        inputs: {
          autoscalingGroupName: "attached-abc1234",
          trafficSource: { identifier: TARGET_GROUP, type: "elbv2" },
        },
      },
      // At preview the ARN is unknown; the recorded dependency names the target group.
      { type: "aws:lb/targetGroup:TargetGroup", name: "pending-tg", inputs: { port: 8080, protocol: "HTTP" } },
      { ...group("pending"), from: { targetGroupArns: "pending-tg" } },
    ],
    message:
      /Group "web" is attached to target group arn:aws:elasticloadbalancing:[^ ]+ but uses healthCheckType "EC2"[\s\S]*Group "attached" is attached to aws:autoscaling\/trafficSourceAttachment:TrafficSourceAttachment "attached-source"[\s\S]*Group "pending" is attached to aws:lb\/targetGroup:TargetGroup "pending-tg"/,
  },
];
