/**
 * Release baseline (CodeDeploy): what a deployment group of any compute platform (Lambda, ECS,
 * EC2/on-premises) must do when a release goes wrong. Plain data, shared by the components that
 * create deployment groups and the release rules.
 */

/** The events a deployment group rolls back on: a failed deployment, and one its alarms stopped. */
export const CODEDEPLOY_ROLLBACK_EVENTS: readonly string[] = ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"];
