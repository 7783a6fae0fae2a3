-- PostgreSQL side of tools/bench: one table with the same id, title and body
-- the SQLite FTS5 table holds, a stored tsvector (title weighted above body,
-- 'simple' configuration: no stemming, like FTS5's unicode61) and a GIN index.
DROP TABLE IF EXISTS docs;
CREATE TABLE docs (
  id    text PRIMARY KEY,
  title text NOT NULL,
  body  text NOT NULL,
  tsv   tsvector GENERATED ALWAYS AS
        (setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', body), 'B')) STORED
);
