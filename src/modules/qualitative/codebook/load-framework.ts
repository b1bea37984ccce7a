import type { Db } from '../../../db/database.ts';
import { notFound } from '../../../http/errors.ts';
import { recordAudit } from '../../accounts/audit.ts';
import * as core from '../store.ts';
import { frameworkElements, type Framework } from './framework.ts';
import { getFramework } from './frameworks.ts';
import { inTransaction } from '../../../db/transaction.ts';
import * as store from './store.ts';

/** A code's description when it comes from a framework: our definition, then where it comes from. */
export function frameworkDescription(framework: Framework, definition: string): string {
  return `${definition}\n\nFrom ${framework.shortName}.`;
}

export interface FrameworkProgress {
  framework: Framework;
  elements: number;
  /** How many of the framework's elements the codebook already holds (found by framework reference). */
  loaded: number;
}

/** How much of each shipped framework an evaluation's codebook holds. */
export async function frameworkProgress(db: Db, evaluationId: string, framework: Framework): Promise<FrameworkProgress> {
  const refs = new Set((await store.codesWithFrameworkRefs(db, evaluationId, `${framework.id}/`)).map((r) => r.framework_ref));
  const elements = frameworkElements(framework);
  return { framework, elements: elements.length, loaded: elements.filter((e) => refs.has(e.ref)).length };
}

/**
 * Loads a framework into an evaluation's codebook: each component (or domain) becomes a top-level
 * code and its constructs and sub-constructs codes beneath it, each remembering its framework
 * reference. Elements the codebook already holds are skipped (wherever they were moved to), so
 * loading twice changes nothing and a half-loaded framework is completed.
 */
export async function loadFramework(db: Db, actorId: string | null, evaluationId: string, frameworkId: string): Promise<{ created: number; skipped: number }> {
  const framework = getFramework(frameworkId);
  if (!framework) throw notFound('Framework');
  return inTransaction(db, async (trx) => {
    // Serialises two loads of the same evaluation: the second waits, then finds everything present.
    await trx.selectFrom('evaluations').select('id').where('id', '=', evaluationId).forUpdate().executeTakeFirst();
    const existing = new Map((await store.codesWithFrameworkRefs(trx, evaluationId, `${framework.id}/`)).map((r) => [r.framework_ref!, r.id]));
    const codeByRef = new Map(existing);
    const nextPosition = new Map<string | null, number>();
    let created = 0;
    let skipped = 0;
    for (const element of frameworkElements(framework)) {
      if (codeByRef.has(element.ref)) {
        skipped += 1;
        continue;
      }
      const parentId = element.parentRef ? (codeByRef.get(element.parentRef) ?? null) : null;
      const position = nextPosition.get(parentId) ?? Number((await core.nextCodePosition(trx, evaluationId, parentId)).max) + 1;
      nextPosition.set(parentId, position + 1);
      const row = await core.insertCode(trx, {
        evaluation_id: evaluationId,
        parent_id: parentId,
        name: element.name,
        description: frameworkDescription(framework, element.definition),
        colour: element.colour,
        framework_ref: element.ref,
        position,
      });
      codeByRef.set(element.ref, row.id);
      created += 1;
    }
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'load-framework', entity: 'codebook', entityId: null, detail: { framework: framework.id, created, skipped } });
    return { created, skipped };
  });
}
