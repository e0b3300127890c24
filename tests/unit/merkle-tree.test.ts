import { describe, expect, it } from 'vitest';
import {
  EMPTY_ROOT,
  inclusionProof,
  leafHash,
  MerkleFrontier,
  rootOf,
  verifyInclusion,
} from '@/lib/server/checkpoints/merkle-tree';

// The Certificate Transparency reference leaves and tree heads for RFC 6962 (transparency-dev/merkle testonly).
const LEAF_DATA = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
];
const ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const PROOFS = [
  {
    index: 0,
    size: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    index: 5,
    size: 8,
    proof: [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
];
const leaves = LEAF_DATA.map((hex) => leafHash(Buffer.from(hex, 'hex')));
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('RFC 6962 Merkle tree', () => {
  it.each(ROOTS.map((root, size) => ({ root, size })))(
    'root of the first $size reference leaves',
    ({ root, size }) => {
      expect(hex(rootOf(leaves.slice(0, size)))).toBe(root);
    },
  );

  it('a frontier grown one leaf at a time gives the reference root at every size', () => {
    const frontier = new MerkleFrontier();
    expect(hex(frontier.root())).toBe(ROOTS[0]);
    leaves.forEach((leaf, i) => {
      frontier.append(leaf);
      expect(hex(frontier.root())).toBe(ROOTS[i + 1]);
    });
    const resumed = new MerkleFrontier(frontier.size, [...frontier.nodes]);
    expect(hex(resumed.root())).toBe(ROOTS[8]);
  });

  it('refuses a frontier whose node count does not fit its size', () => {
    expect(() => new MerkleFrontier(3, [EMPTY_ROOT])).toThrow(/2 nodes/);
  });

  it.each(PROOFS)(
    'the inclusion proof of leaf $index in $size is the reference path and verifies',
    (vector) => {
      const proof = inclusionProof(leaves.slice(0, vector.size), vector.index);
      expect(proof.map(hex)).toEqual(vector.proof);
      const root = Buffer.from(ROOTS[vector.size] as string, 'hex');
      expect(
        verifyInclusion({
          leaf: leaves[vector.index] as Buffer,
          index: vector.index,
          size: vector.size,
          proof,
          root,
        }),
      ).toBe(true);
    },
  );

  it('every leaf of every tree up to 33 proves its inclusion, and a wrong index, sibling, path length or leaf does not', () => {
    const many = Array.from({ length: 33 }, (_, i) => leafHash(Buffer.from(`event ${i}`)));
    for (let size = 1; size <= many.length; size += 1) {
      const tree = many.slice(0, size);
      const root = rootOf(tree);
      for (let index = 0; index < size; index += 1) {
        const leaf = tree[index] as Buffer;
        const proof = inclusionProof(tree, index);
        expect(verifyInclusion({ leaf, index, size, proof, root })).toBe(true);
        expect(verifyInclusion({ leaf: many[(index + 1) % 33] as Buffer, index, size, proof, root })).toBe(
          false,
        );
        if (size > 1) {
          expect(verifyInclusion({ leaf, index: (index + 1) % size, size, proof, root })).toBe(false);
          const bent = proof.map((p, i) => (i === 0 ? leafHash(p) : p));
          expect(verifyInclusion({ leaf, index, size, proof: bent, root })).toBe(false);
          expect(verifyInclusion({ leaf, index, size, proof: proof.slice(1), root })).toBe(false);
        }
      }
    }
  });

  it('an index outside the tree has no proof and never verifies', () => {
    expect(() => inclusionProof(leaves, 8)).toThrow(RangeError);
    expect(
      verifyInclusion({ leaf: leaves[0] as Buffer, index: 8, size: 8, proof: [], root: EMPTY_ROOT }),
    ).toBe(false);
  });
});
