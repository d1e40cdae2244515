import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { rolePolicy, serviceRole } from "../compute/iam";
import { PlatformFunction } from "../compute/platform-function";
import type { MetricDescriptor } from "../shared/metrics";
import { regionalName } from "../shared/naming";
import { BucketReplication } from "../storage";
import { DOMAIN_EVENT } from "./defaults";
import { streamWriteStatements } from "./stream";

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
  primary: RegionEnd;
  secondary: RegionEnd & {
    /** The secondary's processed bucket versioning: replication must come after it. */
    processedBucketVersioning: pulumi.Resource;
  };
  /** An explicit provider for the primary region: the forwarder, the replication rule and one event rule live there. */
  primaryProvider: aws.Provider;
}

/**
 * Everything that joins the two regions, created by the secondary stack after the primary exists
 * (ARCHITECTURE.md, "Two regions, one direction"): a forwarding Lambda in the primary region that
 * reads the primary stream and puts every record on the secondary stream (R1), retrying only the
 * records that failed; the replication of the processed-data bucket S1 into S2; and EventBridge
 * rules that forward each region's own domain events to the peer bus (events carry the region
 * they started in, so nothing is forwarded back).
 */
export class CrossRegionLink extends pulumi.ComponentResource {
  public readonly forwarderFunctionName: pulumi.Output<string>;
  public readonly replicationRoleArn: pulumi.Output<string>;
  private readonly signals: MetricDescriptor[] = [];

  constructor(name: string, args: CrossRegionLinkArgs, opts?: pulumi.ComponentResourceOptions) {
    if (args.primary.region === args.secondary.region)
      throw new Error(`CrossRegionLink: primary and secondary are both in ${args.primary.region}`);
    super("twin-region:ingestion:CrossRegionLink", name, {}, opts);
    const parent = this;
    const inPrimary = { parent, providers: { aws: args.primaryProvider } };
    const { primary, secondary } = args;

    const forwarder = new PlatformFunction(
      `${name}-forwarder`,
      {
        handler: "forwarder",
        description: "Forwards every record of the primary region's ingestion stream to the secondary region's stream",
        kmsKeyArn: primary.kmsKeyArn,
        region: primary.region,
        environment: { TARGET_STREAM_ARN: pulumi.output(secondary.streamArn), TARGET_REGION: secondary.region },
        statements: streamWriteStatements(secondary.streamArn, secondary.kmsKeyArn),
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
        region: secondary.region,
        replicationTimeMinutes: 15,
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
    this.replicationRoleArn = replication.roleArn;
    this.registerOutputs({
      forwarderFunctionName: this.forwarderFunctionName,
      replicationRoleArn: this.replicationRoleArn,
    });
  }

  /** Health of the link: forwarder errors and lag, its dead letters, S3 replication latency. */
  metrics(): MetricDescriptor[] {
    return [...this.signals];
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
      [{ sid: "PutOnPeerBus", actions: ["events:PutEvents"], resources: [to.busArn] }],
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
