-- One-Roof authority model — tier 2 of 6: responsibility axis.
-- Gate class: structure. Effect: inert. It defines the six kinds of
-- responsibility and assigns none of them: the gap stays 210.
-- Undo while no seed tier is applied: DROP SCHEMA one_roof CASCADE;

DO $prerequisite$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM one_roof.tier_ledger WHERE tier = 1) THEN
    RAISE EXCEPTION 'tier 2 needs tier 1 applied first' USING ERRCODE = 'ORG02';
  END IF;
END
$prerequisite$;

CREATE TABLE one_roof.responsibility_kinds (
  code           text PRIMARY KEY,
  seeded_by_tier integer NOT NULL CHECK (seeded_by_tier BETWEEN 3 AND 6),
  meaning        text NOT NULL
);

INSERT INTO one_roof.responsibility_kinds (code, seeded_by_tier, meaning) VALUES
  ('accountable', 3, 'answers for the collection: the sovereign ownership assertion'),
  ('steward',     4, 'keeps definitions, quality rules and documentation'),
  ('custodian',   4, 'operates storage, access grants and backups'),
  ('approver',    5, 'approves schema and permission changes'),
  ('auditor',     5, 'reviews access and change history; never the accountable authority'),
  ('publisher',   6, 'authorises emission of the collection''s data downstream');

ALTER TABLE one_roof.assignments
  ADD CONSTRAINT assignments_responsibility_fkey
  FOREIGN KEY (responsibility) REFERENCES one_roof.responsibility_kinds (code) DEFERRABLE;

-- Every governed cell, with the authority that covers it or NULL: the gap is
-- the number of rows here whose authority is NULL.
-- The kinds come in as one array, read once, not as a table scan. On a target
-- never analyzed the planner guessed 850 kinds sorted by code: it merged on
-- responsibility alone, comparing every collection with every other (75 s at
-- 10k collections), and the guess bought a JIT compilation costing more than
-- the query. Now it guesses 10 kinds in no order and joins on the whole key
-- (collection, responsibility), the primary key of one_roof.assignments, or at
-- worst on collection alone (six cells against six assignments): linear at any
-- size, with or without statistics.
CREATE VIEW one_roof.coverage_matrix AS
  SELECT g.collection, k.code AS responsibility, c.authority
    FROM one_roof.governed_collections g
   CROSS JOIN unnest(ARRAY(SELECT code FROM one_roof.responsibility_kinds)) AS k (code)
    LEFT JOIN one_roof.coverage c
      ON c.collection = g.collection AND c.responsibility = k.code;

-- Writes to the kinds outside a tier are drift, as for tier 1's tables.
CREATE TRIGGER drift_inserted AFTER INSERT ON one_roof.responsibility_kinds
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION one_roof.drift_stash();
CREATE TRIGGER drift_changed AFTER UPDATE OR DELETE ON one_roof.responsibility_kinds
  FOR EACH ROW EXECUTE FUNCTION one_roof.drift_stash();
CREATE TRIGGER drift_truncated AFTER TRUNCATE ON one_roof.responsibility_kinds
  FOR EACH STATEMENT EXECUTE FUNCTION one_roof.drift_stash();

INSERT INTO one_roof.tier_ledger (tier, gate, bundle_digest, run_id)
VALUES (2, 'structure', current_setting('one_roof.bundle_digest'), current_setting('one_roof.run_id'));
