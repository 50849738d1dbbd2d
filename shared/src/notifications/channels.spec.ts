import { channelSecretError, channelUrlError, isNonPublicAddress, isPrivateHostName } from './channels';

const strict = { allowPrivateHosts: false };
const lax = { allowPrivateHosts: true };

describe('channel URLs', () => {
  it('must be each robot\'s documented address', () => {
    expect(channelUrlError('wecom', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx', strict)).toBeNull();
    expect(channelUrlError('dingtalk', 'https://oapi.dingtalk.com/robot/send?access_token=abc', strict)).toBeNull();
    expect(channelUrlError('feishu', 'https://open.feishu.cn/open-apis/bot/v2/hook/2d1b-44', strict)).toBeNull();
    expect(channelUrlError('feishu', 'https://open.larksuite.com/open-apis/bot/v2/hook/2d1b-44', strict)).toBeNull();
    expect(channelUrlError('wecom', 'https://evil.example/cgi-bin/webhook/send?key=x', strict)).toMatch(/qyapi\.weixin\.qq\.com/);
    expect(channelUrlError('wecom', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send', strict)).toMatch(/key/);
    expect(channelUrlError('dingtalk', 'https://oapi.dingtalk.com/robot/other?access_token=a', strict)).toMatch(/webhook address/);
    expect(channelUrlError('dingtalk', 'http://oapi.dingtalk.com/robot/send?access_token=a', strict)).toMatch(/https/);
    expect(channelUrlError('feishu', 'https://open.feishu.cn:8443/open-apis/bot/v2/hook/x', strict)).toMatch(/port/);
  });

  it('must be https and public for a webhook, unless private hosts are allowed (tests)', () => {
    expect(channelUrlError('webhook', 'https://hooks.example.com/incident-desk', strict)).toBeNull();
    for (const url of ['https://127.0.0.1/x', 'https://localhost:8443/x', 'https://10.1.2.3/', 'https://[::1]/', 'https://169.254.169.254/latest', 'https://2130706433/', 'https://intranet/x', 'https://db.internal/']) {
      expect({ url, error: channelUrlError('webhook', url, strict) }).toEqual({ url, error: 'must not point to a loopback, private or local address' });
    }
    expect(channelUrlError('webhook', 'http://hooks.example.com/x', strict)).toMatch(/https/);
    expect(channelUrlError('webhook', 'https://user:pw@hooks.example.com/x', strict)).toMatch(/user name/);
    expect(channelUrlError('webhook', 'not a url', strict)).toMatch(/absolute URL/);
    expect(channelUrlError('webhook', 'http://127.0.0.1:4000/hook', lax)).toBeNull();
    expect(channelUrlError('wecom', 'http://127.0.0.1:4000/cgi-bin/webhook/send?key=k', lax)).toBeNull();
    expect(channelUrlError('wecom', 'http://127.0.0.1:4000/other?key=k', lax)).toMatch(/webhook address/);
  });
});

describe('addresses', () => {
  it('tells public from loopback, private, link-local and reserved ones, IPv4 and IPv6', () => {
    for (const a of ['127.0.0.1', '10.0.0.1', '172.16.5.4', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '::1', '::', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '64:ff9b::a00:1', 'nonsense']) {
      expect({ a, nonPublic: isNonPublicAddress(a) }).toEqual({ a, nonPublic: true });
    }
    for (const a of ['8.8.8.8', '172.32.0.1', '203.0.114.1', '2606:4700::1111', '::ffff:8.8.8.8']) {
      expect({ a, nonPublic: isNonPublicAddress(a) }).toEqual({ a, nonPublic: false });
    }
    expect(isPrivateHostName('hooks.example.com')).toBe(false);
    expect(isPrivateHostName('printer.local')).toBe(true);
  });
});

describe('channel secrets', () => {
  it('are refused for WeCom, required for webhooks, DingTalk\'s start with SEC', () => {
    expect(channelSecretError('wecom', 'x', false)).toMatch(/not signed/);
    expect(channelSecretError('wecom', undefined, false)).toBeNull();
    expect(channelSecretError('webhook', undefined, false)).toMatch(/required/);
    expect(channelSecretError('webhook', undefined, true)).toBeNull();
    expect(channelSecretError('webhook', 'short', true)).toMatch(/at least 16/);
    expect(channelSecretError('dingtalk', 'abc', false)).toMatch(/SEC/);
    expect(channelSecretError('dingtalk', 'SECabc', false)).toBeNull();
    expect(channelSecretError('feishu', null, true)).toBeNull();
  });
});
