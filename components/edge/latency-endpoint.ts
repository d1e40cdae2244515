import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { metricAlarmArgs } from "../observability/alarm-set";
import { invalidArg, validating } from "../shared/errors";
import type { MetricDescriptor } from "../shared/metrics";
import { regionContext } from "../shared/region";
import { EDGE_DEFAULTS } from "./defaults";
import { healthCheckStatusMetric } from "./health-check-metrics";
import { checkRecordName, setIdentifier } from "./validation";

export interface LatencyEndpointArgs {
  /** The region of the component's provider: the record's latency region and set identifier. */
  region: string;
  /** The public hosted zone the name lives in. */
  hostedZoneId: pulumi.Input<string>;
  /** The API's name, the same in every region (e.g. `api.example.com`). */
  recordName: string;
  /** The region's API custom domain (IngestionApi `customDomainTarget`). */
  target: pulumi.Input<{ regionalDomainName: string; regionalZoneId: string } | undefined>;
  /**
   * The signal that takes the region out of the answers: the API's server-error share
   * (`metrics()` id "api-5xx-rate"). An API behind IAM auth has no route a health checker could
   * call, so the check follows this alarm instead of requesting the API.
   */
  healthSignal: MetricDescriptor;
  /** The region's alarm topic (AlarmSet `topicArn`): told when the region leaves the answers and when it is back. */
  alarmTopicArn: pulumi.Input<string>;
}

/**
 * One region's member of an active-active name (seed 004): an alias A record under the shared
 * API name with this region as its latency region, its own set identifier and a health check
 * that follows an alarm on the API's server errors, so producers reach the nearest healthy region.
 */
export class LatencyEndpoint extends pulumi.ComponentResource {
  /** The health check's id (its HealthCheckStatus metric is in us-east-1). */
  public readonly healthCheckId: pulumi.Output<string>;
  /** The alarm the health check follows. */
  public readonly healthAlarmName: pulumi.Output<string>;
  /** The record's name (the shared API name). */
  public readonly recordName: pulumi.Output<string>;
  /** This member's set identifier (`latency-<region>`). */
  public readonly setIdentifier: string;

  private readonly signals: MetricDescriptor[];

  constructor(name: string, args: LatencyEndpointArgs, opts?: pulumi.ComponentResourceOptions) {
    validating("LatencyEndpoint", () => checkRecordName("LatencyEndpoint", "recordName", args.recordName));
    super("twin-region:edge:LatencyEndpoint", name, {}, opts);
    const parent = this;
    const where = regionContext("LatencyEndpoint", args.region, parent);
    this.setIdentifier = setIdentifier("latency", args.region);
    const signal = args.healthSignal;

    const alarm = new aws.cloudwatch.MetricAlarm(
      `${name}-health`,
      {
        ...metricAlarmArgs(signal, args.alarmTopicArn),
        alarmDescription: `${args.recordName} (${this.setIdentifier}) leaves the latency answers: ${signal.description}`,
      },
      { parent },
    );
    const healthCheck = new aws.route53.HealthCheck(
      `${name}-health`,
      {
        type: "CLOUDWATCH_METRIC",
        cloudwatchAlarmName: alarm.name,
        cloudwatchAlarmRegion: where.region,
        insufficientDataHealthStatus: EDGE_DEFAULTS.insufficientDataHealthStatus,
        tags: { Name: `${args.recordName} ${this.setIdentifier}` },
      },
      { parent },
    );
    const target = pulumi.output(args.target).apply((t) => {
      if (!t)
        throw invalidArg(
          "LatencyEndpoint",
          "target",
          "the API has no custom domain (give IngestionApi a customDomain and pass its customDomainTarget)",
        );
      return t;
    });
    const record = new aws.route53.Record(
      `${name}-record`,
      {
        zoneId: args.hostedZoneId,
        name: args.recordName,
        type: "A",
        setIdentifier: this.setIdentifier,
        latencyRoutingPolicies: [{ region: where.region }],
        healthCheckId: healthCheck.id,
        aliases: [{ name: target.regionalDomainName, zoneId: target.regionalZoneId, evaluateTargetHealth: true }],
      },
      { parent },
    );
    this.healthCheckId = healthCheck.id;
    this.healthAlarmName = alarm.name;
    this.recordName = record.name;
    this.signals = [
      healthCheckStatusMetric("latency-health-check", healthCheck.id, `${args.recordName} (${this.setIdentifier})`, 60),
    ];
    this.registerOutputs({ healthCheckId: this.healthCheckId, healthAlarmName: this.healthAlarmName });
  }

  /** The health check's status, to alarm in us-east-1 (HEALTH_CHECK_METRICS_REGION), where Route 53 publishes it. */
  metrics(): MetricDescriptor[] {
    return this.signals;
  }
}
