import { z } from 'zod';
import { approvalStatuses } from './ethics.ts';
import { contextKinds } from './context-events.ts';
import { methodKinds } from './methods.ts';
import { documentKinds } from './study-documents.ts';
import { taskStatuses } from './task-changes.ts';

/** The JSON shapes of the protocol API, for validation and the OpenAPI document. */

export const tags = ['Protocol'];
export const contextTags = ['Context timeline'];
export const evaluationParams = z.object({ evaluation: z.string().describe('The evaluation id or short name (slug)') });
export const idParams = <K extends string>(name: K, what: string) =>
  evaluationParams.extend({ [name]: z.string().describe(`The ${what} id`) } as Record<K, z.ZodString>);
const isoDate = z.string().nullable().optional().describe('yyyy-mm-dd');
const ids = (what: string) => z.array(z.string()).optional().describe(`Ids of ${what} in the same evaluation`);

export const aimOut = z.object({ id: z.string(), number: z.number().describe('Place in the order: A1, A2…'), text: z.string() });
export const aimBody = z.object({ text: z.string() });

const overrideOut = z
  .object({
    addressed: z.boolean(),
    reason: z.string(),
    by: z.string().nullable().describe('Who decided, by name'),
    at: z.date().nullable().describe('When they decided'),
  })
  .nullable()
  .describe("The team's own decision, shown beside what the methods say (derivedAddressed)");
export const questionOut = z.object({ id: z.string(), number: z.number().describe('Place in the order: Q1, Q2…'), text: z.string(), aimIds: z.array(z.string()), override: overrideOut });
export const questionBody = z.object({ text: z.string(), aimIds: z.array(z.string()).describe('One or more aims of the same evaluation') });
export const overrideBody = z.object({
  override: z.enum(['derived', 'addressed', 'not-addressed']).describe("'derived' removes the override"),
  reason: z.string().optional().describe('Required unless override is derived'),
});
export const moveBody = z.object({ direction: z.enum(['up', 'down']) });

export const methodOut = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(methodKinds),
  kindLabel: z.string(),
  ownKind: z.string(),
  description: z.string(),
  hasData: z
    .boolean()
    .describe(
      'Whether the method has produced data. Worked out from the data for documentary analysis, interviews, survey, case studies, re-analysis and learning sets (dataDerived true); the team’s own mark for observation and the team’s own methods',
    ),
  dataDerived: z.boolean().describe('True when hasData is worked out from the data rather than marked by the team'),
  dataRule: z.string().describe('What counts as data for a derived kind'),
  markedHasData: z.boolean().describe('The team’s own mark; it counts only when dataDerived is false'),
});
export const methodBody = z.object({
  name: z.string(),
  kind: z.enum(methodKinds),
  ownKind: z.string().optional().describe("The team's own name for the kind; required when kind is other"),
  description: z.string().optional(),
  hasData: z.boolean().optional().describe('The team’s mark that the method has data; it counts only for observation and the team’s own methods'),
});
export const cellOut = z.object({ methodId: z.string(), questionId: z.string() });
export const matrixBody = z.object({ cells: z.array(cellOut).describe('Every ticked cell; cells left out are cleared') });

export const questionCoverageOut = questionOut.extend({
  addressed: z.boolean(),
  derivedAddressed: z.boolean(),
  overridden: z.boolean(),
  methodsWithData: z.array(z.string()),
  methodsWithoutData: z.array(z.string()),
  reason: z.string(),
});
export const aimCoverageOut = aimOut.extend({
  status: z.enum(['addressed', 'partly-addressed', 'not-addressed']),
  addressedQuestions: z.number(),
  questions: z.number(),
  reasons: z.array(z.string()),
});
export const coverageOut = z.object({ aims: z.array(aimCoverageOut), questions: z.array(questionCoverageOut) });

export const stageOut = z.object({ id: z.string(), number: z.number(), name: z.string(), phaseId: z.string().nullable(), phaseName: z.string().nullable() });
export const stageBody = z.object({ name: z.string(), phaseId: z.string().nullable().optional().describe("One of the evaluation's phases") });

export const taskOut = z.object({
  id: z.string(),
  stageId: z.string(),
  stageName: z.string(),
  title: z.string(),
  status: z.enum(taskStatuses),
  startsOn: z.string().nullable(),
  endsOn: z.string().nullable(),
  ownerUserId: z.string().nullable(),
  ownerName: z.string(),
  owner: z.string(),
  note: z.string(),
});
export const taskBody = z.object({
  stageId: z.string(),
  title: z.string(),
  status: z.enum(taskStatuses).optional(),
  startsOn: isoDate,
  endsOn: isoDate,
  ownerUserId: z.string().nullable().optional().describe('A member of the evaluation’s team'),
  ownerName: z.string().optional().describe('Someone outside the team, in free text'),
  note: z.string().optional().describe('Required when the status is cancelled or deferred: why'),
  changeReason: z.string().optional().describe('Why the change was made, for the task’s history'),
});
export const taskChangeOut = z.object({
  id: z.number(),
  at: z.string(),
  by: z.string(),
  kind: z.enum(['created', 'changed']),
  changes: z.array(z.object({ field: z.string(), label: z.string(), from: z.string().nullable(), to: z.string().nullable() })),
  reason: z.string(),
});
export const progressOut = z.object({
  stages: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      phaseName: z.string().nullable(),
      tasks: z.array(z.object({ id: z.string(), title: z.string(), status: z.enum(taskStatuses), mark: z.enum(['✓', '×', '…']), note: z.string() })),
    }),
  ),
  totals: z.record(z.string(), z.number()),
});

export const variationOut = z.object({
  id: z.string(),
  agreedOn: z.string(),
  reference: z.string(),
  description: z.string(),
  added: z.string(),
  removed: z.string(),
  tasks: z.array(z.object({ id: z.string(), title: z.string() })),
});
export const variationBody = z.object({
  agreedOn: z.string().describe('yyyy-mm-dd'),
  reference: z.string().optional(),
  description: z.string(),
  added: z.string().optional(),
  removed: z.string().optional(),
  taskIds: ids('tasks'),
});

export const planEntryOut = z.object({
  id: z.string(),
  weekStarting: z.string(),
  activity: z.string(),
  taskId: z.string().nullable(),
  taskTitle: z.string().nullable(),
  owners: z.array(z.object({ userId: z.string().nullable(), name: z.string() })),
});
export const planEntryBody = z.object({
  weekStarting: z.string().describe('yyyy-mm-dd'),
  activity: z.string(),
  taskId: z.string().nullable().optional(),
  ownerUserIds: ids('team members'),
  otherOwners: z.array(z.string()).optional().describe('Owners outside the team, by name'),
});

export const advisoryMemberOut = z.object({ id: z.string(), name: z.string(), organisation: z.string(), role: z.string() });
export const advisoryMemberBody = z.object({ name: z.string(), organisation: z.string().optional(), role: z.string().optional() });
export const decisionOut = z.object({
  id: z.string(),
  meetingId: z.string(),
  text: z.string(),
  taskId: z.string().nullable(),
  taskTitle: z.string().nullable(),
  questionId: z.string().nullable(),
  questionText: z.string().nullable(),
});
export const decisionBody = z.object({ text: z.string(), taskId: z.string().nullable().optional(), questionId: z.string().nullable().optional() });
export const meetingOut = z.object({ id: z.string(), heldOn: z.string(), agenda: z.string(), minutesSummary: z.string(), decisions: z.array(decisionOut) });
export const meetingBody = z.object({ heldOn: z.string().describe('yyyy-mm-dd'), agenda: z.string().optional(), minutesSummary: z.string().optional() });

export const approvalOut = z.object({
  id: z.string(),
  committee: z.string(),
  reference: z.string(),
  decidedOn: z.string().nullable(),
  conditions: z.string(),
  status: z.enum(approvalStatuses),
});
export const approvalBody = z.object({
  committee: z.string(),
  reference: z.string().optional(),
  decidedOn: isoDate,
  conditions: z.string().optional().describe('Required when the status is approved-with-conditions'),
  status: z.enum(approvalStatuses),
});

export const documentOut = z.object({ id: z.string(), kind: z.enum(documentKinds), kindLabel: z.string(), title: z.string(), latestVersion: z.number(), updatedAt: z.string() });
export const documentBody = z.object({ kind: z.enum(documentKinds), title: z.string(), body: z.string(), changeNote: z.string().optional() });
export const versionBody = z.object({ title: z.string(), body: z.string(), changeNote: z.string().optional().describe('What changed since the last version') });
export const versionOut = z.object({ number: z.number(), title: z.string(), body: z.string(), changeNote: z.string(), createdAt: z.string(), createdBy: z.string() });

export const contextEventOut = z.object({
  id: z.string().describe('Stable: findings link to events by it'),
  kind: z.enum(contextKinds),
  kindLabel: z.string(),
  title: z.string(),
  description: z.string(),
  date: z.string().describe("yyyy-mm-dd, or yyyy-mm when only the month is known"),
  precision: z.enum(['day', 'month']),
  source: z.string(),
});
export const contextEventBody = z.object({
  kind: z.enum(contextKinds),
  title: z.string(),
  description: z.string().optional(),
  date: z.string().describe('yyyy-mm-dd, or yyyy-mm when only the month is known'),
  source: z.string().optional().describe('A citation or web address'),
});
export const timelineOut = z.object({
  years: z.array(
    z.object({
      year: z.string(),
      items: z.array(
        z.object({
          date: z.string(),
          side: z.enum(['context', 'evaluation']),
          kindLabel: z.string(),
          title: z.string(),
          description: z.string(),
          source: z.string(),
          eventId: z.string().nullable(),
        }),
      ),
    }),
  ),
});
