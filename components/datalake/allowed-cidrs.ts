/**
 * The allow-list of the operations hosts' UI ports, checked where the component and the stack
 * config both read it (plain code: the config loads no Pulumi SDK).
 */
import { parseCidr } from "cidr-tools";
import { ipVersion, normalizeIp, stringifyIp } from "ip-bigint";
import { invalidArg } from "../shared/errors";
import { MIN_ALLOWED_CIDR_PREFIX } from "./ops-hosts-defaults";

/** The component the hosts' errors name. */
export const OPS_HOSTS_COMPONENT = "DataLake";

/**
 * Throws, naming `arg` and the entry, unless every entry is an IPv4 network CIDR narrower than the
 * internet (no 0.0.0.0/0, no prefix shorter than /8, no IPv6 such as ::/0). Returns the list.
 */
export function validateAllowedCidrs(arg: string, cidrs: readonly string[]): string[] {
  if (!Array.isArray(cidrs) || cidrs.length === 0) {
    throw invalidArg(
      OPS_HOSTS_COMPONENT,
      arg,
      `${JSON.stringify(cidrs)} must list at least one IPv4 CIDR (omit it for the VPC's CIDR)`,
    );
  }
  cidrs.forEach((cidr, i) => {
    const at = `${arg}[${i}]`;
    const fail = (why: string): never => {
      throw invalidArg(OPS_HOSTS_COMPONENT, at, `${JSON.stringify(cidr)} ${why}`);
    };
    if (typeof cidr !== "string") fail('must be an IPv4 CIDR such as "203.0.113.0/24"');
    const [address = "", prefix = "", ...rest] = cidr.split("/");
    if (address.includes(":")) fail("is IPv6; the hosts' security groups admit IPv4 CIDRs only (and never ::/0)");
    if (rest.length || !/^\d{1,2}$/.test(prefix) || ipVersion(address) !== 4 || normalizeIp(address) !== address) {
      fail('is not an IPv4 CIDR such as "203.0.113.0/24"');
    }
    const length = Number(prefix);
    if (length > 32) fail("has a prefix longer than /32");
    if (length < MIN_ALLOWED_CIDR_PREFIX) {
      fail(
        `admits the internet (or a /${length} of it); allow-list your own networks, /${MIN_ALLOWED_CIDR_PREFIX} or narrower`,
      );
    }
    const network = stringifyIp({ number: parseCidr(cidr).start, version: 4 });
    if (network !== address) fail(`is not a network address; did you mean "${network}/${length}"?`);
  });
  const seen = new Set<string>();
  cidrs.forEach((cidr, i) => {
    if (seen.has(cidr))
      throw invalidArg(OPS_HOSTS_COMPONENT, `${arg}[${i}]`, `${JSON.stringify(cidr)} is listed twice`);
    seen.add(cidr);
  });
  return [...cidrs];
}
