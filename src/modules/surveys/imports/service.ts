import { z } from 'zod';
import type { Db } from '../../../db/database.ts';
import { badRequest } from '../../../http/errors.ts';
import { createSurvey, purposes, type Survey, type SurveyVersion } from '../service.ts';
import { importLss } from './lss.ts';
import { importRedcap } from './redcap.ts';
import { ImportError, type ImportReport, type SurveyImport } from './report.ts';

/**
 * Imports a LimeSurvey structure or a REDCap data dictionary as a new draft survey. The file is
 * converted completely before anything is stored, and the survey is created in one transaction,
 * so a file that cannot be read leaves nothing behind.
 */

export const importKinds = ['lss', 'redcap'] as const;
export type ImportKind = (typeof importKinds)[number];

export const importOptions = z.object({
  kind: z.enum(importKinds, { error: 'Say what the file is: lss (a LimeSurvey survey structure) or redcap (a REDCap data dictionary)' }),
  content: z.union([z.string(), z.instanceof(Buffer)]),
  title: z.string().trim().max(300, 'Title must be 300 characters or fewer').optional(),
  purpose: z.enum(purposes, { error: 'Choose whether this is a pre-test, a pilot or the main survey' }).default('main'),
  filename: z.string().max(500).optional(),
});
export type ImportOptions = z.input<typeof importOptions>;

/** The kind of file from its name: .lss is LimeSurvey's structure, .csv a REDCap dictionary. */
export function kindFromFilename(filename: string): ImportKind | undefined {
  const extension = /\.([A-Za-z0-9]+)$/.exec(filename.trim())?.[1]?.toLowerCase();
  return extension === 'lss' ? 'lss' : extension === 'csv' ? 'redcap' : undefined;
}

function titleFrom(filename: string | undefined): string {
  const stem = (filename ?? '').replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '').replace(/[_-]+/g, ' ').trim();
  return stem.slice(0, 300);
}

/** Converts without storing anything; an unreadable file becomes a 400 naming what and where. */
export function convertFile(kind: ImportKind, content: string | Buffer): SurveyImport {
  try {
    return kind === 'lss' ? importLss(content) : importRedcap(content);
  } catch (error) {
    if (error instanceof ImportError) throw badRequest(error.message, [{ field: 'file', message: error.message }]);
    throw error;
  }
}

export async function importSurvey(
  db: Db,
  actorId: string | null,
  evaluationId: string,
  options: ImportOptions,
): Promise<{ survey: Survey & { version: SurveyVersion }; report: ImportReport }> {
  const input = importOptions.parse(options);
  const converted = convertFile(input.kind, input.content);
  const title = (input.title || converted.title || titleFrom(input.filename) || 'Imported survey').slice(0, 300);
  const survey = await createSurvey(
    db,
    actorId,
    evaluationId,
    { title, purpose: input.purpose, anonymity: converted.anonymity, access: converted.access },
    converted.definition,
  );
  return { survey, report: converted.report };
}
