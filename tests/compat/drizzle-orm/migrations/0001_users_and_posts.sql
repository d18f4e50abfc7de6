-- The tables src/schema.ts describes, as drizzle-kit would generate them.
CREATE TABLE users (
  id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
  name TEXT NOT NULL,
  email TEXT NOT NULL,
  age INTEGER,
  active INTEGER DEFAULT 1 NOT NULL,
  created_at INTEGER DEFAULT (unixepoch()) NOT NULL
);
CREATE UNIQUE INDEX users_email_unique ON users (email);
CREATE TABLE posts (
  id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
  author_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  tags TEXT DEFAULT '[]' NOT NULL
);
