import { ContextValue } from '../src';
import { contextFor, holds } from './helpers';

const KEY = 'aws:SourceIp';

describe('IpAddress', () => {
  test.each<[unknown, ContextValue | undefined, boolean]>([
    ['203.0.113.0/24', '203.0.113.5', true],
    ['203.0.113.0/24', '203.0.113.255', true],
    ['203.0.113.0/24', '203.0.114.1', false],
    ['203.0.113.7', '203.0.113.7', true],
    ['203.0.113.7', '203.0.113.8', false],
    ['203.0.113.7/32', '203.0.113.7', true],
    ['10.0.0.0/9', '10.127.255.255', true],
    ['10.0.0.0/9', '10.128.0.0', false],
    ['10.0.0.1/8', '10.2.3.4', true],
    ['0.0.0.0/0', '198.51.100.1', true],
    ['0.0.0.0/0', '2001:db8::1', false],
    [['192.0.2.0/24', '203.0.113.0/24'], '203.0.113.9', true],
    [['192.0.2.0/24', '203.0.113.0/24'], '198.51.100.9', false],
    ['2001:DB8:1234:5678::/64', '2001:db8:1234:5678:abcd::1', true],
    ['2001:DB8:1234:5678::/64', '2001:db8:1234:5679::1', false],
    ['2001:db8::/32', '2001:0db8:ffff:ffff:ffff:ffff:ffff:ffff', true],
    ['2001:db8::/32', '2001:db9::', false],
    ['::1', '::1', true],
    ['::1', '0:0:0:0:0:0:0:1', true],
    ['::/0', '2001:db8::1', true],
    ['::/0', '203.0.113.1', false],
    ['2001:db8::/127', '2001:db8::1', true],
    ['2001:db8::/127', '2001:db8::2', false],
    ['::ffff:0:0/96', '::ffff:203.0.113.5', true],
    ['203.0.113.0/24', '::ffff:203.0.113.5', true],
    ['203.0.113.0/24', '::ffff:cb00:7105', true],
    ['203.0.113.0/24', '64:ff9b::203.0.113.5', false],
    ['2001:db8::/32', '203.0.113.5', false],
    ['203.0.113.0/24', '203.0.113', false],
    ['203.0.113.0/24', '203.0.113.256', false],
    ['203.0.113.0/24', 'not-an-ip', false],
    ['203.0.113.0/24', '203.0.113.5/32', false],
    ['2001:db8::/32', '2001:db8::1::2', false],
    ['2001:db8::/32', '2001:db8:0:0:0:0:0:0:1', false],
    ['2001:db8::/32', '2001:db8:0:0:0:0:1', false],
    ['2001:db8::/32', '2001:db8:g::1', false],
    ['::/0', '1.2.3.4::', false],
    ['::/0', '::ffff:1.2.3.999', false],
    ['2001:db8::/32', 42, false],
    ['203.0.113.0/24', undefined, false],
  ])('IpAddress %j vs %j → %s', (range, address, expected) => {
    expect(holds({ IpAddress: { [KEY]: range } }, contextFor(KEY, address))).toBe(expected);
  });
});

describe('NotIpAddress', () => {
  test.each<[unknown, ContextValue | undefined, boolean]>([
    ['203.0.113.0/24', '203.0.113.5', false],
    ['203.0.113.0/24', '198.51.100.1', true],
    [['203.0.113.0/24', '2001:db8::/32'], '2001:db8::5', false],
    [['203.0.113.0/24', '2001:db8::/32'], '2001:db9::5', true],
    ['203.0.113.0/24', 'not-an-ip', true],
    ['203.0.113.0/24', undefined, true],
  ])('NotIpAddress %j vs %j → %s', (range, address, expected) => {
    expect(holds({ NotIpAddress: { [KEY]: range } }, contextFor(KEY, address))).toBe(expected);
  });
});
