/** The digest read model moved to src/engine/digest.ts (a service the answers also read). */
export * from '../engine/digest.ts';
