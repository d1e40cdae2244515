import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { validating } from "../shared/errors";
import type { MetricDescriptor } from "../shared/metrics";
import { regionContext } from "../shared/region";
import { EDGE_DEFAULTS } from "./defaults";
import { healthCheckStatusMetric } from "./health-check-metrics";
import { checkRecordName, resolveTiming, setIdentifier, type HealthCheckTiming } from "./validation";

/** The failover role of a region's record: PRIMARY answers while healthy, SECONDARY otherwise. */
export type FailoverRole = "PRIMARY" | "SECONDARY";

export interface FailoverEndpointArgs {
  /** The region of the component's provider (its record's set identifier carries it). */
  region: string;
  /** The public hosted zone the name lives in. */
  hostedZoneId: pulumi.Input<string>;
  /** The application's name, the same in every region (e.g. `app.example.com`). */
  recordName: string;
  /** PRIMARY in the primary stack, SECONDARY in the secondary stack. */
  role: FailoverRole;
  /** The region's load balancer: the alias target, and what the health check requests. */
  loadBalancer: { dnsName: pulumi.Input<string>; zoneId: pulumi.Input<string> };
  /**
   * How often Route 53 checks `https://<load balancer>/health` and how many results change its status.
   * @default 30 s interval, threshold 3
   */
  healthCheck?: HealthCheckTiming;
}

/**
 * One region's member of an active-passive name (seed 003): a Route 53 HTTPS health check on the
 * region's load balancer (`/health`, which answers 503 when the database or cache is down) and
 * an alias A record under the shared name with its failover role, its own set identifier, that
 * health check and target-health evaluation. Each stack owns its own member, so either region
 * can be deployed, updated or destroyed without touching the other's record.
 */
export class FailoverEndpoint extends pulumi.ComponentResource {
  /** The health check's id (its HealthCheckStatus metric is in us-east-1). */
  public readonly healthCheckId: pulumi.Output<string>;
  /** The record's name (the shared application name). */
  public readonly recordName: pulumi.Output<string>;
  /** This member's set identifier (`primary-<region>` or `secondary-<region>`). */
  public readonly setIdentifier: string;
  /** The timing the health check runs with. */
  public readonly healthCheckTiming: Required<HealthCheckTiming>;

  private readonly signals: MetricDescriptor[];

  constructor(name: string, args: FailoverEndpointArgs, opts?: pulumi.ComponentResourceOptions) {
    const timing = validating("FailoverEndpoint", () => {
      checkRecordName("FailoverEndpoint", "recordName", args.recordName);
      return resolveTiming("FailoverEndpoint", args.healthCheck);
    });
    super("twin-region:edge:FailoverEndpoint", name, {}, opts);
    const parent = this;
    const where = regionContext("FailoverEndpoint", args.region, parent);
    this.setIdentifier = setIdentifier(args.role, args.region);
    this.healthCheckTiming = timing;

    const healthCheck = new aws.route53.HealthCheck(
      `${name}-health`,
      {
        type: "HTTPS",
        fqdn: args.loadBalancer.dnsName,
        port: EDGE_DEFAULTS.healthCheckPort,
        resourcePath: EDGE_DEFAULTS.healthCheckPath,
        // Route 53 does not validate the certificate; SNI lets the listener pick it.
        enableSni: true,
        requestInterval: timing.requestIntervalSeconds,
        failureThreshold: timing.failureThreshold,
        tags: { Name: `${args.recordName} ${this.setIdentifier}` },
      },
      { parent },
    );
    const record = new aws.route53.Record(
      `${name}-record`,
      {
        zoneId: args.hostedZoneId,
        name: args.recordName,
        type: "A",
        setIdentifier: this.setIdentifier,
        failoverRoutingPolicies: [{ type: args.role }],
        healthCheckId: healthCheck.id,
        aliases: [{ name: args.loadBalancer.dnsName, zoneId: args.loadBalancer.zoneId, evaluateTargetHealth: true }],
      },
      { parent },
    );
    this.healthCheckId = healthCheck.id;
    this.recordName = record.name;
    this.signals = [
      healthCheckStatusMetric(
        "failover-health-check",
        healthCheck.id,
        `${args.recordName} (${this.setIdentifier})`,
        60,
      ),
    ];
    this.registerOutputs({ healthCheckId: this.healthCheckId, recordName: this.recordName, region: where.region });
  }

  /** The health check's status, to alarm in us-east-1 (HEALTH_CHECK_METRICS_REGION), where Route 53 publishes it. */
  metrics(): MetricDescriptor[] {
    return this.signals;
  }
}
