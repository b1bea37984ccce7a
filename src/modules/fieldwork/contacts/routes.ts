import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleDeps } from '../../../http/app.ts';
import { member } from '../../../http/access.ts';
import { dateParts, joinDateFields, submitForm, type FormErrors } from '../../../http/forms.ts';
import { getSurvey } from '../../surveys/service.ts';
import { registerContactApi } from './api.ts';
import { contactKindWords, contactMethodWords, declineReasonWords, declineReasons } from './kinds.ts';
import { contactInput, participantHistory, recordContact, surveyParticipants } from './service.ts';

type Params = { evaluation: string; survey: string };
type ParticipantParams = Params & { participant: string };
type Values = Record<string, unknown>;

// Names, e-mail addresses and phone numbers: the research team only, never coders or viewers.
const researcher = { config: { access: member('researcher') } };

// The kinds a person records by hand come first; mail the system sends is logged by itself.
const formKinds = ['spoken_to', 'voicemail', 'declined', 'opted_out', 'bounced', 'email_sent', 'reminder_sent'] as const;

function surveyPath(request: FastifyRequest<{ Params: Params }>): string {
  return `/evaluations/${request.evaluation!.slug}/surveys/${request.params.survey}`;
}

/** The contact log's pages: the survey's participants, and one participant's history with a form. */
export async function registerContactPages(app: FastifyInstance, { database, clock }: ModuleDeps): Promise<void> {
  const db = database.db;

  app.get<{ Params: Params }>('/evaluations/:evaluation/surveys/:survey/contacts', researcher, async (request, reply) => {
    const survey = await getSurvey(db, request.evaluation!.id, request.params.survey);
    const participants = await surveyParticipants(db, survey.id);
    const base = surveyPath(request);
    return reply.view('fieldwork/contacts/views/contacts.njk', {
      title: `Contact log: ${survey.title}`,
      survey,
      participants: participants.map((p) => ({
        ...p,
        methodText: contactMethodWords[p.method],
        lastText: p.lastContact ? contactKindWords[p.lastContact.kind] : null,
        path: `${base}/contacts/${p.id}`,
      })),
      paths: { survey: base, rates: `${base}/response-rates`, csv: `${base}/non-respondents.csv` },
    });
  });

  const renderParticipant = async (request: FastifyRequest<{ Params: ParticipantParams }>, reply: FastifyReply, values: Values, errors?: FormErrors) => {
    const { survey, participant } = await participantHistory(db, request.evaluation!.id, request.params.survey, request.params.participant);
    const kind = String(values.kind ?? '');
    const reason = String(values.reason ?? '');
    const reasonItems = declineReasons.map((r) => ({ value: r, text: declineReasonWords[r], checked: reason === r }));
    return reply.code(errors ? 400 : 200).view('fieldwork/contacts/views/participant.njk', {
      title: `Record contact with ${participant.name}`,
      survey,
      participant: {
        ...participant,
        methodText: contactMethodWords[participant.method],
        events: participant.events.map((e) => ({ ...e, kindText: contactKindWords[e.kind], reasonText: e.reason ? declineReasonWords[e.reason] : null })),
      },
      kindItems: formKinds.map((k) => ({ value: k, text: contactKindWords[k], checked: kind === k, isDeclined: k === 'declined' })),
      reasonItems,
      values,
      errors,
      action: `${surveyPath(request)}/contacts/${participant.id}`,
      backPath: `${surveyPath(request)}/contacts`,
    });
  };

  app.get<{ Params: ParticipantParams }>('/evaluations/:evaluation/surveys/:survey/contacts/:participant', researcher, (request, reply) => {
    const today = dateParts(clock().toISOString().slice(0, 10));
    return renderParticipant(request, reply, { 'occurredOn-day': today.day, 'occurredOn-month': today.month, 'occurredOn-year': today.year });
  });

  app.post<{ Params: ParticipantParams }>('/evaluations/:evaluation/surveys/:survey/contacts/:participant', researcher, async (request, reply) => {
    const { participant } = await participantHistory(db, request.evaluation!.id, request.params.survey, request.params.participant);
    const body = (request.body ?? {}) as Values;
    const joined = joinDateFields(body, ['occurredOn']);
    const result = await submitForm(
      contactInput,
      { ...joined, participantId: participant.id, occurredOn: joined.occurredOn ?? '' },
      (data) => recordContact(db, { ...data, evaluationId: request.evaluation!.id, recordedBy: request.user!.id }),
    );
    if (!result.ok) return renderParticipant(request, reply, body, result.errors);
    return reply.redirect(`${surveyPath(request)}/contacts#participant-${participant.id}`, 303);
  });
}

/** Pages and API of the contact log, registered together from the modules list. */
export async function registerContacts(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  await registerContactPages(app, deps);
  await registerContactApi(app, deps);
}
