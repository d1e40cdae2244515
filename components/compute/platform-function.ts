import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { bundleFunction, LAMBDA_HANDLER, type FunctionName } from "./function-bundle";
import {
  DLQ_RETENTION_SECONDS,
  FUNCTION_DEFAULTS,
  FUNCTION_RELEASE_DEFAULTS,
  STREAM_SOURCE_DEFAULTS,
  VPC_ACCESS_POLICY,
} from "./defaults";
import { createFunctionRelease } from "./function-release";
import { resolveRelease, type FunctionReleaseArgs, type ResolvedRelease } from "./release";
import { DYNAMODB_ACTIONS, KINESIS_ACTIONS, listStreamsStatement, SQS_ACTIONS } from "../shared/actions";
import { validating } from "../shared/errors";
import type { LogGroupRef } from "../shared/log-groups";
import type { TracedResource } from "../shared/traced";
import type { MetricDescriptor } from "../shared/metrics";
import { assertRegionName, regionalName } from "../shared/naming";
import { regionContext, type RegionContext } from "../shared/region";
import { awsManagedPolicyArn, kmsStatements, rolePolicy, serviceRole, type Statement } from "./iam";

export interface PlatformFunctionArgs {
  /** Which handler of functions/ to deploy; it is bundled with esbuild when the program runs. */
  handler: FunctionName;
  /** What the function does, in one line: the Lambda function's description (at most 256 characters). */
  description: string;
  /** The region's CMK: encrypts the environment, the log group and the dead-letter queue. */
  kmsKeyArn: pulumi.Input<string>;
  /** Environment variables (never secrets: pass a secret's ARN and read it at run time). @default none */
  environment?: Record<string, pulumi.Input<string>>;
  /** Memory in MB (128-10240); CPU grows with it. @default 512 */
  memorySize?: number;
  /** Seconds an invocation may run (1-900); the duration alarm fires at 80% of it. @default 30 */
  timeoutSeconds?: number;
  /** Reserved concurrency; leave unset to share the account pool. @default unset */
  reservedConcurrentExecutions?: number;
  /** Runs the function in these private subnets with this security group (adds the VPC access policy). @default not in a VPC */
  vpc?: { subnetIds: pulumi.Input<pulumi.Input<string>[]>; securityGroupIds: pulumi.Input<pulumi.Input<string>[]> };
  /** Retention of the function's log group, in days. @default 365 */
  logRetentionInDays?: number;
  /** Extra permissions of the function's role, each scoped to exact ARNs. @default none */
  statements?: pulumi.Input<pulumi.Input<Statement>[]>;
  /** Plain region name, for the role's global-namespace name. */
  region: string;
  /** How CodeDeploy releases a new version to the `live` alias (canary, linear or all at once). @default canary, 10% for 5 minutes */
  release?: FunctionReleaseArgs;
}

/** What a release of the function needs to know (the release script reads it from the stack's state). */
export interface FunctionReleaseOutputs {
  functionName: string;
  aliasName: string;
  applicationName: string;
  deploymentGroupName: string;
  /** The version Pulumi published last: the alias is moved to it by a release. */
  targetVersion: string;
}

export interface StreamSourceArgs {
  /** Kinesis stream ARN or DynamoDB stream ARN. */
  eventSourceArn: pulumi.Input<string>;
  /** The key the source is encrypted with (Kinesis streams): the function gets kms:Decrypt on it. */
  sourceKmsKeyArn?: pulumi.Input<string>;
  kind: "kinesis" | "dynamodb";
  /** @default 100 */
  batchSize?: number;
  /** @default 1 */
  maximumBatchingWindowInSeconds?: number;
  /** @default 3 */
  maximumRetryAttempts?: number;
  /** @default 86400 */
  maximumRecordAgeInSeconds?: number;
  /** @default 1 */
  parallelizationFactor?: number;
  /** @default "LATEST" */
  startingPosition?: "LATEST" | "TRIM_HORIZON";
}

/** Lambda's limit on a function's description. */
export const MAX_DESCRIPTION_LENGTH = 256;

/** What an event source mapping reads, by stream kind. */
const STREAM_READ_ACTIONS = {
  kinesis: [...KINESIS_ACTIONS.read, ...KINESIS_ACTIONS.subscribe],
  dynamodb: [...DYNAMODB_ACTIONS.readStream],
} as const;

/** The ids of a function's metrics, under the prefix its owner chooses. */
export type FunctionMetricId<P extends string> =
  `${P}-errors` | `${P}-throttles` | `${P}-duration` | `${P}-release-errors`;

/** The suffixes of a function's metric ids (`FunctionMetricId`), for a component's list of ids. */
export const FUNCTION_METRIC_SUFFIXES = ["errors", "throttles", "duration", "release-errors"] as const;

/** A component's function metric ids under `prefix`, in `metrics()` order. */
export const functionMetricIds = <P extends string>(prefix: P): FunctionMetricId<P>[] =>
  FUNCTION_METRIC_SUFFIXES.map((s) => `${prefix}-${s}` as FunctionMetricId<P>);

/**
 * A Lambda function as the platform runs them: the bundled handler on the current Node.js runtime,
 * X-Ray tracing, a KMS-encrypted environment and log group with retention, a role with only its
 * own log group and the statements given, optionally in private subnets. `addStreamSource` wires
 * a Kinesis or DynamoDB stream with bisect-on-error, bounded retries and age, partial batch
 * responses and an encrypted dead-letter queue.
 *
 * Every change is published as a version behind the `live` alias, which every invoker calls
 * (`aliasArn`, `invokeArn`). Pulumi publishes the version; CodeDeploy moves the alias to it (the
 * function's own application and deployment group, canary by default) and moves it back when the
 * release alarm (`<prefix>-release-errors` of `metrics`, errors through the alias) fires. Pulumi
 * never moves the alias after creating it: scripts/release-functions.ts starts the release.
 */
export class PlatformFunction extends pulumi.ComponentResource {
  /** The Lambda function's name (a metric dimension). */
  public readonly functionName: pulumi.Output<string>;
  /** The Lambda function's ARN (unqualified: for grants and names, not for invoking). */
  public readonly functionArn: pulumi.Output<string>;
  /** The `live` alias's ARN: what every invoker calls (event source mappings, targets, rotations, workflows). */
  public readonly aliasArn: pulumi.Output<string>;
  /** The alias's name (`live`): the qualifier of invoke permissions. */
  public readonly aliasName: pulumi.Output<string>;
  /** The alias's API Gateway invocation URI (an integration's `uri`). */
  public readonly invokeArn: pulumi.Output<string>;
  /** The alias, for dependencies. */
  public readonly alias: aws.lambda.Alias;
  /** The CodeDeploy deployment group that releases new versions to the alias. */
  public readonly deploymentGroup: aws.codedeploy.DeploymentGroup;
  /** The name of the alarm that rolls a release back (created from `metrics()` by the stack's ObservabilityStack or AlarmSet). */
  public readonly releaseAlarmName: string;
  /** The release configuration in effect. */
  public readonly release: ResolvedRelease;
  /** The execution role's ARN. */
  public readonly roleArn: pulumi.Output<string>;
  /** The execution role's name: attach more grants to it. */
  public readonly roleName: pulumi.Output<string>;
  /** The function's log group (KMS-encrypted, with retention). */
  public readonly logGroupName: pulumi.Output<string>;
  /** The function resource, for dependencies and metric dimensions. */
  public readonly function: aws.lambda.Function;
  /** The execution role, for grants (`grantRead(name, fn.role)`). */
  public readonly role: aws.iam.Role;

  private readonly componentName: string;
  private readonly kmsKeyArn: pulumi.Input<string>;
  private readonly timeoutSeconds: number;
  private readonly where: RegionContext;

  constructor(name: string, args: PlatformFunctionArgs, opts?: pulumi.ComponentResourceOptions) {
    const release = validating("PlatformFunction", () => {
      validate(args);
      return resolveRelease(args.release, "PlatformFunction");
    });
    super("twin-region:compute:PlatformFunction", name, {}, opts);
    this.componentName = name;
    this.kmsKeyArn = args.kmsKeyArn;
    this.where = regionContext("PlatformFunction", args.region, this);
    this.timeoutSeconds = args.timeoutSeconds ?? FUNCTION_DEFAULTS.timeoutSeconds;
    const parent = this;

    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-logs`,
      { retentionInDays: args.logRetentionInDays ?? FUNCTION_DEFAULTS.logRetentionInDays, kmsKeyId: args.kmsKeyArn },
      { parent },
    );
    this.role = serviceRole(
      regionalName(`${name}-role`, args.region),
      { service: "lambda.amazonaws.com", description: `Runs the ${args.handler} function` },
      { parent },
    );
    const partition = this.where.partition;
    const logging = rolePolicy(
      `${name}-logging`,
      this.role,
      [
        {
          sid: "OwnLogGroup",
          actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
          resources: [pulumi.interpolate`${logGroup.arn}:*`],
        },
        { sid: "Tracing", actions: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], resources: ["*"] },
      ],
      { parent },
    );
    const extra = args.statements ? [rolePolicy(`${name}-access`, this.role, args.statements, { parent })] : [];
    const vpcAccess = args.vpc
      ? [
          new aws.iam.RolePolicyAttachment(
            `${name}-vpc-access`,
            {
              role: this.role.name,
              policyArn: awsManagedPolicyArn(partition, `service-role/${VPC_ACCESS_POLICY}`),
            },
            { parent },
          ),
        ]
      : [];

    const bundle = bundleFunction(args.handler);
    this.function = new aws.lambda.Function(
      `${name}-fn`,
      {
        description: args.description,
        role: this.role.arn,
        runtime: FUNCTION_DEFAULTS.runtime,
        architectures: [FUNCTION_DEFAULTS.architecture],
        handler: LAMBDA_HANDLER,
        code: new pulumi.asset.AssetArchive({
          "index.js": new pulumi.asset.StringAsset(bundle.code),
          "index.js.map": new pulumi.asset.StringAsset(bundle.sourceMap),
        }),
        // Every change becomes a version; CodeDeploy releases it to the alias.
        publish: true,
        memorySize: args.memorySize ?? FUNCTION_DEFAULTS.memorySize,
        timeout: args.timeoutSeconds ?? FUNCTION_DEFAULTS.timeoutSeconds,
        tracingConfig: { mode: FUNCTION_DEFAULTS.tracingMode },
        kmsKeyArn: args.kmsKeyArn,
        environment: {
          variables: {
            NODE_OPTIONS: "--enable-source-maps",
            POWERTOOLS_SERVICE_NAME: args.handler,
            ...args.environment,
          },
        },
        loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
        reservedConcurrentExecutions: args.reservedConcurrentExecutions,
        vpcConfig: args.vpc,
      },
      // The function must not start before it may write logs, and in a VPC before it may create ENIs.
      { parent, dependsOn: [logging, ...extra, ...vpcAccess] },
    );
    this.alias = new aws.lambda.Alias(
      `${name}-live`,
      {
        name: FUNCTION_RELEASE_DEFAULTS.aliasName,
        description: "What every invoker calls; CodeDeploy moves it to each new version",
        functionName: this.function.name,
        functionVersion: this.function.version,
      },
      // Created on the first version; from then on CodeDeploy moves it (and weights it during a
      // release), so Pulumi must neither move it nor undo a shift in progress.
      { parent, ignoreChanges: ["functionVersion", "routingConfig"] },
    );
    this.release = release;
    this.releaseAlarmName = regionalName(`${name}-release-errors`, args.region);
    const releaseParts = createFunctionRelease(
      name,
      { region: args.region, where: this.where, alias: this.alias, alarmName: this.releaseAlarmName, release },
      parent,
    );
    this.deploymentGroup = releaseParts.deploymentGroup;

    this.functionName = this.function.name;
    this.functionArn = this.function.arn;
    this.aliasArn = this.alias.arn;
    this.aliasName = this.alias.name;
    this.invokeArn = this.alias.invokeArn;
    this.roleArn = this.role.arn;
    this.roleName = this.role.name;
    this.logGroupName = logGroup.name;
    const releaseOutputs: pulumi.Output<FunctionReleaseOutputs> = pulumi.output({
      functionName: this.function.name,
      aliasName: this.alias.name,
      applicationName: releaseParts.application.name,
      deploymentGroupName: releaseParts.deploymentGroup.deploymentGroupName,
      targetVersion: this.function.version,
    });
    this.registerOutputs({
      functionName: this.functionName,
      functionArn: this.functionArn,
      aliasArn: this.aliasArn,
      release: releaseOutputs,
      roleArn: this.roleArn,
      logGroupName: this.logGroupName,
      region: this.where.region,
    });
  }

  /** The function's log group (source "lambda"), under the id its owner chooses, as for `metrics`. */
  logGroups(id: string): LogGroupRef[] {
    return [{ id, name: this.logGroupName, source: "lambda" }];
  }

  /** The function, as its X-Ray segments name it (it traces actively). */
  tracedResources(): TracedResource[] {
    return [{ kind: "lambda", name: this.functionName }];
  }

  /**
   * Errors, throttles and duration near the timeout: the signals to alarm on, with ids
   * `<prefix>-errors`, `<prefix>-throttles`, `<prefix>-duration` (`FunctionMetricId<prefix>`);
   * the component that owns the function chooses the prefix, so ids never depend on its name.
   * And `<prefix>-release-errors`: errors through the `live` alias in any minute, under the alarm
   * name the deployment group rolls a release back on (`releaseAlarmName`).
   */
  metrics<P extends string>(prefix: P): (MetricDescriptor & { id: FunctionMetricId<P> })[] {
    const dimensions = { FunctionName: this.functionName };
    const base = {
      namespace: "AWS/Lambda",
      dimensions,
      periodSeconds: 60,
      evaluationPeriods: 5,
      comparisonOperator: "GreaterThanOrEqualToThreshold" as const,
    };
    return [
      {
        ...base,
        id: `${prefix}-errors` as const,
        description: `${this.componentName}: invocations that failed`,
        metricName: "Errors",
        statistic: "Sum",
        threshold: 1,
      },
      {
        ...base,
        id: `${prefix}-throttles` as const,
        description: `${this.componentName}: invocations throttled`,
        metricName: "Throttles",
        statistic: "Sum",
        threshold: 1,
      },
      {
        ...base,
        id: `${prefix}-duration` as const,
        description: `${this.componentName}: p-max duration close to the ${this.timeoutSeconds} s timeout`,
        metricName: "Duration",
        statistic: "Maximum",
        threshold: this.timeoutSeconds * 1000 * 0.8,
      },
      {
        ...base,
        id: `${prefix}-release-errors` as const,
        description: `${this.componentName}: invocations of the live alias that failed (a release in progress rolls back)`,
        // Lambda publishes an alias's metrics under FunctionName with Resource "<function>:<alias>".
        dimensions: {
          FunctionName: this.functionName,
          Resource: pulumi.interpolate`${this.functionName}:${this.aliasName}`,
        },
        metricName: "Errors",
        statistic: "Sum",
        // One minute with an error is enough: a canary runs for minutes, not for five periods.
        evaluationPeriods: 1,
        threshold: 1,
        alarmName: this.releaseAlarmName,
      },
    ];
  }

  /**
   * Consumes a Kinesis or DynamoDB stream: bisect on error, bounded retries and record age, partial
   * batch responses, and failures to an encrypted SQS dead-letter queue. Grants the role exactly
   * the read actions on that stream, kms:Decrypt on its key and sqs:SendMessage on the queue; a
   * DynamoDB stream's reader also gets dynamodb:ListStreams, alone on "*" (it has no resource-level
   * permissions).
   */
  addStreamSource(
    name: string,
    args: StreamSourceArgs,
  ): { mapping: aws.lambda.EventSourceMapping; deadLetterQueue: aws.sqs.Queue } {
    const parent = this;
    const dlq = new aws.sqs.Queue(
      `${this.componentName}-${name}-dlq`,
      { kmsMasterKeyId: this.kmsKeyArn, messageRetentionSeconds: DLQ_RETENTION_SECONDS },
      { parent },
    );
    const grants = rolePolicy(
      `${this.componentName}-${name}-source`,
      this.role,
      [
        { sid: "ReadStream", actions: [...STREAM_READ_ACTIONS[args.kind]], resources: [args.eventSourceArn] },
        ...(args.kind === "dynamodb" ? [listStreamsStatement()] : []),
        ...(args.sourceKmsKeyArn
          ? kmsStatements(args.sourceKmsKeyArn, { decrypt: true }, this.where.serviceEndpoint(args.kind))
          : []),
        { sid: "DeadLetters", actions: [...SQS_ACTIONS.deadLetter], resources: [dlq.arn] },
        ...kmsStatements(this.kmsKeyArn, { encrypt: true }, this.where.serviceEndpoint("sqs")),
      ],
      { parent },
    );
    const mapping = new aws.lambda.EventSourceMapping(
      `${this.componentName}-${name}`,
      {
        // The alias: a release shifts the stream's batches with the rest of the traffic.
        functionName: this.alias.arn,
        eventSourceArn: args.eventSourceArn,
        startingPosition: args.startingPosition ?? STREAM_SOURCE_DEFAULTS.startingPosition,
        batchSize: args.batchSize ?? STREAM_SOURCE_DEFAULTS.batchSize,
        maximumBatchingWindowInSeconds:
          args.maximumBatchingWindowInSeconds ?? STREAM_SOURCE_DEFAULTS.maximumBatchingWindowInSeconds,
        parallelizationFactor: args.parallelizationFactor ?? STREAM_SOURCE_DEFAULTS.parallelizationFactor,
        bisectBatchOnFunctionError: STREAM_SOURCE_DEFAULTS.bisectBatchOnFunctionError,
        maximumRetryAttempts: args.maximumRetryAttempts ?? STREAM_SOURCE_DEFAULTS.maximumRetryAttempts,
        maximumRecordAgeInSeconds: args.maximumRecordAgeInSeconds ?? STREAM_SOURCE_DEFAULTS.maximumRecordAgeInSeconds,
        functionResponseTypes: [...STREAM_SOURCE_DEFAULTS.functionResponseTypes],
        destinationConfig: { onFailure: { destinationArn: dlq.arn } },
      },
      // Lambda validates the role's access to the stream and the queue when the mapping is created.
      { parent, dependsOn: [grants] },
    );
    return { mapping, deadLetterQueue: dlq };
  }
}

function validate(args: PlatformFunctionArgs): void {
  assertRegionName("region", args.region);
  const check = (arg: string, value: number | undefined, min: number, max: number) => {
    if (value !== undefined && (!Number.isInteger(value) || value < min || value > max)) {
      throw new Error(`${arg}: ${value} is not an integer from ${min} to ${max}`);
    }
  };
  const description = args.description?.trim() ?? "";
  if (!description || description.length > MAX_DESCRIPTION_LENGTH || /[\r\n]/.test(description)) {
    throw new Error(
      `description: ${JSON.stringify(args.description)} does not say in one line of at most ${MAX_DESCRIPTION_LENGTH} characters what the function does (Lambda's limit)`,
    );
  }
  check("memorySize", args.memorySize, 128, 10_240);
  check("timeoutSeconds", args.timeoutSeconds, 1, 900);
  check("logRetentionInDays", args.logRetentionInDays, 1, 3653);
  if (args.reservedConcurrentExecutions === 0) {
    throw new Error("reservedConcurrentExecutions: 0 would stop the function from ever running");
  }
}
