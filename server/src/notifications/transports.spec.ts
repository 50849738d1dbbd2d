import { createHmac } from 'node:crypto';
import { dingtalkSignedUrl, feishuSign, webhookSignature } from './transports';

describe('signing', () => {
  it('signs a Feishu bot call as its documentation says (the published test vector)', () => {
    expect(feishuSign('dGhpcyBpcyBhIGtleQ==', 1716283459000)).toEqual({ timestamp: '1716283459', sign: '8EyY+xxfJvzWjZQpdc2mgvQFaG7lF5nbxl7RITyMkJU=' });
  });

  it('signs a DingTalk robot call in its query: milliseconds and Base64(HMAC-SHA256(secret, timestamp\\nsecret))', () => {
    const url = new URL(dingtalkSignedUrl('https://oapi.dingtalk.com/robot/send?access_token=abc', 'SECxyz', 1716283459123));
    expect(url.searchParams.get('access_token')).toBe('abc');
    expect(url.searchParams.get('timestamp')).toBe('1716283459123');
    expect(url.searchParams.get('sign')).toBe(createHmac('sha256', 'SECxyz').update('1716283459123\nSECxyz').digest('base64'));
    // + / = percent-encoded in the URL itself
    expect(url.toString()).not.toMatch(/sign=[^&]*[+/=]/);
  });

  it('signs our webhooks with a timestamp: t=<seconds>,v1=hex(HMAC-SHA256(secret, t.body))', () => {
    const body = '{"event":"incident_major"}';
    const header = webhookSignature('s3cret-s3cret-s3cret', body, 1_800_000_000_999);
    expect(header).toBe(`t=1800000000,v1=${createHmac('sha256', 's3cret-s3cret-s3cret').update(`1800000000.${body}`).digest('hex')}`);
  });
});
