/**
 * The operations hosts' cloud-init user data, rendered from the templates in
 * components/datalake/cloud-init/ by a small renderer: `{{name}}` placeholders replaced by named
 * values, failing on a placeholder without a value, a value without a placeholder and anything
 * between `{{` and `}}` that is not a name, so a typo never reaches an instance as literal text.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { packageRoot } from "../shared/package-root";
import {
  DOCKER_COMPOSE_VERSION,
  KUBERNETES_HOST_VERSIONS,
  KUBERNETES_PORTS,
  MONITORING_IMAGES,
  MONITORING_PORTS,
  MONITORING_STACK_SIZES,
  OPS_HOST_DEFAULTS,
} from "./ops-hosts-defaults";

/** A value a template takes: text, or a number written in decimal. */
export type TemplateValue = string | number;

/** Where the templates live, from the package's root. */
export const TEMPLATE_DIR = path.join("components", "datalake", "cloud-init");

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;
const OPENING = /\{\{/g;

/** A template that cannot be rendered: the message names the template and what is wrong. */
export class TemplateError extends Error {
  override name = "TemplateError";
}

/**
 * The template with every `{{name}}` replaced by `values[name]`. A multi-line value must stand
 * alone on its line (after indentation only, e.g. under a YAML `content: |`): its later lines get
 * the same indentation, so it stays inside the block it is written into.
 */
export function renderTemplate(
  template: string,
  values: Readonly<Record<string, TemplateValue>>,
  source = "template",
): string {
  const names = [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!);
  const openings = [...template.matchAll(OPENING)].length;
  if (openings !== names.length) {
    const bad = [...template.matchAll(/\{\{[^}]*\}?\}?/g)].map((m) => m[0]).filter((t) => !PLACEHOLDER.test(t));
    PLACEHOLDER.lastIndex = 0;
    throw new TemplateError(
      `${source}: ${JSON.stringify(bad[0] ?? "{{")} is not a placeholder; placeholders are {{name}} with a name of letters, digits and underscores`,
    );
  }
  const missing = [...new Set(names)].filter((n) => values[n] === undefined || values[n] === null);
  if (missing.length) {
    throw new TemplateError(`${source}: no value for ${missing.map((n) => `{{${n}}}`).join(", ")}`);
  }
  const unused = Object.keys(values).filter((k) => !names.includes(k));
  if (unused.length) {
    throw new TemplateError(`${source}: ${unused.join(", ")} given but the template has no such placeholder`);
  }
  for (const [k, v] of Object.entries(values)) {
    if (typeof v === "number" ? !Number.isFinite(v) : typeof v !== "string") {
      throw new TemplateError(`${source}: ${k}: ${JSON.stringify(v)} is not text or a finite number`);
    }
  }
  return template.replace(PLACEHOLDER, (match: string, name: string, offset: number) => {
    const text = String(values[name]).replace(/\n+$/, "");
    if (!text.includes("\n")) return text;
    const lineStart = template.lastIndexOf("\n", offset - 1) + 1;
    const indent = template.slice(lineStart, offset);
    const lineEnd = template.indexOf("\n", offset);
    const rest = template.slice(offset + match.length, lineEnd === -1 ? undefined : lineEnd);
    if (indent.trim() !== "" || rest.trim() !== "") {
      throw new TemplateError(`${source}: {{${name}}} has several lines, so it must stand alone on its line`);
    }
    return text
      .split("\n")
      .map((line, i) => (i === 0 || line === "" ? line : indent + line))
      .join("\n");
  });
}

/** A template file of components/datalake/cloud-init/, as text. */
export function readTemplate(file: string): string {
  const full = path.join(packageRoot(), TEMPLATE_DIR, file);
  if (!fs.existsSync(full)) throw new TemplateError(`${file}: no such template in ${TEMPLATE_DIR}`);
  return fs.readFileSync(full, "utf8");
}

/** A template file rendered with the values. */
export const renderFile = (file: string, values: Readonly<Record<string, TemplateValue>>): string =>
  renderTemplate(readTemplate(file), values, file);

/** Checks what every host's user data must be: cloud-config, within EC2's size limit. */
function cloudConfig(text: string, file: string): string {
  if (!text.startsWith("#cloud-config\n")) throw new TemplateError(`${file}: does not start with #cloud-config`);
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > OPS_HOST_DEFAULTS.maxUserDataBytes) {
    throw new TemplateError(
      `${file}: the rendered user data is ${bytes} bytes, more than the ${OPS_HOST_DEFAULTS.maxUserDataBytes} EC2 accepts`,
    );
  }
  return text;
}

export interface KubernetesUserDataValues {
  /** The region of the secret (the AWS CLI's `--region`). */
  region: string;
  /** The ArgoCD admin secret: the host reads it at boot; its value never enters the user data. */
  argocdAdminSecretArn: string;
}

/** The Kubernetes host's cloud-config: Docker, Minikube, kubectl and ArgoCD with its admin password from Secrets Manager. */
export function kubernetesUserData(v: KubernetesUserDataValues): string {
  const file = "kubernetes.yaml";
  return cloudConfig(
    renderFile(file, {
      region: v.region,
      argocdAdminSecretArn: v.argocdAdminSecretArn,
      minikubeVersion: KUBERNETES_HOST_VERSIONS.minikube,
      kubernetesVersion: KUBERNETES_HOST_VERSIONS.kubernetes,
      argocdVersion: KUBERNETES_HOST_VERSIONS.argocd,
      apiServerPort: KUBERNETES_PORTS.apiServer,
      argocdHttpNodePort: KUBERNETES_PORTS.argocdHttp,
      argocdHttpsNodePort: KUBERNETES_PORTS.argocdHttps,
    }),
    file,
  );
}

export interface MonitoringUserDataValues {
  region: string;
  /** The Grafana admin secret: the host reads it at boot; its value never enters the user data. */
  grafanaAdminSecretArn: string;
}

/** The docker compose file of the monitoring stack (written to the host by cloud-init). */
export function monitoringComposeFile(): string {
  return renderFile("monitoring-compose.yaml", {
    prometheusImage: MONITORING_IMAGES.prometheus,
    grafanaImage: MONITORING_IMAGES.grafana,
    elasticsearchImage: MONITORING_IMAGES.elasticsearch,
    kibanaImage: MONITORING_IMAGES.kibana,
    logstashImage: MONITORING_IMAGES.logstash,
    jaegerImage: MONITORING_IMAGES.jaeger,
    nodeExporterImage: MONITORING_IMAGES.nodeExporter,
    cadvisorImage: MONITORING_IMAGES.cadvisor,
    pushgatewayImage: MONITORING_IMAGES.pushgateway,
    prometheusPort: MONITORING_PORTS.prometheus,
    grafanaPort: MONITORING_PORTS.grafana,
    kibanaPort: MONITORING_PORTS.kibana,
    jaegerUiPort: MONITORING_PORTS.jaegerUi,
    elasticsearchPort: MONITORING_PORTS.elasticsearch,
    logstashBeatsPort: MONITORING_PORTS.logstashBeats,
    nodeExporterPort: MONITORING_PORTS.nodeExporter,
    pushgatewayPort: MONITORING_PORTS.pushgateway,
    otlpGrpcPort: MONITORING_PORTS.otlpGrpc,
    otlpHttpPort: MONITORING_PORTS.otlpHttp,
    prometheusRetention: MONITORING_STACK_SIZES.prometheusRetention,
    elasticsearchHeap: MONITORING_STACK_SIZES.elasticsearchHeap,
    elasticsearchMemory: MONITORING_STACK_SIZES.elasticsearchMemory,
    logstashHeap: MONITORING_STACK_SIZES.logstashHeap,
    logstashMemory: MONITORING_STACK_SIZES.logstashMemory,
    kibanaMemory: MONITORING_STACK_SIZES.kibanaMemory,
  });
}

/** Prometheus's configuration on the monitoring host. */
export function prometheusConfig(): string {
  return renderFile("prometheus.yml", {
    scrapeInterval: MONITORING_STACK_SIZES.scrapeInterval,
    nodeExporterPort: MONITORING_PORTS.nodeExporter,
  });
}

/** The monitoring host's cloud-config: Docker, the compose plugin and the stack, started with `docker compose up -d`. */
export function monitoringUserData(v: MonitoringUserDataValues): string {
  const file = "monitoring.yaml";
  return cloudConfig(
    renderFile(file, {
      region: v.region,
      grafanaAdminSecretArn: v.grafanaAdminSecretArn,
      grafanaUid: MONITORING_STACK_SIZES.grafanaUid,
      composeVersion: DOCKER_COMPOSE_VERSION,
      composeFile: monitoringComposeFile(),
      prometheusConfig: prometheusConfig(),
      grafanaDatasources: readTemplate("grafana-datasources.yaml"),
      logstashPipeline: readTemplate("logstash.conf"),
    }),
    file,
  );
}
