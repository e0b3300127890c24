// No 'server-only': the offline verifier and the inclusion-proof commands run this on exported files.
import { createHash } from 'node:crypto';

/**
 * RFC 6962 / RFC 9162 §2.1 Merkle tree hashing over the audit log. Leaf i is
 * the event of seq i + 1; its leaf data is the 32 bytes of that event's hash,
 * which already covers every field of the event and its link to the previous.
 */

/** MTH of the empty tree: SHA-256 of nothing. */
export const EMPTY_ROOT = createHash('sha256').digest();

export function leafHash(data: Uint8Array): Buffer {
  return createHash('sha256').update(Buffer.of(0)).update(data).digest();
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return createHash('sha256').update(Buffer.of(1)).update(left).update(right).digest();
}

/** The leaf hash of an event, from its hex hash as stored, exported and recomputed by hashEvent. */
export function eventLeaf(eventHashHex: string): Buffer {
  return leafHash(Buffer.from(eventHashHex, 'hex'));
}

/**
 * The compact frontier of a tree: the roots of its perfect subtrees, largest
 * first, one per set bit of the size. Appending is amortized O(1) and the
 * root is O(log n), so a checkpoint never re-reads the log below the last one.
 */
export class MerkleFrontier {
  constructor(
    public size = 0,
    public readonly nodes: Buffer[] = [],
  ) {
    if (countBits(size) !== nodes.length)
      throw new Error(`a frontier of size ${size} has ${countBits(size)} nodes`);
  }

  append(leaf: Buffer): void {
    let node = leaf;
    // Each trailing one bit of the old size is a perfect subtree of the new leaf's height to merge with.
    for (let carry = this.size; carry % 2 === 1; carry = Math.floor(carry / 2)) {
      node = nodeHash(this.nodes.pop() as Buffer, node);
    }
    this.nodes.push(node);
    this.size += 1;
  }

  root(): Buffer {
    if (this.nodes.length === 0) return EMPTY_ROOT;
    let root = this.nodes[this.nodes.length - 1] as Buffer;
    for (let i = this.nodes.length - 2; i >= 0; i -= 1) root = nodeHash(this.nodes[i] as Buffer, root);
    return root;
  }
}

function countBits(size: number): number {
  let bits = 0;
  for (let n = size; n > 0; n = Math.floor(n / 2)) bits += n % 2;
  return bits;
}

/** The largest power of two smaller than n (n > 1): where RFC 6962 splits a tree. */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH(D[n]) of leaf hashes. */
export function rootOf(leaves: readonly Buffer[]): Buffer {
  if (leaves.length === 0) return EMPTY_ROOT;
  if (leaves.length === 1) return leaves[0] as Buffer;
  const k = split(leaves.length);
  return nodeHash(rootOf(leaves.slice(0, k)), rootOf(leaves.slice(k)));
}

/** PATH(m, D[n]) of RFC 6962 §2.1.1: the audit path of leaf m, nearest sibling first. */
export function inclusionProof(leaves: readonly Buffer[], index: number): Buffer[] {
  if (!Number.isInteger(index) || index < 0 || index >= leaves.length) {
    throw new RangeError(`leaf ${index} is not in a tree of ${leaves.length}`);
  }
  if (leaves.length === 1) return [];
  const k = split(leaves.length);
  return index < k
    ? [...inclusionProof(leaves.slice(0, k), index), rootOf(leaves.slice(k))]
    : [...inclusionProof(leaves.slice(k), index - k), rootOf(leaves.slice(0, k))];
}

/** RFC 9162 §2.1.3.2: does this audit path lead from the leaf at index to root in a tree of size? */
export function verifyInclusion(options: {
  leaf: Uint8Array;
  index: number;
  size: number;
  proof: readonly Uint8Array[];
  root: Uint8Array;
}): boolean {
  const { leaf, index, size, proof, root } = options;
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r: Uint8Array = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn /= 2;
        sn = Math.floor(sn / 2);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && Buffer.from(r).equals(Buffer.from(root));
}
