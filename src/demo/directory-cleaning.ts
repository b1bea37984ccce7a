import { checkDirectory, decideFinding, findingsQueue, type Finding } from '../modules/directory/cleaning-service.ts';
import { DIRECTORY_AS_OF } from './directory-builder.ts';
import type { DemoStep } from './step.ts';

/**
 * Cleans the demo directory as the team would: runs the checks as of the day the partnership
 * supplied the directory, then records a few decisions of the kind a team takes first, each with
 * its reason, so the review queue shows both what is left to do and what was done.
 */
export const directoryCleaningStep: DemoStep = {
  name: 'directory cleaning',
  async run({ db, evaluationId, leadUserId }) {
    const counts = await checkDirectory(db, leadUserId, evaluationId, { asOf: DIRECTORY_AS_OF, staleMonths: 12 });
    const open = async (kind: Finding['kind']) => (await findingsQueue(db, evaluationId, { kind })).findings;

    // The two likeliest doubles are merged, keeping the entry checked most recently.
    const doubles = (await open('double')).slice(0, 2);
    for (const finding of doubles) {
      const [kept] = [finding.person, finding.other!].sort((a, b) => (b.lastVerifiedOn ?? '').localeCompare(a.lastVerifiedOn ?? ''));
      await decideFinding(db, leadUserId, evaluationId, finding.id, {
        decision: 'merge',
        personId: kept!.id,
        reason: 'Same person: the programme office confirmed the older entry is left over from a predecessor list',
      });
    }
    // Two leavers are confirmed; one long-unverified entry is kept after a phone call.
    const outOfDate = await open('out-of-date');
    const leavers = outOfDate.filter((f) => f.person.leftOn).slice(0, 2);
    for (const finding of leavers) {
      await decideFinding(db, leadUserId, evaluationId, finding.id, { decision: 'left', personId: finding.person.id, reason: 'HR confirmed the leave date' });
    }
    const unverified = outOfDate.find((f) => !f.person.leftOn && f.reasons.some((r) => r.startsWith('not verified')));
    if (unverified) {
      await decideFinding(db, leadUserId, evaluationId, unverified.id, { decision: 'keep', reason: 'Rang the office: still in post, details correct' });
    }
    return {
      doubleEntriesFound: counts.found.double,
      missingDetailsFound: counts.found.missing,
      outOfDateFound: counts.found['out-of-date'],
      decisions: doubles.length + leavers.length + (unverified ? 1 : 0),
    };
  },
};
