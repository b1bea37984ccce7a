import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../../../test/app.ts';
import { backends } from '../../../../test/databases.ts';
import type { Database } from '../../../db/database.ts';
import { digest } from '../../accounts/service.ts';
import { createEvaluation } from '../../evaluations/service.ts';
import type { SurveyDefinitionInput } from '../definition.ts';
import { saveDefinition } from '../service.ts';
import { defaultOptions, type ExportOptions } from './options.ts';
import { batchSize } from './response-rows.ts';
import { exportFile, planExport } from './service.ts';
import { createTestSurvey, everyFormat, readAll, sampleResponses, sampleSurvey, storeResponses } from './test-survey.ts';

type Row = Record<string, string>;

describe.each(backends)('survey exports on $name', (backend) => {
  let database: Database;
  let evaluationId: string;
  let userId: string;
  let survey: Awaited<ReturnType<typeof createTestSurvey>>;
  let ids: Record<keyof typeof sampleResponses, string>;

  const download = async (options: Partial<ExportOptions>, surveyRef = survey.id) => {
    const plan = await planExport(database.db, evaluationId, surveyRef, { ...defaultOptions, ...options }, new Date('2026-03-01T10:00:00Z'));
    const counter = { rows: 0 };
    const file = exportFile(database.db, plan, counter);
    return { file, body: await readAll(file.body), counter };
  };
  const csvRows = async (options: Partial<ExportOptions>, surveyRef?: string): Promise<Map<string, Row>> => {
    const { body } = await download({ format: 'csv', ...options }, surveyRef);
    const rows = parse(body.toString('utf8'), { columns: true, bom: true }) as Row[];
    return new Map(rows.map((r) => [r.response_id!, r]));
  };

  beforeAll(async () => {
    database = await backend.open();
    userId = (await addUser(database)).id;
    evaluationId = (await createEvaluation(database.db, userId, { title: 'Export tests' })).id;
    ({ survey, ids } = await sampleSurvey(database.db, userId, evaluationId));
  });
  afterAll(() => database.close());

  it('writes CSV in codes: missing codes as -1 and -2, multiple choice as 0/1, free text quoted', async () => {
    const { file, body } = await download({ format: 'csv' });
    expect(file.fileName).toMatch(/^staff-survey-[a-f0-9]+-responses\.csv$/);
    expect(file.contentType).toBe('text/csv; charset=utf-8');
    const text = body.toString('utf8');
    expect(text.startsWith('response_id,response_status,response_purpose,survey_version,tc1,role,heard_email,heard_meeting,heard_other,manager,support,hours,comments,started\r\n')).toBe(true);
    expect(text).toContain(`${ids.full},complete,main,1,4,ADM,1,0,1,1,7,2.5,"Hello, ""world""\nsecond line",2019-04-01\r\n`);
    expect(text).toContain(`${ids.missing},complete,main,1,-1,-2,0,0,0,-1,-2,,,\r\n`);
    // Free text that a spreadsheet would run as a formula is marked as text.
    expect(text).toContain(`${ids.sparse},complete,main,1,-2,SW,,,,0,0,,'=1+2,\r\n`);
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
  });

  it('writes CSV in labels, with the missing codes\' own labels', async () => {
    const rows = await csvRows({ labels: true });
    expect(rows.get(ids.full)).toEqual({
      response_id: ids.full, response_status: 'complete', response_purpose: 'main', survey_version: '1',
      tc1: 'Agree', role: 'Management, admin "and" support', heard_email: 'Chosen', heard_meeting: 'Not chosen', heard_other: 'Chosen',
      manager: 'Yes', support: '7', hours: '2.5', comments: 'Hello, "world"\nsecond line', started: '2019-04-01',
    });
    expect(rows.get(ids.missing)).toMatchObject({ tc1: 'Not relevant to my work', role: "Don't know", heard_email: 'Not chosen', manager: 'Prefer not to say', support: "Don't know", comments: '' });
  });

  it('starts the CSV with a byte-order mark for Excel when asked', async () => {
    const { body } = await download({ format: 'csv', bom: true });
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('keeps partial and pre-test responses out unless asked for', async () => {
    expect([...(await csvRows({})).keys()].sort()).toEqual([ids.full, ids.missing, ids.sparse].sort());
    expect([...(await csvRows({ partial: true })).keys()].sort()).toEqual([ids.full, ids.missing, ids.sparse, ids.partial].sort());
    const everything = await csvRows({ partial: true, pretest: true });
    expect(everything.size).toBe(5);
    expect(everything.get(ids.pretest)).toMatchObject({ response_purpose: 'pretest', tc1: '5', role: 'NUR' });
    expect(everything.get(ids.partial)).toMatchObject({ response_status: 'partial', tc1: '2', role: '' });
  });

  it('finds the survey by the code in its public link', async () => {
    expect((await csvRows({}, survey.publicCode)).size).toBe(3);
    await expect(planExport(database.db, evaluationId, 'nosuchcode', defaultOptions, new Date())).rejects.toThrow('Survey not found');
    const other = await createEvaluation(database.db, userId, { title: 'Another evaluation' });
    await expect(planExport(database.db, other.id, survey.publicCode, defaultOptions, new Date())).rejects.toThrow('Survey not found');
  });

  it('never puts participant ids or times in an anonymous survey\'s files, in any format', async () => {
    const anonymous = await createTestSurvey(database.db, userId, evaluationId, 'anonymous');
    // Even were a participant and times stored against the rules, the export must not read them.
    const participant = '11111111-2222-4333-8444-555555555555';
    await storeResponses(database.db, anonymous, [{ ...sampleResponses.full, participantId: participant, startedAt: new Date('2026-01-02T03:04:05Z'), completedAt: new Date('2026-01-02T03:14:05Z') }]);
    for (const format of ['csv', 'xlsx', 'spss', 'r'] as const) {
      const { body } = await download({ format }, anonymous.id);
      const contents = format === 'csv' ? [body.toString('utf8')] : await unzipAll(body);
      for (const text of contents) {
        expect(text).not.toContain(participant);
        expect(text).not.toMatch(/2026-01-02|03:04:05|participant_id|started_at|completed_at/);
      }
    }
  });

  it('gives participant ids and times for an identified survey', async () => {
    const identified = await createTestSurvey(database.db, userId, evaluationId, 'identified');
    const participant = '11111111-2222-4333-8444-555555555555';
    const [id] = await storeResponses(database.db, identified, [{ ...sampleResponses.full, participantId: participant, startedAt: new Date('2026-01-02T03:04:05Z'), completedAt: new Date('2026-01-02T03:14:05Z') }]);
    const rows = await csvRows({}, identified.id);
    expect(rows.get(id!)).toMatchObject({ participant_id: participant, started_at: '2026-01-02T03:04:05.000Z', completed_at: '2026-01-02T03:14:05.000Z', tc1: '4' });
  });

  it('includes responses to an earlier version, mapped by question id', async () => {
    const versioned = await createTestSurvey(database.db, userId, evaluationId);
    const [old] = await storeResponses(database.db, versioned, [{ answers: { tc1: 3, role: 'SW', heard: ['email'], comments: 'From version 1' } }]);
    // Version 2 drops the option "Social work" (so role is coded differently) and adds an option to heard.
    const page = everyFormatWith((q) => {
      if (q.id === 'role') return { ...q, format: { type: 'single', options: [{ code: 'NUR', label: 'Nursing' }, { code: 'ADM', label: 'Admin' }] } };
      if (q.id === 'heard') return { ...q, format: { type: 'multiple', options: [{ code: 'email', label: 'E-mail' }, { code: 'meeting', label: 'Team meeting' }, { code: 'other', label: 'Other' }, { code: 'intranet', label: 'Intranet' }] } };
      return q;
    });
    const v2 = await saveDefinition(database.db, userId, evaluationId, versioned.id, page);
    expect(v2.number).toBe(2);
    const [fresh] = await storeResponses(database.db, { id: versioned.id, version: v2 }, [{ answers: { tc1: 5, role: 'ADM', heard: ['intranet'] } }]);
    const rows = await csvRows({}, versioned.id);
    expect(rows.get(old!)).toMatchObject({ survey_version: '1', tc1: '3', role: '', heard_email: '1', heard_meeting: '0', heard_intranet: '', comments: 'From version 1' });
    expect(rows.get(fresh!)).toMatchObject({ survey_version: '2', tc1: '5', role: 'ADM', heard_email: '0', heard_intranet: '1' });
  });

  it('reads every response exactly once across batches', async () => {
    const many = await createTestSurvey(database.db, userId, evaluationId);
    const count = batchSize * 3 + 7;
    const values = Array.from({ length: count }, (_, i) => ({
      survey_id: many.id, version_id: many.version.id, key_hash: digest(`many-${many.id}-${i}`), purpose: 'main', status: 'complete', answers: JSON.stringify({ tc1: (i % 5) + 1 }),
    }));
    for (let i = 0; i < values.length; i += 1000) await database.db.insertInto('responses').values(values.slice(i, i + 1000)).execute();
    const { body, counter } = await download({ format: 'csv' }, many.id);
    const lines = body.toString('utf8').trimEnd().split('\r\n').slice(1);
    expect(lines).toHaveLength(count);
    expect(counter.rows).toBe(count);
    expect(new Set(lines.map((l) => l.split(',')[0])).size).toBe(count);
    const ordered = lines.map((l) => l.split(',')[0]!);
    expect(ordered).toEqual([...ordered].sort());
    // A reader who goes away after the first chunk (a cancelled download) stops the reading.
    for (const format of ['csv', 'spss'] as const) {
      const plan = await planExport(database.db, evaluationId, many.id, { ...defaultOptions, format }, new Date());
      const stopped = { rows: 0 };
      const stream = exportFile(database.db, plan, stopped).body;
      for await (const chunk of stream) if (chunk) break;
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(stream.destroyed).toBe(true);
      expect(stopped.rows).toBeLessThan(count);
    }
  });

  it('writes an Excel workbook with a Responses sheet and a Codebook sheet', async () => {
    const { file, body } = await download({ format: 'xlsx', labels: true });
    expect(file.fileName).toMatch(/-responses\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(body as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Responses', 'Codebook']);
    const responses = workbook.getWorksheet('Responses')!;
    const header = (responses.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 6)).toEqual(['response_id', 'response_status', 'response_purpose', 'survey_version', 'tc1', 'role']);
    expect(responses.rowCount).toBe(4);
    const rows = [2, 3, 4].map((n) => (responses.getRow(n).values as unknown[]).slice(1));
    const full = rows.find((r) => r[0] === ids.full)!;
    expect(full.slice(3, 8)).toEqual([1, 'Agree', 'Management, admin "and" support', 'Chosen', 'Not chosen']);
    expect(full[11]).toBe(2.5);
    const codebook = workbook.getWorksheet('Codebook')!;
    expect((codebook.getRow(1).values as unknown[]).slice(1)).toEqual(['variable', 'question', 'page', 'type', 'values', 'missing', 'scales', 'condition']);
    expect(codebook.rowCount).toBe(1 + 4 + 10);
  });

  it('bundles SPSS and R scripts with their data in a ZIP', async () => {
    for (const format of ['spss', 'r'] as const) {
      const { file, body } = await download({ format, labels: true });
      expect(file.contentType).toBe('application/zip');
      const zip = await JSZip.loadAsync(body);
      const names = Object.keys(zip.files).sort();
      const stem = file.fileName.replace(`-${format}.zip`, '');
      expect(names).toEqual([`${stem}.csv`, `${stem}.${format === 'spss' ? 'sps' : 'R'}`].sort());
      const data = await zip.file(`${stem}.csv`)!.async('string');
      // Always codes: the scripts attach the labels.
      expect(data).toContain(`${ids.missing},complete,main,1,-1,-2,`);
      // SPSS reads one response per line; R keeps the line break inside the quoted answer.
      expect(data).toContain(format === 'spss' ? '"Hello, ""world"" second line"' : '"Hello, ""world""\nsecond line"');
      expect(data).toContain(',=1+2,');
      const script = await zip.file(names.find((n) => !n.endsWith('.csv'))!)!.async('string');
      expect(script).toContain(`${stem}.csv`);
    }
  });

  it('writes the codebook as CSV, with scales and conditions in words', async () => {
    const { file, body } = await download({ format: 'codebook' });
    expect(file.fileName).toMatch(/-codebook\.csv$/);
    const rows = parse(body.toString('utf8'), { columns: true }) as Row[];
    expect(rows.map((r) => r.variable)).toEqual(['response_id', 'response_status', 'response_purpose', 'survey_version', 'tc1', 'role', 'heard_email', 'heard_meeting', 'heard_other', 'manager', 'support', 'hours', 'comments', 'started']);
    const byName = new Map(rows.map((r) => [r.variable, r]));
    expect(byName.get('tc1')).toEqual({
      variable: 'tc1', question: 'Staff here see a clear need for this change.', page: 'Your work', type: 'Likert, 5 points',
      values: '1 = Strongly disagree; 2 = Disagree; 3 = Neither agree nor disagree; 4 = Agree; 5 = Strongly agree',
      missing: "-1 = Not relevant to my work; -2 = Don't know", scales: 'Change climate item tc1; scales: Tension for change', condition: '',
    });
    expect(byName.get('heard_meeting')).toMatchObject({ question: 'How did you hear about the change? [Team meeting]', values: '1 = Chosen; 0 = Not chosen' });
    expect(byName.get('comments')?.condition).toBe('Shown when manager is 1; its page is shown when manager is answered');
    expect(byName.get('support')?.condition).toBe('Its page is shown when manager is answered');
  });
});

async function unzipAll(body: Buffer): Promise<string[]> {
  const zip = await JSZip.loadAsync(body);
  return Promise.all(Object.values(zip.files).map((f) => f.async('string')));
}

type QuestionInput = SurveyDefinitionInput['pages'][number]['questions'][number];

/** The every-format survey with some questions changed. */
function everyFormatWith(change: (q: QuestionInput) => QuestionInput): SurveyDefinitionInput {
  return { pages: everyFormat.pages.map((p) => ({ ...p, questions: p.questions.map(change) })) };
}
