/**
 * Processing-cluster baseline (ECS on Fargate Spot, its scaling): what the processing rules
 * (policy/rules/processing.ts) enforce and what the data lake's processing cluster
 * (components/datalake/processing-*.ts) applies. Plain data, imported by both.
 */

/** The Fargate capacity providers, by their reserved names. */
export const FARGATE_CAPACITY_PROVIDERS = { onDemand: "FARGATE", spot: "FARGATE_SPOT" } as const;

/**
 * Fargate Spot's interruption notice: "When AWS needs the capacity back, your tasks are
 * interrupted with a two-minute warning" (ECS API reference, CapacityProviderStrategyItem). ECS
 * stops the task: SIGTERM, then SIGKILL after the container's stopTimeout.
 */
export const SPOT_INTERRUPTION_NOTICE_SECONDS = 120;

/**
 * The longest stopTimeout Fargate honours ("For tasks that use the Fargate launch type, the max
 * stop timeout value is 120 seconds and if the parameter is not specified, the default value of 30
 * seconds is used": ContainerDefinition.stopTimeout, ECS API reference).
 */
export const FARGATE_MAX_STOP_TIMEOUT_SECONDS = 120;
export const FARGATE_DEFAULT_STOP_TIMEOUT_SECONDS = 30;

/** Application Auto Scaling's ECS scalable dimension. */
export const ECS_DESIRED_COUNT_DIMENSION = "ecs:service:DesiredCount";
