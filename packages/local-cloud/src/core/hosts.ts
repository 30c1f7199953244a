/**
 * The `Host` names local-cloud answers to. A web page that rebinds its own DNS name to 127.0.0.1 still sends
 * its own name as `Host`, so serving only loopback names (and the ones configured) keeps such pages out.
 */
const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

/** Host names from a comma-separated list (`LOCAL_CLOUD_HOSTNAMES`, `--hostname`), lower case, ports dropped. */
export function parseHostnames(list: string | undefined): string[] {
  return (list ?? '').split(',').map((h) => hostnameOf(h.trim())).filter((h): h is string => !!h);
}

/** The host name of a `Host` value (`[::1]:4566` → `[::1]`, `LocalHost.:80` → `localhost`); undefined when garbled. */
export function hostnameOf(host: string): string | undefined {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^\s:/?#@[\]]+)(?::\d{0,5})?$/.exec(host);
  return m ? m[1].toLowerCase().replace(/\.$/, '') : undefined;
}

/**
 * Whether a request's `Host` is one local-cloud serves: 127.0.0.1, localhost and its subdomains (which
 * resolve to loopback only, RFC 6761; the `<api>.execute-api.localhost` style), [::1] (any port), and the
 * configured names.
 */
export function isServedHost(host: string | undefined, configured: readonly string[]): boolean {
  const name = host === undefined ? undefined : hostnameOf(host);
  if (name === undefined) return false;
  return LOOPBACK_HOSTS.includes(name) || name.endsWith('.localhost') || configured.includes(name);
}

/** Why a host is refused and how to allow it (no AWS equivalent: an emulator-only refusal). */
export function refusedHostMessage(host: string | undefined): string {
  const shown = host === undefined ? 'no Host header' : `Host '${host.slice(0, 100)}'`;
  return `local-cloud refused a request with ${shown}: it serves only 127.0.0.1, localhost and [::1] (any port), `
    + 'so that a web page cannot reach it by rebinding its DNS name. To serve another name (local-cloud in a container), '
    + 'start it with --hostname NAME or LOCAL_CLOUD_HOSTNAMES=NAME[,NAME…].';
}
