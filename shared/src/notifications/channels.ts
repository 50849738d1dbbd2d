/**
 * A firm's group channels: the chat robots Chinese firms use (WeCom group robot, DingTalk custom robot, Feishu custom
 * bot) and a generic signed HTTPS webhook. What a channel's configuration must be, as field errors (the server
 * answers 400 naming the field; the admin can check the form with the same rules).
 */
/** The WHATWG URL parser of Node and the browsers (shared is compiled without either's type library). */
declare const URL: new (input: string) => {
  protocol: string; username: string; password: string; hash: string; hostname: string; port: string; pathname: string;
  searchParams: { get(name: string): string | null };
};

export const CHANNEL_KINDS = ['wecom', 'dingtalk', 'feishu', 'webhook'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** Each robot's documented webhook address: its host(s), path and the query parameter that carries its token. */
export const ROBOT_ENDPOINTS: Record<Exclude<ChannelKind, 'webhook'>, { hosts: string[]; path: RegExp; param?: string; example: string }> = {
  wecom: { hosts: ['qyapi.weixin.qq.com'], path: /^\/cgi-bin\/webhook\/send$/, param: 'key', example: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…' },
  dingtalk: { hosts: ['oapi.dingtalk.com'], path: /^\/robot\/send$/, param: 'access_token', example: 'https://oapi.dingtalk.com/robot/send?access_token=…' },
  feishu: { hosts: ['open.feishu.cn', 'open.larksuite.com'], path: /^\/open-apis\/bot\/v2\/hook\/[\w-]+$/, example: 'https://open.feishu.cn/open-apis/bot/v2/hook/…' },
};

export const MAX_CHANNEL_URL = 2048;
export const MIN_WEBHOOK_SECRET = 16;

export interface ChannelRules {
  /**
   * Loopback and private addresses (and plain http) allowed: for tests and development only
   * (NOTIFY_ALLOW_PRIVATE_HOSTS). Otherwise refused, so that nobody can make the server call into its own network.
   */
  allowPrivateHosts: boolean;
}

function ipv4(host: string): number[] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  return parts.every((p) => p <= 255) ? parts : null;
}

/** The eight 16-bit groups of an IPv6 address (brackets allowed), or null when it is not one. */
function ipv6(host: string): number[] | null {
  let h = host.replace(/^\[|\]$/g, '');
  if (!h.includes(':') || /[^0-9a-f:.]/i.test(h)) return null;
  // a trailing dotted IPv4 part (::ffff:127.0.0.1) as its two groups
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(h);
  if (v4) {
    const p = ipv4(v4[1]);
    if (!p) return null;
    h = `${h.slice(0, -v4[1].length)}${((p[0] << 8) | p[1]).toString(16)}:${((p[2] << 8) | p[3]).toString(16)}`;
  }
  const halves = h.split('::');
  if (halves.length > 2) return null;
  const parse = (s: string) => (s ? s.split(':').map((g) => (/^[0-9a-f]{1,4}$/i.test(g) ? parseInt(g, 16) : NaN)) : []);
  const head = parse(halves[0]);
  const rest = halves.length === 2 ? parse(halves[1]) : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array(halves.length === 2 ? missing : 0).fill(0), ...rest];
  return groups.every((g) => Number.isInteger(g)) ? groups : null;
}

function privateIpv4([a, b, c]: number[]): boolean {
  return (
    a === 0 || a === 10 || a === 127 || a >= 224 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 192 && b === 0 && (c === 0 || c === 2)) ||
    (a === 198 && (b === 18 || b === 19)) ||
    (a === 198 && b === 51 && c === 100) ||
    (a === 203 && b === 0 && c === 113)
  );
}

/**
 * Whether an address is not on the public internet: loopback, private, link-local, shared (CGNAT), multicast,
 * documentation and reserved ranges, IPv4-mapped forms of those, unique-local and link-local IPv6. Also true for
 * anything that is not an IP address at all (the caller resolves names first).
 */
export function isNonPublicAddress(address: string): boolean {
  const v4 = ipv4(address);
  if (v4) return privateIpv4(v4);
  const g = ipv6(address);
  if (!g) return true;
  if (g.slice(0, 7).every((x) => x === 0) && g[7] <= 1) return true; // :: and ::1
  if (g.slice(0, 5).every((x) => x === 0) && (g[5] === 0xffff || g[5] === 0)) return privateIpv4([g[6] >> 8, g[6] & 0xff, g[7] >> 8, g[7] & 0xff]);
  if (g[0] === 0x64 && g[1] === 0xff9b) return privateIpv4([g[6] >> 8, g[6] & 0xff, g[7] >> 8, g[7] & 0xff]);
  if ((g[0] & 0xfe00) === 0xfc00 || (g[0] & 0xffc0) === 0xfe80 || (g[0] & 0xff00) === 0xff00) return true;
  return g[0] === 0x2001 && g[1] === 0x0db8;
}

/** A host name that names this machine or a private network by itself (an IP literal of such, localhost, *.local …). */
export function isPrivateHostName(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  if (ipv4(h) || ipv6(h)) return isNonPublicAddress(h);
  return h === 'localhost' || /\.(localhost|local|internal|lan|home\.arpa)$/.test(h) || !h.includes('.');
}

/** What is wrong with a channel's URL for its kind (a message for the `url` field), or null. */
export function channelUrlError(kind: ChannelKind, raw: string, rules: ChannelRules): string | null {
  if (raw.length > MAX_CHANNEL_URL) return `must be at most ${MAX_CHANNEL_URL} characters`;
  let u: InstanceType<typeof URL>;
  try {
    u = new URL(raw);
  } catch {
    return 'must be an absolute URL';
  }
  if (u.protocol !== 'https:' && !(rules.allowPrivateHosts && u.protocol === 'http:')) return 'must be an https:// URL';
  if (u.username || u.password) return 'must not carry a user name or password';
  if (u.hash) return 'must not have a #fragment';
  const privateHost = isPrivateHostName(u.hostname);
  if (privateHost && !rules.allowPrivateHosts) return 'must not point to a loopback, private or local address';
  if (kind === 'webhook') return null;
  const robot = ROBOT_ENDPOINTS[kind];
  // a robot's address is its platform's (a private stand-in only where private hosts are allowed: tests)
  if (!robot.hosts.includes(u.hostname.toLowerCase()) && !(privateHost && rules.allowPrivateHosts)) {
    return `must be the ${kind} robot's address on ${robot.hosts.join(' or ')}, e.g. ${robot.example}`;
  }
  if (u.port && !privateHost) return 'must not name a port';
  if (!robot.path.test(u.pathname)) return `must be the ${kind} robot's webhook address, e.g. ${robot.example}`;
  if (robot.param && !u.searchParams.get(robot.param)) return `must carry the robot's ${robot.param}, e.g. ${robot.example}`;
  return null;
}

/**
 * What is wrong with a channel's secret (a message for the `secret` field), or null. `secret` undefined: not given
 * (kept as it was on an update); null: none. WeCom robots are not signed (the key in the URL is their credential);
 * DingTalk and Feishu robots may be signed (加签: their secret); a webhook is always signed.
 */
export function channelSecretError(kind: ChannelKind, secret: string | null | undefined, hasSecretNow: boolean): string | null {
  if (kind === 'wecom') return secret ? 'WeCom group robots are not signed: leave it empty (the key in the URL is the credential)' : null;
  if (kind === 'webhook') {
    if (secret === null || (secret === undefined && !hasSecretNow)) return `is required for a webhook (the body is signed with it), at least ${MIN_WEBHOOK_SECRET} characters`;
    if (typeof secret === 'string' && secret.length < MIN_WEBHOOK_SECRET) return `must be at least ${MIN_WEBHOOK_SECRET} characters`;
    return null;
  }
  if (typeof secret === 'string' && kind === 'dingtalk' && !secret.startsWith('SEC')) return 'must be the DingTalk robot\'s signing secret (it starts with SEC)';
  return null;
}
