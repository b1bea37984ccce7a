import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../../../test/app.ts';
import { backends } from '../../../../test/databases.ts';
import type { Database } from '../../../db/database.ts';
import { HttpError } from '../../../http/errors.ts';
import { addDocument } from '../../documents/service.ts';
import { createEvaluation } from '../../evaluations/service.ts';
import { createUnit } from '../../organisation/service.ts';
import { createMethod } from '../../plans/methods.ts';
import { createInterview } from '../../qualitative/interviews/interviews.ts';
import { createParticipant } from '../../qualitative/interviews/participants.ts';
import { chooseCaseFiles, drawCaseFileSample, getExtraction, listCaseFiles, listSamples, recordExtraction, referenceProblem, registerCaseFiles } from './case-files.ts';
import { addCommonCriteria, commonCriteria, criteriaMatrix, saveJudgements, siteJudgements } from './criteria.ts';
import { addField, createForm, checkAnswers, getForm, moveField } from './extraction-forms.ts';
import { setSiteMethods, sitesForMethod } from './method-sites.ts';
import { caseStudyHasData, createSite, monthsBetween, updateSite } from './sites.ts';
import { addStakeholder, listStakeholders } from './stakeholders.ts';
import { siteSummaries } from './summary.ts';
import { addContacts, listContacts, siteAgencySummary, timelineChart } from './timelines.ts';

async function refusal(promise: Promise<unknown>): Promise<HttpError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  if (!(error instanceof HttpError)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}

describe('case-study rules without a database', () => {
  it('counts a project’s months from its first to its last day', () => {
    expect(monthsBetween('2006-03-01', '2006-08-31')).toBe(6);
    expect(monthsBetween('2005-04-01', '2006-09-30')).toBe(18);
    expect(monthsBetween('2005-04-15', '2006-04-13')).toBe(11);
  });

  it('refuses references that hold personal data and keeps anonymous ones', () => {
    expect(referenceProblem('CF-014')).toBeNull();
    expect(referenceProblem('jo.bloggs@example.org')).toMatch(/holds an e-mail address/);
    expect(referenceProblem('Mrs Smith')).toMatch(/holds a title and name/);
    expect(referenceProblem('485 777 3456')).toMatch(/NHS number/);
    expect(referenceProblem('M1 4BT')).toMatch(/postcode/);
  });

  it('draws the same files for the same seed and other files for another', () => {
    const files = Array.from({ length: 20 }, (_, i) => ({ id: `id-${i}`, reference: `CF-${String(i).padStart(3, '0')}` }));
    const once = chooseCaseFiles(files, 5, '2006').map((f) => f.reference);
    expect(chooseCaseFiles([...files].reverse(), 5, '2006').map((f) => f.reference)).toEqual(once);
    expect(new Set(once).size).toBe(5);
    expect(chooseCaseFiles(files, 5, '2007').map((f) => f.reference)).not.toEqual(once);
  });

  it('checks each answer by its field’s type and names the field', () => {
    const fields = [
      { id: 'a', label: 'Date referred', fieldType: 'date' as const, typeLabel: 'Date', options: [], required: true, position: 1 },
      { id: 'b', label: 'Agencies involved', fieldType: 'number' as const, typeLabel: 'Number', options: [], required: false, position: 2 },
      { id: 'c', label: 'Outcome', fieldType: 'choice' as const, typeLabel: 'One of a list', options: ['Improved', 'No change'], required: false, position: 3 },
      { id: 'd', label: 'Carer involved', fieldType: 'yes-no' as const, typeLabel: 'Yes or no', options: [], required: true, position: 4 },
    ];
    expect(checkAnswers(fields, { a: '31/3/2006', b: '3', c: 'improved', d: 'Yes' })).toEqual({
      values: [{ fieldId: 'a', value: '2006-03-31' }, { fieldId: 'b', value: '3' }, { fieldId: 'c', value: 'Improved' }, { fieldId: 'd', value: 'yes' }],
      problems: [],
    });
    expect(checkAnswers(fields, { a: '31/2/2006', b: 'three', c: 'Worse', d: '' }).problems).toEqual([
      { field: 'field-a', message: '“Date referred” must be a real date, like 31/3/2006' },
      { field: 'field-b', message: '“Agencies involved” must be a number, like 3 or 2.5' },
      { field: 'field-c', message: '“Outcome” must be one of: Improved, No change' },
      { field: 'field-d', message: 'Choose an answer for “Carer involved”' },
    ]);
  });
});

describe.each(backends)('case studies on $name', (backend) => {
  let database: Database;
  let userId: string;
  let evaluationId: string;
  beforeAll(async () => {
    database = await backend.open();
    userId = (await addUser(database, 'Cass Study')).id;
    evaluationId = (await createEvaluation(database.db, userId, { title: 'Case studies', slug: 'case-studies' })).id;
  });
  afterAll(() => database.close());

  it('keeps a site with its project and programmes, and asks why a site was withdrawn', async () => {
    const db = database.db;
    const mh = await createUnit(db, userId, evaluationId, { kind: 'programme', name: 'Mental health' });
    const op = await createUnit(db, userId, evaluationId, { kind: 'programme', name: 'Older people' });
    const site = await createSite(db, userId, evaluationId, { name: 'Moorside', siteType: 'other', otherType: 'Coastal', projectTitle: 'Joint discharge', startsOn: '2005-04-01', endsOn: '2006-09-30', unitIds: [mh.id, op.id] });
    expect(site).toMatchObject({ siteTypeLabel: 'Coastal', projectMonths: 18, status: 'proposed' });
    expect(site.units.map((u) => u.name).sort()).toEqual(['Mental health', 'Older people']);
    await expect(updateSite(db, userId, evaluationId, site.id, { name: 'Moorside', siteType: 'rural', status: 'withdrawn' })).rejects.toThrow('Say why the site was withdrawn');
    const withdrawn = await updateSite(db, userId, evaluationId, site.id, { name: 'Moorside', siteType: 'rural', status: 'withdrawn', withdrawnReason: 'The project was stopped', unitIds: [mh.id] });
    expect(withdrawn).toMatchObject({ status: 'withdrawn', withdrawnReason: 'The project was stopped', siteTypeLabel: 'Rural' });
    const taken = await refusal(createSite(db, userId, evaluationId, { name: 'MOORSIDE', siteType: 'urban' }));
    expect(taken.fields).toEqual([{ field: 'name', message: 'There is already a site called "MOORSIDE"' }]);
  });

  it('ticks criteria with evidence and a document, all or none, and shows them in the matrix', async () => {
    const db = database.db;
    expect(await addCommonCriteria(db, userId, evaluationId)).toBe(3);
    expect(await addCommonCriteria(db, userId, evaluationId)).toBe(0);
    const site = await createSite(db, userId, evaluationId, { name: 'Northgate', siteType: 'metropolitan' });
    const document = await addDocument(db, userId, evaluationId, { kind: 'report', title: 'Project report', text: 'Ran 14 months.' });
    const [length, age, programmes] = await siteJudgements(db, evaluationId, site.id);
    expect([length!.criterion, length!.judgement]).toEqual([commonCriteria[0], 'unknown']);
    const bad = await refusal(saveJudgements(db, userId, evaluationId, site.id, [
      { criterionId: length!.criterionId, judgement: 'met', evidence: 'Ran 14 months' },
      { criterionId: age!.criterionId, judgement: 'maybe' },
    ]));
    expect(bad.fields[0]!.field).toBe(`judgement-${age!.criterionId}`);
    expect((await siteJudgements(db, evaluationId, site.id))[0]!.judgement).toBe('unknown');
    await saveJudgements(db, userId, evaluationId, site.id, [
      { criterionId: length!.criterionId, judgement: 'met', evidence: 'Ran 14 months', documentId: document.id },
      { criterionId: age!.criterionId, judgement: 'met' },
      { criterionId: programmes!.criterionId, judgement: 'not-met', evidence: 'Only the mental health programme' },
    ]);
    expect((await siteJudgements(db, evaluationId, site.id))[0]).toMatchObject({ judgement: 'met', documentTitle: 'Project report' });
    const matrix = await criteriaMatrix(db, evaluationId);
    expect(matrix.sites.find((s) => s.name === 'Northgate')).toMatchObject({ cells: ['met', 'met', 'not-met'], met: 2 });
    expect(matrix.sites.find((s) => s.name === 'Moorside')!.cells).toEqual(['unknown', 'unknown', 'unknown']);
  });

  it('samples case files by seed, never the same file twice, and extracts all or nothing', async () => {
    const db = database.db;
    const site = await createSite(db, userId, evaluationId, { name: 'Eastbrook', siteType: 'london' });
    const refused = await refusal(registerCaseFiles(db, userId, evaluationId, site.id, { references: 'CF-1\nann@example.org' }));
    expect(refused.message).toMatch(/e-mail address/);
    expect(await listCaseFiles(db, evaluationId, site.id)).toEqual([]);
    expect(await registerCaseFiles(db, userId, evaluationId, site.id, { references: Array.from({ length: 10 }, (_, i) => `EB-${i + 1}`) })).toBe(10);

    const first = await drawCaseFileSample(db, userId, evaluationId, site.id, { size: 5, seed: '2006' });
    const expected = chooseCaseFiles(await listCaseFiles(db, evaluationId, site.id), 5, '2006').map((f) => f.reference);
    expect(first.references).toEqual(expected);
    const second = await drawCaseFileSample(db, userId, evaluationId, site.id, { size: 4, seed: '2006' });
    expect(second.references.filter((r) => first.references.includes(r))).toEqual([]);
    expect((await refusal(drawCaseFileSample(db, userId, evaluationId, site.id, { size: 2, seed: 1 }))).message).toBe('There is only 1 case file not yet sampled at this site: draw 1 or fewer');
    expect((await listSamples(db, evaluationId, site.id)).map((s) => s.seed)).toEqual(['2006', '2006']);

    const form = await createForm(db, userId, evaluationId, { name: 'Case file review' });
    const referred = await addField(db, userId, evaluationId, form.id, { label: 'Date referred', fieldType: 'date', required: true });
    const agencies = await addField(db, userId, evaluationId, form.id, { label: 'Agencies', fieldType: 'number' });
    await addField(db, userId, evaluationId, form.id, { label: 'Outcome', fieldType: 'choice', options: 'Improved\nNo change' });
    await moveField(db, userId, evaluationId, form.id, agencies.id, 'up');
    expect((await getForm(db, evaluationId, form.id)).fields.map((f) => f.label)).toEqual(['Agencies', 'Date referred', 'Outcome']);

    const files = await listCaseFiles(db, evaluationId, site.id);
    const sampled = files.find((f) => f.reference === first.references[0])!;
    const unsampled = files.find((f) => !f.sampleId)!;
    const wrong = await refusal(recordExtraction(db, userId, evaluationId, site.id, sampled.id, form.id, { [referred.id]: '2006-02-30', [agencies.id]: '3' }));
    expect(wrong.fields).toEqual([{ field: `field-${referred.id}`, message: '“Date referred” must be a real date, like 31/3/2006' }]);
    expect((await getExtraction(db, evaluationId, site.id, sampled.id, form.id)).recordedAt).toBeNull();
    expect(await caseStudyHasData(db, evaluationId)).toBe(false);
    await expect(recordExtraction(db, userId, evaluationId, site.id, unsampled.id, form.id, { [referred.id]: '2006-02-03' })).rejects.toThrow('is not in a sample');
    const saved = await recordExtraction(db, userId, evaluationId, site.id, sampled.id, form.id, { [referred.id]: '3/2/2006', [agencies.id]: '3' });
    expect(saved.answers.map((a) => [a.label, a.value])).toEqual([['Agencies', '3'], ['Date referred', '2006-02-03'], ['Outcome', null]]);
    expect(await caseStudyHasData(db, evaluationId)).toBe(true);
    expect((await siteSummaries(db, evaluationId)).find((s) => s.name === 'Eastbrook')).toMatchObject({ caseFiles: 10, sampled: 9, extracted: 1 });
  });

  it('draws a service career by agency, and sums contacts per agency at the site', async () => {
    const db = database.db;
    const site = await createSite(db, userId, evaluationId, { name: 'Westvale', siteType: 'urban' });
    await registerCaseFiles(db, userId, evaluationId, site.id, { references: 'WV-1\nWV-2' });
    const [one, two] = await listCaseFiles(db, evaluationId, site.id);
    await addContacts(db, userId, evaluationId, site.id, one!.id, [
      { contactedOn: '2006-03-10', agency: 'GP', kind: 'Referral' },
      { contactedOn: '2006-01-05', agency: 'Police', kind: 'Arrest' },
      { contactedOn: '2006-04-01', agency: 'GP', kind: 'Review' },
    ]);
    await addContacts(db, userId, evaluationId, site.id, two!.id, [{ contactedOn: '2006-02-01', agency: 'Police' }]);
    await expect(addContacts(db, userId, evaluationId, site.id, two!.id, [{ contactedOn: '2006-13-01', agency: 'GP' }])).rejects.toThrow('The date of the contact must be a real date');
    const contacts = await listContacts(db, evaluationId, site.id, one!.id);
    expect(contacts.map((c) => [c.contactedOn, c.agency])).toEqual([['2006-01-05', 'Police'], ['2006-03-10', 'GP'], ['2006-04-01', 'GP']]);
    expect(timelineChart('WV-1', contacts).summary).toBe('3 contacts with 2 agencies from 2006-01-05 to 2006-04-01: Police (1), GP (2).');
    expect(await siteAgencySummary(db, evaluationId, site.id)).toEqual([
      { agency: 'GP', contacts: 2, caseFiles: 1, first: '2006-03-10', last: '2006-04-01' },
      { agency: 'Police', contacts: 2, caseFiles: 2, first: '2006-01-05', last: '2006-02-01' },
    ]);
  });

  it('links stakeholders to interviews and methods to sites', async () => {
    const db = database.db;
    const site = await createSite(db, userId, evaluationId, { name: 'Southport', siteType: 'rural' });
    const participant = await createParticipant(db, userId, evaluationId, { label: 'SM09', roleCategory: 'Programme lead' });
    const interview = await createInterview(db, userId, evaluationId, { participantId: participant.id, heldOn: '2006-05-02', status: 'done' });
    await addStakeholder(db, userId, evaluationId, site.id, { category: 'practitioner', name: 'Ward nurse' });
    await addStakeholder(db, userId, evaluationId, site.id, { category: 'senior-manager', name: 'Director of adult services', interviewId: interview.id });
    const stray = await refusal(addStakeholder(db, userId, evaluationId, site.id, { category: 'community-leader', name: 'Faith leader', interviewId: '00000000-0000-4000-8000-000000000000' }));
    expect(stray.fields[0]).toEqual({ field: 'interviewId', message: 'Choose one of this evaluation’s interviews' });
    const stakeholders = await listStakeholders(db, evaluationId, site.id);
    expect(stakeholders.map((s) => [s.categoryLabel, s.name, s.interview?.participantLabel ?? null])).toEqual([
      ['Senior managers', 'Director of adult services', 'SM09'],
      ['Practitioners', 'Ward nurse', null],
    ]);
    const method = await createMethod(db, userId, evaluationId, { name: 'Lean thinking' });
    await setSiteMethods(db, userId, evaluationId, site.id, [method.id]);
    expect((await sitesForMethod(db, evaluationId, method.id)).map((s) => s.name)).toEqual(['Southport']);
    await expect(setSiteMethods(db, userId, evaluationId, site.id, ['nonsense'])).rejects.toThrow('not in this evaluation’s catalogue');
  });
});
