-- The change log: every write of a catalog object or rule file, in commit order.
-- Servers sharing one database follow it to see each other's writes (Polku::catch_up).
-- A write takes its positions by updating the one row of change_head, which also orders
-- concurrent writers: a position is never seen before the positions below it.
CREATE TABLE change_head (
    id  BIGINT PRIMARY KEY,
    seq BIGINT NOT NULL
);

INSERT INTO change_head (id, seq) VALUES (1, 0);

CREATE TABLE change_log (
    seq         BIGINT PRIMARY KEY,
    kind        TEXT NOT NULL,
    id          TEXT NOT NULL,
    revision    BIGINT NOT NULL,
    recorded_at TEXT NOT NULL
);
