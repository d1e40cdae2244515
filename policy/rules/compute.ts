/**
 * Compute rules: Lambda functions and their triggers, ECS clusters, task definitions and services,
 * ECR repositories, EC2 instances, launch templates, EBS volumes and Auto Scaling groups. Settings
 * AWS keeps on another resource (a function's async failure handling, a repository's lifecycle
 * policy, a group's load balancer attachment) are checked at stack level, on the target's siblings.
 */
import {
  ASYNC_INVOKER_PRINCIPALS,
  AUTOSCALING_BASELINE,
  ECR_IMMUTABLE_TAGS,
  ECR_KMS_ENCRYPTION_TYPES,
  ECS_CONTAINER_INSIGHTS_VALUES,
  ECS_EFS_TRANSIT_ENCRYPTION,
  ECS_FARGATE_LATEST_PLATFORM_VERSIONS,
  ECS_LOG_DRIVERS,
  ECS_ROOT_USERS,
  LAMBDA_RUNTIME_DEPRECATIONS,
  LAMBDA_UNLIMITED,
  PARTIAL_BATCH_RESPONSE,
  isSecretEnvName,
  SQS_SOURCE_ARN,
  STREAM_SOURCE_ARN,
} from "../baseline/compute";
import { asArray, label, parseJson, resourceRule, stackRule } from "./helpers";

export { isSecretEnvName };
import type { ResourceView, StackResourceView, StackView, StackViolation } from "./types";

export const FUNCTION = "aws:lambda/function:Function";
export const PERMISSION = "aws:lambda/permission:Permission";
export const FUNCTION_URL = "aws:lambda/functionUrl:FunctionUrl";
export const EVENT_INVOKE_CONFIG = "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig";
export const EVENT_SOURCE_MAPPING = "aws:lambda/eventSourceMapping:EventSourceMapping";
export const EVENT_TARGET = "aws:cloudwatch/eventTarget:EventTarget";
export const TOPIC_SUBSCRIPTION = "aws:sns/topicSubscription:TopicSubscription";
export const BUCKET_NOTIFICATION = "aws:s3/bucketNotification:BucketNotification";
export const TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition";
export const ECS_SERVICE = "aws:ecs/service:Service";
export const ECS_CLUSTER = "aws:ecs/cluster:Cluster";
export const ECR_REPOSITORY = "aws:ecr/repository:Repository";
export const ECR_LIFECYCLE_POLICY = "aws:ecr/lifecyclePolicy:LifecyclePolicy";
export const INSTANCE = "aws:ec2/instance:Instance";
export const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
export const EBS_VOLUME = "aws:ebs/volume:Volume";
export const AUTOSCALING_GROUP = "aws:autoscaling/group:Group";
export const AUTOSCALING_ATTACHMENT = "aws:autoscaling/attachment:Attachment";
export const DEPLOYMENT_GROUP = "aws:codedeploy/deploymentGroup:DeploymentGroup";
export const AUTOSCALING_TRAFFIC_SOURCE_ATTACHMENT = "aws:autoscaling/trafficSourceAttachment:TrafficSourceAttachment";

// ---------------------------------------------------------------------------------------------
// Readers
// ---------------------------------------------------------------------------------------------

/** `true` / `"true"`: launch templates carry EC2's booleans as strings. */
const isTrue = (value: unknown) => value === true || (typeof value === "string" && value.toLowerCase() === "true");

const isContainerImageFunction = (p: Record<string, any>) =>
  p.packageType === "Image" || (typeof p.imageUri === "string" && p.imageUri.length > 0 && !p.runtime);

/** Today as YYYY-MM-DD (UTC). */
const today = () => new Date().toISOString().slice(0, 10);

/** Adds days to a YYYY-MM-DD date. */
function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Where an event source mapping reads from. */
function sourceKind(p: Record<string, any>): "stream" | "sqs" | "other" {
  const arn = p.eventSourceArn;
  if (typeof arn === "string" && STREAM_SOURCE_ARN.test(arn)) return "stream";
  if (typeof arn === "string" && SQS_SOURCE_ARN.test(arn)) return "sqs";
  // Source not known yet (or given another way): a starting position without Kafka settings means Kinesis or DynamoDB.
  const kafka =
    p.topics ||
    p.selfManagedEventSource ||
    p.amazonManagedKafkaEventSourceConfig ||
    p.selfManagedKafkaEventSourceConfig;
  if (typeof arn !== "string" && p.startingPosition && !kafka) return "stream";
  return "other";
}

const sourceLabel = (p: Record<string, any>) => (typeof p.eventSourceArn === "string" ? ` (${p.eventSourceArn})` : "");

interface ContainerDefinition {
  name?: string;
  user?: string;
  privileged?: boolean;
  readonlyRootFilesystem?: boolean;
  logConfiguration?: { logDriver?: string };
  environment?: { name?: string; value?: string }[];
  secrets?: { name?: string; valueFrom?: string }[];
}

/** Container definitions: a JSON string (as the provider takes them) or an already parsed array. */
const containersOf = (r: ResourceView): ContainerDefinition[] =>
  asArray<any>(parseJson(r.props.containerDefinitions)).filter((c) => c && typeof c === "object");
const containerLabel = (c: ContainerDefinition, i: number) => (c.name ? `container "${c.name}"` : `container ${i}`);

/** Linux task definitions: runtimePlatform.operatingSystemFamily LINUX or unset (Windows families are WINDOWS_SERVER_*). */
const isLinuxTask = (r: ResourceView) => {
  const family = r.props.runtimePlatform?.operatingSystemFamily;
  return typeof family !== "string" || family.toUpperCase() === "LINUX";
};

/** The user part of a container `user` (`user`, `uid`, `user:group`, `uid:gid`, ...). */
const userPart = (user: string) => user.split(":")[0]!.trim();

/** Does a string name a function: its name, its ARN, or a (qualified) ARN ending in `:function:<name>`? */
function pointsAtFunction(fn: StackResourceView, value: unknown): boolean {
  if (typeof value !== "string" || value.length === 0) return false;
  const { name, arn } = fn.props;
  if (value === arn) return true;
  if (typeof name !== "string" || name.length === 0) return false;
  return (
    value === name ||
    value.endsWith(`:function:${name}`) ||
    new RegExp(`:function:${escapeRegExp(name)}:[^:]+$`).test(value)
  );
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Does `r.props[prop]` point at the function (by recorded property dependency or by value)? */
const targetsFunction = (fn: StackResourceView, r: StackResourceView, prop: string) =>
  r.propertyDependencies[prop]?.includes(fn.urn) || pointsAtFunction(fn, r.props[prop]);

/** The resources that invoke a function asynchronously. */
function asyncInvokersOf(stack: StackView, fn: StackResourceView): StackResourceView[] {
  const invokers = [
    ...stack.ofType(EVENT_TARGET).filter((t) => targetsFunction(fn, t, "arn")),
    ...stack
      .ofType(TOPIC_SUBSCRIPTION)
      .filter((s) => String(s.props.protocol).toLowerCase() === "lambda" && targetsFunction(fn, s, "endpoint")),
    ...stack
      .ofType(BUCKET_NOTIFICATION)
      .filter(
        (n) =>
          n.propertyDependencies.lambdaFunctions?.includes(fn.urn) ||
          asArray<any>(n.props.lambdaFunctions).some((l) => pointsAtFunction(fn, l?.lambdaFunctionArn)),
      ),
    ...stack
      .ofType(PERMISSION)
      .filter((p) => ASYNC_INVOKER_PRINCIPALS.includes(p.props.principal) && targetsFunction(fn, p, "function")),
  ];
  return [...new Map(invokers.map((r) => [r.urn, r])).values()];
}

const SERVICE_PRINCIPAL = /\.amazonaws\.com(\.cn)?$/;

/** One violation per resource of `type` that fails `check`. */
function perResource(
  stack: StackView,
  type: string,
  check: (r: StackResourceView) => string | undefined,
): StackViolation[] {
  return stack.ofType(type).flatMap((r) => {
    const message = check(r);
    return message ? [{ message, urn: r.urn }] : [];
  });
}

/** The deployment groups that deploy the ECS service (their ecsService names it, by value or by reference). */
function deploymentGroupsOf(stack: StackView, service: StackResourceView): StackResourceView[] {
  const name = service.props.name;
  const cluster = lastSegment(service.props.cluster);
  return stack.ofType(DEPLOYMENT_GROUP).filter((g) => {
    const target = g.props.ecsService ?? {};
    if (g.propertyDependencies.ecsService?.includes(service.urn)) return true;
    if (typeof name !== "string" || target.serviceName !== name) return false;
    const groupCluster = lastSegment(target.clusterName);
    return cluster === undefined || groupCluster === undefined || cluster === groupCluster;
  });
}

/** Why a CODE_DEPLOY service would keep a failing release (no deployment group rolling it back), if it would. */
function codeDeployRollbackProblem(stack: StackView, service: StackResourceView): string | undefined {
  const groups = deploymentGroupsOf(stack, service);
  if (groups.length === 0)
    return `${label(service)} uses the CODE_DEPLOY deployment controller (no circuit breaker) but no CodeDeploy deployment group deploys it`;
  const rollsBack = (g: StackResourceView) => {
    const auto = g.props.autoRollbackConfiguration;
    return auto?.enabled === true && asArray(auto.events).includes("DEPLOYMENT_FAILURE");
  };
  return groups.some(rollsBack)
    ? undefined
    : `${label(service)} uses the CODE_DEPLOY deployment controller, and its deployment group ${groups.map((g) => JSON.stringify(g.name)).join(", ")} does not roll back automatically on DEPLOYMENT_FAILURE`;
}

/** The last path segment of an ARN or a plain name (`arn:aws:ecs:...:cluster/prod` → `prod`). */
const lastSegment = (value: unknown) =>
  typeof value === "string" && value.length > 0 ? value.split("/").pop() : undefined;

// ---------------------------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------------------------

export interface RuntimeConfig {
  /** Evaluate as of this date (YYYY-MM-DD); today when absent. */
  asOf?: string;
  /** Also report runtimes AWS deprecates within this many days. */
  lookaheadDays: number;
}

export interface ConcurrencyConfig {
  /** Require every function to set reservedConcurrentExecutions (not -1). */
  requireReservedConcurrency: boolean;
}

const lambdaRules = [
  resourceRule<RuntimeConfig>({
    name: "lambda-supported-runtime",
    description:
      "[Lambda.2] Lambda functions use a runtime AWS has not deprecated (container-image functions, which bring their own runtime, are not checked).",
    group: "compute",
    resourceTypes: [FUNCTION],
    remediation:
      "Set runtime to a supported runtime (e.g. nodejs24.x or python3.14) and redeploy; see LAMBDA_RUNTIME_DEPRECATIONS in policy/baseline/compute.ts.",
    config: {
      schema: {
        properties: {
          asOf: {
            type: "string",
            pattern: "^\\d{4}-\\d{2}-\\d{2}$",
            description: "Evaluate as of this date (YYYY-MM-DD); today when absent.",
          },
          lookaheadDays: {
            type: "integer",
            minimum: 0,
            description: "Also report runtimes that AWS deprecates within this many days.",
          },
        },
      },
      defaults: { lookaheadDays: 0 },
    },
    check: (r, config) => {
      if (isContainerImageFunction(r.props)) return undefined;
      const runtime = r.props.runtime;
      const entry = typeof runtime === "string" ? LAMBDA_RUNTIME_DEPRECATIONS[runtime] : undefined;
      if (!entry) return undefined;
      const asOf = config.asOf ?? today();
      if (entry.deprecated <= asOf)
        return `${label(r)} runs ${runtime}, which AWS Lambda deprecated on ${entry.deprecated}; move to ${entry.successor}`;
      if (entry.deprecated <= addDays(asOf, config.lookaheadDays ?? 0))
        return `${label(r)} runs ${runtime}, which AWS Lambda deprecates on ${entry.deprecated}; move to ${entry.successor}`;
      return undefined;
    },
  }),
  resourceRule({
    name: "lambda-xray-tracing",
    description: "[Lambda.7] Lambda functions have AWS X-Ray active tracing enabled (tracingConfig.mode Active).",
    group: "compute",
    severity: "medium",
    resourceTypes: [FUNCTION],
    remediation:
      'Set tracingConfig: { mode: "Active" } and give the execution role xray:PutTraceSegments/PutTelemetryRecords (AWSXRayDaemonWriteAccess).',
    check: (r) =>
      r.props.tracingConfig?.mode !== "Active" &&
      `${label(r)} has tracing mode ${JSON.stringify(r.props.tracingConfig?.mode ?? "PassThrough")}, not Active`,
  }),
  resourceRule<ConcurrencyConfig>({
    name: "lambda-reserved-concurrency",
    description:
      "Lambda functions are not disabled by a reserved concurrency of 0 and, where required by config, reserve bounded concurrency (reservedConcurrentExecutions set and not -1).",
    group: "compute",
    enforcementLevel: "advisory",
    severity: "low",
    resourceTypes: [FUNCTION],
    remediation:
      "Set reservedConcurrentExecutions to the function's expected peak (a positive number); 0 throttles every invocation and -1 removes the bound.",
    config: {
      schema: {
        properties: {
          requireReservedConcurrency: {
            type: "boolean",
            description: "Require every function to reserve concurrency (reservedConcurrentExecutions set and not -1).",
          },
        },
      },
      defaults: { requireReservedConcurrency: false },
    },
    check: (r, config) => {
      const reserved = r.props.reservedConcurrentExecutions;
      if (reserved === 0)
        return `${label(r)} has reservedConcurrentExecutions 0, which throttles every invocation (the function is disabled)`;
      if (!config.requireReservedConcurrency) return undefined;
      if (reserved === undefined || reserved === null)
        return `${label(r)} does not set reservedConcurrentExecutions (its concurrency is unbounded)`;
      if (reserved === LAMBDA_UNLIMITED)
        return `${label(r)} has reservedConcurrentExecutions -1 (its concurrency is unbounded)`;
      return undefined;
    },
  }),
  resourceRule({
    name: "lambda-environment-cmk",
    description:
      "Lambda functions with environment variables encrypt them with a customer-managed KMS key (kmsKeyArn), not the AWS-managed aws/lambda key.",
    group: "compute",
    severity: "medium",
    resourceTypes: [FUNCTION],
    remediation: "Set kmsKeyArn to the region's CMK ARN and allow the execution role kms:Decrypt on it.",
    check: (r) => {
      const variables = r.props.environment?.variables;
      const names = variables && typeof variables === "object" ? Object.keys(variables) : [];
      return (
        names.length > 0 &&
        !r.props.kmsKeyArn &&
        `${label(r)} has environment variables (${names.join(", ")}) but no kmsKeyArn (they are encrypted with the AWS-managed key)`
      );
    },
  }),
  resourceRule({
    name: "lambda-permission-not-public",
    description:
      '[Lambda.1] Lambda permissions grant invoke to no one publicly: no principal "*", and a service principal only with sourceArn or sourceAccount.',
    group: "compute",
    severity: "critical",
    resourceTypes: [PERMISSION],
    remediation:
      "Name the invoking account or service principal, and for a service principal set sourceArn (the invoking resource) or sourceAccount.",
    check: (r) => {
      const principal = r.props.principal;
      if (principal === "*") return `${label(r)} grants ${r.props.action ?? "invoke"} to principal "*" (everyone)`;
      if (
        typeof principal === "string" &&
        SERVICE_PRINCIPAL.test(principal) &&
        !r.props.sourceArn &&
        !r.props.sourceAccount
      ) {
        return `${label(r)} grants ${r.props.action ?? "invoke"} to service principal ${principal} without sourceArn or sourceAccount (any account's ${principal.split(".")[0]} resources could invoke it)`;
      }
      return undefined;
    },
  }),
  resourceRule({
    name: "lambda-function-url-iam-auth",
    description: "[Lambda.1] Lambda function URLs require IAM authentication (authorizationType AWS_IAM), never NONE.",
    group: "compute",
    severity: "critical",
    resourceTypes: [FUNCTION_URL],
    remediation:
      'Set authorizationType to "AWS_IAM" and front public traffic with CloudFront (origin access control) or API Gateway.',
    check: (r) =>
      r.props.authorizationType !== "AWS_IAM" &&
      `${label(r)} has authorizationType ${JSON.stringify(r.props.authorizationType)}: anyone with the URL can invoke the function`,
  }),
  stackRule({
    name: "lambda-async-failure-destination",
    description:
      "Lambda functions invoked asynchronously (EventBridge targets, SNS lambda subscriptions, S3 notifications, invoke permissions for events/sns/s3/logs/ses) keep failed events: a deadLetterConfig or a FunctionEventInvokeConfig with an on-failure destination.",
    group: "compute",
    severity: "medium",
    remediation:
      "Set deadLetterConfig.targetArn to an encrypted SQS queue, or create an aws.lambda.FunctionEventInvokeConfig with destinationConfig.onFailure.destination (SQS, SNS, EventBridge or Lambda).",
    check: (stack) =>
      perResource(stack, FUNCTION, (fn) => {
        const invokers = asyncInvokersOf(stack, fn);
        if (invokers.length === 0) return undefined;
        if (fn.props.deadLetterConfig?.targetArn) return undefined;
        const configs = stack.ofType(EVENT_INVOKE_CONFIG).filter((c) => targetsFunction(fn, c, "functionName"));
        if (configs.some((c) => c.props.destinationConfig?.onFailure?.destination)) return undefined;
        const by = invokers.map((i) => label(i)).join(", ");
        return `function "${fn.name}" is invoked asynchronously (by ${by}) but has no dead-letter queue or on-failure destination${configs.length ? " (its event invoke config has no onFailure destination)" : ""}`;
      }),
  }),
];

const eventSourceMappingRules = [
  resourceRule({
    name: "lambda-esm-on-failure-destination",
    description:
      "Lambda event source mappings that read Kinesis or DynamoDB streams send records that fail every retry to an on-failure destination.",
    group: "compute",
    severity: "medium",
    resourceTypes: [EVENT_SOURCE_MAPPING],
    remediation: "Set destinationConfig.onFailure.destinationArn to an encrypted SQS queue or SNS topic.",
    check: (r) =>
      sourceKind(r.props) === "stream" &&
      !r.props.destinationConfig?.onFailure?.destinationArn &&
      `${label(r)} reads a stream${sourceLabel(r.props)} without destinationConfig.onFailure.destinationArn (failed records are lost)`,
  }),
  resourceRule({
    name: "lambda-esm-bisect-batch",
    description:
      "Lambda event source mappings that read Kinesis or DynamoDB streams split a failing batch (bisectBatchOnFunctionError), so one bad record does not block its shard.",
    group: "compute",
    severity: "low",
    resourceTypes: [EVENT_SOURCE_MAPPING],
    remediation: "Set bisectBatchOnFunctionError: true.",
    check: (r) =>
      sourceKind(r.props) === "stream" &&
      r.props.bisectBatchOnFunctionError !== true &&
      `${label(r)} reads a stream${sourceLabel(r.props)} without bisectBatchOnFunctionError`,
  }),
  resourceRule({
    name: "lambda-esm-bounded-retries",
    description:
      "Lambda event source mappings that read Kinesis or DynamoDB streams bound their retries (maximumRetryAttempts set and not -1; the default retries until the record expires).",
    group: "compute",
    severity: "medium",
    resourceTypes: [EVENT_SOURCE_MAPPING],
    remediation: "Set maximumRetryAttempts to a small number (e.g. 3) and configure an on-failure destination.",
    check: (r) => {
      if (sourceKind(r.props) !== "stream") return undefined;
      const retries = r.props.maximumRetryAttempts;
      if (retries === undefined || retries === null)
        return `${label(r)} does not set maximumRetryAttempts (the default, -1, retries a failing batch until it expires)`;
      return retries === LAMBDA_UNLIMITED && `${label(r)} sets maximumRetryAttempts -1 (infinite retries)`;
    },
  }),
  resourceRule({
    name: "lambda-esm-bounded-record-age",
    description:
      "Lambda event source mappings that read Kinesis or DynamoDB streams bound the age of records they retry (maximumRecordAgeInSeconds set and not -1; the default is infinite).",
    group: "compute",
    severity: "medium",
    resourceTypes: [EVENT_SOURCE_MAPPING],
    remediation:
      "Set maximumRecordAgeInSeconds (e.g. 86400) so stale records go to the on-failure destination instead of blocking the shard.",
    check: (r) => {
      if (sourceKind(r.props) !== "stream") return undefined;
      const age = r.props.maximumRecordAgeInSeconds;
      if (age === undefined || age === null)
        return `${label(r)} does not set maximumRecordAgeInSeconds (the default, -1, keeps retrying records of any age)`;
      return age === LAMBDA_UNLIMITED && `${label(r)} sets maximumRecordAgeInSeconds -1 (records never age out)`;
    },
  }),
  resourceRule({
    name: "lambda-esm-partial-batch-response",
    description:
      "Lambda event source mappings for Kinesis, DynamoDB streams and SQS report partial batch failures (functionResponseTypes includes ReportBatchItemFailures), so only failed records are retried.",
    group: "compute",
    severity: "low",
    resourceTypes: [EVENT_SOURCE_MAPPING],
    remediation: `Set functionResponseTypes: ["${PARTIAL_BATCH_RESPONSE}"] and return batchItemFailures from the handler.`,
    check: (r) => {
      const kind = sourceKind(r.props);
      if (kind === "other") return undefined;
      return (
        !asArray<string>(r.props.functionResponseTypes).includes(PARTIAL_BATCH_RESPONSE) &&
        `${label(r)} reads ${kind === "sqs" ? "an SQS queue" : "a stream"}${sourceLabel(r.props)} without functionResponseTypes ${PARTIAL_BATCH_RESPONSE}`
      );
    },
  }),
];

const ecsRules = [
  resourceRule({
    name: "ecs-container-not-privileged",
    description: "[ECS.4] ECS containers run without privileged mode (root on the host).",
    group: "compute",
    resourceTypes: [TASK_DEFINITION],
    remediation:
      "Remove privileged: true from the container definition; grant specific Linux capabilities (linuxParameters.capabilities.add) if one is needed.",
    check: (r) =>
      containersOf(r).flatMap((c, i) =>
        c.privileged === true ? [`${label(r)} ${containerLabel(c, i)} runs privileged`] : [],
      ),
  }),
  resourceRule({
    name: "ecs-container-readonly-root-filesystem",
    description:
      "[ECS.5] ECS containers have a read-only root filesystem where possible (readonlyRootFilesystem true; mount volumes for what must be written).",
    group: "compute",
    enforcementLevel: "advisory",
    severity: "medium",
    resourceTypes: [TASK_DEFINITION],
    remediation:
      "Set readonlyRootFilesystem: true in the container definition and mount a volume (or bind mount) for paths the container writes to.",
    check: (r) =>
      containersOf(r).flatMap((c, i) =>
        c.readonlyRootFilesystem !== true ? [`${label(r)} ${containerLabel(c, i)} has a writable root filesystem`] : [],
      ),
  }),
  resourceRule({
    name: "ecs-container-logging",
    description:
      "[ECS.9] ECS containers send their logs to CloudWatch Logs (logConfiguration with the awslogs driver, or awsfirelens).",
    group: "compute",
    severity: "medium",
    resourceTypes: [TASK_DEFINITION],
    remediation:
      'Add logConfiguration { logDriver: "awslogs", options: { awslogs-group, awslogs-region, awslogs-stream-prefix } } (or a FireLens log router) to every container.',
    check: (r) =>
      containersOf(r).flatMap((c, i) => {
        const driver = c.logConfiguration?.logDriver;
        if (!driver) return [`${label(r)} ${containerLabel(c, i)} has no logConfiguration`];
        return ECS_LOG_DRIVERS.includes(driver)
          ? []
          : [`${label(r)} ${containerLabel(c, i)} uses log driver "${driver}", not ${ECS_LOG_DRIVERS.join(" or ")}`];
      }),
  }),
  resourceRule({
    name: "ecs-no-secrets-in-environment",
    description:
      "[ECS.8] ECS containers receive secrets through `secrets` (Secrets Manager or SSM), never as plain environment variables (names such as PASSWORD, SECRET, TOKEN, API_KEY, PRIVATE_KEY, ACCESS_KEY).",
    group: "compute",
    resourceTypes: [TASK_DEFINITION],
    remediation:
      "Move the variable to the container's secrets list ({ name, valueFrom: <secret or parameter ARN> }) and grant the execution role access to it.",
    check: (r) =>
      containersOf(r).flatMap((c, i) => {
        const names = asArray<any>(c.environment)
          .map((e) => e?.name)
          .filter((n): n is string => typeof n === "string" && isSecretEnvName(n));
        return names.length
          ? [`${label(r)} ${containerLabel(c, i)} passes ${names.join(", ")} as plain environment variables`]
          : [];
      }),
  }),
  resourceRule({
    name: "ecs-task-separate-roles",
    description:
      "ECS task definitions set both a task role (the application's permissions) and an execution role (image pull, logs, secrets), and they are different roles.",
    group: "compute",
    severity: "medium",
    resourceTypes: [TASK_DEFINITION],
    remediation:
      "Create two IAM roles: an execution role with AmazonECSTaskExecutionRolePolicy (plus the secrets it reads) as executionRoleArn, and a least-privilege task role as taskRoleArn.",
    check: (r) => {
      const { taskRoleArn, executionRoleArn } = r.props;
      const missing = [!taskRoleArn && "taskRoleArn", !executionRoleArn && "executionRoleArn"].filter(Boolean);
      if (missing.length) return `${label(r)} does not set ${missing.join(" or ")}`;
      return (
        taskRoleArn === executionRoleArn &&
        `${label(r)} uses the same role as task role and execution role (${taskRoleArn})`
      );
    },
  }),
  resourceRule({
    name: "ecs-task-network-mode-not-host",
    description:
      "[ECS.17] ECS task definitions do not use the host network mode (containers would share the instance's network stack); use awsvpc. (Security Hub checked this as part of ECS.1 until it retired that control in March 2026.)",
    group: "compute",
    resourceTypes: [TASK_DEFINITION],
    remediation: 'Set networkMode to "awsvpc" so each task gets its own ENI and security groups.',
    check: (r) => r.props.networkMode === "host" && `${label(r)} uses networkMode "host"`,
  }),
  resourceRule({
    name: "ecs-task-no-host-namespaces",
    description:
      "[ECS.3] ECS task definitions do not share the host's process namespace (pidMode host) or IPC namespace (ipcMode host).",
    group: "compute",
    resourceTypes: [TASK_DEFINITION],
    remediation: 'Remove pidMode/ipcMode "host" (use "task" if containers of the task must share them).',
    check: (r) =>
      [
        r.props.pidMode === "host" && `${label(r)} uses pidMode "host"`,
        r.props.ipcMode === "host" && `${label(r)} uses ipcMode "host"`,
      ].filter((m): m is string => Boolean(m)),
  }),
  stackRule({
    name: "ecs-service-circuit-breaker",
    description:
      "ECS services roll a failing deployment back: a rolling (ECS controller) service enables the deployment circuit breaker with rollback; a blue/green (CODE_DEPLOY controller) service, which has no circuit breaker, is deployed by a CodeDeploy deployment group that rolls back automatically on a failed deployment.",
    group: "compute",
    severity: "medium",
    remediation:
      'Set deploymentCircuitBreaker: { enable: true, rollback: true } (rolling); with deploymentController CODE_DEPLOY, create an aws.codedeploy.DeploymentGroup whose ecsService names the service, with autoRollbackConfiguration { enabled: true, events: ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"] }.',
    check: (stack) =>
      perResource(stack, ECS_SERVICE, (r) => {
        const controller = r.props.deploymentController?.type ?? "ECS";
        if (controller === "CODE_DEPLOY") return codeDeployRollbackProblem(stack, r);
        if (controller !== "ECS") return undefined; // EXTERNAL: the third-party controller's business
        const breaker = r.props.deploymentCircuitBreaker;
        if (!breaker) return `${label(r)} has no deploymentCircuitBreaker`;
        const off = [breaker.enable !== true && "enable", breaker.rollback !== true && "rollback"].filter(Boolean);
        return off.length > 0 ? `${label(r)} has a deployment circuit breaker without ${off.join(" and ")}` : undefined;
      }),
  }),
  resourceRule({
    name: "ecs-container-non-root-user",
    description:
      '[ECS.20] Linux containers of ECS task definitions name a non-root user (container definition `user` set, and not "root" or uid 0); the image\'s USER alone does not count.',
    group: "compute",
    enforcementLevel: "advisory",
    severity: "medium",
    resourceTypes: [TASK_DEFINITION],
    remediation:
      'Set user in every container definition to a non-root uid:gid the image can run as (e.g. "1000:1000", the node image\'s user).',
    check: (r) => {
      if (!isLinuxTask(r)) return undefined;
      return containersOf(r).flatMap((c, i) => {
        const user = typeof c.user === "string" ? c.user.trim() : "";
        if (user === "")
          return [
            `${label(r)} ${containerLabel(c, i)} sets no user, so it runs as the image's user (root unless the image says otherwise)`,
          ];
        return ECS_ROOT_USERS.includes(userPart(user).toLowerCase())
          ? [`${label(r)} ${containerLabel(c, i)} runs as user "${user}" (root)`]
          : [];
      });
    },
  }),
  resourceRule({
    name: "ecs-efs-volume-transit-encryption",
    description:
      '[ECS.18] EFS volumes of ECS task definitions encrypt NFS traffic in transit (efsVolumeConfiguration.transitEncryption "ENABLED").',
    group: "compute",
    resourceTypes: [TASK_DEFINITION],
    remediation: `Set efsVolumeConfiguration.transitEncryption to "${ECS_EFS_TRANSIT_ENCRYPTION}" on every EFS volume (with authorizationConfig { accessPointId, iam: "ENABLED" } to mount through an access point with the task role).`,
    check: (r) =>
      asArray<any>(r.props.volumes)
        .map((v, i) => ({ v, i }))
        .filter(
          ({ v }) =>
            v?.efsVolumeConfiguration && v.efsVolumeConfiguration.transitEncryption !== ECS_EFS_TRANSIT_ENCRYPTION,
        )
        .map(
          ({ v, i }) =>
            `${label(r)} EFS volume ${JSON.stringify(v.name ?? i)} has transitEncryption ${JSON.stringify(v.efsVolumeConfiguration.transitEncryption ?? "DISABLED")}: NFS traffic is not encrypted`,
        ),
  }),
  resourceRule({
    name: "ecs-cluster-container-insights",
    description:
      '[ECS.12] ECS clusters have CloudWatch Container Insights on (setting containerInsights "enabled" or "enhanced").',
    group: "compute",
    severity: "medium",
    resourceTypes: [ECS_CLUSTER],
    remediation:
      'Set settings: [{ name: "containerInsights", value: "enhanced" }] (or "enabled") on the aws.ecs.Cluster.',
    check: (r) => {
      const setting = asArray<any>(r.props.settings).find((s) => s?.name === "containerInsights");
      if (!setting)
        return `${label(r)} has no containerInsights setting, so it takes the account default (off unless changed)`;
      return (
        !ECS_CONTAINER_INSIGHTS_VALUES.includes(setting.value) &&
        `${label(r)} has containerInsights ${JSON.stringify(setting.value)}, not ${ECS_CONTAINER_INSIGHTS_VALUES.join(" or ")}`
      );
    },
  }),
  resourceRule({
    name: "ecs-fargate-latest-platform-version",
    description:
      "[ECS.10] ECS services on Fargate run on the latest platform version: platformVersion unset or LATEST, or the latest number itself (1.4.0 Linux, 1.0.0 Windows).",
    group: "compute",
    severity: "medium",
    resourceTypes: [ECS_SERVICE],
    remediation: 'Leave platformVersion unset, or set it to "LATEST".',
    check: (r) => {
      const version = r.props.platformVersion;
      return (
        typeof version === "string" &&
        version !== "" &&
        !ECS_FARGATE_LATEST_PLATFORM_VERSIONS.includes(version) &&
        `${label(r)} pins Fargate platformVersion "${version}", not the latest (${ECS_FARGATE_LATEST_PLATFORM_VERSIONS.join(", ")})`
      );
    },
  }),
  resourceRule({
    name: "ecs-service-no-public-ip",
    description:
      "[ECS.2] ECS services do not assign public IP addresses to their tasks (networkConfiguration.assignPublicIp false).",
    group: "compute",
    resourceTypes: [ECS_SERVICE],
    remediation:
      "Set networkConfiguration.assignPublicIp to false and run tasks in private subnets (reach AWS APIs through VPC endpoints or a NAT gateway).",
    check: (r) =>
      r.props.networkConfiguration?.assignPublicIp === true && `${label(r)} assigns public IP addresses to its tasks`,
  }),
];

const ecrRules = [
  resourceRule({
    name: "ecr-scan-on-push",
    description: "[ECR.1] ECR repositories scan images for vulnerabilities on push.",
    group: "compute",
    resourceTypes: [ECR_REPOSITORY],
    remediation: "Set imageScanningConfiguration: { scanOnPush: true } (or enable enhanced scanning for the registry).",
    check: (r) => r.props.imageScanningConfiguration?.scanOnPush !== true && `${label(r)} does not scan images on push`,
  }),
  resourceRule({
    name: "ecr-immutable-tags",
    description:
      "[ECR.2] ECR repositories have immutable image tags, so a tag always names the image that was scanned and deployed.",
    group: "compute",
    severity: "medium",
    resourceTypes: [ECR_REPOSITORY],
    remediation: `Set imageTagMutability to "${ECR_IMMUTABLE_TAGS}" and tag images with a unique version (e.g. the commit SHA).`,
    check: (r) =>
      r.props.imageTagMutability !== ECR_IMMUTABLE_TAGS &&
      `${label(r)} has imageTagMutability ${JSON.stringify(r.props.imageTagMutability ?? "MUTABLE")}, not ${ECR_IMMUTABLE_TAGS}`,
  }),
  resourceRule({
    name: "ecr-kms-encryption",
    description:
      "[ECR.5] ECR repositories are encrypted with a customer-managed KMS key rather than AES256 or the AWS-managed aws/ecr key.",
    group: "compute",
    enforcementLevel: "advisory",
    severity: "medium",
    resourceTypes: [ECR_REPOSITORY],
    remediation:
      'Set encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: <the region\'s CMK ARN> }] (replaces the repository).',
    check: (r) => {
      const configs = asArray<any>(r.props.encryptionConfigurations);
      const kms = configs.filter((c) => ECR_KMS_ENCRYPTION_TYPES.includes(c?.encryptionType));
      if (kms.length === 0)
        return `${label(r)} is encrypted with ${configs[0]?.encryptionType ?? "AES256"}, not a KMS key`;
      return (
        !kms.some((c) => c.kmsKey) && `${label(r)} uses KMS encryption without kmsKey (the AWS-managed aws/ecr key)`
      );
    },
  }),
  stackRule({
    name: "ecr-repository-lifecycle-policy",
    description:
      "[ECR.3] Every ECR repository has a lifecycle policy with at least one rule, so untagged and old images expire.",
    group: "compute",
    severity: "medium",
    remediation:
      "Create an aws.ecr.LifecyclePolicy for the repository that expires untagged images and keeps a bounded number of tagged ones.",
    check: (stack) =>
      perResource(stack, ECR_REPOSITORY, (repo) => {
        const policies = stack.configuring(repo, ECR_LIFECYCLE_POLICY, "repository");
        if (policies.length === 0) return `repository "${repo.name}" has no lifecycle policy`;
        const rules = policies.flatMap((p) => asArray<any>(parseJson(p.props.policy)?.rules));
        return rules.length === 0 ? `repository "${repo.name}" has a lifecycle policy without rules` : undefined;
      }),
  }),
];

/** IMDSv2 is enforced when tokens are required, or the metadata endpoint is off altogether. */
const imdsProblem = (r: ResourceView) => {
  const options = r.props.metadataOptions ?? {};
  if (options.httpEndpoint === "disabled" || options.httpTokens === "required") return undefined;
  return `${label(r)} does not require IMDSv2 (metadataOptions.httpTokens is ${JSON.stringify(options.httpTokens ?? "optional")})`;
};

const ec2Rules = [
  resourceRule({
    name: "ec2-instance-imdsv2",
    description: '[EC2.8] EC2 instances require IMDSv2 (metadataOptions.httpTokens "required").',
    group: "compute",
    resourceTypes: [INSTANCE],
    remediation:
      'Set metadataOptions: { httpTokens: "required", httpEndpoint: "enabled", httpPutResponseHopLimit: 1 }.',
    check: imdsProblem,
  }),
  resourceRule({
    name: "ec2-launch-template-imdsv2",
    description: '[EC2.170] EC2 launch templates require IMDSv2 (metadataOptions.httpTokens "required").',
    group: "compute",
    resourceTypes: [LAUNCH_TEMPLATE],
    remediation:
      'Set metadataOptions: { httpTokens: "required", httpEndpoint: "enabled", httpPutResponseHopLimit: 1 }.',
    check: imdsProblem,
  }),
  resourceRule({
    name: "ec2-instance-ebs-encrypted",
    description: "[EC2.3] EC2 instances encrypt their root volume and every EBS block device they declare.",
    group: "compute",
    resourceTypes: [INSTANCE],
    remediation:
      "Set rootBlockDevice: { encrypted: true, kmsKeyId: <CMK ARN> } and encrypted: true (with kmsKeyId) on every ebsBlockDevices entry.",
    check: (r) => {
      const out: string[] = [];
      if (r.props.rootBlockDevice?.encrypted !== true)
        out.push(`${label(r)} does not encrypt its root volume (set rootBlockDevice.encrypted)`);
      for (const [i, d] of asArray<any>(r.props.ebsBlockDevices).entries()) {
        if (d?.encrypted !== true) out.push(`${label(r)} EBS block device ${d?.deviceName ?? i} is not encrypted`);
      }
      return out;
    },
  }),
  resourceRule({
    name: "ec2-launch-template-ebs-encrypted",
    description:
      '[EC2.3] EC2 launch templates encrypt every EBS volume they map (blockDeviceMappings[].ebs.encrypted "true").',
    group: "compute",
    resourceTypes: [LAUNCH_TEMPLATE],
    remediation: 'Set ebs: { encrypted: "true", kmsKeyId: <CMK ARN> } on every block device mapping.',
    check: (r) =>
      asArray<any>(r.props.blockDeviceMappings)
        .map((m, i) => ({ m, i }))
        .filter(({ m }) => m?.ebs && !isTrue(m.ebs.encrypted))
        .map(({ m, i }) => `${label(r)} maps EBS volume ${m.deviceName ?? i} without encryption`),
  }),
  resourceRule({
    name: "ebs-volume-encrypted",
    description: "[EC2.3] EBS volumes are encrypted at rest.",
    group: "compute",
    resourceTypes: [EBS_VOLUME],
    remediation:
      "Set encrypted: true and kmsKeyId to the region's CMK ARN (replaces the volume; copy data through a snapshot).",
    check: (r) => r.props.encrypted !== true && `${label(r)} is not encrypted`,
  }),
  resourceRule({
    name: "ec2-instance-no-public-ip",
    description: "[EC2.9] EC2 instances are not given a public IPv4 address (associatePublicIpAddress).",
    group: "compute",
    resourceTypes: [INSTANCE],
    remediation:
      "Set associatePublicIpAddress: false and place the instance in a private subnet; reach it through SSM Session Manager or a load balancer.",
    check: (r) => r.props.associatePublicIpAddress === true && `${label(r)} associates a public IP address`,
  }),
  resourceRule({
    name: "ec2-launch-template-no-public-ip",
    description: "[EC2.25] EC2 launch templates do not assign public IP addresses to network interfaces.",
    group: "compute",
    resourceTypes: [LAUNCH_TEMPLATE],
    remediation:
      'Set associatePublicIpAddress: "false" on every network interface (or leave it unset in private subnets).',
    check: (r) =>
      asArray<any>(r.props.networkInterfaces)
        .map((n, i) => ({ n, i }))
        .filter(({ n }) => isTrue(n?.associatePublicIpAddress))
        .map(({ n, i }) => `${label(r)} network interface ${n.deviceIndex ?? i} associates a public IP address`),
  }),
  resourceRule({
    name: "ec2-instance-detailed-monitoring",
    description: "EC2 instances have detailed (1-minute) CloudWatch monitoring enabled.",
    group: "compute",
    enforcementLevel: "advisory",
    severity: "low",
    resourceTypes: [INSTANCE],
    remediation: "Set monitoring: true.",
    check: (r) => r.props.monitoring !== true && `${label(r)} does not enable detailed monitoring`,
  }),
  resourceRule({
    name: "ec2-launch-template-detailed-monitoring",
    description: "EC2 launch templates enable detailed (1-minute) CloudWatch monitoring.",
    group: "compute",
    enforcementLevel: "advisory",
    severity: "low",
    resourceTypes: [LAUNCH_TEMPLATE],
    remediation: "Set monitoring: { enabled: true }.",
    check: (r) => r.props.monitoring?.enabled !== true && `${label(r)} does not enable detailed monitoring`,
  }),
];

/** The health check types of an Auto Scaling group (a comma-separated list; EC2 is always on). */
const healthCheckTypesOf = (group: ResourceView) =>
  String(group.props.healthCheckType ?? "EC2")
    .split(",")
    .map((t) => t.trim().toUpperCase())
    .filter(Boolean);

/** What attaches an Auto Scaling group to a load balancer: its own props, or attachment resources. */
function loadBalancersOf(stack: StackView, group: StackResourceView): string[] {
  const p = group.props;
  const inline = [
    ...asArray<string>(p.targetGroupArns).map((arn) => `target group ${arn}`),
    ...asArray<string>(p.loadBalancers).map((name) => `Classic Load Balancer ${name}`),
    ...asArray<any>(p.trafficSources)
      .filter((t) => String(t?.type ?? "").startsWith("elb"))
      .map((t) => `traffic source ${t.identifier}`),
    // Not known yet at preview, but taken from a target group or load balancer of this stack.
    ...(["targetGroupArns", "loadBalancers"] as const)
      .filter((prop) => asArray(p[prop]).length === 0)
      .flatMap((prop) => (group.propertyDependencies[prop] ?? []).map((urn) => stack.byUrn(urn)))
      .filter((r): r is StackResourceView => r !== undefined)
      .map((r) => label(r)),
  ];
  const attached = [
    ...stack
      .configuring(group, AUTOSCALING_ATTACHMENT, "autoscalingGroupName")
      .filter((a) => a.props.lbTargetGroupArn || a.props.elb),
    ...stack
      .configuring(group, AUTOSCALING_TRAFFIC_SOURCE_ATTACHMENT, "autoscalingGroupName")
      .filter((a) => String(a.props.trafficSource?.type ?? "").startsWith("elb")),
  ].map((a) => label(a));
  return [...inline, ...attached];
}

interface MultiAzConfig {
  minAvailabilityZones: number;
}

const autoscalingRules = [
  resourceRule({
    name: "autoscaling-launch-template",
    description:
      "[AutoScaling.9] Auto Scaling groups launch from an EC2 launch template (launchTemplate or mixedInstancesPolicy), never a launch configuration.",
    group: "compute",
    severity: "medium",
    resourceTypes: [AUTOSCALING_GROUP],
    remediation:
      "Create an aws.ec2.LaunchTemplate (IMDSv2 required, encrypted EBS, no public IP) and set launchTemplate: { id, version } instead of launchConfiguration.",
    check: (r) => {
      const p = r.props;
      if (p.launchConfiguration)
        return `${label(r)} launches from launch configuration ${JSON.stringify(p.launchConfiguration)}, not a launch template`;
      const template = p.launchTemplate ?? p.mixedInstancesPolicy?.launchTemplate;
      return !template && `${label(r)} names no launch template`;
    },
  }),
  resourceRule<MultiAzConfig>({
    name: "autoscaling-multi-az",
    description:
      "[AutoScaling.2] Auto Scaling groups span at least the configured number of Availability Zones (default 2): subnets in vpcZoneIdentifiers, or availabilityZones.",
    group: "compute",
    severity: "medium",
    resourceTypes: [AUTOSCALING_GROUP],
    remediation:
      "Set vpcZoneIdentifiers to one private subnet per Availability Zone (e.g. RegionalNetwork's privateSubnetIds).",
    config: {
      schema: {
        properties: {
          minAvailabilityZones: {
            type: "integer",
            minimum: 2,
            maximum: 6,
            description: "Fewest Availability Zones (subnets) a group spans.",
          },
        },
      },
      defaults: { minAvailabilityZones: AUTOSCALING_BASELINE.minAvailabilityZones },
    },
    check: (r, { minAvailabilityZones }) => {
      const { vpcZoneIdentifiers, availabilityZones } = r.props;
      if (vpcZoneIdentifiers === undefined && availabilityZones === undefined) return undefined;
      const [what, count] =
        vpcZoneIdentifiers !== undefined
          ? ["subnet(s)", asArray(vpcZoneIdentifiers).length]
          : ["Availability Zone(s)", asArray(availabilityZones).length];
      return (
        count < minAvailabilityZones &&
        `${label(r)} is in ${count} ${what}; it needs at least ${minAvailabilityZones} Availability Zones`
      );
    },
  }),
  stackRule({
    name: "autoscaling-elb-health-check",
    description:
      '[AutoScaling.1] Auto Scaling groups attached to a load balancer (targetGroupArns, loadBalancers, ELB trafficSources, or an aws.autoscaling.Attachment / TrafficSourceAttachment) use ELB health checks (healthCheckType "ELB").',
    group: "compute",
    severity: "low",
    remediation: `Set healthCheckType: "${AUTOSCALING_BASELINE.loadBalancerHealthCheckType}" and a healthCheckGracePeriod long enough for an instance to boot and pass the target group's health check.`,
    check: (stack) =>
      perResource(stack, AUTOSCALING_GROUP, (group) => {
        const balancers = loadBalancersOf(stack, group);
        if (balancers.length === 0) return undefined;
        const types = healthCheckTypesOf(group);
        return types.includes(AUTOSCALING_BASELINE.loadBalancerHealthCheckType)
          ? undefined
          : `${label(group)} is attached to ${balancers.join(", ")} but uses healthCheckType ${JSON.stringify(types.join(","))}: instances the load balancer finds unhealthy are not replaced`;
      }),
  }),
];

export const computeRules = [
  ...lambdaRules,
  ...eventSourceMappingRules,
  ...ecsRules,
  ...ecrRules,
  ...ec2Rules,
  ...autoscalingRules,
];
