import { addUser } from '../../../test/app.ts';
import type { Database } from '../../db/database.ts';
import { addDocument } from '../documents/service.ts';
import { addContextEvent } from '../evaluations/protocol/context-events.ts';
import { setMember } from '../evaluations/service.ts';
import { buildTestProject, type TestProject } from '../qualitative/analysis/test-project.ts';
import { addTerm } from '../qualitative/pseudonyms/service.ts';
import { addQuote, saveAttributionRules } from '../qualitative/quotes/service.ts';
import { fixtureDefinition } from '../results/test-fixture.ts';
import { createSurvey } from '../surveys/service.ts';

/**
 * An evaluation with something of every kind to link to a finding: the small coded project of
 * the qualitative tests (transcripts, a document source, codes), a quote, two waves of a survey,
 * a document in the register and a context event; and a researcher. Programme names are on the
 * pseudonymisation list, so excerpts can be checked for them.
 */
export interface FindingsFixture extends TestProject {
  researcher: { id: string; email: string };
  codings: { board: string; funding: string; plan: string; advocacy: string };
  quoteId: string;
  surveyIds: string[];
  documentId: string;
  eventId: string;
}

export async function buildFindingsFixture(database: Database, slug: string): Promise<FindingsFixture> {
  const db = database.db;
  const p = await buildTestProject(database, slug);
  const researcher = await addUser(database, 'Rita Researcher');
  await setMember(db, p.lead.id, p.evaluationId, { email: researcher.email, role: 'researcher' });
  await addTerm(db, p.lead.id, p.evaluationId, { kind: 'organisation', term: 'The board', replacement: '[governing body]' });
  await saveAttributionRules(db, p.lead.id, p.evaluationId, { rules: [{ roleCategory: '*', attribution: 'Senior Manager' }] });
  const codings = {
    board: await p.code('SM01', 'The board said the eight programmes could not go on alone.', p.codes.tension, { valence: 'facilitating' }),
    funding: await p.code('SM02', 'Funding stayed with the largest programme, so the rest of us had no dedicated time.', p.codes.time, { valence: 'inhibiting' }),
    plan: await p.code('plan', 'pool funding across programmes', p.codes.time, { valence: 'facilitating' }),
    advocacy: await p.code('SM02', 'The chief executive was a strong champion', p.codes.advocacy, { valence: 'facilitating' }),
  };
  const quote = await addQuote(db, p.lead.id, p.evaluationId, { codingId: codings.funding });
  const surveyIds: string[] = [];
  for (const [i, waveId] of [p.waves.first, p.waves.second].entries()) {
    const survey = await createSurvey(db, p.lead.id, p.evaluationId, { title: `Staff survey ${2005 + i}`, purpose: 'main', waveId, anonymity: 'anonymous' }, fixtureDefinition());
    surveyIds.push(survey.id);
  }
  const document = await addDocument(db, p.lead.id, p.evaluationId, { kind: 'report', title: 'Annual report 2005/06', issuer: 'The partnership' });
  const event = await addContextEvent(db, p.lead.id, p.evaluationId, { kind: 'review', title: 'Review of arm’s-length bodies announced', date: '2005-07', description: 'Every funded body to be reviewed.' });
  return { ...p, researcher, codings, quoteId: quote.id, surveyIds, documentId: document.id, eventId: event.id };
}
