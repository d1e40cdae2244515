import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { FORWARDER_ENV } from "../../functions/forwarder/environment";
import { rolePolicy, serviceRole } from "../compute/iam";
import { PlatformFunction } from "../compute/platform-function";
import { EVENTS_ACTIONS } from "../shared/actions";
import { validating } from "../shared/errors";
import type { LogGroupRef } from "../shared/log-groups";
import type { TracedResource } from "../shared/traced";
import { applyThresholds, checkThresholds, subset, type MetricDescriptor, type Thresholds } from "../shared/metrics";
import { assertRegionName, regionalName } from "../shared/naming";
import { regionContext, type RegionContext } from "../shared/region";
import { BucketReplication, BUCKET_REPLICATION_METRIC_IDS, type BucketReplicationMetricId } from "../storage";
import { DOMAIN_EVENT } from "./defaults";
import { streamWriteStatements } from "./stream";
import type { FunctionReleaseArgs } from "../compute/release";

/** The link's health signals (see `metrics()`); they are reported in the primary region. */
export const CROSS_REGION_LINK_METRIC_IDS = [
  "forwarder-errors",
  "forwarder-throttles",
  "forwarder-duration",
  "forwarder-release-errors",
  "forwarder-iterator-age",
  "forwarder-dlq",
  ...BUCKET_REPLICATION_METRIC_IDS,
] as const;
export type CrossRegionLinkMetricId = (typeof CROSS_REGION_LINK_METRIC_IDS)[number] | BucketReplicationMetricId;

/** One region's end of the link, as its stack exports it (the primary) or builds it (the secondary). */
export interface RegionEnd {
  region: string;
  kmsKeyArn: pulumi.Input<string>;
  streamArn: pulumi.Input<string>;
  processedBucketName: pulumi.Input<string>;
  processedBucketArn: pulumi.Input<string>;
  busName: pulumi.Input<string>;
  busArn: pulumi.Input<string>;
}

export interface CrossRegionLinkArgs {
  /** How CodeDeploy releases new versions of its functions to their live aliases. @default canary, 10% for 5 minutes */
  functionRelease?: FunctionReleaseArgs;
  /** The primary region's end, as the primary stack exports it. */
  primary: RegionEnd;
  /** The secondary region's end, as this (the secondary) stack builds it. */
  secondary: RegionEnd & {
    /** The secondary's processed bucket versioning: replication must come after it. */
    processedBucketVersioning: pulumi.Resource;
  };
  /** An explicit provider for the primary region: the forwarder, the replication rule and one event rule live there. */
  primaryProvider: aws.Provider;
  /**
   * Alarm thresholds by metric id (`CrossRegionLinkMetricId`); an unknown id is an error.
   * @default each signal's own
   */
  thresholds?: Thresholds<CrossRegionLinkMetricId>;
}

/**
 * Everything that joins the two regions, created by the secondary stack after the primary exists
 * (README, Design: "Two regions, one direction"): a forwarding Lambda in the primary region that
 * reads the primary stream and puts every record on the secondary stream (R1), retrying only the
 * records that failed; the replication of the processed-data bucket S1 into S2; and EventBridge
 * rules that forward each region's own domain events to the peer bus (events carry the region
 * they started in, so nothing is forwarded back).
 */
export class CrossRegionLink extends pulumi.ComponentResource {
  /** The forwarder Lambda, in the primary region. */
  public readonly forwarderFunctionName: pulumi.Output<string>;
  /** The S3 replication role of S1 into S2. */
  public readonly replicationRoleArn: pulumi.Output<string>;
  private readonly signals: MetricDescriptor[] = [];
  private readonly logs: LogGroupRef[] = [];
  private readonly traced: TracedResource[];
  private readonly thresholds: Thresholds<CrossRegionLinkMetricId>;
  private readonly where: RegionContext;

  constructor(name: string, args: CrossRegionLinkArgs, opts?: pulumi.ComponentResourceOptions) {
    const thresholds = validating("CrossRegionLink", () => {
      assertRegionName("primary.region", args.primary.region);
      assertRegionName("secondary.region", args.secondary.region);
      if (args.primary.region === args.secondary.region)
        throw new Error(`secondary.region: "${args.secondary.region}" is the primary's region too`);
      return checkThresholds("CrossRegionLink", CROSS_REGION_LINK_METRIC_IDS, args.thresholds);
    });
    super("twin-region:ingestion:CrossRegionLink", name, {}, opts);
    const parent = this;
    this.thresholds = thresholds;
    // The link's own provider is the secondary's; the primary's is checked by the parts created with it.
    this.where = regionContext("CrossRegionLink", args.secondary.region, parent);
    const inPrimary = { parent, providers: { aws: args.primaryProvider } };
    const { primary, secondary } = args;

    const forwarder = new PlatformFunction(
      `${name}-forwarder`,
      {
        handler: "forwarder",
        release: args.functionRelease,
        description: "Forwards every record of the primary region's ingestion stream to the secondary region's stream",
        kmsKeyArn: primary.kmsKeyArn,
        region: primary.region,
        environment: {
          [FORWARDER_ENV.targetStreamArn]: pulumi.output(secondary.streamArn),
          [FORWARDER_ENV.targetRegion]: secondary.region,
        },
        // The secondary's stream, with its key through Kinesis of the secondary region.
        statements: streamWriteStatements(
          secondary.streamArn,
          secondary.kmsKeyArn,
          this.where.serviceEndpoint("kinesis"),
        ),
      },
      inPrimary,
    );
    const { deadLetterQueue } = forwarder.addStreamSource("primary-stream", {
      eventSourceArn: primary.streamArn,
      sourceKmsKeyArn: primary.kmsKeyArn,
      kind: "kinesis",
    });

    const replication = new BucketReplication(
      `${name}-s3`,
      {
        sourceBucketName: primary.processedBucketName,
        sourceBucketArn: primary.processedBucketArn,
        sourceKmsKeyArn: primary.kmsKeyArn,
        destinationBucketArn: secondary.processedBucketArn,
        destinationKmsKeyArn: secondary.kmsKeyArn,
        destinationVersioning: secondary.processedBucketVersioning,
        region: primary.region,
        replicationTimeMinutes: 15,
        thresholds: subset(thresholds, BUCKET_REPLICATION_METRIC_IDS),
        replicationMetrics: true,
      },
      inPrimary,
    );

    this.forwardEvents(`${name}-to-${secondary.region}`, primary, secondary, {
      parent,
      provider: args.primaryProvider,
    });
    this.forwardEvents(`${name}-to-${primary.region}`, secondary, primary, { parent });

    this.signals.push(
      ...forwarder.metrics("forwarder"),
      {
        id: "forwarder-iterator-age",
        description: `${name}: how far the forwarder lags behind the primary stream`,
        namespace: "AWS/Lambda",
        metricName: "IteratorAge",
        dimensions: { FunctionName: forwarder.functionName },
        statistic: "Maximum",
        periodSeconds: 60,
        evaluationPeriods: 5,
        threshold: 60_000,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
      },
      {
        id: "forwarder-dlq",
        description: `${name}: record batches the forwarder gave up on`,
        namespace: "AWS/SQS",
        metricName: "ApproximateNumberOfMessagesVisible",
        dimensions: { QueueName: deadLetterQueue.name },
        statistic: "Maximum",
        periodSeconds: 300,
        evaluationPeriods: 1,
        threshold: 1,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
      },
      ...replication.metrics(),
    );
    this.forwarderFunctionName = forwarder.functionName;
    this.logs.push(...forwarder.logGroups("forwarder"));
    this.traced = forwarder.tracedResources();
    this.replicationRoleArn = replication.roleArn;
    this.registerOutputs({
      forwarderFunctionName: this.forwarderFunctionName,
      replicationRoleArn: this.replicationRoleArn,
      region: this.where.region,
    });
  }

  /**
   * Health of the link, with `thresholds` applied: forwarder errors, throttles, duration and lag,
   * its dead letters, S3 replication latency and failures. Reported in the primary region: create
   * their alarms there.
   */
  metrics(): MetricDescriptor[] {
    return applyThresholds(this.signals, this.thresholds);
  }

  /** The forwarder's log group ("forwarder"). It is in the primary region, like the metrics: filter it there. */
  logGroups(): LogGroupRef[] {
    return [...this.logs];
  }

  /** The forwarder, as its X-Ray segments name it (in the primary region). */
  tracedResources(): TracedResource[] {
    return [...this.traced];
  }

  private forwardEvents(name: string, from: RegionEnd, to: RegionEnd, opts: pulumi.CustomResourceOptions): void {
    const rule = new aws.cloudwatch.EventRule(
      name,
      {
        eventBusName: from.busName,
        description: `Forwards ${from.region}'s own domain events to ${to.region}`,
        eventPattern: JSON.stringify({
          source: [DOMAIN_EVENT.source],
          "detail-type": [DOMAIN_EVENT.detailType],
          detail: { originRegion: [from.region] },
        }),
      },
      opts,
    );
    const role = serviceRole(
      regionalName(`${name}-role`, from.region),
      { service: "events.amazonaws.com", sourceArn: rule.arn, description: `Forwards domain events to ${to.region}` },
      opts,
    );
    const grant = rolePolicy(
      `${name}-put`,
      role,
      [{ sid: "PutOnPeerBus", actions: [...EVENTS_ACTIONS.put], resources: [to.busArn] }],
      opts,
    );
    new aws.cloudwatch.EventTarget(
      name,
      {
        rule: rule.name,
        eventBusName: from.busName,
        arn: to.busArn,
        roleArn: role.arn,
        retryPolicy: { maximumEventAgeInSeconds: 86_400, maximumRetryAttempts: 185 },
      },
      { ...opts, dependsOn: [grant] },
    );
  }
}
