import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** scripts/audit.sh, run with a stand-in `npm` first on the PATH that prints a given audit answer. */

const run = promisify(execFile);
const script = new URL('../scripts/audit.sh', import.meta.url).pathname;

const report = (counts: Partial<Record<'info' | 'low' | 'moderate' | 'high' | 'critical', number>>, vulnerabilities: Record<string, unknown> = {}) => {
  const all = { info: 0, low: 0, moderate: 0, high: 0, critical: 0, ...counts };
  return JSON.stringify({
    auditReportVersion: 2,
    vulnerabilities,
    metadata: { vulnerabilities: { ...all, total: Object.values(all).reduce((a, b) => a + b, 0) }, dependencies: { prod: 120, total: 120 } },
  });
};

describe('scripts/audit.sh', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'formative-audit-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function audit(answer: string, npmExit: number): Promise<{ code: number; stdout: string; stderr: string; args: string }> {
    writeFileSync(join(dir, 'answer.json'), answer);
    writeFileSync(join(dir, 'npm'), `#!/bin/sh\necho "$@" > "${dir}/args"\ncat "${dir}/answer.json"\necho "npm error audit endpoint returned an error" >&2\nexit ${npmExit}\n`);
    chmodSync(join(dir, 'npm'), 0o755);
    const env = { ...process.env, PATH: `${dir}:${process.env.PATH ?? ''}` };
    const args = () => readFileSync(join(dir, 'args'), 'utf8').trim();
    try {
      const { stdout, stderr } = await run('bash', [script], { env });
      return { code: 0, stdout, stderr, args: args() };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr, args: args() };
    }
  }

  it('fails the build on a high or critical advisory, naming the packages', async () => {
    const result = await audit(report({ high: 1, moderate: 2 }, { 'some-parser': { name: 'some-parser', severity: 'high' }, other: { name: 'other', severity: 'moderate' } }), 1);
    expect(result.code).toBe(1);
    expect(result.args).toBe('audit --omit=dev --audit-level=high --json');
    expect(result.stderr.trim()).toBe('npm audit: 1 high or critical advisory in the production dependencies: some-parser (high). Run npm audit --omit=dev for details.');
    const critical = await audit(report({ critical: 2 }, { a: { name: 'a', severity: 'critical' }, b: { name: 'b', severity: 'critical' } }), 1);
    expect(critical.code).toBe(1);
    expect(critical.stderr).toContain('2 high or critical advisories');
  });

  it('passes when there is none, even with lower ones', async () => {
    const result = await audit(report({ low: 1, moderate: 1 }), 0);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe('npm audit: no high or critical advisory in the production dependencies (2 lower).');
  });

  it('says in one line that no audit was done when the registry refuses the request, and goes on', async () => {
    const refused = JSON.stringify({ message: '405 Method Not Allowed - POST https://registry.example.org/-/npm/v1/security/advisories/bulk', method: 'POST', statusCode: 405, body: '', error: { summary: '', detail: '' } });
    const result = await audit(refused, 1);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe('npm audit could not be run here: the registry did not answer the audit request (405 Method Not Allowed). This is not a pass; run npm audit where the registry answers it.');
    const unreachable = await audit(JSON.stringify({ error: { code: 'ENOTFOUND', summary: 'request to the registry failed', detail: '' } }), 1);
    expect(unreachable.code).toBe(0);
    expect(unreachable.stdout).toContain('npm audit could not be run here');
  });

  it('fails when npm fails for another reason, such as no lock file', async () => {
    const result = await audit(JSON.stringify({ error: { code: 'ENOLOCK', summary: 'This command requires an existing lockfile.', detail: '' } }), 1);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('npm audit failed without a report (exit 1)');
  });
});
