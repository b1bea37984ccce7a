import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, newNonce, staticSecurityHeaders } from './security-headers.ts';

describe('security headers worked out once', () => {
  it('cuts 128-bit nonces that never repeat, across refills of the pool', () => {
    const seen = new Set(Array.from({ length: 2000 }, () => newNonce()));
    expect(seen.size).toBe(2000);
    for (const nonce of seen) expect(nonce).toMatch(/^[0-9a-f]{32}$/);
  });

  it('names both nonces in the policy, and upgrades requests only behind HTTPS', () => {
    const policy = contentSecurityPolicy({ script: 'aaa', style: 'bbb' }, false);
    expect(policy).toContain("script-src 'self' 'nonce-aaa'");
    expect(policy).toContain("style-src 'self' 'nonce-bbb'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toContain('upgrade-insecure-requests');
    expect(contentSecurityPolicy({ script: 'a', style: 'b' }, true)).toMatch(/;upgrade-insecure-requests$/);
  });

  it("takes helmet's fixed headers, with HSTS only when asked for", () => {
    const plain = staticSecurityHeaders(false);
    expect(plain['x-content-type-options']).toBe('nosniff');
    expect(plain['content-security-policy']).toBeUndefined();
    expect(plain['strict-transport-security']).toBeUndefined();
    expect(staticSecurityHeaders(true)['strict-transport-security']).toMatch(/max-age=\d+/);
  });
});
