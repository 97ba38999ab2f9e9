import { describe, expect, it } from 'vitest';
import {
  checkWebhookUrl,
  classifyAddress,
  parseIpAddress,
  webhookFailureCategory,
} from '../src/index.ts';

// Every notation of an address that a resolver or URL parser reads, with the
// range it is in. A raw string and the same host after `new URL()` must agree.
const nonPublic: [text: string, range: string][] = [
  // loopback, in every IPv4 notation inet_aton and the URL parser take
  ['127.0.0.1', 'loopback'],
  ['127.1', 'loopback'],
  ['127.0.1', 'loopback'],
  ['2130706433', 'loopback'],
  ['0177.0.0.1', 'loopback'],
  ['0177.0.0.01', 'loopback'],
  ['0x7f.1', 'loopback'],
  ['0x7f000001', 'loopback'],
  ['0X7F.0.0.1', 'loopback'],
  ['0x7f.0.0x0.1', 'loopback'],
  ['017700000001', 'loopback'],
  ['127.255.255.254', 'loopback'],
  ['127.0.0.1.', 'loopback'],
  // private
  ['10.0.0.1', 'private'],
  ['012.1', 'private'],
  ['167772161', 'private'],
  ['172.16.0.1', 'private'],
  ['172.31.255.255', 'private'],
  ['192.168.1.1', 'private'],
  ['0xc0.0xa8.1.1', 'private'],
  ['3232235777', 'private'],
  ['100.64.0.1', 'shared'],
  ['100.127.255.255', 'shared'],
  // cloud metadata and other link-local
  ['169.254.169.254', 'link-local'],
  ['0xa9.0xfe.0xa9.0xfe', 'link-local'],
  ['2852039166', 'link-local'],
  ['0251.0376.0251.0376', 'link-local'],
  ['169.254.43518', 'link-local'],
  ['0.0.0.0', 'unspecified'],
  ['0', 'unspecified'],
  ['0x0', 'unspecified'],
  ['0.1.2.3', 'unspecified'],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.250', 'multicast'],
  ['255.255.255.255', 'broadcast'],
  ['4294967295', 'broadcast'],
  ['240.0.0.1', 'reserved'],
  ['192.0.0.8', 'reserved'],
  ['198.18.0.1', 'reserved'],
  ['192.88.99.1', 'reserved'],
  ['192.0.2.1', 'documentation'],
  ['198.51.100.7', 'documentation'],
  ['203.0.113.9', 'documentation'],
  // IPv6
  ['::', 'unspecified'],
  ['::1', 'loopback'],
  ['[::1]', 'loopback'],
  ['0:0:0:0:0:0:0:1', 'loopback'],
  ['::ffff:127.0.0.1', 'loopback'],
  ['[::ffff:7f00:1]', 'loopback'],
  ['::ffff:7f00:0001', 'loopback'],
  ['0:0:0:0:0:ffff:7f00:1', 'loopback'],
  ['::ffff:169.254.169.254', 'link-local'],
  ['::ffff:a9fe:a9fe', 'link-local'],
  ['::ffff:10.0.0.1', 'private'],
  ['::127.0.0.1', 'reserved'],
  ['::7f00:1', 'reserved'],
  ['::8.8.8.8', 'reserved'],
  ['::ffff:0:7f00:1', 'reserved'],
  ['fc00::1', 'private'],
  ['fd12:3456:789a::1', 'private'],
  ['fe80::1', 'link-local'],
  ['febf::1', 'link-local'],
  ['fec0::1', 'link-local'],
  ['ff02::1', 'multicast'],
  ['100::1', 'reserved'],
  ['64:ff9b::7f00:1', 'loopback'],
  ['64:ff9b::127.0.0.1', 'loopback'],
  ['64:ff9b::a9fe:a9fe', 'link-local'],
  ['64:ff9b::10.1.2.3', 'private'],
  ['64:ff9b:1::808:808', 'private'],
  ['2002:7f00:1::1', 'tunnel'],
  ['2002:c0a8:101::1', 'tunnel'],
  ['2001:0:4136:e378:8000:63bf:80ff:fffe', 'tunnel'],
  ['2001:db8::1', 'documentation'],
  ['3fff::1', 'documentation'],
  ['2001:2::1', 'reserved'],
  ['2001:10::1', 'reserved'],
  // not addresses at all: never taken for a checked one
  ['localhost', 'not an address'],
  ['hooks.example.com', 'not an address'],
  ['256.0.0.1', 'not an address'],
  ['1.2.3.4.5', 'not an address'],
  ['08.0.0.1', 'not an address'],
  ['0x.0x.0x.0xg', 'not an address'],
  ['4294967296', 'not an address'],
  ['fe80::1%eth0', 'not an address'],
  ['1::2::3', 'not an address'],
  ['1:2:3:4:5:6:7:8:9', 'not an address'],
  ['::ffff:1.2.3', 'not an address'],
  ['', 'not an address'],
];

const publicAddresses = [
  '8.8.8.8',
  '134744072', // 8.8.8.8 as one number
  '1.1.1.1',
  '93.184.216.34',
  '100.63.255.255',
  '100.128.0.0',
  '172.15.255.255',
  '172.32.0.0',
  '169.253.255.255',
  '223.255.255.255',
  '2606:4700:4700::1111',
  '[2a00:1450:4001:82a::200e]',
  '2001:4860:4860::8888',
  '::ffff:8.8.8.8',
  '64:ff9b::808:808',
];

describe('address classifier', () => {
  it.each(nonPublic)('refuses %s (%s)', (text, range) => {
    expect(classifyAddress(text)).toEqual({ public: false, range });
  });

  it.each(publicAddresses)('allows %s', (text) => {
    expect(classifyAddress(text)).toEqual({ public: true });
  });

  it('agrees with the URL parser on every IPv4 notation it normalises', () => {
    const notations = nonPublic
      .map(([text]) => text)
      .filter((t) => parseIpAddress(t)?.version === 4)
      .concat(publicAddresses.filter((t) => parseIpAddress(t)?.version === 4));
    for (const text of notations) {
      const host = new URL(`https://${text}/`).hostname;
      expect(host).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      expect(parseIpAddress(host), `${text} → ${host}`).toEqual(parseIpAddress(text));
      expect(classifyAddress(host)).toEqual(classifyAddress(text));
    }
  });

  it('agrees with the URL parser on IPv6 hosts, which it compresses', () => {
    for (const [text] of nonPublic.filter(([t]) => parseIpAddress(t)?.version === 6)) {
      const bracketed = text.startsWith('[') ? text : `[${text}]`;
      const host = new URL(`https://${bracketed}/`).hostname;
      expect(classifyAddress(host), `${text} → ${host}`).toEqual(classifyAddress(text));
    }
  });
});

describe('webhook URL', () => {
  const refused: [url: string, reason: RegExp][] = [
    ['http://hooks.example.com/x', /https/],
    ['ftp://hooks.example.com/x', /https/],
    ['not a url', /https/],
    ['https://user:pw@hooks.example.com/x', /user name or password/],
    ['https://token@hooks.example.com/x', /user name or password/],
    ['https://localhost/hook', /local/],
    ['https://localhost./hook', /dot/],
    ['https://LOCALHOST/hook', /local/],
    ['https://app.localhost/hook', /\.localhost/],
    ['https://metadata.google.internal/computeMetadata/v1/', /\.internal/],
    ['https://kubernetes.default.svc/api', /\.svc/],
    ['https://canopy-postgresql.canopy.svc.cluster.local./', /dot/],
    ['https://canopy-postgresql.canopy.svc.cluster.local/', /\.local/],
    ['https://printer.local./hook', /dot/],
    ['https://printer.local/hook', /\.local/],
    ['https://router.home.arpa/hook', /\.home\.arpa/],
    ['https://nas.lan/hook', /\.lan/],
    ['https://1.0.0.127.in-addr.arpa/hook', /\.arpa/],
    ['https://wiki/hook', /domain/],
    ['https://hooks.example.com./x', /dot/],
    ['https://127.0.0.1/hook', /IP address/],
    ['https://2130706433/hook', /IP address/],
    ['https://0177.0.0.1/hook', /IP address/],
    ['https://0x7f.1/hook', /IP address/],
    ['https://127.1/hook', /IP address/],
    ['https://169.254.169.254/latest/meta-data/', /IP address/],
    ['https://8.8.8.8/hook', /IP address/],
    ['https://[::1]/hook', /IP address/],
    ['https://[::ffff:127.0.0.1]/hook', /IP address/],
    ['https://[::ffff:7f00:1]/hook', /IP address/],
    ['https://[fd00::1]/hook', /IP address/],
    ['https://%31%32%37.0.0.1/hook', /IP address/],
    ['https://hooks.example.com:22/x', /port/],
    ['https://hooks.example.com:25/x', /port/],
    ['https://hooks.example.com:80/x', /port/],
    ['https://hooks.exa\tmple.com/x', /control characters/],
    ['https://hooks.example.com/a\nb', /control characters/],
    ['https://hooks.example.com/x\r\n', /control characters/],
    ['\u0001https://hooks.example.com/x', /control characters/],
    ['https://hooks.example.com/x\u0000', /control characters/],
    ['https://hooks.example.com/\u007f', /control characters/],
  ];

  it.each(refused)('refuses %s', (url, reason) => {
    const check = checkWebhookUrl(url);
    expect(check.ok).toBe(false);
    expect(check.ok ? '' : check.reason).toMatch(reason);
  });

  it.each([
    'https://hooks.example.com/canopy',
    'https://hooks.example.com:443/canopy?team=1',
    'https://hooks.example.com:8443/canopy',
    'https://a.b.example.co.uk/x#y',
    'https://xn--bcher-kva.example/x'.replace('.example', '.de'),
  ])('allows %s', (url) => {
    expect(checkWebhookUrl(url)).toMatchObject({ ok: true });
  });
});

describe('delivery failure categories', () => {
  it('passes on known categories and hides anything else', () => {
    expect(webhookFailureCategory('refused: non-public address')).toBe(
      'refused: non-public address',
    );
    expect(webhookFailureCategory('HTTP 503')).toBe('HTTP 503');
    expect(webhookFailureCategory('endpoint answered 503: <html>internal admin')).toBe(
      'delivery failed',
    );
    expect(webhookFailureCategory('endpoint unreachable: connect ECONNREFUSED 10.0.0.5:5432')).toBe(
      'delivery failed',
    );
  });
});
