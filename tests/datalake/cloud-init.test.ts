/**
 * The operations hosts' cloud-init user data: rendered from the templates in the repository, valid
 * cloud-config, starting every service the seed names at a pinned version, with no secret in it;
 * and the renderer refusing a template it cannot fill.
 */
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  kubernetesUserData,
  monitoringComposeFile,
  monitoringUserData,
  prometheusConfig,
  readTemplate,
  renderTemplate,
  TemplateError,
} from "../../components/datalake/cloud-init";
import {
  KUBERNETES_HOST_VERSIONS,
  KUBERNETES_PORTS,
  MONITORING_IMAGES,
  MONITORING_PORTS,
  OPS_HOST_DEFAULTS,
} from "../../components/datalake/ops-hosts-defaults";

const ARGOCD_SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/argocd-admin-AbCdEf";
const GRAFANA_SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/grafana-admin-GhIjKl";

const kubernetes = kubernetesUserData({ region: "us-east-1", argocdAdminSecretArn: ARGOCD_SECRET });
const monitoring = monitoringUserData({ region: "us-east-1", grafanaAdminSecretArn: GRAFANA_SECRET });

interface CloudConfig {
  packages: string[];
  write_files: { path: string; permissions: string; content: string }[];
  runcmd: (string | string[])[];
}
const config = (text: string) => parse(text) as CloudConfig;
const file = (cfg: CloudConfig, path: string) => {
  const found = cfg.write_files.find((f) => f.path === path);
  if (!found) throw new Error(`no ${path} in write_files`);
  return found.content;
};
const commands = (cfg: CloudConfig) => cfg.runcmd.map((c) => (Array.isArray(c) ? c.join(" ") : c));

/** Words that would mean a secret's value, not its ARN, reached the user data. */
const SECRET_ASSIGNMENT = /(PASSWORD|password)\s*[=:]\s*["']?(?!\$|\/run\/secrets)[A-Za-z0-9+/]{8,}/;

describe("the Kubernetes host's user data", () => {
  const cfg = config(kubernetes);

  it("is cloud-config: starts with #cloud-config and parses as YAML with packages, files and commands", () => {
    expect(kubernetes.startsWith("#cloud-config\n")).toBe(true);
    expect(cfg.packages).toEqual(expect.arrayContaining(["docker", "jq", "httpd-tools"]));
    expect(cfg.write_files.length).toBeGreaterThan(0);
    expect(cfg.runcmd.length).toBeGreaterThan(0);
  });

  it("starts Docker, installs the pinned minikube and kubectl (checksums verified), starts Minikube, then bootstraps ArgoCD, in that order", () => {
    const run = commands(cfg);
    const at = (needle: string) => run.findIndex((c) => c.includes(needle));
    expect(at("enable --now docker.service")).toBeGreaterThanOrEqual(0);
    expect(at("install-kubernetes-tools.sh")).toBeGreaterThan(at("enable --now docker.service"));
    expect(at("enable --now minikube.service")).toBeGreaterThan(at("install-kubernetes-tools.sh"));
    expect(at("argocd-bootstrap.sh")).toBeGreaterThan(at("enable --now minikube.service"));
    const tools = file(cfg, "/usr/local/sbin/install-kubernetes-tools.sh");
    expect(tools).toContain(`minikube/releases/${KUBERNETES_HOST_VERSIONS.minikube}/minikube-linux-`);
    expect(tools).toContain(`dl.k8s.io/release/${KUBERNETES_HOST_VERSIONS.kubernetes}/bin/linux/`);
    expect(tools.match(/sha256sum --check --strict/g)).toHaveLength(2);
  });

  it("runs Minikube with the pinned Kubernetes, publishing the API server and ArgoCD's NodePorts on every interface", () => {
    const unit = file(cfg, "/etc/systemd/system/minikube.service");
    const start = unit.split("\n").find((l) => l.startsWith("ExecStart="))!;
    expect(start).toContain(`--kubernetes-version=${KUBERNETES_HOST_VERSIONS.kubernetes}`);
    expect(start).toContain("--listen-address=0.0.0.0");
    expect(start).toContain(`--apiserver-port=${KUBERNETES_PORTS.apiServer}`);
    for (const port of [KUBERNETES_PORTS.apiServer, KUBERNETES_PORTS.argocdHttp, KUBERNETES_PORTS.argocdHttps]) {
      expect(start).toContain(`${port}:${port}`);
    }
    expect(unit).toMatch(/^User=ec2-user$/m);
  });

  it("installs ArgoCD from its pinned manifest and sets the admin password read from Secrets Manager, by ARN, with the instance role", () => {
    const bootstrap = file(cfg, "/usr/local/sbin/argocd-bootstrap.sh");
    expect(bootstrap).toContain(
      `https://raw.githubusercontent.com/argoproj/argo-cd/${KUBERNETES_HOST_VERSIONS.argocd}/manifests/install.yaml`,
    );
    expect(bootstrap).toContain(
      `aws secretsmanager get-secret-value --region "us-east-1" --secret-id "${ARGOCD_SECRET}"`,
    );
    expect(bootstrap).toContain("htpasswd -niBC 10 admin");
    expect(bootstrap).toContain("kubectl -n argocd patch secret argocd-secret");
    expect(bootstrap).toContain("delete secret argocd-initial-admin-secret");
    expect(bootstrap).toContain(`"nodePort":${KUBERNETES_PORTS.argocdHttps}`);
  });

  it("holds no password: only the secret's ARN, and no literal credential assignment", () => {
    expect(kubernetes).toContain(ARGOCD_SECRET);
    expect(kubernetes).not.toMatch(SECRET_ASSIGNMENT);
    expect(kubernetes).not.toMatch(/admin\.password"\s*:\s*"\$2[aby]\$/);
  });

  it("fits EC2's 16 KB user data limit", () => {
    expect(Buffer.byteLength(kubernetes)).toBeLessThanOrEqual(OPS_HOST_DEFAULTS.maxUserDataBytes);
  });
});

describe("the monitoring host's user data", () => {
  const cfg = config(monitoring);
  const compose = parse(file(cfg, "/opt/monitoring/docker-compose.yaml")) as {
    services: Record<string, { image: string; ports?: string[]; network_mode?: string; secrets?: string[] }>;
    secrets: Record<string, { file: string }>;
  };

  it("is cloud-config: starts with #cloud-config and parses as YAML", () => {
    expect(monitoring.startsWith("#cloud-config\n")).toBe(true);
    expect(cfg.packages).toEqual(expect.arrayContaining(["docker", "jq"]));
  });

  it("writes the compose file, Prometheus's config, Grafana's data sources and Logstash's pipeline as rendered", () => {
    expect(file(cfg, "/opt/monitoring/docker-compose.yaml")).toBe(monitoringComposeFile());
    expect(file(cfg, "/opt/monitoring/prometheus/prometheus.yml")).toBe(prometheusConfig());
    expect(file(cfg, "/opt/monitoring/grafana/provisioning/datasources/datasources.yaml")).toBe(
      readTemplate("grafana-datasources.yaml"),
    );
    expect(file(cfg, "/opt/monitoring/logstash/pipeline/logstash.conf")).toBe(readTemplate("logstash.conf"));
  });

  it("runs every service the seed names, each at its pinned tag (never latest)", () => {
    const expected: Record<string, keyof typeof MONITORING_IMAGES> = {
      prometheus: "prometheus",
      grafana: "grafana",
      elasticsearch: "elasticsearch",
      kibana: "kibana",
      logstash: "logstash",
      jaeger: "jaeger",
      "node-exporter": "nodeExporter",
      cadvisor: "cadvisor",
      pushgateway: "pushgateway",
    };
    for (const [service, image] of Object.entries(expected)) {
      expect(compose.services[service]?.image, service).toBe(MONITORING_IMAGES[image]);
    }
    for (const [service, { image }] of Object.entries(compose.services)) {
      expect(image, service).toMatch(/^[a-z0-9./-]+:v?\d+\.\d+\.\d+$/);
    }
  });

  it("installs Docker and the pinned compose plugin (checksum verified), prepares the secrets, then runs docker compose up -d", () => {
    const run = commands(cfg);
    const at = (needle: string) => run.findIndex((c) => c.includes(needle));
    expect(at("sysctl --system")).toBeGreaterThanOrEqual(0);
    expect(at("install-compose.sh")).toBeGreaterThan(at("enable --now docker.service"));
    expect(at("monitoring-secrets.sh")).toBeGreaterThan(at("install-compose.sh"));
    expect(run.at(-1)).toBe("docker compose -f /opt/monitoring/docker-compose.yaml up -d");
    expect(file(cfg, "/usr/local/sbin/install-compose.sh")).toContain("sha256sum --check --strict");
    expect(file(cfg, "/etc/sysctl.d/99-elasticsearch.conf")).toContain("vm.max_map_count = 262144");
  });

  it("publishes the UIs on every interface (the security group decides), Elasticsearch on the loopback only", () => {
    const published = (service: string) => compose.services[service]?.ports ?? [];
    expect(published("prometheus")).toContain(`0.0.0.0:${MONITORING_PORTS.prometheus}:9090`);
    expect(published("grafana")).toContain(`0.0.0.0:${MONITORING_PORTS.grafana}:3000`);
    expect(published("kibana")).toContain(`0.0.0.0:${MONITORING_PORTS.kibana}:5601`);
    expect(published("jaeger")).toContain(`0.0.0.0:${MONITORING_PORTS.jaegerUi}:16686`);
    expect(published("elasticsearch")).toEqual([`127.0.0.1:${MONITORING_PORTS.elasticsearch}:9200`]);
  });

  it("Prometheus scrapes node exporter, cAdvisor and Pushgateway (keeping pushed labels)", () => {
    const prometheus = parse(file(cfg, "/opt/monitoring/prometheus/prometheus.yml")) as {
      scrape_configs: { job_name: string; honor_labels?: boolean; static_configs: { targets: string[] }[] }[];
    };
    const targets = Object.fromEntries(
      prometheus.scrape_configs.map((j) => [j.job_name, j.static_configs.flatMap((s) => s.targets)]),
    );
    expect(targets["node-exporter"]).toEqual([`host.docker.internal:${MONITORING_PORTS.nodeExporter}`]);
    expect(targets.cadvisor).toEqual(["cadvisor:8080"]);
    expect(targets.pushgateway).toEqual(["pushgateway:9091"]);
    expect(prometheus.scrape_configs.find((j) => j.job_name === "pushgateway")?.honor_labels).toBe(true);
    expect(compose.services["node-exporter"]?.network_mode).toBe("host");
  });

  it("Grafana's admin password comes from Secrets Manager at boot, by ARN, into a file only Grafana's user reads", () => {
    const secrets = file(cfg, "/usr/local/sbin/monitoring-secrets.sh");
    expect(secrets).toContain(
      `aws secretsmanager get-secret-value --region "us-east-1" --secret-id "${GRAFANA_SECRET}"`,
    );
    expect(secrets).toContain('chown 472:root "$dir/grafana-admin-password"');
    expect(secrets).toContain('chmod 0400 "$dir/grafana-admin-password"');
    expect(compose.services.grafana?.secrets).toEqual(["grafana_admin_user", "grafana_admin_password"]);
    expect(compose.secrets.grafana_admin_password).toEqual({ file: "./secrets/grafana-admin-password" });
  });

  it("Elasticsearch runs as a single node with security on", () => {
    const es = compose.services.elasticsearch as unknown as { environment: Record<string, string> };
    expect(es.environment["discovery.type"]).toBe("single-node");
    expect(es.environment["xpack.security.enabled"]).toBe("true");
  });

  it("holds no password: only the secret's ARN, and no literal credential assignment", () => {
    expect(monitoring).toContain(GRAFANA_SECRET);
    expect(monitoring).not.toMatch(SECRET_ASSIGNMENT);
    expect(monitoring).not.toMatch(/GF_SECURITY_ADMIN_PASSWORD\s*[:=]\s*(?!\/run\/secrets)/);
  });

  it("fits EC2's 16 KB user data limit", () => {
    expect(Buffer.byteLength(monitoring)).toBeLessThanOrEqual(OPS_HOST_DEFAULTS.maxUserDataBytes);
  });
});

describe("renderTemplate", () => {
  it("replaces every {{name}} and indents a multi-line value to its placeholder's column", () => {
    expect(renderTemplate("a: {{x}}\nb:\n  c: |\n    {{block}}\n", { x: 1, block: "one\n\ntwo\n" })).toBe(
      "a: 1\nb:\n  c: |\n    one\n\n    two\n",
    );
  });

  it("fails, naming the template and the placeholder, when a value is missing", () => {
    expect(() =>
      renderTemplate("region: {{region}}\nsecret: {{secretArn}}", { region: "us-east-1" }, "host.yaml"),
    ).toThrow(new TemplateError("host.yaml: no value for {{secretArn}}"));
  });

  it("fails on a value the template has no placeholder for (a misspelt name)", () => {
    expect(() => renderTemplate("region: {{region}}", { region: "us-east-1", regoin: "x" }, "host.yaml")).toThrow(
      /host\.yaml: regoin given but the template has no such placeholder/,
    );
  });

  it("fails on something between braces that is not a placeholder name", () => {
    expect(() => renderTemplate("port: {{ api-port }}", { "api-port": 1 }, "host.yaml")).toThrow(
      /host\.yaml: "\{\{ api-port \}\}" is not a placeholder/,
    );
  });

  it("fails on a multi-line value placed inside a line", () => {
    expect(() => renderTemplate("key: {{value}}", { value: "a\nb" }, "host.yaml")).toThrow(
      /\{\{value\}\} has several lines, so it must stand alone on its line/,
    );
  });

  it("fails on a value that is not text or a number", () => {
    expect(() => renderTemplate("key: {{value}}", { value: { arn: "x" } as unknown as string }, "host.yaml")).toThrow(
      /host\.yaml: value: \{"arn":"x"\} is not text or a finite number/,
    );
  });
});
