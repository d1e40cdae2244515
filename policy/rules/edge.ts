/**
 * Edge rules: load balancers, their listeners and target groups, WAF web ACLs, ACM certificates,
 * CloudFront distributions, API Gateway stages, method settings and custom domains. Protections
 * AWS attaches from other resources (WAF web ACL associations, rules and logging, method settings,
 * log deliveries) are checked at stack level on the siblings.
 */
import { X509Certificate } from "node:crypto";
import {
  ACM_MANUAL_VALIDATION_METHODS,
  ACM_MIN_RSA_KEY_BITS,
  ACM_TRANSPARENCY_LOGGING_DISABLED,
  APIGATEWAY_ALL_METHODS,
  APIGATEWAY_AUTHENTICATED_AUTHORIZATIONS,
  APIGATEWAY_LOGGING_LEVELS,
  APIGATEWAY_RECOMMENDED_SECURITY_POLICIES,
  APIGATEWAY_TLS12_SECURITY_POLICIES,
  APIGATEWAY_UNAUTHENTICATED_METHODS,
  CLOUDFRONT_DEFAULT_MIN_PROTOCOL_VERSION,
  CLOUDFRONT_EDGE_REGION,
  CLOUDFRONT_FAILOVER_STATUS_CODES,
  CLOUDFRONT_FRAME_OPTIONS,
  CLOUDFRONT_HSTS_MIN_MAX_AGE_SECONDS,
  CLOUDFRONT_LOG_TYPE,
  CLOUDFRONT_MIN_PROTOCOL_VERSIONS,
  CLOUDFRONT_ORIGIN_PROTOCOL_POLICY,
  CLOUDFRONT_ORIGIN_SSL_PROTOCOLS,
  CLOUDFRONT_VIEWER_PROTOCOL_POLICIES,
  CLOUDFRONT_WAF_SCOPE,
  LB_DEFAULT_SSL_POLICY,
  LB_DESYNC_MITIGATION_MODES,
  LB_HTTP_HEALTH_CHECK_PROTOCOLS,
  LB_PREFERRED_SSL_POLICY,
  LB_TLS12_SSL_POLICIES,
  LB_TLS13_SSL_POLICIES,
  LB_TLS_PROTOCOLS,
  S3_ORIGIN_DOMAIN,
  WAF_LOG_TYPE,
  WAF_VISIBILITY_FLAGS,
} from "../baseline/edge";
import { asArray, label, parseJson, regionOf, resourceRule, stackRule } from "./helpers";
import { LOAD_BALANCER_TYPES, pointsTo } from "./network";
import { identifiersOf, type ResourceView, type StackResourceView, type StackView, type StackViolation } from "./types";

export { LOAD_BALANCER_TYPES };
export const LISTENER_TYPES = ["aws:lb/listener:Listener", "aws:alb/listener:Listener"];
export const LISTENER_RULE_TYPES = ["aws:lb/listenerRule:ListenerRule", "aws:alb/listenerRule:ListenerRule"];
export const TARGET_GROUP_TYPES = ["aws:lb/targetGroup:TargetGroup", "aws:alb/targetGroup:TargetGroup"];
export const WEB_ACL_ASSOCIATION = "aws:wafv2/webAclAssociation:WebAclAssociation";
export const WEB_ACL = "aws:wafv2/webAcl:WebAcl";
export const WEB_ACL_RULE = "aws:wafv2/webAclRule:WebAclRule";
export const WEB_ACL_RULE_GROUP_ASSOCIATION = "aws:wafv2/webAclRuleGroupAssociation:WebAclRuleGroupAssociation";
export const WAF_RULE_GROUP = "aws:wafv2/ruleGroup:RuleGroup";
export const WEB_ACL_LOGGING = "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration";
export const ACM_CERTIFICATE = "aws:acm/certificate:Certificate";
export const DISTRIBUTION = "aws:cloudfront/distribution:Distribution";
export const RESPONSE_HEADERS_POLICY = "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy";
export const CERTIFICATE_VALIDATION = "aws:acm/certificateValidation:CertificateValidation";
export const LOG_DELIVERY_SOURCE = "aws:cloudwatch/logDeliverySource:LogDeliverySource";
export const LOG_DELIVERY = "aws:cloudwatch/logDelivery:LogDelivery";
export const REST_STAGE = "aws:apigateway/stage:Stage";
export const HTTP_STAGE = "aws:apigatewayv2/stage:Stage";
export const METHOD_SETTINGS = "aws:apigateway/methodSettings:MethodSettings";
export const REST_METHOD = "aws:apigateway/method:Method";
export const REST_DOMAIN_NAME = "aws:apigateway/domainName:DomainName";
export const HTTP_DOMAIN_NAME = "aws:apigatewayv2/domainName:DomainName";

const nonEmpty = (v: unknown): v is string => typeof v === "string" && v.trim() !== "";

// --- Load balancers -----------------------------------------------------------------------------

/** Application load balancers: `loadBalancerType` defaults to "application". */
const isApplication = (lb: ResourceView) => (lb.props.loadBalancerType ?? "application") === "application";
const lbKind = (lb: ResourceView) => String(lb.props.loadBalancerType ?? "application");

/** The listener's protocol; an ALB listener without one listens on HTTP (a Gateway LB listener has neither protocol nor port). */
function protocolOf(listener: ResourceView): string | undefined {
  const p = listener.props.protocol;
  if (typeof p === "string") return p.toUpperCase();
  return listener.props.port !== undefined ? "HTTP" : undefined;
}

const isHttpsRedirect = (action: any) =>
  action?.type === "redirect" && String(action?.redirect?.protocol ?? "").toUpperCase() === "HTTPS";

function describeAction(action: any): string {
  if (action?.type === "redirect") return `redirect to ${action?.redirect?.protocol ?? "#{protocol}"}`;
  return String(action?.type ?? "an action without type");
}

function tlsPolicyProblem(r: ResourceView, allowed: readonly string[], floor: string): string | undefined {
  const protocol = protocolOf(r);
  if (!protocol || !LB_TLS_PROTOCOLS.includes(protocol)) return undefined;
  const policy = r.props.sslPolicy;
  if (!nonEmpty(policy))
    return `${label(r)} (${protocol}) sets no sslPolicy, so it gets ${LB_DEFAULT_SSL_POLICY}, which accepts TLS 1.0`;
  return allowed.includes(policy)
    ? undefined
    : `${label(r)} (${protocol}) uses sslPolicy "${policy}", which is not ${floor}`;
}

// --- WAF ----------------------------------------------------------------------------------------

/** The rules a web ACL or rule group declares itself: `rules`, or the JSON of `ruleJson`. */
function inlineWafRules(r: ResourceView): { name: string; visibility: Record<string, unknown> | undefined }[] {
  const fromJson = asArray<any>(parseJson(r.props.ruleJson)).map((x) => ({
    name: String(x?.Name ?? x?.name ?? "?"),
    // ruleJson carries the API's PascalCase names.
    visibility: x?.VisibilityConfig
      ? {
          cloudwatchMetricsEnabled: x.VisibilityConfig.CloudWatchMetricsEnabled,
          sampledRequestsEnabled: x.VisibilityConfig.SampledRequestsEnabled,
        }
      : x?.visibilityConfig,
  }));
  const inline = asArray<any>(r.props.rules).map((x) => ({
    name: String(x?.name ?? "?"),
    visibility: x?.visibilityConfig,
  }));
  return [...inline, ...fromJson];
}

/** The visibility flags a visibilityConfig leaves off. */
const visibilityGaps = (visibility: Record<string, unknown> | undefined) =>
  WAF_VISIBILITY_FLAGS.filter((flag) => visibility?.[flag] !== true);

// --- ACM ----------------------------------------------------------------------------------------

/** The RSA key size of a PEM certificate, if it is an RSA certificate that parses. */
function rsaBitsOfPem(pem: unknown): number | undefined {
  if (typeof pem !== "string" || !pem.includes("BEGIN CERTIFICATE")) return undefined;
  try {
    const key = new X509Certificate(pem).publicKey;
    return key.asymmetricKeyType === "rsa" ? key.asymmetricKeyDetails?.modulusLength : undefined;
  } catch {
    return undefined;
  }
}

const isImportedCertificate = (r: ResourceView) => Boolean(r.props.certificateBody);
const isPrivateCertificate = (r: ResourceView) => nonEmpty(r.props.certificateAuthorityArn);

// --- CloudFront ---------------------------------------------------------------------------------

function behaviorsOf(d: ResourceView): { at: string; behavior: any }[] {
  return [
    { at: "defaultCacheBehavior", behavior: d.props.defaultCacheBehavior },
    ...asArray<any>(d.props.orderedCacheBehaviors).map((b, i) => ({
      at: `orderedCacheBehaviors[${i}]${b?.pathPattern ? ` (${b.pathPattern})` : ""}`,
      behavior: b,
    })),
  ];
}

const originsOf = (d: ResourceView) => asArray<any>(d.props.origins);

/** The region in an ARN (`arn:<partition>:<service>:<region>:…`), if the value is an ARN. */
const arnRegion = (arn: unknown): string | undefined =>
  typeof arn === "string" && arn.startsWith("arn:") ? arn.split(":")[3] : undefined;

/** What a response headers policy leaves out of the security headers, or nothing. */
function securityHeaderGaps(policy: StackResourceView): string[] {
  const h = policy.props.securityHeadersConfig ?? {};
  const gaps: string[] = [];
  const hsts = h.strictTransportSecurity;
  if (!hsts) gaps.push("no Strict-Transport-Security");
  else {
    if (!(hsts.accessControlMaxAgeSec >= CLOUDFRONT_HSTS_MIN_MAX_AGE_SECONDS))
      gaps.push(
        `Strict-Transport-Security max-age ${JSON.stringify(hsts.accessControlMaxAgeSec ?? null)} (under a year)`,
      );
    if (hsts.includeSubdomains !== true) gaps.push("Strict-Transport-Security without includeSubdomains");
  }
  if (!h.contentTypeOptions) gaps.push("no X-Content-Type-Options");
  if (!CLOUDFRONT_FRAME_OPTIONS.includes(h.frameOptions?.frameOption))
    gaps.push(`X-Frame-Options ${JSON.stringify(h.frameOptions?.frameOption ?? null)}`);
  if (!h.referrerPolicy?.referrerPolicy) gaps.push("no Referrer-Policy");
  return gaps;
}
const originName = (o: any, i: number) => `origin ${JSON.stringify(o?.originId ?? i)}`;
/** An S3 REST origin: an S3 domain (website endpoints excluded) or an s3OriginConfig block. */
const isS3Origin = (o: any) =>
  (typeof o?.domainName === "string" && S3_ORIGIN_DOMAIN.test(o.domainName)) || o?.s3OriginConfig !== undefined;

// --- API Gateway --------------------------------------------------------------------------------

const sharedDeps = (a: StackResourceView, b: StackResourceView, prop: string) =>
  (a.propertyDependencies[prop] ?? []).some((u) => (b.propertyDependencies[prop] ?? []).includes(u));

/** The same REST API: a shared dependency on the aws.apigateway.RestApi, or the same id. */
const sameRestApi = (a: StackResourceView, b: StackResourceView) =>
  sharedDeps(a, b, "restApi") || (nonEmpty(a.props.restApi) && a.props.restApi === b.props.restApi);

/** MethodSettings of a stage: they take stageName from the stage, or name the same API and stage. */
function methodSettingsOf(stack: StackView, stage: StackResourceView): StackResourceView[] {
  return stack
    .ofType(METHOD_SETTINGS)
    .filter(
      (m) =>
        m.propertyDependencies.stageName?.includes(stage.urn) ||
        (sameRestApi(m, stage) && nonEmpty(stage.props.stageName) && m.props.stageName === stage.props.stageName),
    );
}

/** A WAF association for a stage: its resourceArn comes from the stage, or is the stage's ARN. */
function stageHasWebAcl(stack: StackView, stage: StackResourceView): boolean {
  const name = stage.props.stageName;
  return stack.ofType(WEB_ACL_ASSOCIATION).some((a) => {
    if (a.propertyDependencies.resourceArn?.includes(stage.urn)) return true;
    const arn = a.props.resourceArn;
    if (
      nonEmpty(arn) &&
      (arn === stage.props.arn ||
        (nonEmpty(stage.props.restApi) &&
          nonEmpty(name) &&
          arn.endsWith(`/restapis/${stage.props.restApi}/stages/${name}`)))
    )
      return true;
    // An ARN built from the API's id and the stage's name as a literal.
    const fromSameApi = (a.propertyDependencies.resourceArn ?? []).some((u) =>
      (stage.propertyDependencies.restApi ?? []).includes(u),
    );
    return fromSameApi && nonEmpty(name) && (arn === undefined || (nonEmpty(arn) && arn.endsWith(`/stages/${name}`)));
  });
}

const perStage = (stack: StackView, check: (stage: StackResourceView) => string | undefined): StackViolation[] =>
  stack.ofType(REST_STAGE).flatMap((stage) => {
    const message = check(stage);
    return message ? [{ message, urn: stage.urn }] : [];
  });

const stageLabel = (stage: StackResourceView) =>
  `${label(stage)}${nonEmpty(stage.props.stageName) ? ` (stage ${stage.props.stageName})` : ""}`;

const positive = (v: unknown) => typeof v === "number" && v > 0;

interface TlsPolicyConfig {
  allowedPolicies: string[];
}
interface WafConfig {
  includeInternal: boolean;
}

export const edgeRules = [
  // --- Load balancers ---
  resourceRule({
    name: "lb-listener-tls12-policy",
    description:
      "[ELB.17] HTTPS and TLS listeners use a predefined security policy whose minimum is TLS 1.2 (not the API default ELBSecurityPolicy-2016-08).",
    group: "edge",
    severity: "high",
    resourceTypes: LISTENER_TYPES,
    remediation: `Set sslPolicy to a TLS 1.2+ policy, preferably "${LB_PREFERRED_SSL_POLICY}".`,
    check: (r) => tlsPolicyProblem(r, LB_TLS12_SSL_POLICIES, "a TLS 1.2+ policy"),
  }),
  resourceRule<TlsPolicyConfig>({
    name: "lb-listener-tls13-policy",
    description:
      "[ELB.17] HTTPS and TLS listeners preferably use a TLS 1.3 security policy (ELBSecurityPolicy-TLS13-1-2-* or -1-3-*).",
    group: "edge",
    enforcementLevel: "advisory",
    severity: "low",
    resourceTypes: LISTENER_TYPES,
    remediation: `Set sslPolicy to a TLS 1.3 policy such as "${LB_PREFERRED_SSL_POLICY}" (Security Hub's ELB.17 recommends the -Res- and 1-3 variants).`,
    config: {
      schema: {
        properties: {
          allowedPolicies: {
            type: "array",
            items: { type: "string" },
            description: "The security policies that count as TLS 1.3 policies.",
          },
        },
      },
      defaults: { allowedPolicies: [...LB_TLS13_SSL_POLICIES] },
    },
    check: (r, config) => tlsPolicyProblem(r, config.allowedPolicies, "a TLS 1.3 policy"),
  }),
  resourceRule({
    name: "lb-http-listener-redirects-https",
    description:
      "[ELB.1] HTTP listeners only redirect to HTTPS: every default action is a redirect with protocol HTTPS.",
    group: "edge",
    severity: "high",
    resourceTypes: LISTENER_TYPES,
    remediation:
      'Give the HTTP listener a single default action { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } } and serve content from an HTTPS listener.',
    check: (r) => {
      if (protocolOf(r) !== "HTTP") return undefined;
      const actions = asArray<any>(r.props.defaultActions);
      if (actions.length === 0) return `${label(r)} (HTTP) has no default action redirecting to HTTPS`;
      return actions
        .filter((a) => !isHttpsRedirect(a))
        .map((a) => `${label(r)} (HTTP) has a default action that does not redirect to HTTPS: ${describeAction(a)}`);
    },
  }),
  stackRule({
    name: "lb-http-listener-rules-redirect-https",
    description: "[ELB.1] Listener rules on an HTTP listener only redirect to HTTPS, so no path serves plain HTTP.",
    group: "edge",
    severity: "high",
    remediation: "Move the rule to the HTTPS listener; on the HTTP listener keep only redirects with protocol HTTPS.",
    check: (stack) =>
      stack.ofType(...LISTENER_RULE_TYPES).flatMap((rule): StackViolation[] => {
        const http = pointsTo(stack, rule, "listenerArn", ...LISTENER_TYPES).filter((l) => protocolOf(l) === "HTTP");
        if (http.length === 0) return [];
        return asArray<any>(rule.props.actions)
          .filter((a) => !isHttpsRedirect(a))
          .map((a) => ({
            message: `${label(rule)} on HTTP listener "${http[0]!.name}" does not redirect to HTTPS: ${describeAction(a)}`,
            urn: rule.urn,
          }));
      }),
  }),
  resourceRule({
    name: "lb-drop-invalid-header-fields",
    description: "[ELB.4] Application load balancers drop HTTP headers with invalid fields (dropInvalidHeaderFields).",
    group: "edge",
    severity: "medium",
    resourceTypes: LOAD_BALANCER_TYPES,
    remediation: "Set dropInvalidHeaderFields: true on the application load balancer.",
    check: (r) =>
      isApplication(r) &&
      r.props.dropInvalidHeaderFields !== true &&
      `${label(r)} does not drop invalid header fields (dropInvalidHeaderFields ${JSON.stringify(r.props.dropInvalidHeaderFields ?? false)})`,
  }),
  resourceRule({
    name: "lb-deletion-protection",
    description: "[ELB.6] Application, network and gateway load balancers have deletion protection enabled.",
    group: "edge",
    severity: "medium",
    resourceTypes: LOAD_BALANCER_TYPES,
    remediation:
      "Set enableDeletionProtection: true (turn it off in a separate update before deleting the load balancer on purpose).",
    check: (r) =>
      r.props.enableDeletionProtection !== true &&
      `${lbKind(r)} ${label(r)} does not enable deletion protection (enableDeletionProtection ${JSON.stringify(r.props.enableDeletionProtection ?? false)})`,
  }),
  resourceRule({
    name: "lb-access-logs",
    description: "[ELB.5] Application load balancers write access logs to S3 (accessLogs.enabled with a bucket).",
    group: "edge",
    severity: "medium",
    resourceTypes: LOAD_BALANCER_TYPES,
    remediation:
      "Set accessLogs: { bucket: <the region's ALB access-log bucket>, enabled: true } (the bucket needs SSE-S3 and the ELB delivery policy).",
    check: (r) => {
      if (!isApplication(r)) return undefined;
      const logs = r.props.accessLogs;
      if (!logs || typeof logs !== "object") return `${label(r)} has no accessLogs`;
      if (logs.enabled !== true)
        return `${label(r)} has accessLogs with enabled ${JSON.stringify(logs.enabled ?? false)}`;
      return !nonEmpty(logs.bucket) && `${label(r)} enables access logs without a bucket`;
    },
  }),
  resourceRule({
    name: "lb-desync-mitigation",
    description:
      "[ELB.12] Application load balancers use the defensive or strictest HTTP desync mitigation mode, not monitor.",
    group: "edge",
    severity: "medium",
    resourceTypes: LOAD_BALANCER_TYPES,
    remediation: 'Leave desyncMitigationMode unset (defensive) or set it to "defensive" or "strictest".',
    check: (r) => {
      const mode = r.props.desyncMitigationMode;
      return (
        isApplication(r) &&
        mode !== undefined &&
        !LB_DESYNC_MITIGATION_MODES.includes(mode) &&
        `${label(r)} uses desyncMitigationMode "${mode}"`
      );
    },
  }),
  resourceRule({
    name: "lb-multi-az",
    description:
      "[ELB.13] Load balancers span at least two Availability Zones (two or more subnets or subnet mappings).",
    group: "edge",
    severity: "medium",
    resourceTypes: LOAD_BALANCER_TYPES,
    remediation: "Pass one subnet per Availability Zone (e.g. RegionalNetwork's publicSubnetIds or privateSubnetIds).",
    check: (r) => {
      const { subnets, subnetMappings } = r.props;
      if (subnets === undefined && subnetMappings === undefined) return undefined;
      const count = asArray(subnets).length + asArray(subnetMappings).length;
      return count < 2 && `${label(r)} is in ${count} subnet(s); it needs at least two Availability Zones`;
    },
  }),
  resourceRule({
    name: "lb-target-group-health-check",
    description:
      "Load balancer target groups (other than Lambda targets) keep health checks on, and HTTP/HTTPS health checks request an explicit path (healthCheck.path), so traffic only reaches targets that serve.",
    group: "edge",
    severity: "medium",
    resourceTypes: TARGET_GROUP_TYPES,
    remediation:
      'Set healthCheck: { enabled: true, path: "/healthz" (the application\'s health endpoint), matcher: "200" } (protocol, interval and thresholds as the application needs).',
    check: (r) => {
      if (r.props.targetType === "lambda") return undefined;
      const hc = r.props.healthCheck ?? {};
      if (hc.enabled === false) return `${label(r)} turns health checks off (healthCheck.enabled false)`;
      const protocol = String(hc.protocol ?? r.props.protocol ?? "").toUpperCase();
      return (
        LB_HTTP_HEALTH_CHECK_PROTOCOLS.includes(protocol) &&
        !nonEmpty(hc.path) &&
        `${label(r)} checks health over ${protocol} without healthCheck.path (it requests "/", not a health endpoint)`
      );
    },
  }),
  stackRule<WafConfig>({
    name: "lb-waf-association",
    description:
      "[ELB.16] Internet-facing application load balancers are protected by an AWS WAF web ACL (aws.wafv2.WebAclAssociation whose resourceArn is the load balancer).",
    group: "edge",
    severity: "high",
    remediation:
      "Create an aws.wafv2.WebAclAssociation with resourceArn set to the load balancer's arn and webAclArn to a REGIONAL web ACL.",
    config: {
      schema: {
        properties: {
          includeInternal: {
            type: "boolean",
            description: "Also require a web ACL on internal application load balancers.",
          },
        },
      },
      defaults: { includeInternal: false },
    },
    check: (stack, config) =>
      stack
        .ofType(...LOAD_BALANCER_TYPES)
        .filter((lb) => isApplication(lb) && (config.includeInternal || lb.props.internal !== true))
        .flatMap((lb): StackViolation[] =>
          stack.configuring(lb, WEB_ACL_ASSOCIATION, "resourceArn").length > 0
            ? []
            : [
                {
                  message: `${lb.props.internal === true ? "internal" : "internet-facing"} ${label(lb)} has no WAF web ACL association`,
                  urn: lb.urn,
                },
              ],
        ),
  }),

  // --- WAF ---
  stackRule({
    name: "waf-web-acl-has-rules",
    description:
      "[WAF.10] Every AWS WAF web ACL has at least one rule or rule group: inline rules or ruleJson, or an aws.wafv2.WebAclRule / WebAclRuleGroupAssociation whose webAclArn is the ACL.",
    group: "edge",
    severity: "medium",
    remediation:
      "Add rules to the web ACL, e.g. a per-IP rate-based rule and the AWS managed rule groups AWSManagedRulesCommonRuleSet, AWSManagedRulesKnownBadInputsRuleSet and AWSManagedRulesAmazonIpReputationList.",
    check: (stack) =>
      stack.ofType(WEB_ACL).flatMap((acl): StackViolation[] => {
        if (inlineWafRules(acl).length > 0) return [];
        const attached =
          stack.configuring(acl, WEB_ACL_RULE, "webAclArn").length +
          stack.configuring(acl, WEB_ACL_RULE_GROUP_ASSOCIATION, "webAclArn").length;
        if (attached > 0) return [];
        const action = Object.keys(acl.props.defaultAction ?? {})[0] ?? "default";
        return [
          {
            message: `${label(acl)} has no rules or rule groups: every request gets its ${action} action uninspected`,
            urn: acl.urn,
          },
        ];
      }),
  }),
  resourceRule({
    name: "waf-cloudwatch-metrics",
    description:
      "[WAF.12] AWS WAF web ACLs, rule groups and each of their rules send CloudWatch metrics and keep sampled requests (visibilityConfig cloudwatchMetricsEnabled and sampledRequestsEnabled true).",
    group: "edge",
    severity: "medium",
    resourceTypes: [WEB_ACL, WAF_RULE_GROUP, WEB_ACL_RULE, WEB_ACL_RULE_GROUP_ASSOCIATION],
    remediation:
      "Set visibilityConfig: { cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName } on the web ACL or rule group, on every rule in it, and on every aws.wafv2.WebAclRule and WebAclRuleGroupAssociation.",
    check: (r) => {
      const out: string[] = [];
      const own = r.props.visibilityConfig;
      const gaps = visibilityGaps(own);
      if (own === undefined) out.push(`${label(r)} sets no visibilityConfig`);
      else if (gaps.length > 0) out.push(`${label(r)} visibilityConfig leaves ${gaps.join(" and ")} off`);
      for (const rule of inlineWafRules(r)) {
        const gaps = visibilityGaps(rule.visibility);
        if (gaps.length > 0) out.push(`${label(r)} rule "${rule.name}" leaves ${gaps.join(" and ")} off`);
      }
      return out;
    },
  }),
  stackRule({
    name: "waf-web-acl-logging",
    description:
      "[WAF.11] Every AWS WAF web ACL logs the requests it inspects: an aws.wafv2.WebAclLoggingConfiguration whose resourceArn is the ACL, or a CloudWatch log delivery source (logType WAF_LOGS) for it with a LogDelivery.",
    group: "edge",
    enforcementLevel: "advisory",
    severity: "medium",
    remediation:
      'Create an aws.wafv2.WebAclLoggingConfiguration with resourceArn the web ACL\'s arn and logDestinationConfigs a KMS-encrypted log group named "aws-waf-logs-..." (redact the authorization and cookie headers).',
    check: (stack) =>
      stack.ofType(WEB_ACL).flatMap((acl): StackViolation[] => {
        if (stack.configuring(acl, WEB_ACL_LOGGING, "resourceArn").length > 0) return [];
        const sources = stack
          .configuring(acl, LOG_DELIVERY_SOURCE, "resourceArn")
          .filter((s) => s.props.logType === WAF_LOG_TYPE);
        if (sources.some((s) => stack.configuring(s, LOG_DELIVERY, "deliverySourceName").length > 0)) return [];
        return [{ message: `${label(acl)} has no logging configuration`, urn: acl.urn }];
      }),
  }),

  // --- ACM ---
  resourceRule({
    name: "acm-certificate-rsa-2048",
    description:
      "[ACM.2] ACM certificates with RSA keys use at least 2,048 bits (keyAlgorithm, or the key of an imported certificateBody).",
    group: "edge",
    severity: "high",
    resourceTypes: [ACM_CERTIFICATE],
    remediation:
      'Request the certificate with keyAlgorithm "RSA_2048" (the default) or "EC_prime256v1", or import one with a key of at least 2,048 bits.',
    check: (r) => {
      const algorithm = r.props.keyAlgorithm;
      const requested = typeof algorithm === "string" ? /^RSA_(\d+)$/.exec(algorithm) : null;
      if (requested && Number(requested[1]) < ACM_MIN_RSA_KEY_BITS)
        return `${label(r)} has keyAlgorithm "${algorithm}", shorter than ${ACM_MIN_RSA_KEY_BITS} bits`;
      const imported = rsaBitsOfPem(r.props.certificateBody);
      return (
        imported !== undefined &&
        imported < ACM_MIN_RSA_KEY_BITS &&
        `${label(r)} imports a certificate with a ${imported}-bit RSA key, shorter than ${ACM_MIN_RSA_KEY_BITS} bits`
      );
    },
  }),
  resourceRule({
    name: "acm-certificate-dns-validation",
    description:
      "Public certificates ACM issues are validated by DNS (or HTTP), not e-mail, so ACM renews them on its own while the record stays (what ACM.1 then finds renewed in time).",
    group: "edge",
    severity: "medium",
    resourceTypes: [ACM_CERTIFICATE],
    remediation:
      'Set validationMethod: "DNS" and create the validation CNAME (aws.route53.Record from domainValidationOptions) with an aws.acm.CertificateValidation.',
    check: (r) =>
      !isImportedCertificate(r) &&
      !isPrivateCertificate(r) &&
      ACM_MANUAL_VALIDATION_METHODS.includes(r.props.validationMethod) &&
      `${label(r)} is validated by ${r.props.validationMethod}: someone must approve every renewal`,
  }),
  resourceRule({
    name: "acm-certificate-transparency-logging",
    description:
      "Public certificates ACM issues are logged to certificate transparency logs (options.certificateTransparencyLoggingPreference not DISABLED), so a certificate misissued for the domain shows up and browsers trust it.",
    group: "edge",
    severity: "low",
    resourceTypes: [ACM_CERTIFICATE],
    remediation: 'Remove options.certificateTransparencyLoggingPreference or set it to "ENABLED".',
    check: (r) =>
      !isImportedCertificate(r) &&
      !isPrivateCertificate(r) &&
      r.props.options?.certificateTransparencyLoggingPreference === ACM_TRANSPARENCY_LOGGING_DISABLED &&
      `${label(r)} opts out of certificate transparency logging`,
  }),

  // --- CloudFront ---
  resourceRule({
    name: "cloudfront-viewer-https",
    description:
      "[CloudFront.3] Every cache behavior (default and ordered) has viewerProtocolPolicy redirect-to-https or https-only.",
    group: "edge",
    severity: "high",
    resourceTypes: [DISTRIBUTION],
    remediation:
      'Set viewerProtocolPolicy to "redirect-to-https" (or "https-only") in defaultCacheBehavior and every orderedCacheBehaviors entry.',
    check: (r) =>
      behaviorsOf(r)
        .filter(
          ({ behavior }) => behavior && !CLOUDFRONT_VIEWER_PROTOCOL_POLICIES.includes(behavior.viewerProtocolPolicy),
        )
        .map(
          ({ at, behavior }) =>
            `${label(r)} ${at} has viewerProtocolPolicy ${JSON.stringify(behavior.viewerProtocolPolicy)}`,
        ),
  }),
  resourceRule({
    name: "cloudfront-viewer-tls12",
    description:
      "[CloudFront.15, CloudFront.7] Viewers connect with TLS 1.2 or newer: a custom certificate with minimumProtocolVersion TLSv1.2_2021 or newer (the default CloudFront certificate allows TLSv1).",
    group: "edge",
    severity: "high",
    resourceTypes: [DISTRIBUTION],
    remediation: `Use an ACM certificate (us-east-1) with sslSupportMethod "sni-only" and minimumProtocolVersion "${CLOUDFRONT_MIN_PROTOCOL_VERSIONS[0]}" or newer.`,
    check: (r) => {
      const cert = r.props.viewerCertificate ?? {};
      if (cert.cloudfrontDefaultCertificate === true)
        return `${label(r)} uses the default CloudFront certificate, which allows ${CLOUDFRONT_DEFAULT_MIN_PROTOCOL_VERSION}`;
      const version = cert.minimumProtocolVersion;
      if (version === undefined)
        return `${label(r)} sets no viewerCertificate.minimumProtocolVersion, so it defaults to ${CLOUDFRONT_DEFAULT_MIN_PROTOCOL_VERSION}`;
      return (
        !CLOUDFRONT_MIN_PROTOCOL_VERSIONS.includes(version) &&
        `${label(r)} allows viewers minimumProtocolVersion "${version}"; use ${CLOUDFRONT_MIN_PROTOCOL_VERSIONS.join(", ")}`
      );
    },
  }),
  resourceRule({
    name: "cloudfront-sni-only",
    description:
      "[CloudFront.8] Distributions with a custom certificate serve HTTPS with SNI, not dedicated IP addresses (vip).",
    group: "edge",
    severity: "low",
    resourceTypes: [DISTRIBUTION],
    remediation: 'Set viewerCertificate.sslSupportMethod to "sni-only".',
    check: (r) => {
      const cert = r.props.viewerCertificate ?? {};
      const custom = nonEmpty(cert.acmCertificateArn) || nonEmpty(cert.iamCertificateId);
      return (
        custom &&
        cert.sslSupportMethod === "vip" &&
        `${label(r)} serves its custom certificate with sslSupportMethod "vip"`
      );
    },
  }),
  resourceRule({
    name: "cloudfront-waf",
    description: "[CloudFront.6] Distributions are protected by an AWS WAF web ACL (webAclId).",
    group: "edge",
    severity: "high",
    resourceTypes: [DISTRIBUTION],
    remediation:
      "Set webAclId to the ARN of a CLOUDFRONT-scope aws.wafv2.WebAcl (created with the us-east-1 provider).",
    check: (r) => !nonEmpty(r.props.webAclId) && `${label(r)} has no webAclId`,
  }),
  stackRule({
    name: "cloudfront-access-logging",
    description:
      "[CloudFront.5] Distributions log viewer requests: standard logging (loggingConfig.bucket) or standard logging v2 (an aws.cloudwatch.LogDeliverySource for the distribution with a LogDelivery).",
    group: "edge",
    severity: "medium",
    remediation:
      'Set loggingConfig { bucket: "<log bucket>.s3.amazonaws.com", prefix } or create a LogDeliverySource (logType ACCESS_LOGS, resourceArn the distribution) and a LogDelivery to a destination.',
    check: (stack) =>
      stack.ofType(DISTRIBUTION).flatMap((d): StackViolation[] => {
        if (nonEmpty(d.props.loggingConfig?.bucket)) return [];
        const sources = stack
          .configuring(d, LOG_DELIVERY_SOURCE, "resourceArn")
          .filter((s) => (s.props.logType ?? CLOUDFRONT_LOG_TYPE) === CLOUDFRONT_LOG_TYPE);
        if (sources.some((s) => stack.configuring(s, LOG_DELIVERY, "deliverySourceName").length > 0)) return [];
        const why =
          sources.length > 0
            ? `its log delivery source "${sources[0]!.name}" has no aws.cloudwatch.LogDelivery`
            : "it has no loggingConfig.bucket and no log delivery source";
        return [{ message: `${label(d)} does not log requests: ${why}`, urn: d.urn }];
      }),
  }),
  resourceRule({
    name: "cloudfront-s3-origin-oac",
    description:
      "[CloudFront.13] S3 origins (domainName *.s3.*amazonaws.com) use origin access control (originAccessControlId), not a public bucket or a legacy origin access identity.",
    group: "edge",
    severity: "high",
    resourceTypes: [DISTRIBUTION],
    remediation:
      "Create an aws.cloudfront.OriginAccessControl (originAccessControlOriginType s3, signingBehavior always, signingProtocol sigv4), set originAccessControlId on the origin, and allow only that distribution in the bucket policy.",
    check: (r) =>
      originsOf(r).flatMap((o, i) => {
        if (!isS3Origin(o) || nonEmpty(o?.originAccessControlId)) return [];
        const oai = nonEmpty(o?.s3OriginConfig?.originAccessIdentity)
          ? " (it uses a legacy origin access identity)"
          : "";
        return [
          `${label(r)} S3 ${originName(o, i)} (${o?.domainName ?? "unknown domain"}) has no originAccessControlId${oai}`,
        ];
      }),
  }),
  resourceRule({
    name: "cloudfront-default-root-object",
    description:
      "[CloudFront.1] Distributions with S3 origins name a default root object, so a request for / never lists or exposes the bucket.",
    group: "edge",
    severity: "medium",
    resourceTypes: [DISTRIBUTION],
    remediation: 'Set defaultRootObject, e.g. "index.html".',
    check: (r) =>
      originsOf(r).some(isS3Origin) &&
      !nonEmpty(r.props.defaultRootObject) &&
      `${label(r)} has S3 origins and no defaultRootObject`,
  }),
  resourceRule({
    name: "cloudfront-custom-origin-https",
    description:
      "[CloudFront.9] Traffic to custom origins is encrypted: originProtocolPolicy https-only (or match-viewer when no behavior allows HTTP viewers).",
    group: "edge",
    severity: "high",
    resourceTypes: [DISTRIBUTION],
    remediation: `Set customOriginConfig.originProtocolPolicy to "${CLOUDFRONT_ORIGIN_PROTOCOL_POLICY}" and serve TLS on the origin.`,
    check: (r) => {
      const viewersMayUseHttp = behaviorsOf(r).some(
        ({ behavior }) => behavior && !CLOUDFRONT_VIEWER_PROTOCOL_POLICIES.includes(behavior.viewerProtocolPolicy),
      );
      return originsOf(r).flatMap((o, i) => {
        const policy = o?.customOriginConfig?.originProtocolPolicy;
        if (
          !o?.customOriginConfig ||
          policy === CLOUDFRONT_ORIGIN_PROTOCOL_POLICY ||
          (policy === "match-viewer" && !viewersMayUseHttp)
        )
          return [];
        return [
          `${label(r)} custom ${originName(o, i)} has originProtocolPolicy ${JSON.stringify(policy)}${policy === "match-viewer" ? " while a behavior allows HTTP viewers" : ""}`,
        ];
      });
    },
  }),
  resourceRule({
    name: "cloudfront-origin-tls12",
    description:
      "[CloudFront.10] CloudFront connects to custom origins with TLS 1.2 only (originSslProtocols without SSLv3, TLSv1 or TLSv1.1).",
    group: "edge",
    severity: "medium",
    resourceTypes: [DISTRIBUTION],
    remediation: `Set customOriginConfig.originSslProtocols to ${JSON.stringify(CLOUDFRONT_ORIGIN_SSL_PROTOCOLS)}.`,
    check: (r) =>
      originsOf(r).flatMap((o, i) => {
        const old = asArray<string>(o?.customOriginConfig?.originSslProtocols).filter(
          (p) => !CLOUDFRONT_ORIGIN_SSL_PROTOCOLS.includes(p),
        );
        return old.length > 0
          ? [`${label(r)} custom ${originName(o, i)} allows originSslProtocols ${old.join(", ")}`]
          : [];
      }),
  }),

  stackRule({
    name: "cloudfront-response-headers-policy",
    description:
      "Every cache behavior (default and ordered) attaches a response headers policy with the security headers (an AWS-managed SecurityHeadersPolicy, or one of this stack with Strict-Transport-Security (max-age of a year or more, includeSubdomains), X-Content-Type-Options, X-Frame-Options DENY or SAMEORIGIN and a Referrer-Policy).",
    group: "edge",
    severity: "medium",
    remediation:
      "Create an aws.cloudfront.ResponseHeadersPolicy with securityHeadersConfig (strictTransportSecurity { accessControlMaxAgeSec: 31536000, includeSubdomains: true, preload: true }, contentTypeOptions, frameOptions DENY, referrerPolicy strict-origin-when-cross-origin) and set responseHeadersPolicyId on every behavior, or use the managed SecurityHeadersPolicy.",
    check: (stack) =>
      stack.ofType(DISTRIBUTION).flatMap((d): StackViolation[] => {
        const missing = behaviorsOf(d)
          .filter(({ behavior }) => behavior && !nonEmpty(behavior.responseHeadersPolicyId))
          .map(({ at }) => ({ message: `${label(d)} ${at} attaches no response headers policy`, urn: d.urn }));
        // The stack's policies the behaviors take their ids from (through the recorded dependency, or by value).
        const ids = new Set(behaviorsOf(d).map(({ behavior }) => behavior?.responseHeadersPolicyId));
        const deps = new Set([
          ...(d.propertyDependencies.defaultCacheBehavior ?? []),
          ...(d.propertyDependencies.orderedCacheBehaviors ?? []),
        ]);
        const attached = stack
          .ofType(RESPONSE_HEADERS_POLICY)
          .filter((p) => deps.has(p.urn) || [...identifiersOf(p)].some((k) => ids.has(k)));
        const weak = attached.flatMap((p): StackViolation[] => {
          const gaps = securityHeaderGaps(p);
          return gaps.length > 0
            ? [
                {
                  message: `${label(d)} attaches response headers policy "${p.name}", which has ${gaps.join(", ")}`,
                  urn: d.urn,
                },
              ]
            : [];
        });
        return [...missing, ...weak];
      }),
  }),
  stackRule({
    name: "cloudfront-cert-and-waf-in-us-east-1",
    description: `CloudFront takes its viewer certificate (ACM) and its web ACL (WAFv2, CLOUDFRONT scope) from ${CLOUDFRONT_EDGE_REGION} only, wherever the stack runs: a distribution's acmCertificateArn and webAclId name resources there, and the certificates and web ACLs it is built from are created with a ${CLOUDFRONT_EDGE_REGION} provider.`,
    group: "edge",
    severity: "high",
    remediation: `Create the aws.acm.Certificate and the aws.wafv2.WebAcl (scope ${CLOUDFRONT_WAF_SCOPE}) with an explicit aws.Provider for ${CLOUDFRONT_EDGE_REGION} (the stack's own when it runs there), and set webAclId to the ACL's ARN.`,
    check: (stack) =>
      stack.ofType(DISTRIBUTION).flatMap((d): StackViolation[] => {
        const out: string[] = [];
        const certArn = d.props.viewerCertificate?.acmCertificateArn;
        const certRegion = arnRegion(certArn);
        if (certRegion !== undefined && certRegion !== CLOUDFRONT_EDGE_REGION)
          out.push(`${label(d)} uses the ACM certificate ${certArn}, in ${certRegion}`);
        for (const urn of d.propertyDependencies.viewerCertificate ?? []) {
          const from = stack.byUrn(urn);
          if (!from || (from.type !== ACM_CERTIFICATE && from.type !== CERTIFICATE_VALIDATION)) continue;
          const region = regionOf(from);
          if (region !== undefined && region !== CLOUDFRONT_EDGE_REGION && certRegion === undefined)
            out.push(`${label(d)} takes its certificate from ${label(from)}, created in ${region}`);
        }
        const aclId = d.props.webAclId;
        const aclRegion = arnRegion(aclId);
        if (
          aclRegion !== undefined &&
          (aclRegion !== CLOUDFRONT_EDGE_REGION || !String(aclId).includes(":global/webacl/"))
        )
          out.push(
            `${label(d)} uses the web ACL ${aclId}, not a ${CLOUDFRONT_WAF_SCOPE}-scope ACL in ${CLOUDFRONT_EDGE_REGION}`,
          );
        for (const urn of d.propertyDependencies.webAclId ?? []) {
          const acl = stack.byUrn(urn);
          if (!acl || acl.type !== WEB_ACL) continue;
          const region = regionOf(acl);
          if (acl.props.scope !== CLOUDFRONT_WAF_SCOPE)
            out.push(`${label(d)} uses ${label(acl)}, whose scope is ${JSON.stringify(acl.props.scope ?? null)}`);
          else if (region !== undefined && region !== CLOUDFRONT_EDGE_REGION && aclRegion === undefined)
            out.push(`${label(d)} uses ${label(acl)}, created in ${region}`);
        }
        return out.map((message) => ({ message, urn: d.urn }));
      }),
  }),
  resourceRule({
    name: "cloudfront-origin-group-failover",
    description: `[CloudFront.4] A CloudFront origin group fails over between two origins of its distribution on the primary origin's server errors (failoverCriteria.statusCodes with ${CLOUDFRONT_FAILOVER_STATUS_CODES.join(", ")}).`,
    group: "edge",
    severity: "medium",
    resourceTypes: [DISTRIBUTION],
    remediation: `Give each originGroups entry two members that name origins of the distribution and failoverCriteria.statusCodes ${JSON.stringify(CLOUDFRONT_FAILOVER_STATUS_CODES)} (and 403, 404 for S3 origins).`,
    check: (r) => {
      const ids = new Set(originsOf(r).map((o) => o?.originId));
      return asArray<any>(r.props.originGroups).flatMap((g) => {
        const out: string[] = [];
        const name = `${label(r)} origin group ${JSON.stringify(g?.originId ?? "?")}`;
        const members = asArray<any>(g?.members).map((m) => m?.originId);
        if (members.length !== 2) out.push(`${name} has ${members.length} member(s), not two`);
        const unknown = members.filter((m) => !ids.has(m));
        if (unknown.length > 0)
          out.push(
            `${name} names ${unknown.map((m) => JSON.stringify(m)).join(", ")}, not origins of the distribution`,
          );
        const codes = asArray<number>(g?.failoverCriteria?.statusCodes);
        const missing = CLOUDFRONT_FAILOVER_STATUS_CODES.filter((c) => !codes.includes(c));
        if (missing.length > 0) out.push(`${name} does not fail over on ${missing.join(", ")}`);
        return out;
      });
    },
  }),

  // --- API Gateway ---
  resourceRule({
    name: "apigateway-stage-access-logs",
    description:
      "[APIGateway.9] API Gateway stages (REST and HTTP/WebSocket) write access logs (accessLogSettings with destinationArn and format).",
    group: "edge",
    severity: "medium",
    resourceTypes: [REST_STAGE, HTTP_STAGE],
    remediation:
      "Set accessLogSettings { destinationArn: <encrypted log group ARN>, format: <JSON format with $context.requestId, identity and status> }.",
    check: (r) => {
      const s = r.props.accessLogSettings;
      if (!s || typeof s !== "object") return `${label(r)} has no accessLogSettings`;
      const missing = (["destinationArn", "format"] as const).filter((k) => !nonEmpty(s[k]));
      return missing.length > 0 && `${label(r)} has accessLogSettings without ${missing.join(" and ")}`;
    },
  }),
  resourceRule({
    name: "apigateway-stage-xray",
    description: "[APIGateway.3] REST API stages have AWS X-Ray active tracing enabled.",
    group: "edge",
    severity: "low",
    resourceTypes: [REST_STAGE],
    remediation: "Set xrayTracingEnabled: true on the aws.apigateway.Stage.",
    check: (r) =>
      r.props.xrayTracingEnabled !== true &&
      `${label(r)} does not enable X-Ray tracing (xrayTracingEnabled ${JSON.stringify(r.props.xrayTracingEnabled ?? false)})`,
  }),
  stackRule({
    name: "apigateway-stage-waf",
    description:
      "[APIGateway.4] REST API stages are protected by an AWS WAF web ACL (aws.wafv2.WebAclAssociation whose resourceArn is the stage).",
    group: "edge",
    severity: "high",
    remediation:
      "Create an aws.wafv2.WebAclAssociation with resourceArn set to the stage's arn and webAclArn to a REGIONAL web ACL.",
    check: (stack) =>
      perStage(stack, (stage) =>
        stageHasWebAcl(stack, stage) ? undefined : `${stageLabel(stage)} has no WAF web ACL association`,
      ),
  }),
  stackRule({
    name: "apigateway-stage-throttling",
    description:
      'REST API stages set stage-wide throttling: an aws.apigateway.MethodSettings for the stage with methodPath "*/*" and throttlingRateLimit and throttlingBurstLimit above 0.',
    group: "edge",
    severity: "medium",
    remediation:
      'Create an aws.apigateway.MethodSettings for the stage with methodPath "*/*" and settings.throttlingRateLimit / throttlingBurstLimit sized for the API.',
    check: (stack) =>
      perStage(stack, (stage) => {
        const all = methodSettingsOf(stack, stage).filter((m) => m.props.methodPath === APIGATEWAY_ALL_METHODS);
        if (all.length === 0)
          return `${stageLabel(stage)} has no MethodSettings for "${APIGATEWAY_ALL_METHODS}", so stage-wide throttling is off`;
        const ok = all.some(
          (m) => positive(m.props.settings?.throttlingRateLimit) && positive(m.props.settings?.throttlingBurstLimit),
        );
        return ok
          ? undefined
          : `${stageLabel(stage)} has "${APIGATEWAY_ALL_METHODS}" MethodSettings without throttlingRateLimit and throttlingBurstLimit above 0`;
      }),
  }),
  resourceRule({
    name: "apigateway-method-throttling-not-disabled",
    description:
      'Method settings never disable throttling: a negative throttlingRateLimit or throttlingBurstLimit (-1 turns it off), and stage-wide ("*/*") settings must set both above 0.',
    group: "edge",
    severity: "medium",
    resourceTypes: [METHOD_SETTINGS],
    remediation:
      "Set settings.throttlingRateLimit and settings.throttlingBurstLimit to positive numbers (or leave them out on per-method settings to inherit the stage's).",
    check: (r) => {
      const s = r.props.settings ?? {};
      const path = r.props.methodPath;
      return (["throttlingRateLimit", "throttlingBurstLimit"] as const).flatMap((k) => {
        const v = s[k];
        if (typeof v === "number" && v < 0) return [`${label(r)} (${path}) disables throttling with ${k} ${v}`];
        if (path === APIGATEWAY_ALL_METHODS && !positive(v))
          return [
            `${label(r)} (${path}) sets ${k} ${JSON.stringify(v ?? null)}; stage-wide throttling needs a value above 0`,
          ];
        return [];
      });
    },
  }),
  stackRule({
    name: "apigateway-stage-execution-logging",
    description:
      '[APIGateway.1] REST API stages have execution logging at ERROR or INFO (MethodSettings "*/*" loggingLevel).',
    group: "edge",
    severity: "medium",
    remediation:
      'In the stage\'s "*/*" aws.apigateway.MethodSettings set settings.loggingLevel to "ERROR" (or "INFO"); the account needs an aws.apigateway.Account with a CloudWatch role.',
    check: (stack) =>
      perStage(stack, (stage) => {
        const levels = methodSettingsOf(stack, stage)
          .filter((m) => m.props.methodPath === APIGATEWAY_ALL_METHODS)
          .map((m) => m.props.settings?.loggingLevel);
        if (levels.some((l) => APIGATEWAY_LOGGING_LEVELS.includes(l))) return undefined;
        return `${stageLabel(stage)} has no execution logging${levels.length > 0 ? ` (loggingLevel ${levels.map((l) => JSON.stringify(l ?? "OFF")).join(", ")})` : ""}`;
      }),
  }),
  resourceRule({
    name: "apigateway-cache-encrypted",
    description: "[APIGateway.5] Method settings that enable caching encrypt the cache data at rest.",
    group: "edge",
    severity: "medium",
    resourceTypes: [METHOD_SETTINGS],
    remediation: "Set settings.cacheDataEncrypted: true wherever settings.cachingEnabled is true.",
    check: (r) =>
      r.props.settings?.cachingEnabled === true &&
      r.props.settings?.cacheDataEncrypted !== true &&
      `${label(r)} (${r.props.methodPath}) caches responses without cacheDataEncrypted`,
  }),
  resourceRule({
    name: "apigateway-method-authorization",
    description:
      'REST API methods make their callers authenticate: authorization "AWS_IAM", "CUSTOM" or "COGNITO_USER_POOLS", never "NONE" (the REST API counterpart of [APIGateway.8]); only OPTIONS, the CORS preflight browsers send without credentials, may be open.',
    group: "edge",
    severity: "high",
    resourceTypes: [REST_METHOD],
    remediation:
      'Set authorization to "AWS_IAM" and grant callers execute-api:Invoke on the method\'s ARN (or "CUSTOM" / "COGNITO_USER_POOLS" with an authorizerId).',
    check: (r) => {
      const method = String(r.props.httpMethod ?? "").toUpperCase();
      if (APIGATEWAY_UNAUTHENTICATED_METHODS.includes(method)) return undefined;
      const authorization = r.props.authorization;
      return (
        !APIGATEWAY_AUTHENTICATED_AUTHORIZATIONS.includes(authorization) &&
        `${label(r)} (${method || "no httpMethod"}) has authorization ${JSON.stringify(authorization ?? null)}: anyone who reaches the API may call it`
      );
    },
  }),
  resourceRule({
    name: "apigateway-domain-tls12",
    description:
      "[APIGateway.11] API Gateway custom domains use a security policy with TLS 1.2 or newer (TLS_1_2 or an enhanced SecurityPolicy_* policy), never TLS_1_0.",
    group: "edge",
    severity: "high",
    resourceTypes: [REST_DOMAIN_NAME, HTTP_DOMAIN_NAME],
    remediation:
      'Set securityPolicy to "TLS_1_2" or an enhanced policy such as "SecurityPolicy_TLS13_1_3_2025_09" (with endpointAccessMode).',
    check: (r) => {
      const policy =
        r.type === HTTP_DOMAIN_NAME ? r.props.domainNameConfiguration?.securityPolicy : r.props.securityPolicy;
      if (!nonEmpty(policy)) return `${label(r)} sets no securityPolicy`;
      return (
        !APIGATEWAY_TLS12_SECURITY_POLICIES.includes(policy) &&
        `${label(r)} uses securityPolicy "${policy}", which allows TLS older than 1.2`
      );
    },
  }),
  resourceRule<TlsPolicyConfig>({
    name: "apigateway-domain-recommended-policy",
    description:
      "[APIGateway.11] REST API custom domains preferably use a security policy Security Hub recommends (TLS 1.3 or TLS 1.2 with forward secrecy / post-quantum key exchange).",
    group: "edge",
    enforcementLevel: "advisory",
    severity: "low",
    resourceTypes: [REST_DOMAIN_NAME],
    remediation:
      'Set securityPolicy to "SecurityPolicy_TLS13_1_3_2025_09" (regional) or "SecurityPolicy_TLS13_2025_EDGE" (edge-optimized) and endpointAccessMode to "STRICT" or "BASIC".',
    config: {
      schema: {
        properties: {
          allowedPolicies: {
            type: "array",
            items: { type: "string" },
            description: "The security policies that count as recommended.",
          },
        },
      },
      defaults: { allowedPolicies: [...APIGATEWAY_RECOMMENDED_SECURITY_POLICIES] },
    },
    check: (r, config) => {
      const policy = r.props.securityPolicy;
      return (
        !config.allowedPolicies.includes(policy) &&
        `${label(r)} uses securityPolicy ${JSON.stringify(policy ?? null)}, not one of the recommended ${config.allowedPolicies.join(", ")}`
      );
    },
  }),
];
