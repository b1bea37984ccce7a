/**
 * Question ids and option codes from another tool's names. Keeping the source's names keeps
 * its data dictionary and analysis scripts usable; a name our rules do not allow is changed as
 * little as possible, and the change is reported by whoever calls these.
 */

const maxIdLength = 64;
const maxCodeLength = 20;

/** A question id by our rule: a letter first, then letters, digits and underscores, at most 64. */
export function sanitiseVariableName(name: string): string {
  let id = name.normalize('NFKD').replace(/[^A-Za-z0-9_]/g, '_').replace(/_+/g, '_');
  if (!/^[A-Za-z]/.test(id)) id = `q${id}`;
  return id.slice(0, maxIdLength);
}

/** An option code by our rule: 1 to 20 letters, digits or underscores. */
export function sanitiseOptionCode(code: string): string {
  const cleaned = code.normalize('NFKD').replace(/[^A-Za-z0-9_]/g, '_').slice(0, maxCodeLength);
  return cleaned || 'code';
}

/** Hands out ids, adding _2, _3 … when a name is already taken (our ids are unique survey-wide). */
export class VariableNames {
  private readonly taken = new Set<string>();

  claim(name: string): string {
    const base = sanitiseVariableName(name);
    let id = base;
    for (let n = 2; this.taken.has(id.toLowerCase()); n++) {
      const suffix = `_${n}`;
      id = `${base.slice(0, maxIdLength - suffix.length)}${suffix}`;
    }
    this.taken.add(id.toLowerCase());
    return id;
  }
}

/** Option codes unique within one question. */
export function uniqueOptionCodes(codes: string[]): string[] {
  const seen = new Set<string>();
  return codes.map((code) => {
    const base = sanitiseOptionCode(code);
    let out = base;
    for (let n = 2; seen.has(out); n++) out = `${base.slice(0, maxCodeLength - String(n).length - 1)}_${n}`;
    seen.add(out);
    return out;
  });
}
