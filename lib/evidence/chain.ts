import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical';

/** The hash before the first record. */
export const GENESIS = '0'.repeat(64);

export interface ChainRecord {
  /** Where the record sits in the envelope ("identity", "execution.steps[2]", …). */
  ref: string;
  value: unknown;
}

export interface ChainEntry {
  index: number;
  ref: string;
  /** SHA-256 (hex) of the RFC 8785 form of { prev, ref, record }. */
  hash: string;
}

/** One link: the previous hash, the record's place and the record, canonicalized and hashed. */
export function linkHash(prev: string, record: ChainRecord): string {
  return createHash('sha256').update(canonicalJson({ prev, ref: record.ref, record: record.value }), 'utf8').digest('hex');
}

/** Chains records in order: each entry hashes the previous entry's hash with the next record. */
export function buildChain(records: ChainRecord[]): { entries: ChainEntry[]; head: string } {
  let prev = GENESIS;
  const entries = records.map((record, index) => {
    prev = linkHash(prev, record);
    return { index, ref: record.ref, hash: prev };
  });
  return { entries, head: prev };
}

/** sha256 hex of a value's canonical form (a finding's digest). */
export function digestOf(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex');
}
