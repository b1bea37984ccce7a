import type { Db } from '../../db/database.ts';
import { inTransaction } from '../../db/transaction.ts';
import { HttpError, notFound } from '../../http/errors.ts';
import { recordAudit } from '../accounts/audit.ts';
import { assembleReport, canonicalJson, fingerprint } from './assemble.ts';
import type { ReportModel } from './model.ts';
import { releaseCheck, type ReleaseProblem } from './release-check.ts';
import { getReport } from './service.ts';
import * as store from './store.ts';

/**
 * Saved versions of a report. Saving assembles the report afresh and keeps the model, so each
 * format can be rebuilt from it identically; releasing hands a version to the viewers (funder,
 * liaison) once the release check finds nothing.
 */

export interface VersionSummary {
  number: number;
  status: 'draft' | 'released';
  fingerprint: string;
  builtAt: Date;
  builtBy: string | null;
  releasedAt: Date | null;
  releasedBy: string | null;
}

export interface Version extends VersionSummary {
  model: ReportModel;
}

export async function listVersions(db: Db, evaluationId: string, reportId: string, options: { releasedOnly?: boolean } = {}): Promise<VersionSummary[]> {
  const report = await getReport(db, evaluationId, reportId);
  const rows = await store.listVersions(db, report.id);
  return rows
    .map((r) => ({
      number: r.number,
      status: r.status as VersionSummary['status'],
      fingerprint: r.fingerprint,
      builtAt: r.built_at,
      builtBy: r.built_by_name,
      releasedAt: r.released_at,
      releasedBy: r.released_by_name,
    }))
    .filter((v) => !options.releasedOnly || v.status === 'released');
}

/** One version with its model; a draft is not found for someone who may see released versions only. */
export async function getVersion(db: Db, evaluationId: string, reportId: string, number: number, options: { releasedOnly?: boolean } = {}): Promise<Version> {
  const report = await getReport(db, evaluationId, reportId);
  const row = Number.isSafeInteger(number) && number > 0 ? await store.findVersion(db, report.id, number) : undefined;
  if (!row || (options.releasedOnly && row.status !== 'released')) throw notFound('Version');
  const summary = (await listVersions(db, evaluationId, report.id)).find((v) => v.number === row.number)!;
  return { ...summary, model: row.model as unknown as ReportModel };
}

/** The report as the evaluation stands now, not stored. */
export async function draftModel(db: Db, evaluationId: string, reportId: string): Promise<ReportModel> {
  return assembleReport(db, evaluationId, await getReport(db, evaluationId, reportId));
}

export async function saveVersion(db: Db, actorId: string | null, evaluationId: string, reportId: string): Promise<VersionSummary> {
  const report = await getReport(db, evaluationId, reportId);
  const model = await assembleReport(db, evaluationId, report);
  const print = fingerprint(model);
  const saved = await inTransaction(db, async (trx) => {
    // One saver at a time per report, so two clicks give versions 1 and 2, not a clash.
    await trx.selectFrom('reports').select('id').where('id', '=', report.id).forUpdate().executeTakeFirst();
    const row = await store.insertVersion(trx, { report_id: report.id, model: canonicalJson(model), fingerprint: print, built_by: actorId });
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'create', entity: 'report-version', entityId: row.id, detail: { report: report.id, number: row.number, fingerprint: print } });
    return row;
  });
  return (await listVersions(db, evaluationId, report.id)).find((v) => v.number === saved.number)!;
}

/** Thrown when the release check finds something: each problem is a field of the error. */
export function releaseBlocked(problems: ReleaseProblem[]): HttpError {
  return new HttpError(409, 'release_blocked', 'This version cannot be released until these are fixed', problems.map((p) => ({ field: p.kind, message: p.message })));
}

export async function checkVersion(db: Db, evaluationId: string, reportId: string, number: number): Promise<ReleaseProblem[]> {
  const version = await getVersion(db, evaluationId, reportId, number);
  return releaseCheck(db, evaluationId, version.model);
}

export async function releaseVersion(db: Db, actorId: string, evaluationId: string, reportId: string, number: number): Promise<VersionSummary> {
  const version = await getVersion(db, evaluationId, reportId, number);
  if (version.status === 'released') return version;
  const problems = await releaseCheck(db, evaluationId, version.model);
  if (problems.length) {
    await recordAudit(db, { evaluationId, userId: actorId, action: 'release-blocked', entity: 'report-version', entityId: null, detail: { report: reportId, number, problems: problems.length } });
    throw releaseBlocked(problems);
  }
  const row = (await store.findVersion(db, reportId, number))!;
  await inTransaction(db, async (trx) => {
    await store.markReleased(trx, row.id, actorId);
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'release', entity: 'report-version', entityId: row.id, detail: { report: reportId, number, fingerprint: row.fingerprint } });
  });
  return (await listVersions(db, evaluationId, reportId)).find((v) => v.number === number)!;
}
