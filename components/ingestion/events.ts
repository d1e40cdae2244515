import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { rolePolicy, serviceRole } from "../compute/iam";
import { PlatformFunction } from "../compute/platform-function";
import { KMS_ACTIONS, SQS_ACTIONS } from "../shared/actions";
import { validating } from "../shared/errors";
import type { LogGroupRef } from "../shared/log-groups";
import type { TracedResource } from "../shared/traced";
import { assertRegionName, NAME_PREFIX_SUFFIX_LENGTH, prefixedNamePattern, regionalName } from "../shared/naming";
import { regionContext } from "../shared/region";
import { DLQ_RETENTION_SECONDS, FUNCTION_DEFAULTS } from "../compute/defaults";
import { DOMAIN_EVENT } from "./defaults";
import type { FunctionReleaseArgs } from "../compute/release";

/** Step Functions' limits on a state machine's name. */
const STATE_MACHINE_NAME = { maxLength: 80, pattern: /^[A-Za-z0-9_-]+$/ } as const;

export interface IngestionEventsArgs {
  /** How CodeDeploy releases new versions of its functions to their live aliases. @default canary, 10% for 5 minutes */
  functionRelease?: FunctionReleaseArgs;
  /** The region's CMK: the bus, the workflow's state and logs, the dead-letter queue. */
  kmsKeyArn: pulumi.Input<string>;
  /** The region it deploys to, its provider's (checked): goes into the IAM roles' names. */
  region: string;
  /**
   * Retention of the workflow's and the step function's log groups, in days.
   * @default 365
   */
  logRetentionInDays?: number;
}

/**
 * Event routing and the workflow of seed 004 (docs/seed-mapping.md): an encrypted EventBridge bus per region that
 * receives a domain event for every stored record, and a rule that starts a Step Functions state
 * machine (logging and tracing on) orchestrating the workflow-step Lambda, with retries and a
 * catch for invalid events. Failed deliveries land in an encrypted dead-letter queue.
 */
export class IngestionEvents extends pulumi.ComponentResource {
  /** The region's EventBridge bus (KMS-encrypted). */
  public readonly busName: pulumi.Output<string>;
  /** The bus's ARN. */
  public readonly busArn: pulumi.Output<string>;
  /** The workflow's state machine ARN. */
  public readonly stateMachineArn: pulumi.Output<string>;
  /** The workflow-step function, for its metrics and grants. */
  public readonly workflowFunction: PlatformFunction;
  /** The workflow's state machine, for dependencies. */
  public readonly stateMachine: aws.sfn.StateMachine;
  /** The queue of domain events EventBridge could not deliver to the workflow (after its retries). */
  public readonly deliveryDeadLetterQueue: aws.sqs.Queue;
  private readonly logs: LogGroupRef[];

  constructor(name: string, args: IngestionEventsArgs, opts?: pulumi.ComponentResourceOptions) {
    validating("IngestionEvents", () => {
      assertRegionName("region", args.region);
      const prefix = `${name}-workflow-`;
      if (
        !STATE_MACHINE_NAME.pattern.test(prefix) ||
        prefix.length + NAME_PREFIX_SUFFIX_LENGTH > STATE_MACHINE_NAME.maxLength
      )
        throw new Error(
          `name: "${name}" does not fit the workflow's name "${prefix}<${NAME_PREFIX_SUFFIX_LENGTH} characters>": ` +
            `Step Functions allows ${STATE_MACHINE_NAME.maxLength} characters of A-Z a-z 0-9 - _`,
        );
    });
    super("twin-region:ingestion:IngestionEvents", name, {}, opts);
    const parent = this;
    const where = regionContext("IngestionEvents", args.region, parent);
    const bus = new aws.cloudwatch.EventBus(`${name}-bus`, { kmsKeyIdentifier: args.kmsKeyArn }, { parent });

    this.workflowFunction = new PlatformFunction(
      `${name}-step`,
      {
        handler: "workflow-step",
        release: args.functionRelease,
        description: "The ingestion workflow's step: classifies a stored record's event and measures its ingestion lag",
        kmsKeyArn: args.kmsKeyArn,
        region: args.region,
        logRetentionInDays: args.logRetentionInDays,
      },
      { parent },
    );

    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-workflow-logs`,
      { retentionInDays: args.logRetentionInDays ?? FUNCTION_DEFAULTS.logRetentionInDays, kmsKeyId: args.kmsKeyArn },
      { parent },
    );
    this.logs = [
      ...this.workflowFunction.logGroups("workflow-step"),
      { id: "workflow", name: logGroup.name, source: "states" },
    ];
    const role = serviceRole(
      regionalName(`${name}-workflow-role`, args.region),
      { service: "states.amazonaws.com", description: "Runs the ingestion workflow" },
      { parent },
    );
    // The task calls the live alias, which CodeDeploy moves from version to version.
    const fnArn = this.workflowFunction.aliasArn;
    // The state machine's name is its prefix and the provider's suffix, known before it exists: the
    // role's key grant names it (the ARN itself would make a cycle: the machine waits for the grant).
    const workflowNamePrefix = `${name}-workflow-`;
    const account = aws.getCallerIdentityOutput({}, { parent }).accountId;
    const workflowArnPattern = pulumi.interpolate`arn:${where.partition}:states:${where.region}:${account}:stateMachine:${prefixedNamePattern(workflowNamePrefix)}`;
    const access = rolePolicy(
      `${name}-workflow-access`,
      role,
      [
        { sid: "InvokeStep", actions: ["lambda:InvokeFunction"], resources: [fnArn] },
        // Vended log delivery and X-Ray accept only "*" as the resource.
        {
          sid: "LogDelivery",
          actions: [
            "logs:CreateLogDelivery",
            "logs:GetLogDelivery",
            "logs:UpdateLogDelivery",
            "logs:DeleteLogDelivery",
            "logs:ListLogDeliveries",
            "logs:PutResourcePolicy",
            "logs:DescribeResourcePolicies",
            "logs:DescribeLogGroups",
          ],
          resources: ["*"],
        },
        {
          sid: "Tracing",
          actions: [
            "xray:PutTraceSegments",
            "xray:PutTelemetryRecords",
            "xray:GetSamplingRules",
            "xray:GetSamplingTargets",
          ],
          resources: ["*"],
        },
        // Step Functions, "Data at rest encryption": the execution role uses the key itself, so the
        // grant is bound to this state machine's encryption context; "adding kms:ViaService
        // condition to an execution role can prevent a new execution from starting or cause a
        // running execution to fail".
        {
          sid: "EncryptState",
          actions: [...KMS_ACTIONS.encrypt],
          resources: [args.kmsKeyArn],
          conditions: [
            {
              test: "StringLike",
              variable: "kms:EncryptionContext:aws:states:stateMachineArn",
              values: [workflowArnPattern],
            },
          ],
        },
        // Its logs go to a CMK-encrypted log group through vended delivery, which asks for a data key
        // under the logs' own encryption context.
        {
          sid: "EncryptLogs",
          actions: [...KMS_ACTIONS.dataKey],
          resources: [args.kmsKeyArn],
          conditions: [
            {
              test: "StringLike",
              variable: "kms:EncryptionContext:SourceArn",
              values: [pulumi.interpolate`arn:${where.partition}:logs:${where.region}:${account}:*`],
            },
          ],
        },
      ],
      { parent },
    );
    this.stateMachine = new aws.sfn.StateMachine(
      `${name}-workflow`,
      {
        namePrefix: workflowNamePrefix,
        roleArn: role.arn,
        type: "STANDARD",
        definition: pulumi.jsonStringify(workflowDefinition(fnArn, where.partition)),
        loggingConfiguration: {
          level: "ALL",
          includeExecutionData: false,
          logDestination: pulumi.interpolate`${logGroup.arn}:*`,
        },
        tracingConfiguration: { enabled: true },
        encryptionConfiguration: {
          type: "CUSTOMER_MANAGED_KMS_KEY",
          kmsKeyId: args.kmsKeyArn,
          kmsDataKeyReusePeriodSeconds: 300,
        },
      },
      { parent, dependsOn: [access] },
    );

    const rule = new aws.cloudwatch.EventRule(
      `${name}-stored`,
      {
        eventBusName: bus.name,
        description: "Starts the workflow for every stored record",
        eventPattern: JSON.stringify({ source: [DOMAIN_EVENT.source], "detail-type": [DOMAIN_EVENT.detailType] }),
      },
      { parent },
    );
    const eventsRole = serviceRole(
      regionalName(`${name}-start-role`, args.region),
      { service: "events.amazonaws.com", sourceArn: rule.arn, description: "Starts the ingestion workflow" },
      { parent },
    );
    // No KMS grant although the state machine is encrypted with the CMK: Step Functions' "Data at
    // rest encryption" guide ("Required permissions for API callers") lists StartExecution as
    // requiring nothing of the caller; the execution role encrypts the execution's data.
    const startGrant = rolePolicy(
      `${name}-start`,
      eventsRole,
      [{ sid: "StartWorkflow", actions: ["states:StartExecution"], resources: [this.stateMachine.arn] }],
      { parent },
    );
    const dlq = new aws.sqs.Queue(
      `${name}-delivery-dlq`,
      { kmsMasterKeyId: args.kmsKeyArn, messageRetentionSeconds: DLQ_RETENTION_SECONDS },
      { parent },
    );
    new aws.sqs.QueuePolicy(
      `${name}-delivery-dlq`,
      {
        queueUrl: dlq.url,
        policy: aws.iam.getPolicyDocumentOutput(
          {
            statements: [
              {
                sid: "EventBridgeDeadLetters",
                actions: [...SQS_ACTIONS.send],
                resources: [dlq.arn],
                principals: [{ type: "Service", identifiers: ["events.amazonaws.com"] }],
                conditions: [{ test: "ArnEquals", variable: "aws:SourceArn", values: [rule.arn] }],
              },
            ],
          },
          { parent },
        ).json,
      },
      { parent },
    );
    new aws.cloudwatch.EventTarget(
      `${name}-start-workflow`,
      {
        rule: rule.name,
        eventBusName: bus.name,
        arn: this.stateMachine.arn,
        roleArn: eventsRole.arn,
        retryPolicy: { maximumEventAgeInSeconds: 3600, maximumRetryAttempts: 10 },
        deadLetterConfig: { arn: dlq.arn },
      },
      { parent, dependsOn: [startGrant] },
    );

    this.deliveryDeadLetterQueue = dlq;
    this.busName = bus.name;
    this.busArn = bus.arn;
    this.stateMachineArn = this.stateMachine.arn;
    this.registerOutputs({
      busName: this.busName,
      busArn: this.busArn,
      stateMachineArn: this.stateMachineArn,
      region: where.region,
    });
  }

  /** The log groups it writes to (ids "workflow-step", "workflow"), for application-error filters. */
  logGroups(): LogGroupRef[] {
    return [...this.logs];
  }

  /** The workflow step function and the state machine, as their X-Ray segments name them. */
  tracedResources(): TracedResource[] {
    return [...this.workflowFunction.tracedResources(), { kind: "states", name: this.stateMachine.name }];
  }
}

/** Validate and enrich the stored record; retry transient Lambda errors; invalid events end in a Fail state. */
function workflowDefinition(functionArn: pulumi.Output<string>, partition: pulumi.Output<string>) {
  return {
    Comment: "Ingestion workflow: one execution per stored record",
    StartAt: "Enrich",
    States: {
      Enrich: {
        Type: "Task",
        Resource: pulumi.interpolate`arn:${partition}:states:::lambda:invoke`,
        Parameters: { FunctionName: functionArn, "Payload.$": "$" },
        OutputPath: "$.Payload",
        Retry: [
          {
            ErrorEquals: ["Lambda.ServiceException", "Lambda.TooManyRequestsException", "Lambda.SdkClientException"],
            IntervalSeconds: 2,
            MaxAttempts: 4,
            BackoffRate: 2,
            JitterStrategy: "FULL",
          },
        ],
        Catch: [{ ErrorEquals: ["InvalidWorkflowInput"], ResultPath: "$.error", Next: "Rejected" }],
        End: true,
      },
      Rejected: { Type: "Fail", Error: "InvalidWorkflowInput", Cause: "The stored-record event did not validate" },
    },
  };
}
