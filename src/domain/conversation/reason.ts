/**
 * A reason as the CSM typed it, without the words that joined it to the command ("till",
 * "because", ":", "pls") and without a leading "this"/"it", which says the loose reading.
 * Pure.
 */
// Each strips a whole run at once, so a long message costs one pass, not one per word.
const CONNECTOR =
  /^(?:[\s:,;.?!\-–—]+|(?:till|until|til|to|for|on|at|by|because|bc|cause|cuz|since|as|reason|with|and|or)\b)+/i;
const PRONOUN = /^(?:this one|this step|that one|this|that|it|me|us)\b/i;
const TAIL =
  /(?:[\s,.;:!?\-–—]+|\b(?:pls|plz|please|thanks|thx|thank you|till|until|til|to|for|on|at|by|or|and)\b)+$/i;
/** "to my manager" after escalate says where, not why. */
export const TO_MANAGER =
  /^\s*(?:this\s+|it\s+)?(?:up\s+)?to\s+(?:my\s+|the\s+)?(?:manager|boss|lead|team lead)\b/i;

/** A reason as typed, without the joining words around it; `pronoun` if it began "this…". */
export function cleanReason(text: string): { reason: string; pronoun: boolean } {
  let rest = text;
  let pronoun = false;
  for (let changed = true; changed; ) {
    const before = rest;
    rest = rest.replace(CONNECTOR, '').replace(TAIL, '');
    if (PRONOUN.test(rest)) {
      pronoun = true;
      rest = rest.replace(PRONOUN, '');
    }
    changed = rest !== before;
  }
  return { reason: rest.replace(/\s+/g, ' ').trim(), pronoun };
}
