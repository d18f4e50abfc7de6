-- A second migration, so the test sees migrations applied in order.
ALTER TABLE posts ADD COLUMN views INTEGER DEFAULT 0 NOT NULL;
