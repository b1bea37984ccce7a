import type { Db } from '../../../db/database.ts';
import { listPeriods } from '../../evaluations/service.ts';
import { getSurvey, listSurveys } from '../../surveys/service.ts';
import { contactKindWords, contactMethods, contactMethodWords, declineReasons, declineReasonWords, type DeclineReason } from '../contacts/kinds.ts';
import { surveyParticipants, type ContactedParticipant } from '../contacts/service.ts';
import { rateRow, ratesByGroup, type RateRow } from './rates.ts';

/** A survey's response rates, overall and by contact method, unit and region, with refusals. */
export interface SurveyRates {
  survey: { id: string; title: string; purpose: string; anonymity: string };
  overall: RateRow;
  byMethod: RateRow[];
  byUnit: RateRow[];
  byRegion: RateRow[];
  optedOut: number;
  bounced: number;
  declined: number;
  reasons: { reason: DeclineReason; label: string; count: number }[];
  nonRespondents: number;
}

export function computeSurveyRates(survey: SurveyRates['survey'], participants: readonly ContactedParticipant[]): SurveyRates {
  const completed = participants.filter((p) => p.completedOn).length;
  const reasonCounts = new Map<DeclineReason, number>(declineReasons.map((r) => [r, 0]));
  for (const p of participants) if (p.declineReason) reasonCounts.set(p.declineReason, (reasonCounts.get(p.declineReason) ?? 0) + 1);
  return {
    survey,
    overall: rateRow('all', 'All participants', completed, participants.length),
    byMethod: ratesByGroup(participants, (p) => ({ key: p.method, label: contactMethodWords[p.method] }), { order: contactMethods }),
    byUnit: ratesByGroup(participants, (p) => (p.unitId ? { key: p.unitId, label: p.unitName ?? '' } : null), { missingLabel: 'No unit in the directory' }).sort(byLabel),
    byRegion: ratesByGroup(participants, (p) => (p.regionId ? { key: p.regionId, label: p.regionName ?? '' } : null), { missingLabel: 'No region in the directory' }).sort(byLabel),
    optedOut: participants.filter((p) => p.optedOutOn).length,
    bounced: participants.filter((p) => p.bounced).length,
    declined: participants.filter((p) => p.declineReason).length,
    reasons: [...reasonCounts].map(([reason, count]) => ({ reason, label: declineReasonWords[reason], count })).sort((a, b) => b.count - a.count),
    nonRespondents: participants.filter(isNonRespondent).length,
  };
}

const byLabel = (a: RateRow, b: RateRow) => (a.key === '' ? 1 : b.key === '' ? -1 : a.label.localeCompare(b.label));

/** Not completed and not opted out: the people a follow-up may still reach. */
export const isNonRespondent = (p: ContactedParticipant): boolean => !p.completedOn && !p.optedOutOn;

export async function surveyRates(db: Db, evaluationId: string, surveyId: string): Promise<SurveyRates> {
  const survey = await getSurvey(db, evaluationId, surveyId);
  const participants = await surveyParticipants(db, survey.id);
  return computeSurveyRates({ id: survey.id, title: survey.title, purpose: survey.purpose, anonymity: survey.anonymity }, participants);
}

export interface WaveRate extends RateRow {
  surveyId: string;
  surveyTitle: string;
  purpose: string;
  waveName: string;
}

/** The overall rate of every survey that belongs to a wave and has participants, in wave order. */
export async function ratesByWave(db: Db, evaluationId: string): Promise<WaveRate[]> {
  const surveys = (await listSurveys(db, evaluationId)).filter((s) => s.waveId);
  const out: WaveRate[] = [];
  for (const s of surveys) {
    const participants = await surveyParticipants(db, s.id);
    if (!participants.length) continue;
    const row = rateRow(s.id, s.title, participants.filter((p) => p.completedOn).length, participants.length);
    out.push({ ...row, surveyId: s.id, surveyTitle: s.title, purpose: s.purpose, waveName: s.waveName ?? '' });
  }
  const waveOrder = new Map((await listPeriods(db, 'waves', evaluationId)).map((w, i) => [w.id, i]));
  const order = new Map(surveys.map((s) => [s.id, { wave: waveOrder.get(s.waveId!) ?? 0, opened: s.opensAt?.getTime() ?? 0 }]));
  const key = (r: WaveRate) => order.get(r.surveyId)!;
  return out.sort((a, b) => key(a).wave - key(b).wave || key(a).opened - key(b).opened);
}

export interface NonRespondent {
  participantId: string;
  name: string;
  email: string | null;
  phone: string | null;
  unit: string | null;
  region: string | null;
  lastContact: string | null;
  lastContactOn: string | null;
}

/** Participants to follow up: not completed, not opted out, with how they were last contacted. */
export async function nonRespondents(db: Db, evaluationId: string, surveyId: string): Promise<{ survey: { id: string; title: string }; people: NonRespondent[] }> {
  const survey = await getSurvey(db, evaluationId, surveyId);
  const participants = await surveyParticipants(db, survey.id);
  return {
    survey: { id: survey.id, title: survey.title },
    people: participants.filter(isNonRespondent).map((p) => ({
      participantId: p.id,
      name: p.name,
      email: p.email,
      phone: p.phone,
      unit: p.unitName,
      region: p.regionName,
      lastContact: p.lastContact ? contactKindWords[p.lastContact.kind] : null,
      lastContactOn: p.lastContact?.occurredOn ?? null,
    })),
  };
}
