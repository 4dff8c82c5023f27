import { describe, expect, it } from 'vitest';
import { addressKey, delayAfter, LOGIN_RULES } from './login-throttle.js';

describe('login delays', () => {
  it('are free for the first failures, then double from 1 s up to the cap', () => {
    const waits = Array.from({ length: 16 }, (_, i) => delayAfter(i + 1, LOGIN_RULES.account) / 1000);
    expect(waits).toEqual([0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300]);
    expect(delayAfter(29, LOGIN_RULES.address)).toBe(0);
    expect(delayAfter(30, LOGIN_RULES.address)).toBe(1000);
  });

  it('count IPv4 addresses alone and IPv6 ones by their /64', () => {
    expect(addressKey('203.0.113.7')).toBe('ip:203.0.113.7');
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('ip:2001:db8:1:2::/64');
    expect(addressKey('2001:0db8:0001:0002:ffff:1:2:3')).toBe('ip:2001:db8:1:2::/64');
    expect(addressKey('2001:db8::7')).toBe('ip:2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('ip:0:0:0:0::/64');
    expect(addressKey('unknown')).toBe('ip:unknown');
  });
});
