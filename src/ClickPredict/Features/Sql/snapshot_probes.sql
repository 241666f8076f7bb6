-- The online snapshot's probes: every user, item and category at one cutoff ($as_of), marked by a
-- NULL session; or, when $everything is false, only the listed ones (a test's view of one session).
-- They go through the same as-of statements as the examples' probes.
INSERT INTO user_probes SELECT NULL, uno, $as_of FROM users WHERE $everything OR list_contains($users, user_id);
INSERT INTO cut_probes SELECT NULL, NULL, ino, NULL, $as_of FROM items WHERE $everything OR list_contains($items, item_id);
INSERT INTO cut_probes SELECT NULL, NULL, NULL, cno, $as_of FROM categories WHERE $everything OR list_contains($categories, category);
